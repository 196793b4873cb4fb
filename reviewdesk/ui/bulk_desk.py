"""Selection, grouping and bulk decisions in the window: the commands and what they do.

:class:`BulkDesk` binds the selection and grouping commands to the queue
panel, asks one confirmation (:class:`BulkDecisionDialog`) before deciding
the selection or the current group, sends the decisions through the outbox
as one batch with a batch id (:meth:`DeskOutbox.submit_many`), takes the
cases off the queue at once and says what was queued. Cases someone else
holds are left out, and the dialog says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog

from reviewdesk.api.models import CaseSummary
from reviewdesk.domain.enums import OUTCOME_TITLES
from reviewdesk.queue.grouping import GROUP_MODE_TITLES
from reviewdesk.store.outbox_types import OutboxEntry, TakeBackRefused, TakenBack
from reviewdesk.ui.bulk_dialog import BulkDecisionDialog, cases_phrase
from reviewdesk.ui.decision_panel import DecisionDraft
from reviewdesk.ui.desk_outbox import DeskOutbox

if TYPE_CHECKING:
    from reviewdesk.ui.main_window import MainWindow

#: How long the desk's sentences stay in the status bar (ms).
MESSAGE_MS = 15_000


def short_batch(batch_id: str) -> str:
    """The first characters of a batch id, enough to tell batches apart on screen."""
    return batch_id[:8]


class BulkDesk(QObject):
    """The window's selection, grouping and bulk-decision commands."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._panel = window.queue_panel
        self.dialog: BulkDecisionDialog | None = None
        # Grouping thousands of texts is work for a worker, not the GUI thread.
        window.queue_panel.group_model.set_runner(window.runner)
        window.queue_panel.group_model.rebuilt.connect(self._on_groups_rebuilt)
        self._announce_groups = False
        #: The last sentence about the groups (said again while shown, as more cases load).
        self._groups_sentence = ""
        #: Batches sent from here, by id: (outcome title, case count).
        self._batches: dict[str, tuple[str, int]] = {}
        self._watched: set[int] = set()
        self._last_message = ""
        self._reload_due = False
        connect = window.registry.on
        panel = self._panel
        connect("selection.toggle", self._toggle)
        connect("selection.extend_down", lambda: panel.extend_selection(1))
        connect("selection.extend_up", lambda: panel.extend_selection(-1))
        connect("selection.all", self._select_all)
        connect("selection.clear", panel.clear_selection)
        connect("queue.cycle_grouping", self._cycle_grouping)
        connect("queue.toggle_group", self._toggle_group)
        connect("bulk.decide_selection", self.decide_selection)
        connect("bulk.decide_group", self.decide_group)
        connect("outbox.undo", self.undo)

    # --- selection and grouping ---------------------------------------------------------

    def say(self, message: str) -> None:
        """Tell the moderator (status bar)."""
        self._last_message = message
        self._window.statusBar().showMessage(message, MESSAGE_MS)

    @property
    def last_message(self) -> str:
        """The last sentence said (tests and screen readers)."""
        return self._last_message

    def _toggle(self) -> None:
        if not self._panel.toggle_selection():
            self.say("No case is current, so nothing was selected.")

    def _select_all(self) -> None:
        grouped = bool(self._panel.current_group_case_ids())
        count = self._panel.select_all()
        where = "this group" if grouped else "this filter (the cases loaded)"
        self.say(f"Selected every case of {where}: {count} selected.")

    def _cycle_grouping(self) -> None:
        self._panel.cycle_grouping()
        self._announce_groups = True
        self._on_groups_rebuilt()

    def _on_groups_rebuilt(self) -> None:
        """Say what the grouping found; say it again while it shows and more cases came."""
        model = self._panel.group_model
        if model.computing:
            if self._announce_groups:
                self.say(f"{GROUP_MODE_TITLES[model.mode]}: finding alike cases…")
            return
        shown = self._window.statusBar().currentMessage()
        if not self._announce_groups and (not shown or shown != self._groups_sentence):
            return  # the moderator has read it, or the desk has said something since
        self._announce_groups = False
        if self._panel.grouped:
            groups = model.groups()
            alike = sum(1 for group in groups if group.size > 1)
            cases = sum(group.size for group in groups)
            sentence = (
                f"{GROUP_MODE_TITLES[model.mode]}: {alike} groups of alike cases "
                f"among the {cases:,} cases loaded."
            )
        else:
            sentence = f"{GROUP_MODE_TITLES[model.mode]}."
        if sentence != shown:
            self.say(sentence)
        self._groups_sentence = sentence

    def _toggle_group(self) -> None:
        if not self._panel.toggle_group():
            self.say("The queue is not grouped: press G to group alike cases.")

    # --- deciding -----------------------------------------------------------------------------

    def decide_selection(self) -> None:
        """Ask once, then decide every selected case alike."""
        ids = self._panel.selection.ids()
        if not ids:
            self.say("Nothing is selected: x selects the current case, Ctrl+A all of them.")
            return
        self._decide(ids, "selected")

    def decide_group(self) -> None:
        """Ask once, then decide every case of the current group alike."""
        if self._panel.group_model.computing:
            self.say("Still finding alike cases: decide the group once they are grouped.")
            return
        ids = self._panel.current_group_case_ids()
        if not ids:
            self.say("No group is current: press G to group alike cases first.")
            return
        self._decide(ids, "in this group")

    def _decide(self, case_ids: Sequence[str], where: str) -> None:
        window = self._window
        outbox = window.outbox
        loader = window.case_loader
        policy = loader.policy if loader is not None else None
        if window.break_bar.is_paused():
            self.say("On a break nothing is decided: resume first.")
            return
        if outbox is None or not outbox.is_open or policy is None:
            self.say("Deciding is not possible yet: the outbox or the policy is still loading.")
            return
        listed = [s for s in (self._summary(c) for c in case_ids) if s is not None]
        decidable = [s for s in listed if not self._held_by_other(s)]
        left_out = len(listed) - len(decidable)
        if not decidable:
            self.say("Every one of these cases is held by another moderator; nothing to decide.")
            return
        what = f"The {cases_phrase(len(decidable))} {where}."
        if left_out:
            what += f" {cases_phrase(left_out)} held by other moderators are left out."
        dialog = BulkDecisionDialog(decidable, list(policy.catalogue.clauses), what, window)
        self.dialog = dialog
        dialog.finished.connect(
            lambda result: self._on_dialog_finished(dialog, decidable, outbox, result)
        )
        dialog.open()
        dialog.outcome_buttons[next(iter(dialog.outcome_buttons))].setFocus()

    def _on_dialog_finished(
        self,
        dialog: BulkDecisionDialog,
        cases: list[CaseSummary],
        outbox: DeskOutbox,
        result: int,
    ) -> None:
        self.dialog = None
        dialog.deleteLater()
        self._window.activateWindow()  # back to the window, whose keys are the commands
        self._panel.focus_queue()
        drafts = dialog.drafts() if result == QDialog.DialogCode.Accepted else []
        outcome = dialog.outcome()
        if not drafts or outcome is None:
            self.say("Nothing was decided.")
            return
        self.send(drafts, OUTCOME_TITLES[outcome], outbox)

    def send(self, drafts: list[DecisionDraft], outcome_title: str, outbox: DeskOutbox) -> str:
        """Queue ``drafts`` as one batch, take the cases off the queue; return the batch id."""
        batch_id = uuid.uuid4().hex
        self._watch(outbox)
        if not outbox.submit_many(drafts, batch_id):
            self.say("Decisions cannot be saved on this computer right now; nothing was sent.")
            return ""
        self._batches[batch_id] = (outcome_title, len(drafts))
        self._window.queue_model.hide_cases(d.case_id for d in drafts)
        self.say(f"Saving: {outcome_title} for {cases_phrase(len(drafts))}…")
        return batch_id

    def _watch(self, outbox: DeskOutbox) -> None:
        if id(outbox) not in self._watched:
            self._watched.add(id(outbox))
            outbox.queued.connect(self._on_queued)
            outbox.not_queued.connect(self._on_not_queued)
            outbox.taken_back.connect(self._on_taken_back)
            outbox.take_back_refused.connect(self._on_take_back_refused)

    def _on_queued(self, saved: list[tuple[DecisionDraft, OutboxEntry]]) -> None:
        batch_id = saved[0][1].batch_id if saved else None
        if batch_id is None or batch_id not in self._batches:
            return
        title, count = self._batches[batch_id]
        self.say(
            f"Queued: {title} for {cases_phrase(count)} (batch {short_batch(batch_id)}). "
            "Ctrl+Z takes the batch back while it waits to be sent."
        )

    def _on_not_queued(self, draft: DecisionDraft, _error: Exception) -> None:
        model = self._window.queue_model
        if model.row_of(draft.case_id) is None:
            model.show_case_again(draft.case_id)
            if not self._reload_due:
                self._reload_due = True  # once for the whole batch
                QTimer.singleShot(0, self._reload)

    def _reload(self) -> None:
        self._reload_due = False
        self._window.reload_queue()

    # --- undo -----------------------------------------------------------------------------

    def undo(self) -> None:
        """Take back the last decision or batch, if it is still waiting (Ctrl+Z)."""
        outbox = self._window.outbox
        if outbox is None:
            self.say("Nothing to take back: no moderator is signed in.")
            return
        self._watch(outbox)
        outbox.take_back_last()

    def _on_taken_back(self, result: TakenBack) -> None:
        window = self._window
        ids = list(result.case_ids)
        for case_id in ids:
            window.queue_model.show_case_again(case_id)
        if window.case_loader is not None:
            window.case_loader.undecided(ids)
        outcome = OUTCOME_TITLES[result.outcome] if result.outcome is not None else "Decisions"
        # One decision taken back is a slip to mend: it comes back on the form, note and all.
        alone = len(result.entries) == 1 and result.batch_id is None
        single = result.entries[0].decision if alone else None
        if single is not None:
            self.say(
                f"Taken back: {outcome} on case {ids[0]}. Nothing was sent; your decision is "
                "on the form again, to change and send."
            )
        else:
            batch = f" (batch {short_batch(result.batch_id)})" if result.batch_id else ""
            self.say(
                f"Taken back: {outcome} for {cases_phrase(len(ids))}{batch}. Nothing was sent; "
                "the cases are back in the queue."
            )
        loader = window.queue_loader
        if loader is not None and ids:
            first = ids[0]

            def reopen() -> None:
                loader.reloaded.disconnect(reopen)
                self._panel.select_case(first)
                if single is not None and window.decision_panel.case_id == first:
                    window.decision_panel.load_decision(single)

            loader.reloaded.connect(reopen)
        window.reload_queue()

    def _on_take_back_refused(self, refused: TakeBackRefused) -> None:
        self.say(refused.reason)

    # --- helpers ---------------------------------------------------------------------------

    def _summary(self, case_id: str) -> CaseSummary | None:
        model = self._window.queue_model
        row = model.row_of(case_id)
        return model.summary(row) if row is not None else None

    def _held_by_other(self, summary: CaseSummary) -> bool:
        claim = summary.claim
        connection = self._window.connection
        me = connection.moderator.username if connection is not None else None
        return (
            claim is not None
            and claim.moderator.username != me
            and claim.expires_at > datetime.now(UTC)
        )
