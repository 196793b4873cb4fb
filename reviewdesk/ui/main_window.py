"""The desk's main window: queue on the left, the case in the centre, deciding on the right.

The window arranges the widgets, builds menus from the command registry and
wires the loaders to the widgets. Every backend call goes through the loaders
and the task runner; the window only reacts to their signals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import (
    CaseDetail,
    CasePage,
    CaseSummary,
    ClaimOut,
    LadderStep,
    MemberHistory,
    PolicyClause,
)
from reviewdesk.domain.enums import OUTCOME_TITLES, Outcome
from reviewdesk.evidence.disk_cache import EvidenceCache
from reviewdesk.policy.catalogue import PolicyIndex
from reviewdesk.store.outbox_types import OutboxEntry, OutboxState
from reviewdesk.ui.audit.audit_desk import AuditDesk
from reviewdesk.ui.bulk_desk import BulkDesk
from reviewdesk.ui.case import CaseView, MemberPanel, PolicyPanel
from reviewdesk.ui.case.after_paint import AfterPaint
from reviewdesk.ui.case.language_tags import warm_up_text_checks
from reviewdesk.ui.case.prepared_case import PreparedCase
from reviewdesk.ui.case_loader import CaseLoader
from reviewdesk.ui.case_panels import CasePanels
from reviewdesk.ui.case_stage import CaseStage
from reviewdesk.ui.cheat_sheet import CheatSheetDialog
from reviewdesk.ui.column_scroll import ColumnScroll
from reviewdesk.ui.command_menus import build_menu_bar, build_toolbar
from reviewdesk.ui.commands import CommandRegistry
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.decision_messages import saved_sentence
from reviewdesk.ui.decision_panel import DecisionDraft, DecisionPanel, ResultKind
from reviewdesk.ui.desk_outbox import DeskOutbox
from reviewdesk.ui.error_banner import (
    BannerKind,
    BannerSource,
    ErrorBanner,
    describe_error,
)
from reviewdesk.ui.evidence_desk import EvidenceDesk
from reviewdesk.ui.first_paint import AfterFirstCase
from reviewdesk.ui.keyboard_desk import OPEN_CASE_COMMANDS, KeyboardDesk
from reviewdesk.ui.keymap import DEFAULT_KEYMAP, outcome_command_id
from reviewdesk.ui.outbox_presenter import OutboxPresenter
from reviewdesk.ui.prefetch_planner import PrefetchPlanner, install_prefetch
from reviewdesk.ui.queue_loader import QUEUE_SCOPE, EarlyPage, QueueLoader
from reviewdesk.ui.queue_model import QueueModel
from reviewdesk.ui.queue_panel import QueuePanel
from reviewdesk.ui.reauth import Reauthenticator
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.stage_planner import StagePlanner
from reviewdesk.ui.tasks import TaskRunner
from reviewdesk.ui.wellbeing import BreakBar

WINDOW_TITLE = "ReviewDesk"
DEFAULT_SPLIT = (690, 700, 530)
#: Member, policy and decision heights in the right column (a panel never gets less than
#: it needs): the member with two history rows, the decision form at its least, and the
#: policy panel, which alone grows and shrinks with the window, the rest.
DEFAULT_RIGHT_SPLIT = (272, 330, 385)
LOADING_QUEUE = "Loading the queue…"
QUEUE_NOT_LOADED = (
    "The queue could not be loaded, so no case is open. Press F5 (or Retry above) to try again."
)
CASE_NOT_SHOWN = "The case is not shown yet, so it cannot be decided."
#: Commands a break turns off (the pause command itself stays on).
PAUSED_COMMAND_PREFIXES = ("outcome.", "decision.", "case.", "evidence.")
CASE_UNREADABLE = "This case could not be opened, so it cannot be decided."


class MainWindow(QMainWindow):
    """Queue, case, member, policy and decision on one 1920x1080 screen."""

    #: Emitted after the service recorded a decision made here (DecisionOut).
    decision_recorded = Signal(object)
    #: Emitted once a decision is safely in the outbox (OutboxEntry).
    decision_saved = Signal(object)
    #: The moderator asked to sign out (the desk does it).
    sign_out_requested = Signal()
    #: The first case of a session is on screen (or the start ended without one).
    first_case_shown = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        settings: DeskSettings | None = None,
        keymap: Mapping[str, tuple[str, ...]] = DEFAULT_KEYMAP,
        clock: Callable[[], datetime] | None = None,
        evidence_cache: EvidenceCache | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName("ReviewDesk main window")
        self.runner = runner
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(UTC))
        self.evidence_cache = evidence_cache
        self.connection: Connection | None = None
        self.case_loader: CaseLoader | None = None
        self.queue_loader: QueueLoader | None = None
        self._reauthenticator: Reauthenticator | None = None
        #: Reads the next cases ahead while one is open (see prefetch.py).
        self.prefetch: PrefetchPlanner | None = None
        #: Draws the next case ahead once the first case is on screen (see case_stage.py).
        self.case_stage: CaseStage | None = None
        self.stage: StagePlanner | None = None
        #: True while a case shown from its picture opens underneath it.
        self._opening_covered = False
        self._cheat_sheet: CheatSheetDialog | None = None
        self.outbox: DeskOutbox | None = None
        self.outbox_presenter: OutboxPresenter | None = None
        #: The case to come back to after a restart, until it is listed or given up.
        self._resume_case: str | None = None
        #: A rejected decision being corrected: (case id, outbox entry id).
        self._correcting: tuple[str, int] | None = None
        #: Opens the outbox's database once the first case is on screen (see first_paint.py).
        self._after_first_case: AfterFirstCase | None = None

        self.banner = ErrorBanner()
        runner.unhandled_error.connect(self.banner.show_error)
        self.queue_model = QueueModel(self, clock=self._clock)
        self.queue_panel = QueuePanel(self.queue_model)
        # Text-check tables load on a worker now; the language model with the first case.
        self.case_view = CaseView(runner=runner, warm_up=False)
        runner.run(warm_up_text_checks, _ignore, _ignore)
        self.member_panel = MemberPanel()
        self.policy_panel = PolicyPanel()
        self.decision_panel = DecisionPanel()
        #: The four filled with each case, the one way (see case_panels.py).
        self.panels = CasePanels(
            self.case_view, self.member_panel, self.policy_panel, self.decision_panel
        )
        #: Fills what a case read ahead need not show in its first paint (see after_paint.py).
        self.after_paint = AfterPaint(self.case_view.header, self)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.setAccessibleName("Member, policy and decision")
        for widget in (self.member_panel, self.policy_panel, self.decision_panel):
            self.right_splitter.addWidget(widget)
        self.right_splitter.setStretchFactor(1, 1)  # the policy panel: room for the ladder
        self.right_splitter.setSizes(list(DEFAULT_RIGHT_SPLIT))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setAccessibleName("Queue, case and decision")
        self.splitter.addWidget(self.queue_panel)
        self.splitter.addWidget(self.case_view)
        #: The right column, scrolling when the screen is too short for all of it.
        self.right_column = ColumnScroll(self.right_splitter)
        self.splitter.addWidget(self.right_column)
        self.splitter.setStretchFactor(1, 1)
        self._layout_restored = False
        for splitter in (self.splitter, self.right_splitter):
            splitter.setChildrenCollapsible(False)
            splitter.setHandleWidth(6)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.setSpacing(4)
        self.break_bar = BreakBar(self.splitter)
        layout.addWidget(self.banner)
        layout.addWidget(self.break_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.moderator_label = QLabel("Not signed in")
        self.moderator_label.setTextFormat(Qt.TextFormat.PlainText)
        self.moderator_label.setAccessibleName("Signed-in moderator")
        self.service_label = QLabel("")
        self.service_label.setTextFormat(Qt.TextFormat.PlainText)
        self.service_label.setAccessibleName("Service URL")
        self.statusBar().addWidget(self.moderator_label)
        self.statusBar().addPermanentWidget(self.service_label)

        self.evidence_desk = EvidenceDesk(runner, self.case_view, settings, self.break_bar, self)
        self.break_bar.paused_changed.connect(self._on_paused)
        self.evidence_desk.revealed_changed.connect(self.decision_panel.set_revealed_attachments)
        self.registry = CommandRegistry(self, keymap)
        self._build_menus()
        self._bind_commands()
        self.keyboard = KeyboardDesk(self, settings, self._held_by_other, self._show_no_case)
        self._set_case_commands_enabled(False)
        self.bulk_desk = BulkDesk(self)
        self.audit = AuditDesk(self, self.registry, runner)

        self.queue_panel.filter_changed.connect(self._on_filter_changed)
        self.queue_panel.case_selected.connect(self._on_case_selected)
        self.decision_panel.submit_requested.connect(self._send_decision)
        self.case_view.clear("Waiting for the service…")
        self.decision_panel.clear()
        self.queue_panel.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- session --------------------------------------------------------------------

    def show_starting(self, message: str) -> None:
        """Say what the desk is waiting for (e.g. the demo service starting)."""
        self.case_view.clear(message)
        self.show_start_step(message)

    def show_start_step(self, message: str) -> None:
        """The start reached its next step: only the words of :meth:`show_starting` change."""
        self.banner.show_message(message, BannerKind.INFO, source=BannerSource.CONNECTION)
        if self.case_view.case_id() is None:
            self.case_view.empty_label.setText(message)

    def show_failure(self, message: str, retry: Callable[[], None] | None = None) -> None:
        """Show a problem that stops the desk from working (banner, optional Retry)."""
        self.banner.show_message(message, BannerKind.ERROR, retry, BannerSource.CONNECTION)

    def attach(
        self,
        connection: Connection,
        reauthenticator: Reauthenticator,
        outbox: DeskOutbox,
        early: EarlyPage | None = None,
    ) -> None:
        """Start working with a signed-in connection: open the outbox, load policy and queue.

        ``early``: the queue's first page and its first case, read already (at the
        start, with the saved sign-in).
        """
        self.connection = connection
        self._reauthenticator = reauthenticator
        connection.setParent(self)
        connection.authentication_lost.connect(self._on_authentication_lost)
        connection.changed.connect(self._on_connection_changed)

        self.case_loader = loader = CaseLoader(self.runner, connection, self)
        loader.paint_witness = self.case_view.header
        loader.opening.connect(self._on_case_opening)
        loader.opening.connect(self.evidence_desk.case_opening)
        loader.detail_loaded.connect(self._on_detail_loaded)
        loader.detail_failed.connect(self._on_detail_failed)
        loader.claim_obtained.connect(self._on_claim_obtained)
        loader.claim_refused.connect(self.decision_panel.lock)
        loader.claim_released.connect(self._on_claim_released)
        loader.history_loaded.connect(self._on_history_loaded)
        loader.history_failed.connect(self.member_panel.show_error)
        loader.image_loaded.connect(self.evidence_desk.image_loaded)
        loader.image_failed.connect(self.case_view.show_image_error)
        loader.clauses_ready.connect(self._on_clauses_ready)
        loader.catalogue_loaded.connect(self._on_catalogue_loaded)
        loader.problem.connect(self._show_problem)

        self.outbox = outbox
        outbox.queued.connect(self._on_decision_saved)
        outbox.not_queued.connect(self._on_decision_not_saved)
        outbox.opened.connect(self._on_outbox_opened)
        outbox.authentication_required.connect(self._session_ended)
        outbox.entry_changed.connect(self._on_delivery_settled)
        self.outbox_presenter = OutboxPresenter(self, outbox, connection, self.runner, self.banner)
        self.outbox_presenter.recorded.connect(self.decision_recorded)
        self.outbox_presenter.correct_requested.connect(self.correct_decision)
        loader.set_cache(outbox)
        loader.set_evidence_cache(self.evidence_cache)

        self.queue_loader = QueueLoader(self.runner, connection, self.queue_model, parent=self)
        self.queue_loader.reloaded.connect(self._on_queue_reloaded)
        self.queue_loader.page_appended.connect(self._on_page_appended)
        self.queue_loader.failed.connect(self._on_queue_failed)
        self.prefetch = install_prefetch(
            self.runner, connection, loader, self.queue_model, self.queue_loader,
            self._held_by_other, self._settings, self.evidence_cache, self,
        )  # fmt: skip
        self.prefetch.hold()  # reading ahead starts once the first case is on screen
        if early is not None and early.first_case is not None:
            self.prefetch.prefetcher.offer(early.first_case)  # shown from memory

        self.queue_model.set_me(connection.moderator.username)
        self.audit.attach(connection)
        self._update_status_bar()
        self.banner.clear_source(BannerSource.CONNECTION)
        self.case_view.clear(LOADING_QUEUE)
        loader.load_catalogue(early.catalogue if early is not None else None)
        self.queue_loader.reload(self.queue_panel.case_filter(), early)
        # The database opens once the first case is painted (or a decision comes first).
        outbox.open(connection, deferred=True)
        first = AfterFirstCase(self.case_view.header, self._after_first_case_shown, self)
        self._after_first_case = first
        loader.detail_loaded.connect(first.case_shown)
        loader.detail_failed.connect(first.settle)
        self.queue_loader.failed.connect(first.settle)
        self.queue_loader.reloaded.connect(
            lambda: None if self.queue_model.rowCount() else first.settle()
        )

    def _after_first_case_shown(self) -> None:
        """The first case is on screen: open the database, read ahead, load the language model."""
        if self.outbox is not None:
            self.outbox.open_now()
        if self.prefetch is not None:
            self.prefetch.release()
            self._start_stage(self.prefetch)
        if not self.runner.closed:
            self.case_view.languages.warm_up()
        self.first_case_shown.emit()

    def _start_stage(self, prefetch: PrefetchPlanner) -> None:
        """Draw the next case ahead from now on (the stage's panels are made once per window)."""
        if self.case_loader is None or self.runner.closed:
            return
        self.stage = StagePlanner(
            self._case_stage,
            self.panels,
            self.case_loader,
            prefetch,
            self.evidence_desk.care_for,
            self._clock,
            self,
        )
        self.stage.soon()

    def detach(self, message: str) -> None:
        """Stop working with the connection (signing out): give back the claim, show no case.

        Undoes :meth:`attach`; ``message`` replaces the case. A later
        :meth:`attach` starts afresh.
        """
        loader, queue_loader, connection, outbox = (
            self.case_loader,
            self.queue_loader,
            self.connection,
            self.outbox,
        )
        self._stop_stage()
        if self.prefetch is not None:
            self.prefetch.stop()
            self.prefetch = None
        if self._after_first_case is not None:
            self._after_first_case.stop()
            self._after_first_case = None
        if loader is not None:
            loader.close_case()  # the claim goes back, on a worker
            loader.blockSignals(True)
        if queue_loader is not None:
            self.runner.invalidate(QUEUE_SCOPE)  # a late page never lands after signing out
            self.queue_model.more_wanted.disconnect(queue_loader.load_more)
            queue_loader.blockSignals(True)
        if connection is not None:
            connection.authentication_lost.disconnect(self._on_authentication_lost)
            connection.changed.disconnect(self._on_connection_changed)
        if outbox is not None:
            outbox.queued.disconnect(self._on_decision_saved)
            outbox.not_queued.disconnect(self._on_decision_not_saved)
            outbox.opened.disconnect(self._on_outbox_opened)
            outbox.authentication_required.disconnect(self._session_ended)
            outbox.entry_changed.disconnect(self._on_delivery_settled)
        if self.outbox_presenter is not None:
            self.outbox_presenter.detach()
        self.audit.detach()
        self.case_loader = self.queue_loader = self.connection = None
        self.outbox = self.outbox_presenter = None
        self._reauthenticator = None
        self._correcting = None
        self.evidence_desk.case_closed()
        self.queue_model.forget_hidden()  # the next moderator's outbox says what to hide
        self.queue_model.reset_with(CasePage(items=[], total=0))
        self.queue_model.set_me(None)
        self.queue_panel.show_status(message)
        self.case_view.clear(message)
        self.member_panel.clear()
        self.policy_panel.clear()
        self.decision_panel.clear(message)
        self._set_case_commands_enabled(False)
        for source in BannerSource:
            self.banner.clear_source(source)
        self.moderator_label.setText("Not signed in")
        self.service_label.setText("")

    def _case_stage(self) -> CaseStage:
        """The stage, made when it first draws (a second set of panels: not at the start)."""
        if self.case_stage is None:
            self.case_stage = CaseStage(self.panels, self.runner, self)
            self._label_decision_buttons(self.case_stage.panels.decision)
        return self.case_stage

    def _stop_stage(self) -> None:
        """Open a case still under its picture, and draw nothing more ahead."""
        if self.case_stage is not None:
            self.case_stage.finish()
        if self.stage is not None:
            self.stage.stop()
            self.stage.deleteLater()
            self.stage = None

    def release_and_stop(self) -> None:
        """Give back the claim still held, and any still on its way (then shut the runner down)."""
        self._stop_stage()
        if self.case_stage is not None:
            self.case_stage.close()
            self.case_stage = None
        if self._after_first_case is not None:
            self._after_first_case.stop()
        if self.case_loader is not None:
            self.case_loader.close_case()

    # --- layout -------------------------------------------------------------------------

    def _build_menus(self) -> None:
        build_menu_bar(self.menuBar(), self.registry)
        self.addToolBar(build_toolbar(self.registry, self))
        self._label_decision_buttons(self.decision_panel)

    def _label_decision_buttons(self, panel: DecisionPanel) -> None:
        """Give ``panel``'s buttons their commands' words and keys (kept up on rebinding)."""
        for outcome, button in panel.outcome_buttons.items():
            self.registry.bind_button(
                button,
                outcome_command_id(outcome),
                text=OUTCOME_TITLES[outcome],
                trigger=False,
            )
        self.registry.bind_button(
            panel.submit_button, "decision.submit", "Submit and next", trigger=False
        )

    def _bind_commands(self) -> None:
        connect = self.registry.on
        connect("case.next", lambda: self.queue_panel.step(1, self._held_by_other))
        connect("case.previous", lambda: self.queue_panel.step(-1, self._held_by_other))
        connect("outbox.problems", self._show_delivery_problems)
        connect("outbox.retry", self._retry_deliveries)
        connect("queue.focus_filter", self.queue_panel.focus_filter)
        connect("queue.reload", self.reload_queue)
        for outcome in Outcome:
            connect(
                outcome_command_id(outcome), partial(self.decision_panel.select_outcome, outcome)
            )
        connect("decision.escalate", self._escalate)
        connect("decision.focus_note", self.decision_panel.focus_note)
        connect("decision.submit", self.decision_panel.request_submit)
        connect("evidence.next", self.case_view.next_attachment)
        connect("evidence.previous", self.case_view.previous_attachment)
        connect("evidence.fit", lambda: self.case_view.viewer().fit())
        connect("evidence.zoom_in", lambda: self.case_view.viewer().zoom_in())
        connect("evidence.zoom_out", lambda: self.case_view.viewer().zoom_out())
        connect("evidence.actual_size", lambda: self.case_view.viewer().actual_size())
        self.evidence_desk.bind_commands(self.registry)
        connect("help.cheat_sheet", self.show_cheat_sheet)
        connect("app.sign_out", self.sign_out_requested.emit)
        connect("app.quit", self.close)

    def _show_delivery_problems(self) -> None:
        if self.outbox_presenter is not None:
            self.outbox_presenter.show_problems()

    def _retry_deliveries(self) -> None:
        if self.outbox is not None:
            self.outbox.retry_now()
            self.statusBar().showMessage("Sending every waiting decision now…", 5000)

    def _on_paused(self, paused: bool) -> None:
        """On a break nothing is decided or looked at: every case key is off until Resume."""
        for spec in self.registry.commands():
            if spec.id.startswith(PAUSED_COMMAND_PREFIXES):
                self.registry.set_enabled(spec.id, not paused)
        if not paused:
            self._set_case_commands_enabled(self.case_view.case_id() is not None)
            # Back to the queue, not the first text field: keys are commands again.
            self.queue_panel.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_case_commands_enabled(self, enabled: bool) -> None:
        enabled = enabled and not self.break_bar.is_paused()
        for spec in self.registry.commands():
            if spec.id.startswith(("outcome.", "decision.", *OPEN_CASE_COMMANDS)):
                self.registry.set_enabled(spec.id, enabled)

    def show_cheat_sheet(self) -> None:
        """Open (or raise) the keyboard cheat sheet."""
        if self._cheat_sheet is None:
            self._cheat_sheet = CheatSheetDialog(self.registry, self)
        if self._cheat_sheet.isVisible():
            self._cheat_sheet.raise_()
        else:
            self._cheat_sheet.show()
        self._cheat_sheet.activateWindow()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Lay the columns out once the window has its real size."""
        super().showEvent(event)
        if not self._layout_restored:
            self._layout_restored = True
            self._restore_layout()

    def _restore_layout(self) -> None:
        for key, splitter, default in (
            ("main", self.splitter, DEFAULT_SPLIT),
            ("right", self.right_splitter, DEFAULT_RIGHT_SPLIT),
        ):
            state = self._settings.window_state(f"splitter/{key}") if self._settings else None
            if state is None or not splitter.restoreState(state):
                splitter.setSizes(list(default))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Remember the layout and give back the claim before closing."""
        self.after_paint.run_now()  # the case just switched to is remembered too
        if self._settings is not None:
            self._settings.set_window_state("splitter/main", self.splitter.saveState())
            self._settings.set_window_state("splitter/right", self.right_splitter.saveState())
            self._settings.sync()
        self.release_and_stop()
        if self._cheat_sheet is not None:
            self._cheat_sheet.close()
        self.keyboard.close()
        super().closeEvent(event)

    def _update_status_bar(self) -> None:
        if self.connection is None:
            return
        moderator = self.connection.moderator
        self.moderator_label.setText(
            f"Signed in as {moderator.display_name} ({moderator.username}) · role: "
            f"{moderator.role.value}"
        )
        self.service_label.setText(f"Service: {self.connection.base_url}")

    # --- queue ----------------------------------------------------------------------

    def reload_queue(self) -> None:
        """Load the queue again with the current filter (F5)."""
        if self.queue_loader is not None:
            if self._no_case_open():
                self.case_view.clear(LOADING_QUEUE)
            if self.queue_model.rowCount() == 0:
                self.queue_panel.show_status(LOADING_QUEUE)
            self.queue_loader.reload(self.queue_panel.case_filter())

    def _no_case_open(self) -> bool:
        return self.case_loader is None or self.case_loader.current is None

    def _on_filter_changed(self, _case_filter: object) -> None:
        self.reload_queue()

    def _resume_if_listed(self) -> bool:
        """Open the case of the last run if the queue lists it (only once)."""
        resume, self._resume_case = self._resume_case, None
        if resume and self.queue_model.rowCount() and self.queue_panel.select_case(resume):
            return True
        self._resume_case = resume if not self.queue_model.rowCount() else None
        return False

    def _on_queue_reloaded(self) -> None:
        self.banner.clear_source(BannerSource.QUEUE)
        if self._resume_if_listed():
            return
        current = self.case_loader.current if self.case_loader is not None else None
        if current is not None and self.queue_panel.select_case(current.id):
            return
        if not self.queue_panel.select_row(0):
            self._show_no_case("No open case matches this filter. The queue is clear.")

    def _on_page_appended(self) -> None:
        self.banner.clear_source(BannerSource.QUEUE)
        if self._no_case_open() and self.queue_panel.current_summary() is None:
            self.queue_panel.select_row(0)

    def _on_queue_failed(self, error: Exception, retry: Callable[[], None]) -> None:
        self.banner.show_error(error, retry, BannerSource.QUEUE)
        if self._no_case_open():
            self.case_view.clear(QUEUE_NOT_LOADED)
        if self.queue_model.rowCount() == 0:
            self.queue_panel.show_status("The queue could not be loaded (F5 to try again).")

    def _on_case_selected(self, summary: CaseSummary | None) -> None:
        if summary is None or self.case_loader is None:
            return
        if self.case_stage is not None:
            self.case_stage.finish()  # a case still under its picture opens first
        current = self.case_loader.current
        if current is not None and current.id == summary.id:
            return
        if self._cover_with_picture(summary):
            return  # on screen from its picture; it opens right after this paint
        self.case_loader.open(summary)

    def _cover_with_picture(self, summary: CaseSummary) -> bool:
        """Show ``summary``'s case from the picture drawn ahead, if one fits; opened after."""
        stage = self.stage
        if stage is None or self._correcting is not None:
            return False
        return stage.cover(summary, lambda: self._open_covered(summary))

    def _open_covered(self, summary: CaseSummary) -> None:
        """Open the case whose picture is on screen: all of it at once, as pictured."""
        loader = self.case_loader
        if loader is None or (loader.current is not None and loader.current.id == summary.id):
            return
        self._opening_covered = True
        try:
            loader.open(summary)
        finally:
            self._opening_covered = False

    def _show_no_case(self, message: str) -> None:
        if self.case_stage is not None:
            self.case_stage.finish()  # a case under its picture opens first, then goes
        if self.case_loader is not None:
            self.case_loader.close_case()
        self.case_view.clear(message)
        self.member_panel.clear()
        self.policy_panel.clear()
        self.decision_panel.clear(message)
        self._set_case_commands_enabled(False)

    # --- opening a case -----------------------------------------------------------------

    def _on_case_opening(self, summary: CaseSummary) -> None:
        outbox, later = self.outbox, self._later()
        if outbox is not None and later is not None:
            # Written after the paint: the outbox's worker never competes with it.
            case_id = summary.id
            later.later("remember-case", lambda: outbox.remember_case(case_id))
        elif outbox is not None:
            outbox.remember_case(summary.id)
        # Problems of the case left behind (or of this one's last attempt) are over.
        self.banner.clear_source(BannerSource.CASE)
        self.banner.clear_source(BannerSource.CLAIM)
        # Read ahead, the case replaces the old one in this same call: no "Loading" between.
        from_memory = self.case_loader is not None and self.case_loader.opening_from_memory
        if not from_memory:
            self.case_view.clear(f"Loading case {summary.id}…")
            self.member_panel.show_loading()
            self.policy_panel.clear()
        self.panels.start_draft(summary)
        if not from_memory:
            # Nobody decides a case they cannot see: wait for its detail. (Read ahead,
            # the detail is shown in this same call, before any key can reach the form,
            # so the form is not switched off and on again for nothing.)
            self.decision_panel.block_until_shown(CASE_NOT_SHOWN)
            self._set_case_commands_enabled(False)

    def _on_detail_loaded(self, detail: CaseDetail) -> None:
        self.banner.clear_source(BannerSource.CASE)
        held = self.case_loader.claim if self.case_loader is not None else None
        if held is not None and held.case_id == detail.summary.id:
            # The case was fetched while the claim was being taken: show the claim.
            detail = detail.model_copy(
                update={"summary": detail.summary.model_copy(update={"claim": held})}
            )
        ready = self.case_loader.ready_images if self.case_loader is not None else None
        self.panels.show_detail(detail, self._clock(), self._prepared(), ready)
        self.queue_model.update_case(detail.summary)
        self._set_case_commands_enabled(True)

    def _on_detail_failed(self, error: Exception) -> None:
        self.case_view.clear(f"The case could not be opened. {describe_error(error)}")
        self.decision_panel.block_until_shown(CASE_UNREADABLE, show=True)
        self._set_case_commands_enabled(False)

    def _on_claim_obtained(self, claim: ClaimOut) -> None:
        self.banner.clear_source(BannerSource.CLAIM)
        self.decision_panel.unlock()
        self.queue_model.set_claim(claim.case_id, claim)
        row = self.queue_model.row_of(claim.case_id)
        summary = self.queue_model.summary(row) if row is not None else None
        if summary is not None and self.case_view.case_id() == claim.case_id:
            self.case_view.header.show_summary(summary, self._clock())

    def _on_claim_released(self, case_id: str) -> None:
        self.queue_model.set_claim(case_id, None)

    def _on_history_loaded(self, history: MemberHistory) -> None:
        opening = self.case_loader.current if self.case_loader is not None else None
        current_case_id = opening.id if opening is not None else None
        self.panels.show_history(history, current_case_id, self._prepared(), self._later())

    def _later(self) -> AfterPaint | None:
        """Where a case read ahead leaves what it need not show in its first paint."""
        memory = self.case_loader is not None and self.case_loader.showing_from_memory
        # Under its picture, the case is filled whole: the picture shows every row.
        return self.after_paint if memory and not self._opening_covered else None

    def _prepared(self) -> PreparedCase | None:
        """The display texts worked out ahead for the case being opened, if any."""
        return self.case_loader.prepared if self.case_loader is not None else None

    def _on_catalogue_loaded(self, index: PolicyIndex) -> None:
        self.banner.clear_source(BannerSource.POLICY)
        self.decision_panel.set_catalogue(index.catalogue.clauses)

    def _on_clauses_ready(
        self, clauses: list[PolicyClause], suggested: dict[str, LadderStep]
    ) -> None:
        correcting = self._correcting
        follow = correcting is None or correcting[0] != self.decision_panel.case_id
        self.panels.show_clauses(clauses, suggested, self._later(), follow_policy=follow)

    def _escalate(self) -> None:
        self.decision_panel.select_outcome(Outcome.ESCALATE)
        self.decision_panel.focus_note()

    # --- deciding ---------------------------------------------------------------------------

    def _send_decision(self, draft: DecisionDraft) -> None:
        outbox = self.outbox
        correcting = self._correcting
        replaces = correcting[1] if correcting and correcting[0] == draft.case_id else None
        if outbox is None or not outbox.submit(draft, replaces_id=replaces):
            self.decision_panel.show_result(
                "Decisions cannot be saved on this computer right now, so this one was not "
                "sent. Your draft is kept.",
                ResultKind.ERROR,
            )
            return
        self.decision_panel.set_busy(True)

    def _on_decision_saved(self, saved: list[tuple[DecisionDraft, OutboxEntry]]) -> None:
        """Decisions are on disk and will be delivered: take them off the queue, move on."""
        case_ids = {draft.case_id for draft, _entry in saved}
        if self._correcting is not None and self._correcting[0] in case_ids:
            self._correcting = None
        if self.case_loader is not None:
            for case_id in case_ids:
                self.case_loader.decided(case_id)
        for _draft, entry in saved:
            self.decision_saved.emit(entry)
        if len(saved) == 1:
            self.statusBar().showMessage(saved_sentence(saved[0][1]), 10_000)
        else:
            self.statusBar().showMessage(f"Saved {len(saved)} decisions; sending…", 10_000)
        shown = self.decision_panel.case_id
        row = self.queue_model.row_of(shown) if shown in case_ids and shown else None
        self.queue_model.hide_cases(case_ids)
        if shown not in case_ids:
            if shown is not None and len(case_ids) > 1:
                self.queue_panel.select_case(shown)  # the batch reset the rows
            return  # the moderator already moved on
        self.decision_panel.set_busy(False)
        # Keys mean commands again: leave the note so "j" or "3" are not typed into it.
        self.queue_panel.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.queue_model.rowCount() == 0 and self.queue_model.canFetchMore(QModelIndex()):
            self.queue_model.fetchMore(QModelIndex())
        row = row or 0
        skip = self._held_by_other
        if not (
            self.queue_panel.select_from(row, 1, skip)
            or self.queue_panel.select_from(row - 1, -1, skip)
        ):
            self._show_no_case("Decision saved. No case nobody else holds is left in this queue.")

    def _on_decision_not_saved(self, draft: DecisionDraft, error: Exception) -> None:
        if self.decision_panel.case_id != draft.case_id:
            self.banner.show_error(error)
            return
        self.decision_panel.set_busy(False)
        self.decision_panel.show_result(
            f"Your decision could not be saved on this computer, so it was not sent. "
            f"{describe_error(error)} Your draft is kept.",
            ResultKind.ERROR,
        )

    def _on_outbox_opened(self, waiting: set[str]) -> None:
        """Cases decided here but not delivered yet stay out of the queue.

        The case open when the desk last closed is opened again, once listed.
        """
        last = self.outbox.last_case if self.outbox is not None else None
        if last and last not in waiting:
            self._resume_case = last
            self._resume_if_listed()
        self.queue_model.hide_cases(waiting)
        current = self.case_loader.current if self.case_loader is not None else None
        if current is not None and current.id in waiting:
            self.queue_panel.select_from(0, 1, self._held_by_other)

    def _on_delivery_settled(self, entry: OutboxEntry) -> None:
        if entry.state is OutboxState.REJECTED:
            # Still open on the service: list it again, to be corrected or left.
            self.queue_model.show_case_again(entry.case_id)

    def _held_by_other(self, summary: CaseSummary) -> bool:
        """True when someone else's unexpired claim holds the case: "next" skips it."""
        claim = summary.claim
        me = self.connection.moderator.username if self.connection is not None else None
        return (
            claim is not None
            and claim.moderator.username != me
            and (claim.expires_at > self._clock())
        )

    def correct_decision(self, entry: OutboxEntry) -> None:
        """Open a refused decision's case with the decision on the form, to correct and resend."""
        if self.case_loader is None:
            return
        self._correcting = (entry.case_id, entry.id)
        self.queue_model.show_case_again(entry.case_id)

        def opened(summary: CaseSummary) -> None:
            self.decision_panel.load_decision(entry.decision)
            self.decision_panel.show_result(
                f"Correcting your refused decision: {entry.last_error}", ResultKind.NEUTRAL
            )

        self.case_loader.open_by_id(entry.case_id, opened)

    # --- problems and sessions ---------------------------------------------------------------

    def _session_ended(self, error: Exception) -> bool:
        """Report ``error`` to the connection; True when it means the session ended.

        Delivery refused with a session replaced since just carries on.
        """
        outbox = self.outbox
        resume = outbox.resume if outbox is not None else None
        return self.connection is not None and bool(self.connection.check_error(error, resume))

    def _show_problem(
        self, error: Exception, retry: Callable[[], None] | None, source: str
    ) -> None:
        self.banner.show_error(error, retry, source)

    def _on_authentication_lost(self, error: Exception) -> None:
        self.banner.show_message(
            f"{describe_error(error)} Sign in again to carry on.",
            BannerKind.ERROR,
            self._reauthenticate,
            BannerSource.CONNECTION,
        )
        self._reauthenticate()

    def _reauthenticate(self) -> None:
        if self.connection is not None and self._reauthenticator is not None:
            self._reauthenticator.reauthenticate(self.connection)

    def _on_connection_changed(self) -> None:
        self.banner.clear_source(BannerSource.CONNECTION)
        if self.outbox is not None:
            self.outbox.resume()
        self.statusBar().showMessage("Signed in again.", 10_000)
        self._update_status_bar()
        if self.case_loader is not None:
            if self.case_view.case_id() is None:
                self.case_loader.reopen()
            else:
                self.case_loader.claim_again()
            if self.case_loader.policy is None:
                self.case_loader.load_catalogue()
        if self.queue_model.rowCount() == 0:
            self.reload_queue()


def _ignore(_value: object) -> None:
    """A warm-up's result or failure: nothing to do (the work is done again when needed)."""
