"""Wires the audit window into the desk: role-aware commands, menus and the session.

The main window creates one :class:`AuditDesk` and calls :meth:`AuditDesk.attach`
and :meth:`AuditDesk.detach` with its session. The registry offers the audit
commands only to roles that may read the log (senior moderators and admins):
for an agent they are in no menu, palette or cheat sheet, and their keys do
nothing. The audit window is made on first use; its shortcuts reach the
window from anywhere in the desk.

Only the commands exist at start: the modules of the audit window, the
exports and the batch reversal are imported the first time a command needs
them, so opening the desk never waits for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMenu

from reviewdesk.api.models import PolicyCatalogue, TeamStats
from reviewdesk.domain.audit_enums import ReviewVerdict
from reviewdesk.ui.audit.tabs import LOG_TAB, REPLAY_TAB, SAMPLING_TAB, STATS_TAB
from reviewdesk.ui.commands import COMMANDS, GROUP_AUDIT, CommandRegistry
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:  # loaded on first use (see the module docstring)
    from reviewdesk.ui.audit.audit_window import AuditWindow
    from reviewdesk.ui.audit.batch_reversal import BatchReversalDesk
    from reviewdesk.ui.audit.exports import Exporter, ExportKind

AUDIT_COMMANDS = tuple(spec for spec in COMMANDS if spec.group == GROUP_AUDIT)
SETUP_SCOPE = "audit-setup"


class AuditDesk(QObject):
    """The audit commands of one desk window and the audit window they open."""

    def __init__(self, host: QMainWindow, registry: CommandRegistry, runner: TaskRunner) -> None:
        super().__init__(host)
        self._host = host
        self._registry = registry
        self._runner = runner
        self._connection: Connection | None = None
        self.window: AuditWindow | None = None
        self._exporter: Exporter | None = None
        self._reversals: BatchReversalDesk | None = None
        for spec in AUDIT_COMMANDS:
            # The audit window is another top-level window: its keys work there too.
            registry.action(spec.id).setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        registry.on("audit.log", lambda: self.show(LOG_TAB))
        registry.on("audit.sampling", lambda: self.show(SAMPLING_TAB))
        registry.on("audit.stats", lambda: self.show(STATS_TAB))
        registry.on("audit.confirm", lambda: self._review(ReviewVerdict.CONFIRM))
        registry.on("audit.overturn", lambda: self._review(ReviewVerdict.OVERTURN))
        registry.on("audit.export_csv", lambda: self._export("csv"))
        registry.on("audit.export_dsa", lambda: self._export("dsa"))
        registry.on("audit.reverse_batch", self._reverse_batch)
        self._menu = self._audit_menu()
        registry.commands_changed.connect(self._update_menu)
        self._update_menu()
        host.installEventFilter(self)

    @property
    def exporter(self) -> Exporter:
        """Runs the exports (made on first use)."""
        if self._exporter is None:
            from reviewdesk.ui.audit.exports import Exporter

            self._exporter = Exporter(self._runner, self._host, self)
        return self._exporter

    @property
    def reversals(self) -> BatchReversalDesk:
        """Runs "Reverse a batch…" (made on first use, attached to the session)."""
        if self._reversals is None:
            from reviewdesk.ui.audit.batch_reversal import BatchReversalDesk

            reversals = self._reversals = BatchReversalDesk(self._runner, self)
            reversals.reversed.connect(self._on_batch_reversed)
            if self._connection is not None:
                reversals.attach(self._connection)
        return self._reversals

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """The audit window closes with the desk's main window."""
        if watched is self._host and event.type() == QEvent.Type.Close and self.window:
            window, self.window = self.window, None
            window.close()
            window.deleteLater()  # its case widgets and timers go with it
        return False

    # --- session -------------------------------------------------------------------------

    def attach(self, connection: Connection) -> None:
        """A moderator signed in: offer the commands of their role."""
        self._connection = connection
        connection.changed.connect(self._on_connection_changed)
        self._registry.set_role(connection.moderator.role)
        if self._reversals is not None:
            self._reversals.attach(connection)
        if self.window is not None and self.available():
            self._attach_window(self.window, connection)

    def detach(self) -> None:
        """Signed out: no audit command, no audit window, nothing kept."""
        if self._connection is not None:
            self._connection.changed.disconnect(self._on_connection_changed)
        self._connection = None
        if self._reversals is not None:
            self._reversals.detach()
        self._runner.invalidate(SETUP_SCOPE)
        self._registry.set_role(None)
        window = self.window
        if window is not None:
            for page in (
                window.log_page,
                window.replay_page,
                window.sampling_page,
                window.stats_page,
            ):
                page.detach()
            window.reset()
            window.hide()

    def available(self) -> bool:
        """True when the signed-in role may use the audit desk."""
        return self._registry.available("audit.log")

    def _on_connection_changed(self) -> None:
        if self._connection is not None:
            self._registry.set_role(self._connection.moderator.role)

    # --- the window ----------------------------------------------------------------------

    def show(self, tab: int) -> None:
        """Open the audit window on ``tab`` (made and loaded on first use)."""
        connection = self._connection
        if connection is None or not self.available():
            return
        window = self.window
        if window is None:
            from reviewdesk.ui.audit.audit_window import AuditWindow

            window = self.window = AuditWindow(self._runner)
            # Never the window that keeps the desk running once the main one closed.
            window.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
            window.resize(self._host.size())
            window.stats_page.loaded.connect(self._offer_moderators)
            menu = window.menuBar().addMenu("&Audit")
            for spec in AUDIT_COMMANDS:
                menu.addAction(self._registry.action(spec.id))
            toolbar = window.addToolBar("Exports")
            toolbar.setObjectName("auditExports")
            toolbar.setMovable(False)
            for command_id in ("audit.export_csv", "audit.export_dsa"):
                toolbar.addAction(self._registry.action(command_id))
            self._attach_window(window, connection)
        window.show_tab(tab)

    def _attach_window(self, window: AuditWindow, connection: Connection) -> None:
        window.log_page.attach(connection)
        window.replay_page.attach(connection)
        window.sampling_page.attach(connection)
        window.stats_page.attach(connection)
        backend = connection.backend
        self._runner.run(
            backend.get_policy, self._offer_clauses, lambda _error: None, scope=SETUP_SCOPE
        )
        self._runner.run(
            backend.team_stats, self._offer_moderators, lambda _error: None, scope=SETUP_SCOPE
        )

    def _offer_clauses(self, catalogue: PolicyCatalogue) -> None:
        window = self.window
        if window is None:
            return
        clauses = list(catalogue.clauses)
        window.log_page.filters.set_clauses([(c.id, c.title) for c in clauses])
        window.sampling_page.set_clauses(clauses)
        window.replay_page.set_catalogue(clauses)

    def _offer_moderators(self, stats: TeamStats) -> None:
        window = self.window
        if window is None:
            return
        moderators = [(f.key, f.label or f.key) for f in stats.per_moderator]
        window.log_page.filters.set_moderators(moderators)
        window.sampling_page.set_moderators(moderators)

    def _review(self, verdict: ReviewVerdict) -> None:
        window = self.window
        if window is None or not window.isVisible():
            return
        if window.tabs.currentIndex() != REPLAY_TAB:
            window.tabs.setCurrentIndex(REPLAY_TAB)
        window.activateWindow()
        window.replay_page.choose(verdict)

    def _export(self, kind_value: str) -> None:
        from reviewdesk.ui.audit.exports import ExportKind

        kind: ExportKind = ExportKind(kind_value)
        connection, window = self._connection, self.window
        if connection is None:
            return
        if window is None:
            self.show(LOG_TAB)
            window = self.window
        if window is not None:
            self.exporter.export(kind, connection, window.log_page.export_filter(), window)

    def _reverse_batch(self) -> None:
        """Reverse the batch of the log entry selected in the audit window, or ask for its id."""
        if not self._registry.available("audit.reverse_batch"):
            return
        window = self.window
        if window is not None and window.isVisible():
            from reviewdesk.ui.audit.log_model import batch_of

            self.reversals.start(
                window, batch_of(entry) if (entry := window.log_page.current_entry()) else None
            )
        else:
            self.reversals.start(self._host, None)

    def _on_batch_reversed(self, _result: object) -> None:
        window = self.window
        if window is not None:
            window.log_page.reload()

    # --- menus ------------------------------------------------------------------------------

    def _audit_menu(self) -> QMenu:
        """The main window's Audit menu, holding every audit command."""
        bar = self._host.menuBar()
        for action in bar.actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and action.text().replace("&", "") == GROUP_AUDIT:
                break
        else:
            menu = bar.addMenu(f"&{GROUP_AUDIT}")
        present = set(menu.actions())
        for spec in AUDIT_COMMANDS:
            action = self._registry.action(spec.id)
            if action not in present:
                menu.addAction(action)
        return menu

    def _update_menu(self) -> None:
        self._menu.menuAction().setVisible(self.available())
