"""The command registry, the keymap, the typing guard and the cheat sheet."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from reviewdesk.domain.enums import Outcome
from reviewdesk.ui.cheat_sheet import CheatSheetDialog
from reviewdesk.ui.commands import COMMANDS, GROUPS, CommandRegistry, key_text
from reviewdesk.ui.keymap import (
    DEFAULT_KEYMAP,
    OUTCOME_KEYS,
    duplicate_keys,
    key_conflict,
    outcome_command_id,
    resolve_keymap,
)
from reviewdesk.ui.typing_guard import install_typing_guard


class Host(QWidget):
    """A window with a registry, a line edit, a note, a spin box and a button."""

    def __init__(self) -> None:
        super().__init__()
        self.registry = CommandRegistry(self)
        self.fired: list[str] = []
        for spec in self.registry.commands():
            self.registry.on(spec.id, lambda command_id=spec.id: self.fired.append(command_id))
        self.line = QLineEdit()
        self.note = QPlainTextEdit()
        self.days = QSpinBox()
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.button = QPushButton("Anything")
        layout = QVBoxLayout(self)
        for widget in (self.line, self.note, self.days, self.combo, self.button):
            layout.addWidget(widget)


@pytest.fixture
def host(qtbot: QtBot) -> Host:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_typing_guard(app)
    window = Host()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)  # shortcuts need the active window
    return window


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


def test_every_command_has_a_title_a_group_and_keys() -> None:
    for spec in COMMANDS:
        assert spec.title.strip(), spec.id
        assert spec.group in GROUPS, spec.id
        keys = DEFAULT_KEYMAP[spec.id]
        assert keys, f"{spec.id} has no key"
        assert all(not QKeySequence(k).isEmpty() for k in keys), spec.id
    assert set(DEFAULT_KEYMAP) == {spec.id for spec in COMMANDS}
    assert len({spec.id for spec in COMMANDS}) == len(COMMANDS)


def test_no_key_is_bound_twice() -> None:
    assert duplicate_keys(DEFAULT_KEYMAP) == {}
    sequences = [QKeySequence(k).toString() for keys in DEFAULT_KEYMAP.values() for k in keys]
    assert len(sequences) == len(set(sequences))


def test_outcome_keys_are_one_to_eight_in_outcome_order() -> None:
    assert [OUTCOME_KEYS[o] for o in Outcome] == [str(n) for n in range(1, 9)]
    assert all(DEFAULT_KEYMAP[outcome_command_id(o)] == (OUTCOME_KEYS[o],) for o in Outcome)


def test_overrides_replace_keys_but_never_steal_one() -> None:
    keymap, problems = resolve_keymap(
        {"case.previous": ("J",), "nope": ("X",), "queue.reload": ("F",), "app.quit": ()}
    )
    assert keymap["case.previous"] == DEFAULT_KEYMAP["case.previous"]
    assert keymap["queue.reload"] == DEFAULT_KEYMAP["queue.reload"]
    assert keymap["app.quit"] == DEFAULT_KEYMAP["app.quit"]
    assert sorted(problems) == sorted(
        [
            "The key J for 'case.previous' is already used by 'case.next'; the default keys stay.",
            "There is no command 'nope' to bind keys to.",
            "The key F for 'queue.reload' is already used by 'evidence.fit'; "
            "the default keys stay.",
            "No key was given for 'app.quit'; the default keys stay.",
        ]
    )
    assert duplicate_keys(keymap) == {}


def test_overrides_may_swap_keys_whatever_order_they_are_stored_in() -> None:
    swap = {"case.previous": ("J",), "case.next": ("K",)}
    for overrides in (swap, dict(reversed(swap.items()))):
        keymap, problems = resolve_keymap(overrides)
        assert problems == []
        assert keymap["case.next"] == ("K",)
        assert keymap["case.previous"] == ("J",)
        assert duplicate_keys(keymap) == {}


def test_of_two_overrides_taking_one_key_the_first_stored_wins() -> None:
    keymap, problems = resolve_keymap({"case.next": ("L",), "case.previous": ("l",)})
    assert keymap["case.next"] == ("L",)
    assert keymap["case.previous"] == DEFAULT_KEYMAP["case.previous"]
    assert problems == [
        "The key l for 'case.previous' is already used by 'case.next'; the default keys stay."
    ]


def test_key_conflict_names_the_command_holding_the_key() -> None:
    assert key_conflict(DEFAULT_KEYMAP, "case.next", ("L", "ctrl+q")) == ("ctrl+q", "app.quit")
    assert key_conflict(DEFAULT_KEYMAP, "case.next", ("J", "L")) is None


def test_single_key_fires_outside_text_fields(qtbot: QtBot, host: Host) -> None:
    focus(qtbot, host.button)
    qtbot.keyClick(host.button, Qt.Key.Key_J)
    qtbot.keyClick(host.button, Qt.Key.Key_3)
    qtbot.keyClick(host.button, "?")
    assert host.fired == ["case.next", outcome_command_id(Outcome.WARN), "help.cheat_sheet"]


@pytest.mark.parametrize("field", ["line", "note", "combo"])
def test_single_keys_type_into_text_fields_instead_of_firing(
    qtbot: QtBot, host: Host, field: str
) -> None:
    widget = getattr(host, field)
    focus(qtbot, widget)
    qtbot.keyClicks(widget, "jk1e?/")
    qtbot.keyClick(widget, Qt.Key.Key_Down)
    qtbot.keyClick(widget, Qt.Key.Key_Up)
    text = {
        "line": host.line.text,
        "note": host.note.toPlainText,
        "combo": host.combo.currentText,
    }[field]()
    assert text == "jk1e?/"
    assert host.fired == []


def test_digits_edit_a_spin_box_instead_of_choosing_an_outcome(qtbot: QtBot, host: Host) -> None:
    focus(qtbot, host.days)
    host.days.lineEdit().selectAll()
    qtbot.keyClicks(host.days, "14")
    assert host.days.value() == 14
    qtbot.keyClick(host.days, Qt.Key.Key_Up)
    assert host.days.value() == 15
    assert host.fired == []


def test_ctrl_return_and_function_keys_still_fire_from_a_text_field(
    qtbot: QtBot, host: Host
) -> None:
    focus(qtbot, host.note)
    qtbot.keyClick(host.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(host.note, Qt.Key.Key_F5)
    assert host.fired == ["decision.submit", "queue.reload"]
    assert host.note.toPlainText() == ""


def test_read_only_text_does_not_swallow_shortcuts(qtbot: QtBot, host: Host) -> None:
    host.note.setReadOnly(True)
    focus(qtbot, host.note)
    qtbot.keyClick(host.note, Qt.Key.Key_K)
    assert host.fired == ["case.previous"]


def test_bound_button_shows_key_and_runs_its_command(qtbot: QtBot, host: Host) -> None:
    host.registry.bind_button(host.button, "queue.reload")
    assert host.button.text() == "F5  Reload the queue"
    assert "F5" in host.button.toolTip()
    qtbot.mouseClick(host.button, Qt.MouseButton.LeftButton)
    assert host.fired == ["queue.reload"]
    host.registry.set_enabled("queue.reload", False)
    assert not host.button.isEnabled()


def test_cheat_sheet_lists_every_command_with_its_keys(
    qtbot: QtBot, host: Host, qtmodeltester: object
) -> None:
    dialog = CheatSheetDialog(host.registry, host)
    qtbot.addWidget(dialog)
    model = dialog.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    rows = {(model.index(r, 1).data(), model.index(r, 0).data()) for r in range(model.rowCount())}
    expected = {
        (spec.title, key_text(DEFAULT_KEYMAP[spec.id])) for spec in COMMANDS if not spec.roles
    }
    assert rows == expected
    assert (
        "Submit the decision and open the next case",
        key_text(("Ctrl+Return", "Ctrl+Enter")),
    ) in rows
