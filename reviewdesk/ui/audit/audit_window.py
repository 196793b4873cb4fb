"""The audit window for senior moderators: decision log, replay, sampling and statistics.

A window of its own beside the deciding window, so the log and a replay each
get a full 1920x1080 screen. Errors of any page show in the banner across the
top and never empty the page. Keys inside it: Ctrl+F searches the log,
Return on a log row replays it, Escape goes back from the replay to the log,
Ctrl+Return records the review or the blind verdict in front, F5 reloads
the page in front; the desk's
audit commands (Ctrl+L, Ctrl+Shift+C/O, …) work here as in the main window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from reviewdesk.api.models import LogEntry, ReviewOut
from reviewdesk.ui.audit.log_page import LogPage
from reviewdesk.ui.audit.replay_page import ReplayPage
from reviewdesk.ui.audit.sampling_page import SamplingPage
from reviewdesk.ui.audit.stats_page import StatsPage
from reviewdesk.ui.audit.tabs import LOG_TAB, REPLAY_TAB, SAMPLING_TAB, STATS_TAB
from reviewdesk.ui.error_banner import BannerSource, ErrorBanner
from reviewdesk.ui.tasks import TaskRunner

WINDOW_TITLE = "ReviewDesk · Audit"
SOURCES = {
    LOG_TAB: "audit-log",
    REPLAY_TAB: "audit-replay",
    SAMPLING_TAB: "audit-sampling",
    STATS_TAB: "audit-stats",
}


class AuditWindow(QMainWindow):
    """Tabs for the log, the replay, quality sampling and team statistics."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName("Audit window")
        self.banner = ErrorBanner()
        self.log_page = LogPage(runner)
        self.replay_page = ReplayPage(runner)
        self.sampling_page = SamplingPage(runner)
        self.stats_page = StatsPage(runner)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Audit pages")
        self.tabs.addTab(self.log_page, "Decision log  (Ctrl+L)")
        self.tabs.addTab(self.replay_page, "Replay and review")
        self.tabs.addTab(self.sampling_page, "Quality sampling  (Ctrl+Shift+S)")
        self.tabs.addTab(self.stats_page, "Team statistics  (Ctrl+Shift+T)")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._stats_loaded = False

        for tab, page in (
            (LOG_TAB, self.log_page),
            (REPLAY_TAB, self.replay_page),
            (SAMPLING_TAB, self.sampling_page),
            (STATS_TAB, self.stats_page),
        ):
            source = SOURCES[tab]
            page.failed.connect(self._failure_reporter(source))
            page.recovered.connect(lambda source=source: self.banner.clear_source(source))
        self.log_page.open_requested.connect(self.open_entry)
        self.replay_page.reviewed.connect(self._on_reviewed)
        self.tabs.currentChanged.connect(self._on_tab)

        self._shortcut("Ctrl+F", self.focus_search)
        self._shortcut("Escape", self._back_to_log)
        self._shortcut("Ctrl+Return", self._submit_in_front)
        self._shortcut("Ctrl+Enter", self._submit_in_front)
        self._shortcut("F5", self.reload_in_front)

    def _shortcut(self, key: str, handler: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(handler)

    def _failure_reporter(self, source: str) -> Callable[[Exception, object], None]:
        def report(error: Exception, retry: object) -> None:
            self.banner.show_error(error, retry if callable(retry) else None, source)

        return report

    # --- pages ------------------------------------------------------------------------------

    def show_tab(self, tab: int) -> None:
        """Bring the window up on ``tab``."""
        self.tabs.setCurrentIndex(tab)
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if tab == LOG_TAB:
            self.log_page.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_entry(self, entry: LogEntry) -> None:
        """Replay a log entry's decision on the replay tab."""
        self.tabs.setCurrentIndex(REPLAY_TAB)
        self.replay_page.open_entry(entry)

    def focus_search(self) -> None:
        """Ctrl+F: the log's search box."""
        self.tabs.setCurrentIndex(LOG_TAB)
        self.log_page.focus_search()

    def reload_in_front(self) -> None:
        """F5: load the page in front again (the log checks its chain again)."""
        tab = self.tabs.currentIndex()
        if tab == LOG_TAB:
            self.log_page.reload()
        elif tab == REPLAY_TAB and self.replay_page.replay is not None:
            self.replay_page.open_decision(self.replay_page.replay.decision.id)
        elif tab == STATS_TAB:
            self.stats_page.reload()
        elif tab == SAMPLING_TAB and self.sampling_page.tabs.currentIndex() == 1:
            self.sampling_page.load_quality()

    def _back_to_log(self) -> None:
        if self.tabs.currentIndex() == REPLAY_TAB:
            self.tabs.setCurrentIndex(LOG_TAB)
            self.log_page.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _submit_in_front(self) -> None:
        if self.tabs.currentIndex() == REPLAY_TAB:
            self.replay_page.submit_review()
        elif self.tabs.currentIndex() == SAMPLING_TAB:
            self.sampling_page.submit_verdict()

    def _on_reviewed(self, out: ReviewOut) -> None:
        self.log_page.reload(keep_decision=out.decision_id)

    def _on_tab(self, tab: int) -> None:
        if tab == STATS_TAB and not self._stats_loaded:
            self._stats_loaded = True
            self.stats_page.reload()

    def reset(self) -> None:
        """Signed out: nothing loaded is kept."""
        self._stats_loaded = False
        for source in SOURCES.values():
            self.banner.clear_source(source)
        self.banner.clear_source(BannerSource.GENERAL)
