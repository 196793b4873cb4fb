"""Rebinding keys: a recorded key works at once, the old one stops, conflicts are refused,
and the change survives into a new window through the desk settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from reviewdesk.ui.cheat_sheet import CommandTableModel
from reviewdesk.ui.commands import GROUPS, CommandRegistry
from reviewdesk.ui.keymap import DEFAULT_KEYMAP, resolve_keymap
from reviewdesk.ui.keys_dialog import CHANGED_MARK, KeysDialog, check_binding, overrides_of
from reviewdesk.ui.settings import DeskSettings, open_settings
from reviewdesk.ui.typing_guard import install_typing_guard


class KeysHost(QWidget):
    """A window whose commands record that they ran, with a button bound to one."""

    def __init__(self, settings: DeskSettings) -> None:
        super().__init__()
        keymap, problems = resolve_keymap(settings.key_overrides())
        assert problems == []
        self.registry = CommandRegistry(self, keymap)
        self.fired: list[str] = []
        for spec in self.registry.commands():
            self.registry.on(spec.id, lambda command_id=spec.id: self.fired.append(command_id))
        self.button = QPushButton()
        self.registry.bind_button(self.button, "case.next")
        QVBoxLayout(self).addWidget(self.button)
        self.dialog = KeysDialog(self.registry, settings, self)


def show(qtbot: QtBot, window: QWidget) -> None:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


@pytest.fixture
def host(qtbot: QtBot, desk_settings: DeskSettings) -> KeysHost:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_typing_guard(app)
    window = KeysHost(desk_settings)
    show(qtbot, window)
    return window


def press_in_window(qtbot: QtBot, host: KeysHost, key: Qt.Key) -> None:
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow, timeout=3000)
    host.button.setFocus()
    qtbot.keyClick(host.button, key)


def record(qtbot: QtBot, host: KeysHost, command_id: str, key: Qt.Key) -> None:
    """Choose the command by searching for it, and press ``key`` in the key field."""
    dialog = host.dialog
    title = host.registry.spec(command_id).title
    dialog.search.setText(title)
    assert dialog.chosen_command() == command_id
    dialog.key_edit.setFocus()
    qtbot.keyClick(dialog.key_edit, key)


def test_a_recorded_key_replaces_the_old_one_at_once_and_is_saved(
    qtbot: QtBot, host: KeysHost, desk_settings: DeskSettings, tmp_path: Path
) -> None:
    dialog = host.dialog
    show(qtbot, dialog)
    record(qtbot, host, "case.next", Qt.Key.Key_L)
    assert dialog.recorded_key() == "L"
    assert host.fired == [], "a key pressed in the key field records, it does not run"
    qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "“Next case” now answers to L."
    assert host.registry.keys("case.next") == ("L",)
    assert dialog.model.index(0, 1).data() == "L" + CHANGED_MARK
    assert host.button.text() == "L  Next case"

    press_in_window(qtbot, host, Qt.Key.Key_L)
    press_in_window(qtbot, host, Qt.Key.Key_J)
    press_in_window(qtbot, host, Qt.Key.Key_Down)
    assert host.fired == ["case.next"], "L runs it; J and Down no longer do"

    # Saved as a difference from the defaults, and a new window answers to it.
    assert desk_settings.key_overrides() == {"case.next": ("L",)}
    reopened = open_settings(str(tmp_path / "desk.ini"))
    second = KeysHost(reopened)
    show(qtbot, second)
    press_in_window(qtbot, second, Qt.Key.Key_L)
    press_in_window(qtbot, second, Qt.Key.Key_J)
    assert second.fired == ["case.next"]


def test_a_key_another_command_uses_is_refused_naming_it(
    qtbot: QtBot, host: KeysHost, desk_settings: DeskSettings
) -> None:
    dialog = host.dialog
    show(qtbot, dialog)
    record(qtbot, host, "case.next", Qt.Key.Key_K)
    assert not dialog.use_recorded_key()
    assert dialog.message.text() == (
        "K is already the key of “Previous case”. Choose another key, or give "
        "“Previous case” a different key first."
    )
    assert host.registry.keys("case.next") == DEFAULT_KEYMAP["case.next"]
    assert desk_settings.key_overrides() == {}
    press_in_window(qtbot, host, Qt.Key.Key_K)
    assert host.fired == ["case.previous"]


def test_keys_can_be_swapped_by_freeing_one_first(host: KeysHost) -> None:
    registry = host.registry
    assert check_binding(registry, "case.next", ("K",)) is not None
    registry.set_keys("case.previous", ("P",))
    assert check_binding(registry, "case.next", ("K",)) is None
    registry.set_keys("case.next", ("K",))
    assert check_binding(registry, "case.previous", ("J",)) is None
    assert check_binding(registry, "case.previous", ("k",)) is not None, "case does not matter"
    assert check_binding(registry, "case.previous", ()) == (
        "Record a key first: click the key field and press the key."
    )


def test_adding_a_key_keeps_the_others_and_reset_brings_back_the_defaults(
    qtbot: QtBot, host: KeysHost, desk_settings: DeskSettings
) -> None:
    dialog = host.dialog
    show(qtbot, dialog)
    cheat_sheet = CommandTableModel(host.registry)
    record(qtbot, host, "queue.reload", Qt.Key.Key_R)
    assert dialog.add_recorded_key()
    assert host.registry.keys("queue.reload") == ("F5", "R")
    rows = {
        cheat_sheet.index(r, 1).data(): cheat_sheet.index(r, 0).data()
        for r in range(cheat_sheet.rowCount())
    }
    assert rows["Reload the queue"] == "F5, R", "the cheat sheet follows at once"
    assert desk_settings.key_overrides() == {"queue.reload": ("F5", "R")}

    assert dialog.reset_chosen()
    assert host.registry.keys("queue.reload") == ("F5",)
    assert desk_settings.key_overrides() == {}


def test_resetting_to_a_default_another_command_took_is_refused(
    qtbot: QtBot, host: KeysHost
) -> None:
    dialog = host.dialog
    registry = host.registry
    registry.set_keys("case.next", ("L",))
    registry.set_keys("case.previous", ("J",))
    assert dialog.choose("case.next")
    assert not dialog.reset_chosen()
    assert "“Previous case”" in dialog.message.text()
    dialog.reset_all()
    assert registry.keymap() == dict(DEFAULT_KEYMAP)
    assert overrides_of(registry.keymap()) == {}


def test_the_search_narrows_the_table(host: KeysHost) -> None:
    dialog = host.dialog
    groups = [dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())]
    assert len(groups) == len(host.registry.commands())
    assert groups == sorted(groups, key=list(GROUPS).index), "grouped as the menus are"
    dialog.search.setText("zoom")
    titles = [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())]
    assert titles == ["Zoom in", "Zoom out"]
    dialog.search.setText("qqqzzz")
    assert dialog.chosen_command() is None
    assert dialog.chosen.text() == "No command matches the search."
    assert dialog.choose("app.quit")
    assert dialog.search.text() == ""
