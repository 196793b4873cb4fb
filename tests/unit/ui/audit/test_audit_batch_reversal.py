"""The desk's batch reversal: one confirmation naming the batch, a required reason, one key."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime

from desk_log_samples import MODERATOR, chained_log
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import BatchReversalOut, DecisionOut, LogPage, ModeratorOut
from reviewdesk.backends.base import LogFilter
from reviewdesk.backends.errors import Forbidden, Unreachable
from reviewdesk.domain.audit_enums import LogEntryKind
from reviewdesk.domain.enums import Outcome, Role
from reviewdesk.ui.audit.batch_reversal import BatchReversalDesk, fetch_batch_preview
from reviewdesk.ui.audit.log_model import batch_text, entry_text
from reviewdesk.ui.audit.reversal_dialog import reversal_question
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.tasks import TaskRunner

BATCH = "0f5c2a9e-1b7d-4c3e-9a51-6d2f8e4b7c10"
SENIOR = ModeratorOut(id="2", username="sam", display_name="Sam Senior", role=Role.SENIOR)
WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class BatchBackend:
    """The log holds three decisions of one batch; the first reversal's answer can be lost."""

    def __init__(self, lose_first_answer: bool = False, refuse: bool = False) -> None:
        self.moderator = SENIOR
        self.lose_first_answer = lose_first_answer
        self.refuse = refuse
        self.filters: list[LogFilter] = []
        self.calls: list[tuple[str, str, str | None]] = []
        self.recorded: dict[str, BatchReversalOut] = {}
        self._lock = threading.Lock()

    def list_log(self, log_filter: LogFilter, cursor: str | None, limit: int) -> LogPage:
        self.filters.append(log_filter)
        entries = [
            entry.model_copy(
                update={"context": entry.context.model_copy(update={"batch_id": BATCH})}
            )
            for entry in chained_log(3)
        ]
        return LogPage(items=entries)

    def reverse_batch(
        self, batch_id: str, reason: str, idempotency_key: str | None = None
    ) -> BatchReversalOut:
        with self._lock:
            self.calls.append((batch_id, reason, idempotency_key))
            if self.refuse:
                raise Forbidden("You are not allowed to reverse the batch.")
            assert idempotency_key is not None
            result = self.recorded.setdefault(
                idempotency_key,
                BatchReversalOut(
                    id="9",
                    batch_id=batch_id,
                    reversed_by=SENIOR,
                    reversed_at=WHEN,
                    reason=reason,
                    decisions=[
                        DecisionOut(
                            id=str(101 + n),
                            case_id=str(201 + n),
                            moderator=MODERATOR,
                            outcome=Outcome.WARN,
                            clause_ids=[],
                            decided_at=WHEN,
                            idempotency_key=f"k{n}",
                            batch_id=batch_id,
                            reversal_id="9",
                        )
                        for n in range(3)
                    ],
                    reopened_case_ids=["201", "203"],
                ),
            )
            if self.lose_first_answer and len(self.calls) == 1:
                raise Unreachable("Could not reverse the batch: the connection broke.")
            return result


def flow(
    qtbot: QtBot, runner: TaskRunner, backend: BatchBackend
) -> tuple[BatchReversalDesk, QWidget]:
    parent = QWidget()
    qtbot.addWidget(parent)
    desk = BatchReversalDesk(runner)
    desk.attach(Connection(backend, "http://127.0.0.1:1"))  # type: ignore[arg-type]
    return desk, parent


def test_the_preview_reads_the_batch_decisions_from_the_log() -> None:
    backend = BatchBackend()
    preview = fetch_batch_preview(backend, BATCH)  # type: ignore[arg-type]
    assert backend.filters[0].batch_ids == (BATCH,)
    assert backend.filters[0].kinds == (LogEntryKind.DECISION,)
    assert preview.count == 3
    assert preview.outcomes == Counter({Outcome.WARN: 2, Outcome.NO_VIOLATION: 1})
    assert preview.moderators == (MODERATOR.display_name,)


def test_the_question_names_the_batch_the_count_and_the_outcome() -> None:
    assert reversal_question(BATCH, 37, Counter({Outcome.WARN: 37})) == (
        f"Reverse batch {BATCH}? This undoes 37 decisions (Warn)."
    )
    mixed = reversal_question("b-1", 3, Counter({Outcome.WARN: 2, Outcome.NO_VIOLATION: 1}))
    assert mixed == "Reverse batch b-1? This undoes 3 decisions (Warn ×2, No violation ×1)."


def test_no_reason_no_reversal_and_escape_sends_nothing(qtbot: QtBot, runner: TaskRunner) -> None:
    backend = BatchBackend()
    desk, parent = flow(qtbot, runner, backend)
    desk.start(parent, BATCH)
    qtbot.waitUntil(lambda: desk.dialog is not None)
    dialog = desk.dialog
    assert dialog is not None
    assert BATCH in dialog.question_label.text()
    assert dialog.question_label.textFormat() is Qt.TextFormat.PlainText
    assert not dialog.confirm_button.isEnabled()
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: desk.dialog is None)
    assert backend.calls == []


def test_a_lost_answer_is_retried_under_the_same_key_and_the_result_shown(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    backend = BatchBackend(lose_first_answer=True)
    desk, parent = flow(qtbot, runner, backend)
    desk.start(parent, BATCH)
    qtbot.waitUntil(lambda: desk.dialog is not None)
    dialog = desk.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason_edit, "The wave was a real announcement.")
    assert dialog.confirm_button.isEnabled()
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.message_box is not None and len(backend.calls) == 1)
    box = desk.message_box
    assert box is not None
    assert "Try again" in [button.text() for button in box.buttons()]
    with qtbot.waitSignal(desk.reversed, timeout=5000) as reversed_signal:
        box.button(QMessageBox.StandardButton.Retry).click()
    assert len(backend.calls) == 2
    assert backend.calls[0] == backend.calls[1]
    assert backend.calls[0][:2] == (BATCH, "The wave was a real announcement.")
    assert len(backend.recorded) == 1
    result = reversed_signal.args[0]
    assert isinstance(result, BatchReversalOut)
    qtbot.waitUntil(lambda: desk.message_box is not None and desk.message_box is not box)
    shown = desk.message_box
    assert shown is not None
    assert "3 decisions reversed by Sam Senior" in shown.text()
    assert "2 cases reopened: 201, 203" in shown.text()
    assert desk.pending is None


def test_a_refusal_is_shown_and_not_offered_again(qtbot: QtBot, runner: TaskRunner) -> None:
    backend = BatchBackend(refuse=True)
    desk, parent = flow(qtbot, runner, backend)
    desk.start(parent, BATCH)
    qtbot.waitUntil(lambda: desk.dialog is not None)
    dialog = desk.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason_edit, "Undo it.")
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: desk.message_box is not None)
    box = desk.message_box
    assert box is not None
    assert "not allowed" in box.text()
    assert "Try again" not in [button.text() for button in box.buttons()]
    assert desk.pending is None


def test_the_log_table_shows_batches_and_reversed_decisions() -> None:
    entry = chained_log(1)[0]
    assert batch_text(entry) == "–"
    in_batch = entry.model_copy(
        update={"context": entry.context.model_copy(update={"batch_id": BATCH, "reversed": True})}
    )
    assert batch_text(in_batch) == "0f5c2a9e…"
    assert entry_text(in_batch) == "Decision (reversed)"
    assert entry_text(entry) == "Decision"
