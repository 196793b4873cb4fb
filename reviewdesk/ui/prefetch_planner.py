"""Which cases to read ahead: the next few in queue order and the one before, around the open one.

:class:`PrefetchPlanner` listens to the case loader: each time a case opens
it asks the :class:`~reviewdesk.ui.prefetch.CasePrefetcher` for the cases
the moderator reaches next with ``j``/``k`` (skipping those someone else
holds, as ``j``/``k`` do), and again when more of the queue arrives. The
number read ahead comes from the settings (``queue/prefetch``); 0 turns
prefetching off. While :meth:`PrefetchPlanner.hold` is in force (the desk's
start, until its first case is on screen) nothing is read ahead: the cases
ahead would otherwise be read, checked and prepared on workers that compete
with the GUI thread for the interpreter while it draws the first case.
:func:`install_prefetch` builds and wires both for the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from reviewdesk.api.models import CaseSummary
from reviewdesk.evidence.disk_cache import EvidenceCache
from reviewdesk.ui.case_loader import CaseLoader
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.prefetch import DEFAULT_AHEAD, DEFAULT_BEHIND, CasePrefetcher
from reviewdesk.ui.queue_loader import QueueLoader
from reviewdesk.ui.queue_model import QueueModel
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.tasks import TaskRunner

#: How many rows past the open one are looked at for cases nobody else holds.
MAX_SCAN_ROWS = 50


class PrefetchPlanner(QObject):
    """Keeps the prefetcher reading the cases around the open one."""

    def __init__(
        self,
        prefetcher: CasePrefetcher,
        loader: CaseLoader,
        model: QueueModel,
        skip: Callable[[CaseSummary], bool],
        ahead: int = DEFAULT_AHEAD,
        behind: int = DEFAULT_BEHIND,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.prefetcher = prefetcher
        self._loader = loader
        #: The case to plan around once the event loop has painted (None: nothing due).
        self._due: CaseSummary | None = None
        self._model = model
        self._skip = skip
        self.ahead = ahead
        self.behind = behind
        #: True while reading ahead waits (see :meth:`hold`).
        self.held = False
        prefetcher.set_enabled(ahead > 0)
        loader.opening.connect(self.plan_soon)

    def set_ahead(self, ahead: int) -> None:
        """Read ``ahead`` cases ahead from now on (0: prefetch off, forgetting what was read)."""
        self.ahead = max(0, ahead)
        self.prefetcher.set_enabled(self.ahead > 0)
        self.replan()

    def hold(self) -> None:
        """Read nothing ahead until :meth:`release` (the first case is not on screen yet)."""
        self.held = True

    def release(self) -> None:
        """Read ahead again, around the case open now."""
        if self.held:
            self.held = False
            self.replan()

    def replan(self) -> None:
        """Plan again around the open case (more of the queue arrived, or settings changed)."""
        current = self._loader.current
        if current is not None:
            self.plan_around(current)

    def plan_soon(self, summary: CaseSummary) -> None:
        """Plan around ``summary`` once the event loop has painted the case just opened.

        Reading ahead then never competes with that paint; a quicker next key
        press replaces the plan still due.
        """
        first = self._due is None
        self._due = summary
        if first:
            QTimer.singleShot(0, self, self._plan_due)

    def _plan_due(self) -> None:
        due, self._due = self._due, None
        if due is not None and self._loader.current is not None:
            self.plan_around(due)

    def plan_around(self, summary: CaseSummary) -> None:
        """Read ahead the cases next to ``summary``'s in queue order (not while held)."""
        if self.ahead <= 0 or self.held:
            return
        row = self._model.row_of(summary.id)
        if row is None:
            self.prefetcher.want([])
            return
        following = self._collect(row, 1, self.ahead)
        before = self._collect(row, -1, self.behind)
        self.prefetcher.want(following + before)

    def next_case(self, summary: CaseSummary) -> CaseSummary | None:
        """The case after ``summary``'s that moving on opens (held by nobody else), if listed."""
        row = self._model.row_of(summary.id)
        following = self._collect(row, 1, 1) if row is not None else []
        return following[0] if following else None

    def stop(self) -> None:
        """Stop reading ahead and forget what was read (signing out)."""
        self._loader.opening.disconnect(self.plan_soon)
        self._due = None
        self.prefetcher.clear()

    def _collect(self, row: int, direction: int, count: int) -> list[CaseSummary]:
        found: list[CaseSummary] = []
        for step in range(1, MAX_SCAN_ROWS + 1):
            if len(found) >= count:
                break
            summary = self._model.summary(row + direction * step)
            if summary is None:
                break
            if not self._skip(summary):
                found.append(summary)
        return found


def install_prefetch(
    runner: TaskRunner,
    connection: Connection,
    loader: CaseLoader,
    model: QueueModel,
    queue_loader: QueueLoader,
    skip: Callable[[CaseSummary], bool],
    settings: DeskSettings | None,
    evidence_cache: EvidenceCache | None,
    parent: QObject,
) -> PrefetchPlanner:
    """Build the prefetcher and its planner for a signed-in window, and wire them in."""
    prefetcher = CasePrefetcher(runner, connection, evidence_cache=evidence_cache, parent=parent)
    loader.set_prefetcher(prefetcher)
    ahead = settings.prefetch_cases if settings is not None else DEFAULT_AHEAD
    planner = PrefetchPlanner(prefetcher, loader, model, skip, ahead, parent=parent)
    queue_loader.page_appended.connect(planner.replan)
    queue_loader.reloaded.connect(planner.replan)
    return planner
