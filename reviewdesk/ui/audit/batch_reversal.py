"""The desk's "Reverse a batch…" command: find the batch, confirm once, send, show the result.

The batch is the one of the log entry selected in the audit window, or the
id the senior types. A worker reads the batch's decisions from the log (how
many, which outcomes, already reversed or not); one confirmation names the
batch id, the count and the outcome and asks for a reason; the reversal is
sent on a worker with an idempotency key made once per confirmation, so
"Try again" after a lost answer resends the same key and the service
answers with the reversal it recorded first instead of doubling it.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from reviewdesk.api.models import BatchReversalOut
from reviewdesk.backends.base import Backend, LogFilter
from reviewdesk.backends.errors import (
    BackendError,
    Forbidden,
    MalformedResponse,
    ServiceUnavailable,
)
from reviewdesk.domain.audit_enums import LogEntryKind, LogSort
from reviewdesk.domain.enums import Outcome
from reviewdesk.ui.audit.reversal_dialog import BatchReversalDialog, decisions_phrase
from reviewdesk.ui.connection import Connection, Refusal
from reviewdesk.ui.tasks import TaskRunner

REVERSAL_SCOPE = "batch-reversal"
#: Log entries read per request while counting a batch.
PREVIEW_PAGE = 500
#: Longest batch id the service takes.
MAX_BATCH_ID = 100


@dataclass(frozen=True)
class BatchPreview:
    """What a batch holds, read from the decision log before asking to reverse it."""

    batch_id: str
    count: int = 0
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    moderators: tuple[str, ...] = ()
    reversed: bool = False


@dataclass(frozen=True)
class PendingReversal:
    """A confirmed reversal: sent (and resent after a lost answer) under one key."""

    batch_id: str
    reason: str
    idempotency_key: str


def fetch_batch_preview(backend: Backend, batch_id: str) -> BatchPreview:
    """The batch's decisions as the log holds them (blocks: run it on a worker)."""
    wanted = LogFilter(batch_ids=(batch_id,), kinds=(LogEntryKind.DECISION,), sort=LogSort.OLDEST)
    outcomes: Counter[Outcome] = Counter()
    moderators: list[str] = []
    reversed_any = False
    cursor: str | None = None
    while True:
        page = backend.list_log(wanted, cursor, PREVIEW_PAGE)
        for entry in page.items:
            outcomes[entry.record.outcome] += 1
            name = entry.context.actor.display_name
            if name not in moderators:
                moderators.append(name)
            reversed_any = reversed_any or entry.context.reversed
        cursor = page.next_cursor
        if cursor is None or not page.items:
            break
    return BatchPreview(batch_id, sum(outcomes.values()), outcomes, tuple(moderators), reversed_any)


def reversal_summary(result: BatchReversalOut) -> str:
    """What the service did, in two sentences."""
    reopened = result.reopened_case_ids
    cases = (
        "No case was reopened (each had moved on since)."
        if not reopened
        else f"{len(reopened)} case{'s' if len(reopened) != 1 else ''} reopened: "
        + ", ".join(reopened[:20])
        + (" …" if len(reopened) > 20 else "")
        + "."
    )
    return (
        f"Batch {result.batch_id}: {decisions_phrase(len(result.decisions))} reversed by "
        f"{result.reversed_by.display_name}. {cases}"
    )


def failure_text(error: Exception) -> tuple[str, bool]:
    """A sentence about a failed reversal, and whether sending it again may help."""
    if isinstance(error, Forbidden):
        return f"{error} Reversing a batch is for senior moderators and admins.", False
    if isinstance(error, ServiceUnavailable | MalformedResponse):
        return (
            f"{error} The answer may have been lost on the way. Try again: the service "
            "recognises the same reversal and never reverses a batch twice.",
            True,
        )
    if isinstance(error, BackendError):
        return str(error), False
    return f"The reversal failed: {error}", False


