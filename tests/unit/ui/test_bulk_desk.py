"""Selection, grouping, bulk decisions and undo in the main window, by keys."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shell_fakes import FakeBackend
from shell_harness import Harness, opened_desk

from reviewdesk.domain.enums import Outcome
from reviewdesk.queue.grouping import GroupMode
from reviewdesk.store.outbox import OutboxEntry
from reviewdesk.ui.keymap import DEFAULT_KEYMAP, duplicate_keys
from reviewdesk.ui.tasks import TaskRunner

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    backend = FakeBackend(case_count=12)
    with opened_desk(qtbot, runner, backend) as opened:
        opened.outbox.set_grace_s(60.0)  # nothing leaves during the test: undo can work
        opened.wait_case("case-000")
        opened.wait_outbox_open()
        yield opened


def test_bulk_keys_are_bound_once() -> None:
    assert duplicate_keys(DEFAULT_KEYMAP) == {}
    for command in ("selection.toggle", "bulk.decide_selection", "outbox.undo"):
        assert DEFAULT_KEYMAP[command]


def test_selection_keys_and_the_count(desk: Harness) -> None:
    panel = desk.window.queue_panel
    desk.press("x")
    assert panel.selection.ids() == ["case-000"]
    assert panel.selection_label.text() == "1 selected"
    desk.press("J", SHIFT)
    desk.press("J", SHIFT)
    assert panel.selection.ids() == ["case-000", "case-001", "case-002"]
    desk.press("K", SHIFT)  # back up: the range stays ticked
    assert len(panel.selection) == 3
    desk.press("a", CTRL)
    assert panel.selection_label.text() == "12 selected"
    desk.press(Qt.Key.Key_Escape)  # in the queue, Esc clears
    assert panel.selection_label.text() == "None selected"
    desk.press("x")
    desk.press("/")  # in the search field Esc leaves the selection alone...
    desk.press(Qt.Key.Key_Escape)
    assert panel.selection_label.text() == "1 selected"
    desk.press(Qt.Key.Key_Return)  # ...and Return goes back to the queue
    desk.qtbot.waitUntil(panel.table.hasFocus, timeout=3000)
    desk.press("X", SHIFT)  # the command clears from anywhere but a text field
    assert panel.selection_label.text() == "None selected"


def test_grouping_keys_cycle_open_and_walk(desk: Harness, qtbot: QtBot) -> None:
    panel = desk.window.queue_panel
    desk.press("g")
    assert panel.group_model.mode is GroupMode.MEMBER
    qtbot.waitUntil(lambda: not panel.group_model.computing, timeout=5000)
    assert desk.window.bulk_desk.last_message.startswith("Group by member: ")
    assert panel.tree.hasFocus(), "the keys go on working in the grouped queue"
    first_group = panel.group_model.groups()[0]
    desk.press("o")
    desk.press("j")
    assert panel.current_summary().id == first_group.case_ids[0]  # type: ignore[union-attr]
    desk.press("j")
    assert panel.current_summary().id == first_group.case_ids[1]  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: desk.window.case_view.case_id() == first_group.case_ids[1])
    for _ in range(4):
        desk.press("g")
    assert panel.group_model.mode is GroupMode.NONE
    assert panel.views.currentWidget() is panel.table


def test_decide_the_selection_as_one_batch_then_take_it_back(desk: Harness, qtbot: QtBot) -> None:
    window = desk.window
    panel = window.queue_panel
    desk.press("J", SHIFT)
    desk.press("J", SHIFT)
    desk.press("J", SHIFT)
    chosen = panel.selection.ids()
    assert len(chosen) == 4
    saved: list[OutboxEntry] = []
    window.decision_saved.connect(saved.append)

    desk.press(Qt.Key.Key_Return, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.bulk_desk.dialog is not None, timeout=3000)
    dialog = window.bulk_desk.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    desk.press("3")
    assert dialog.question_label.text() == "Warn for 4 cases?"
    desk.press(Qt.Key.Key_Return)
    # Off the queue at once, then saved as one batch.
    assert all(window.queue_model.row_of(c) is None for c in chosen)
    qtbot.waitUntil(lambda: len(saved) == 4, timeout=5000)
    assert {entry.case_id for entry in saved} == set(chosen)
    assert len({entry.batch_id for entry in saved}) == 1
    assert saved[0].batch_id
    assert all(entry.decision.outcome is Outcome.WARN for entry in saved)
    assert all(entry.decision.batch_id in (None, saved[0].batch_id) for entry in saved)
    qtbot.waitUntil(lambda: window.bulk_desk.last_message.startswith("Queued: Warn for 4 cases"))
    assert panel.selection_label.text() == "None selected"
    assert window.isActiveWindow()

    desk.press("z", CTRL)
    qtbot.waitUntil(
        lambda: window.bulk_desk.last_message.startswith("Taken back: Warn for 4 cases"),
        timeout=5000,
    )
    qtbot.waitUntil(
        lambda: all(window.queue_model.row_of(c) is not None for c in chosen), timeout=5000
    )
    qtbot.waitUntil(lambda: panel.current_summary() is not None, timeout=5000)
    assert panel.current_summary().id in chosen  # type: ignore[union-attr]

    desk.press("z", CTRL)  # nothing left to take back: the desk says why
    qtbot.waitUntil(
        lambda: not window.bulk_desk.last_message.startswith("Taken back"), timeout=5000
    )
    assert window.bulk_desk.last_message


def test_cancelling_the_confirmation_decides_nothing(desk: Harness, qtbot: QtBot) -> None:
    window = desk.window
    desk.press("g")
    qtbot.waitUntil(lambda: not window.queue_panel.group_model.computing, timeout=5000)
    desk.press("G", CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.bulk_desk.dialog is not None, timeout=3000)
    dialog = window.bulk_desk.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    desk.press("2")
    desk.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.bulk_desk.dialog is None, timeout=3000)
    assert window.bulk_desk.last_message == "Nothing was decided."
    assert window.queue_model.rowCount() == 12


def test_a_group_is_not_decided_while_the_groups_are_computed(desk: Harness) -> None:
    window = desk.window
    desk.press("g")
    assert window.queue_panel.group_model.computing  # on a worker: the window keeps working
    desk.press("G", CTRL | SHIFT)
    assert window.bulk_desk.dialog is None
    assert window.bulk_desk.last_message.startswith("Still finding alike cases")


def test_the_groups_sentence_follows_the_cases_loaded_while_it_shows(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    """Grouping covers the cases loaded: as more pages come, the sentence on screen follows."""
    backend = FakeBackend(case_count=250)
    with opened_desk(qtbot, runner, backend) as desk:
        desk.wait_case("case-000")
        window = desk.window
        queue, groups = window.queue_model, window.queue_panel.group_model
        assert queue.rowCount() == 100  # the first page
        pages = backend.gates["list_cases"] = threading.Event()  # the next pages wait
        desk.press("g")
        qtbot.waitUntil(lambda: not groups.computing, timeout=5000)

        def said() -> str:
            return window.statusBar().currentMessage()

        def sentence(cases: int) -> str:
            alike = sum(1 for group in groups.groups() if group.size > 1)
            assert sum(group.size for group in groups.groups()) == cases
            return f"Group by member: {alike} groups of alike cases among the {cases} cases loaded."

        assert said() == sentence(100)
        pages.set()  # the grouped queue goes on loading
        qtbot.waitUntil(lambda: queue.rowCount() == 250 and not groups.computing, timeout=5000)
        qtbot.waitUntil(lambda: said() == sentence(250), timeout=3000)
        window.bulk_desk.say("Something else happened.")
        groups.rebuild()
        qtbot.waitUntil(lambda: not groups.computing, timeout=5000)
        assert said() == "Something else happened.", "a later sentence is not overwritten"


def test_one_decision_taken_back_comes_back_on_the_form(desk: Harness, qtbot: QtBot) -> None:
    """Ctrl+Z after a slip: the case is open again with the outcome, clause and note as sent."""
    window = desk.window
    panel = window.decision_panel
    saved: list[OutboxEntry] = []
    window.decision_saved.connect(saved.append)
    desk.press("3")  # warn
    desk.press("n")
    qtbot.keyClicks(panel.note_edit, "Second insult this week.")
    clause = panel.draft().decision.clause_ids  # type: ignore[union-attr]
    assert clause
    desk.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=5000)
    qtbot.waitUntil(lambda: panel.case_id == "case-001", timeout=5000)  # and on to the next

    desk.press("z", CTRL)
    qtbot.waitUntil(lambda: panel.case_id == "case-000", timeout=5000)
    qtbot.waitUntil(lambda: panel.outcome() is Outcome.WARN, timeout=5000)
    assert window.bulk_desk.last_message == (
        "Taken back: Warn on case case-000. Nothing was sent; your decision is on the form "
        "again, to change and send."
    )
    assert panel.note_edit.toPlainText() == "Second insult this week."
    again = panel.draft()
    assert again is not None
    assert again.decision.clause_ids == clause
    assert again.idempotency_key != saved[0].idempotency_key  # a new decision, not a resend
    qtbot.waitUntil(lambda: window.queue_panel.current_summary() is not None, timeout=5000)
    assert window.queue_panel.current_summary().id == "case-000"  # type: ignore[union-attr]
