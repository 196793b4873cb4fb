"""What the window shows of the outbox: the count, the offline banner, problems and their fixes.

The status bar always says how many decisions wait. While deliveries cannot
reach the service an offline banner says so (and that nothing is lost);
a conflict or a refusal raises a banner that opens the Delivery problems
dialog, where the moderator turns a lost conflict into a note or an appeal,
or corrects a refused decision and sends it again. Notes and appeals are
posted on workers through the current session.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from reviewdesk.backends.base import Backend
from reviewdesk.store.outbox_types import OutboxCounts, OutboxEntry, OutboxState
from reviewdesk.ui.connection import Connection, Refusal
from reviewdesk.ui.decision_messages import (
    delivered_sentence,
    offline_sentence,
    outbox_label,
    problem_sentence,
)
from reviewdesk.ui.delivery_problems import DeliveryProblemsDialog, own_decision_text
from reviewdesk.ui.desk_outbox import DeskOutbox
from reviewdesk.ui.error_banner import BannerKind, BannerSource, ErrorBanner, describe_error
from reviewdesk.ui.tasks import TaskRunner

#: The status bar's outbox note until the desk's database has been opened and read.
OUTBOX_OPENING = "Outbox: opening…"
#: ... and when it could not be opened (deciding is off; the banner says why).
OUTBOX_NOT_OPEN = "Outbox: not open"


def note_text(entry: OutboxEntry) -> str:
    """The member-file note made from a decision that lost a conflict."""
    other = entry.result
    lead = f"Decision not recorded (case {entry.case_id} was already decided"
    lead += f" by {other.moderator.display_name})" if other is not None else ")"
    note = f" Note: {entry.decision.note}" if entry.decision.note else ""
    return f"{lead}. It would have been: {own_decision_text(entry)}.{note}"


class OutboxPresenter(QObject):
    """Shows the outbox in the window and carries out the moderator's fixes."""

    #: The service recorded a decision made here (DecisionOut).
    recorded = Signal(object)
    #: The moderator wants to correct a refused decision (OutboxEntry).
    correct_requested = Signal(object)

    def __init__(
        self,
        window: QMainWindow,
        outbox: DeskOutbox,
        connection: Connection,
        runner: TaskRunner,
        banner: ErrorBanner,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._outbox = outbox
        self._connection = connection
        self._runner = runner
        self._banner = banner
        self._counts = OutboxCounts(0, 0)
        #: False until the outbox has counted its decisions (it opens after the first case).
        self._counted = False
        self._offline_error: Exception | None = None
        self._offline = False
        self.dialog: DeliveryProblemsDialog | None = None

        self.label = QLabel(self._label_text())
        self.label.setAccessibleName("Outbox")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        window.statusBar().addPermanentWidget(self.label)

        outbox.counts_changed.connect(self._on_counts)
        outbox.entry_changed.connect(self._on_entry)
        outbox.reachability_changed.connect(self._on_reachability)
        outbox.open_failed.connect(self._on_open_failed)

    def detach(self) -> None:
        """Stop showing the outbox (signing out): disconnect and take the label away."""
        for signal, slot in (
            (self._outbox.counts_changed, self._on_counts),
            (self._outbox.entry_changed, self._on_entry),
            (self._outbox.reachability_changed, self._on_reachability),
            (self._outbox.open_failed, self._on_open_failed),
        ):
            signal.disconnect(slot)
        self._window.statusBar().removeWidget(self.label)
        self.label.deleteLater()
        if self.dialog is not None:
            self.dialog.close()
        self._banner.clear_source(BannerSource.OFFLINE)
        self._banner.clear_source(BannerSource.DELIVERY)

    @property
    def counts(self) -> OutboxCounts:
        """The counts last shown."""
        return self._counts

    @property
    def opening(self) -> bool:
        """True while the status bar still says the outbox is opening."""
        return self.label.text() == OUTBOX_OPENING

    @property
    def offline(self) -> bool:
        """True while deliveries cannot reach the service."""
        return self._offline

    # --- what delivery reports ---------------------------------------------------------

    def _label_text(self) -> str:
        if not self._counted:
            return OUTBOX_OPENING
        return outbox_label(self._counts, self._offline)

    def _on_counts(self, counts: OutboxCounts) -> None:
        self._counts = counts
        self._counted = True
        self.label.setText(self._label_text())
        if self._offline:
            self._show_offline()
        if counts.problems == 0 and self._outbox.counts_settled:
            # Only counts read after every change: an older read must not take
            # away the banner of a conflict reported meanwhile.
            self._banner.clear_source(BannerSource.DELIVERY)

    def _on_reachability(self, reachable: bool, error: Exception | None) -> None:
        self._offline = not reachable
        self._offline_error = error
        self.label.setText(self._label_text())
        if reachable:
            self._banner.clear_source(BannerSource.OFFLINE)
        else:
            self._show_offline()

    def _show_offline(self) -> None:
        self._banner.show_message(
            offline_sentence(self._offline_error, self._counts.waiting),
            BannerKind.WARNING,
            self._outbox.retry_now,
            BannerSource.OFFLINE,
            action="Try now",
        )

    def _on_entry(self, entry: OutboxEntry) -> None:
        if entry.state is OutboxState.DELIVERED and entry.result is not None:
            self._window.statusBar().showMessage(delivered_sentence(entry.result), 10_000)
            self.recorded.emit(entry.result)
            return
        if entry.state in (OutboxState.CONFLICT, OutboxState.REJECTED):
            me = self._connection.moderator.username
            self._banner.show_message(
                problem_sentence(entry, me),
                BannerKind.WARNING if entry.state is OutboxState.CONFLICT else BannerKind.ERROR,
                self.show_problems,
                BannerSource.DELIVERY,
                action="Review",
            )
            self._refresh_dialog()

    def _on_open_failed(self, message: str) -> None:
        if not self._counted:
            self.label.setText(OUTBOX_NOT_OPEN)
        self._banner.show_message(message, BannerKind.ERROR)

    # --- the problems dialog -----------------------------------------------------------

    def show_problems(self) -> None:
        """Open the Delivery problems dialog (Ctrl+Shift+D)."""
        if self.dialog is None:
            self.dialog = dialog = DeliveryProblemsDialog(self._window)
            dialog.correct_requested.connect(self._correct)
            dialog.note_requested.connect(self._turn_into_note)
            dialog.appeal_requested.connect(self._appeal)
            dialog.dismiss_requested.connect(
                lambda entry: self._resolve(entry, "Dismissed by the moderator.")
            )
        self._refresh_dialog()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _refresh_dialog(self) -> None:
        dialog = self.dialog
        if dialog is not None:
            self._outbox.problems(dialog.set_entries)

    def _resolve(self, entry: OutboxEntry, resolution: str) -> None:
        def done(_entry: OutboxEntry) -> None:
            if self.dialog is not None:
                self._refresh_dialog()
                self.dialog.show_message(f"Case {entry.case_id}: {resolution}")

        self._outbox.resolve(entry.id, resolution, done)

    def _correct(self, entry: OutboxEntry) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.correct_requested.emit(entry)

    def _turn_into_note(self, entry: OutboxEntry) -> None:
        text = note_text(entry)

        def post(backend: Backend) -> None:
            member_id = backend.get_case(entry.case_id).summary.member_id
            backend.add_note(member_id, text, entry.case_id)

        self._act(post, entry, "Turned into a note on the member's file.")

    def _appeal(self, entry: OutboxEntry, reason: str) -> None:
        other = entry.result
        if other is None:
            return

        def post(backend: Backend) -> None:
            backend.file_appeal(
                entry.case_id, other.id, entry.decision, reason, f"appeal-{entry.idempotency_key}"
            )

        self._act(post, entry, "Appealed: a senior moderator will review it.")

    def _act(self, post: Callable[[Backend], None], entry: OutboxEntry, resolution: str) -> None:
        """Run ``post`` with the current backend; a 401 of a replaced session sends it again."""
        backend = self._connection.backend

        def failed(error: Exception) -> None:
            again = lambda: self._act(post, entry, resolution)  # noqa: E731
            if self._connection.check_error(error, again) is Refusal.STALE:
                return
            if self.dialog is not None:
                self.dialog.show_message(
                    f"Case {entry.case_id}: that did not work. {describe_error(error)} "
                    "Nothing was lost; try again."
                )

        self._runner.run(
            lambda: post(backend), lambda _none: self._resolve(entry, resolution), failed
        )