class BatchReversalDesk(QObject):
    """Runs the "Reverse a batch…" command for the signed-in senior."""

    #: A reversal was recorded (BatchReversalOut); the log should show its entries.
    reversed = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._connection: Connection | None = None
        self.dialog: BatchReversalDialog | None = None
        self.ask_box: QInputDialog | None = None
        self.message_box: QMessageBox | None = None
        self.pending: PendingReversal | None = None
        self.last_result: BatchReversalOut | None = None

    def attach(self, connection: Connection) -> None:
        """A moderator signed in."""
        self._connection = connection

    def detach(self) -> None:
        """Signed out: nothing in flight is shown, nothing kept."""
        self._connection = None
        self._runner.invalidate(REVERSAL_SCOPE)
        self.pending = None
        for widget in (self.dialog, self.ask_box, self.message_box):
            if widget is not None:
                widget.close()
        self.dialog = self.ask_box = self.message_box = None

    def start(self, parent: QWidget, batch_id: str | None) -> None:
        """Reverse ``batch_id``, or ask which batch when None."""
        if self._connection is None or self.dialog is not None:
            return
        if batch_id:
            self._preview(parent, batch_id)
            return
        ask = QInputDialog(parent)
        ask.setWindowTitle("Reverse a batch")
        ask.setLabelText("Batch id (shown in the log's Batch column):")
        ask.setTextEchoMode(QLineEdit.EchoMode.Normal)
        ask.setAccessibleName("Batch id")
        self.ask_box = ask

        def chosen(text: str) -> None:
            self.ask_box = None
            ask.deleteLater()
            if text.strip():
                self._preview(parent, text.strip()[:MAX_BATCH_ID])

        ask.textValueSelected.connect(chosen)
        ask.rejected.connect(lambda: setattr(self, "ask_box", None))
        ask.open()

    def _preview(self, parent: QWidget, batch_id: str) -> None:
        connection = self._connection
        if connection is None:
            return
        backend = connection.backend
        self._runner.run(
            lambda: fetch_batch_preview(backend, batch_id),
            lambda preview: self._confirm(parent, preview),
            lambda error: self._on_preview_failed(parent, batch_id, error),
            scope=REVERSAL_SCOPE,
        )

    def _on_preview_failed(self, parent: QWidget, batch_id: str, error: Exception) -> None:
        if self._refusal(error, lambda: self._preview(parent, batch_id)) is Refusal.STALE:
            return  # read again with the new session
        self._tell(parent, "Reverse a batch", failure_text(error)[0])

    def _confirm(self, parent: QWidget, preview: BatchPreview) -> None:
        if preview.count == 0:
            self._tell(
                parent,
                "Reverse a batch",
                f"No decision in the log belongs to batch {preview.batch_id}.",
            )
            return
        if preview.reversed:
            self._tell(parent, "Reverse a batch", f"Batch {preview.batch_id} was reversed already.")
            return
        dialog = BatchReversalDialog(
            preview.batch_id,
            preview.count,
            preview.outcomes,
            ", ".join(preview.moderators) or "unknown moderators",
            parent,
        )
        self.dialog = dialog
        dialog.finished.connect(lambda result: self._on_dialog_finished(dialog, parent, result))
        dialog.open()
        dialog.reason_edit.setFocus()

    def _on_dialog_finished(
        self, dialog: BatchReversalDialog, parent: QWidget, result: int
    ) -> None:
        self.dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        self.pending = PendingReversal(dialog.batch_id, dialog.reason(), uuid.uuid4().hex)
        self.send(parent)

    def send(self, parent: QWidget) -> None:
        """Send the pending reversal (again, under the same key, after a lost answer)."""
        connection, pending = self._connection, self.pending
        if connection is None or pending is None:
            return
        backend = connection.backend
        self._runner.run(
            lambda: backend.reverse_batch(
                pending.batch_id, pending.reason, pending.idempotency_key
            ),
            lambda result: self._on_reversed(parent, result),
            lambda error: self._on_failed(parent, error),
            scope=REVERSAL_SCOPE,
        )

    def _on_reversed(self, parent: QWidget, result: BatchReversalOut) -> None:
        self.pending = None
        self.last_result = result
        self.reversed.emit(result)
        self._tell(parent, "Batch reversed", reversal_summary(result))

    def _on_failed(self, parent: QWidget, error: Exception) -> None:
        # Refused as stale: sent again under the same key (never reversed twice).
        if self._refusal(error, lambda: self.send(parent)) is Refusal.STALE:
            return
        text, retry = failure_text(error)
        if not retry:
            self.pending = None
        box = self._tell(parent, "Batch not reversed", text, retry=retry)
        if retry:
            box.accepted.connect(lambda: self.send(parent))

    def _refusal(self, error: Exception, retry: Callable[[], None]) -> Refusal:
        connection = self._connection
        return connection.check_error(error, retry) if connection is not None else Refusal.NONE

    def _tell(self, parent: QWidget, title: str, text: str, retry: bool = False) -> QMessageBox:
        if self.message_box is not None:
            self.message_box.close()
        box = QMessageBox(parent)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setIcon(QMessageBox.Icon.Warning if retry else QMessageBox.Icon.Information)
        if retry:
            box.setStandardButtons(
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel
            )
            box.button(QMessageBox.StandardButton.Retry).setText("Try again")
        else:
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda: self._forget_box(box))
        self.message_box = box
        box.open()
        return box

    def _forget_box(self, box: QMessageBox) -> None:
        if self.message_box is box:
            self.message_box = None
