"""The main window's keyboard commands over an in-memory service: single keys never fire in
a text field, skip gives the claim back, claim takes it, the palette opens cases, the menus
and the toolbar come from the registry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QToolBar, QWidget
from pytestqt.qtbot import QtBot
from shell_fakes import AGENT, FakeBackend
from shell_harness import Harness, opened_desk

from reviewdesk.ui.command_menus import mnemonic_titles
from reviewdesk.ui.commands import GROUPS, TOOLBAR_COMMANDS
from reviewdesk.ui.keyboard_desk import NO_CASE_AFTER_SKIP
from reviewdesk.ui.tasks import TaskRunner

_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    with opened_desk(qtbot, runner, FakeBackend(case_count=8)) as opened:
        yield opened


def single_keys(harness: Harness) -> list[tuple[str, str, Qt.Key, Qt.KeyboardModifier]]:
    """(command id, key text, key, modifiers) of every key without Ctrl, Alt or Meta.

    Function keys are left out: F5 reloads the queue from a text field too, on purpose.
    """
    found = []
    for spec in harness.window.registry.commands():
        for text in harness.window.registry.keys(spec.id):
            combination = QKeySequence(text)[0]
            modifiers = combination.keyboardModifiers()
            function_key = Qt.Key.Key_F1.value <= combination.key().value <= Qt.Key.Key_F35.value
            if not modifiers & _COMMAND_MODIFIERS and not function_key:
                found.append((spec.id, text, combination.key(), modifiers))
    return found


def record_triggers(harness: Harness) -> list[str]:
    fired: list[str] = []
    registry = harness.window.registry
    for spec in registry.commands():
        registry.action(spec.id).triggered.connect(
            lambda _checked=False, command_id=spec.id: fired.append(command_id)
        )
    return fired


def type_every_single_key(qtbot: QtBot, field: QWidget, harness: Harness) -> None:
    for _command_id, _text, key, modifiers in single_keys(harness):
        assert field.hasFocus()
        qtbot.keyClick(field, key, modifiers)


def test_no_single_key_command_fires_in_the_note_the_search_or_the_palette(
    desk: Harness, qtbot: QtBot
) -> None:
    window = desk.window
    desk.wait_case("case-000")
    keys = single_keys(desk)
    ids = {command_id for command_id, *_ in keys}
    # Every kind of single-key command is covered, the new ones too.
    assert {
        "case.next",
        "case.skip",
        "case.claim",
        "decision.focus_note",
        "help.cheat_sheet",
    } <= ids
    assert len(keys) >= 30
    fired = record_triggers(desk)

    note = window.decision_panel.note_edit
    desk.press(Qt.Key.Key_N)
    qtbot.waitUntil(note.hasFocus, timeout=3000)
    fired.clear()
    type_every_single_key(qtbot, note, desk)
    assert fired == []
    assert "jk" in note.toPlainText().lower()
    assert window.case_view.case_id() == "case-000"

    desk.press(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.keyboard.palette
    assert palette is not None
    qtbot.waitUntil(lambda: palette.isVisible() and palette.search.hasFocus(), timeout=3000)
    fired.clear()
    type_every_single_key(qtbot, palette.search, desk)
    assert fired == []
    assert palette.isVisible()
    qtbot.keyClick(palette.search, Qt.Key.Key_Escape)
    assert not palette.isVisible()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.queue_panel.focus_filter()
    search = window.queue_panel.text_edit
    qtbot.waitUntil(search.hasFocus, timeout=3000)
    type_every_single_key(qtbot, search, desk)
    assert fired == []
    assert search.text().lower().startswith("jk")
    # Empty the search again and let the queue reload before moving on.
    qtbot.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(search, Qt.Key.Key_Delete)
    assert search.text() == ""
    assert desk.window.queue_loader is not None
    with qtbot.waitSignal(desk.window.queue_loader.reloaded, timeout=5000):
        qtbot.keyClick(search, Qt.Key.Key_Return)
    desk.wait_case("case-000")

    # The same keys are commands again outside text fields.
    window.queue_panel.table.setFocus()
    qtbot.waitUntil(window.queue_panel.table.hasFocus, timeout=3000)
    desk.press("]")
    desk.press(Qt.Key.Key_3)
    assert fired == ["evidence.next", "outcome.warn"]


def test_skip_gives_the_claim_back_and_moves_on_leaving_the_case_queued(
    desk: Harness, qtbot: QtBot
) -> None:
    window = desk.window
    desk.wait_case("case-000")
    assert desk.backend.claims == {"case-000": AGENT.username}
    desk.press(Qt.Key.Key_S)
    desk.wait_case("case-001")
    qtbot.waitUntil(lambda: desk.backend.released == ["case-000"], timeout=5000)
    assert "case-000" not in desk.backend.claims
    assert window.queue_model.row_of("case-000") == 0, "skipped, not removed"
    assert window.statusBar().currentMessage() == (
        "Skipped case case-000: it stays in the queue for others."
    )


def test_skipping_the_last_case_wraps_round_to_the_first(qtbot: QtBot, runner: TaskRunner) -> None:
    with opened_desk(qtbot, runner, FakeBackend(case_count=2)) as desk:
        desk.wait_case("case-000")
        desk.press(Qt.Key.Key_J)
        desk.wait_case("case-001")
        desk.press(Qt.Key.Key_S)
        desk.wait_case("case-000")
        qtbot.waitUntil(lambda: "case-001" in desk.backend.released, timeout=5000)


def test_skipping_the_only_case_shows_none_and_gives_the_claim_back(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    with opened_desk(qtbot, runner, FakeBackend(case_count=1)) as desk:
        window = desk.window
        desk.wait_case("case-000")
        desk.press(Qt.Key.Key_S)
        qtbot.waitUntil(lambda: window.case_view.case_id() is None, timeout=5000)
        qtbot.waitUntil(lambda: desk.backend.released == ["case-000"], timeout=5000)
        assert window.decision_panel.result_label.text() == NO_CASE_AFTER_SKIP
        assert not window.registry.action("case.skip").isEnabled()
        assert window.queue_model.row_of("case-000") == 0


def test_claim_takes_a_case_once_whoever_held_it_let_go(desk: Harness, qtbot: QtBot) -> None:
    window = desk.window
    desk.backend.claimed_by_other.add("case-001")
    desk.wait_case("case-000")
    desk.press(Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.decision_panel.locked_reason != "", timeout=5000)
    assert "case-001" not in desk.backend.claims
    # The refusal can come before the case itself (not read ahead yet, on a busy
    # machine): the case's commands, claim among them, are on once it is shown.
    qtbot.waitUntil(lambda: window.case_view.case_id() == "case-001", timeout=5000)
    assert window.registry.action("case.claim").isEnabled()

    desk.backend.claimed_by_other.discard("case-001")
    desk.press(Qt.Key.Key_C)
    qtbot.waitUntil(lambda: desk.loader.claimed_case_id == "case-001", timeout=5000)
    assert desk.backend.claims["case-001"] == AGENT.username
    qtbot.waitUntil(lambda: window.decision_panel.locked_reason == "", timeout=5000)
    assert window.queue_model.summary(1) is not None
    assert "Claimed by you" in window.queue_model.index(1, 7).data()


def test_the_palette_opens_a_case_by_its_id(desk: Harness, qtbot: QtBot) -> None:
    desk.wait_case("case-000")
    desk.press(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = desk.window.keyboard.palette
    assert palette is not None
    qtbot.waitUntil(lambda: palette.search.hasFocus(), timeout=3000)
    qtbot.keyClicks(palette.search, "case-005")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    desk.wait_case("case-005")
    qtbot.waitUntil(lambda: "case-000" in desk.backend.released, timeout=5000)


def test_while_paused_the_palette_opens_no_case_and_skip_is_off(
    desk: Harness, qtbot: QtBot
) -> None:
    window = desk.window
    desk.wait_case("case-000")
    desk.press(
        Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(window.break_bar.is_paused, timeout=3000)
    assert not window.registry.action("case.skip").isEnabled()
    assert not window.registry.action("case.claim").isEnabled()
    assert window.keyboard.open_case("case-003") == (
        "The desk is paused: resume (Ctrl+Shift+P) to open a case."
    )
    assert window.case_view.case_id() == "case-000"


def test_the_pause_page_holds_the_keyboard_and_resume_goes_back_to_the_queue(
    desk: Harness, qtbot: QtBot
) -> None:
    window = desk.window
    desk.wait_case("case-000")
    search = window.queue_panel.text_edit
    desk.press("/")
    qtbot.waitUntil(search.hasFocus, timeout=3000)
    desk.press(
        Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(window.break_bar.is_paused, timeout=3000)
    resume = window.break_bar.pause_button
    qtbot.waitUntil(resume.hasFocus, timeout=3000)  # not the hidden search field
    qtbot.keyClicks(QApplication.focusWidget(), "jk")
    assert search.text() == "", "nothing typed into the hidden cases"
    for stray in (Qt.Key.Key_Return, Qt.Key.Key_Escape):  # no accidental end of the break
        qtbot.keyClick(resume, stray)
        assert window.break_bar.is_paused()
    qtbot.keyClick(resume, Qt.Key.Key_Space)
    assert not window.break_bar.is_paused()
    qtbot.waitUntil(window.queue_panel.table.hasFocus, timeout=3000)  # keys are commands


def test_menus_and_toolbar_are_built_from_the_registry(desk: Harness) -> None:
    window = desk.window
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    assert list(menus) == list(mnemonic_titles(list(GROUPS)).values())
    listed = {
        action.objectName()
        for menu in menus.values()
        for action in menu.actions()  # type: ignore[union-attr]
    }
    assert listed == {spec.id for spec in window.registry.all_commands()}
    shown = {
        action.objectName()
        for menu_action in window.menuBar().actions()
        if menu_action.isVisible()
        for action in menu_action.menu().actions()  # type: ignore[union-attr]
        if action.isVisible()
    }
    assert shown == {spec.id for spec in window.registry.commands()}
    assert "audit.log" not in shown  # the harness signs in an agent
    toolbar = window.findChild(QToolBar, "main_commands")
    assert toolbar is not None
    assert [a.objectName() for a in toolbar.actions()] == [c for c, _ in TOOLBAR_COMMANDS]
    assert [a.iconText() for a in toolbar.actions()] == [label for _, label in TOOLBAR_COMMANDS]
    skip = window.registry.action("case.skip")
    assert skip.toolTip() == "Skip the case (give back the claim, move on) (S)"


def test_menu_mnemonics_are_all_different() -> None:
    titles = mnemonic_titles([*GROUPS, "Select", "Desk & more"])
    letters = [t[t.index("&") + 1].lower() for t in titles.values() if "&" in t.replace("&&", "")]
    assert titles["Decide"] == "&Decide"
    assert titles["Desk"] == "De&sk", "D and E are taken by Decide and Evidence"
    assert titles["Desk & more"] == "Des&k && more"
    assert len(letters) == len(set(letters)) == len(titles)
    assert QApplication.instance() is not None
