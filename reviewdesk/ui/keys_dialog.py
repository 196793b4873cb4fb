"""The keyboard shortcuts dialog: see every command's keys, record new ones, reset them.

The moderator picks a command (a search field narrows the table), records
a key in the key field, and either replaces the command's keys with it or
adds it. A key another command uses is refused with a sentence naming that
command; nothing changes until the moderator picks a free key or rebinds
the other command first. A change applies at once to the window (its
actions, buttons, menus and cheat sheet) and is saved in the desk settings
as the difference from the default keys, read again by ``resolve_keymap``
at the next start.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.ui.command_menus import menu_groups
from reviewdesk.ui.commands import CommandRegistry, key_text
from reviewdesk.ui.fuzzy import rank
from reviewdesk.ui.keymap import DEFAULT_KEYMAP, key_conflict, resolve_keymap
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.table_model_base import AnyIndex, ReadOnlyTableModel

_HEADERS = ("Command", "Keys", "Group")
CHANGED_MARK = " (changed)"


def overrides_of(
    keymap: Mapping[str, tuple[str, ...]],
    defaults: Mapping[str, tuple[str, ...]] = DEFAULT_KEYMAP,
) -> dict[str, tuple[str, ...]]:
    """The commands whose keys differ from their defaults, with their keys."""
    return {
        command_id: keys
        for command_id, keys in keymap.items()
        if tuple(keys) != tuple(defaults.get(command_id, ()))
    }


def check_binding(
    registry: CommandRegistry,
    command_id: str,
    keys: tuple[str, ...],
    defaults: Mapping[str, tuple[str, ...]] = DEFAULT_KEYMAP,
) -> str | None:
    """Why ``command_id`` cannot take ``keys`` now (a sentence), or None when it can."""
    if not keys:
        return "Record a key first: click the key field and press the key."
    clash = key_conflict(registry.keymap(), command_id, keys)
    if clash is not None:
        key, other = clash
        shown = key_text((key,))
        known = {spec.id for spec in registry.commands()}
        title = registry.spec(other).title if other in known else other
        return (
            f"{shown} is already the key of “{title}”. Choose another key, or give "
            f"“{title}” a different key first."
        )
    wanted = {**registry.keymap(), command_id: keys}
    _keymap, problems = resolve_keymap(overrides_of(wanted, defaults), defaults)
    return problems[0] if problems else None


class KeyBindingModel(ReadOnlyTableModel):
    """One row per command (those the search matches): title, keys and group."""

    def __init__(self, registry: CommandRegistry, parent: QObject | None = None) -> None:
        super().__init__(_HEADERS, parent)
        self._registry = registry
        self._ids = self._matching("")
        registry.keys_changed.connect(self._on_keys_changed)

    def set_query(self, query: str) -> None:
        """List only the commands ``query`` matches (all, grouped as the menus, when empty)."""
        self.beginResetModel()
        self._ids = self._matching(query)
        self.endResetModel()

    def _matching(self, query: str) -> list[str]:
        specs = self._registry.commands()
        order = {group: place for place, group in enumerate(menu_groups(specs))}
        grouped = sorted(specs, key=lambda spec: order[spec.group])  # stable: catalogue order
        return [s.id for s in rank(query, grouped, lambda s: (s.title, s.id, s.group))]

    def command_id(self, row: int) -> str | None:
        """The command listed at ``row``."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, command_id: str) -> int | None:
        """The row listing ``command_id`` (None when the search hides it)."""
        return self._ids.index(command_id) if command_id in self._ids else None

    def _row_total(self) -> int:
        return len(self._ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        command_id = self.command_id(index.row()) if index.isValid() else None
        if command_id is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        spec = self._registry.spec(command_id)
        keys = self._registry.keys(command_id)
        changed = tuple(keys) != tuple(DEFAULT_KEYMAP.get(command_id, ()))
        return (
            spec.title,
            key_text(keys) + (CHANGED_MARK if changed else ""),
            spec.group,
        )[index.column()]

    def _on_keys_changed(self, command_id: str) -> None:
        row = self.row_of(command_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(_HEADERS) - 1))


class KeysDialog(QDialog):
    """Every command with its keys; record, add, or reset a command's keys."""

    def __init__(
        self,
        registry: CommandRegistry,
        settings: DeskSettings | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self._registry = registry
        self._settings = settings

        self.search = QLineEdit()
        self.search.setAccessibleName("Find a command")
        self.search.setPlaceholderText("Find a command…")
        self.search.setClearButtonEnabled(True)
        self.model = KeyBindingModel(registry, self)
        self.table = QTableView()
        self.table.setAccessibleName("Commands and their keys")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        self.chosen = QLabel("Choose a command in the table.")
        self.chosen.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen.setAccessibleName("Chosen command")
        self.chosen.setWordWrap(True)
        self.key_edit = QKeySequenceEdit()
        self.key_edit.setAccessibleName("New key")
        self.key_edit.setMaximumSequenceLength(1)
        self.key_edit.setClearButtonEnabled(True)
        self.replace_button = QPushButton("Use this key")
        self.replace_button.setToolTip("Replace the command's keys with the recorded key")
        self.add_button = QPushButton("Add this key")
        self.add_button.setToolTip("Keep the command's keys and add the recorded one")
        self.reset_button = QPushButton("Reset to default")
        self.reset_all_button = QPushButton("Reset all")
        self.message = QLabel("")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Shortcut message")
        self.message.setWordWrap(True)

        record = QGridLayout()
        record.addWidget(self.chosen, 0, 0, 1, 4)
        new_key = QLabel("New key:")
        new_key.setBuddy(self.key_edit)
        record.addWidget(new_key, 1, 0)
        record.addWidget(self.key_edit, 1, 1, 1, 3)
        record.setColumnStretch(1, 1)
        buttons_row = QHBoxLayout()
        for button in (
            self.replace_button,
            self.add_button,
            self.reset_button,
            self.reset_all_button,
        ):
            button.setAutoDefault(False)
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for close_button in close.buttons():
            # Return in the search moves to the key field; it must not close the dialog.
            if isinstance(close_button, QPushButton):
                close_button.setAutoDefault(False)
                close_button.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(record)
        layout.addLayout(buttons_row)
        layout.addWidget(self.message)
        layout.addWidget(close)

        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(lambda: self.key_edit.setFocus())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_chosen())
        self.replace_button.clicked.connect(self.use_recorded_key)
        self.add_button.clicked.connect(self.add_recorded_key)
        self.reset_button.clicked.connect(self.reset_chosen)
        self.reset_all_button.clicked.connect(self.reset_all)
        self.key_edit.editingFinished.connect(self.replace_button.setFocus)
        self._select_row(0)
        self.resize(720, 640)

    def start_over(self) -> None:
        """Empty the search, the key field and the message (the dialog is opened again)."""
        self.search.clear()
        self.key_edit.clear()
        self.message.clear()
        self._select_row(0)
        self.search.setFocus()

    # --- choosing --------------------------------------------------------------------

    def chosen_command(self) -> str | None:
        """The command the buttons act on."""
        index = self.table.currentIndex()
        return self.model.command_id(index.row()) if index.isValid() else None

    def choose(self, command_id: str) -> bool:
        """Make ``command_id`` the chosen command (clearing the search if it hides it)."""
        if self.model.row_of(command_id) is None:
            self.search.clear()
        row = self.model.row_of(command_id)
        return row is not None and self._select_row(row)

    def _select_row(self, row: int) -> bool:
        if not 0 <= row < self.model.rowCount():
            self._show_chosen()
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _on_search(self, text: str) -> None:
        self.model.set_query(text)
        self._select_row(0)

    def _show_chosen(self) -> None:
        command_id = self.chosen_command()
        if command_id is None:
            self.chosen.setText("No command matches the search.")
            return
        spec = self._registry.spec(command_id)
        keys = key_text(self._registry.keys(command_id)) or "no key"
        default = key_text(DEFAULT_KEYMAP.get(command_id, ())) or "no key"
        self.chosen.setText(f"{spec.title}: {keys}   (default: {default})")

    # --- changing keys ----------------------------------------------------------------

    def recorded_key(self) -> str:
        """The key recorded in the key field, in portable text ("" when none)."""
        sequence = self.key_edit.keySequence()
        return sequence.toString(QKeySequence.SequenceFormat.PortableText)

    def use_recorded_key(self) -> bool:
        """Replace the chosen command's keys with the recorded key."""
        key = self.recorded_key()
        return self._bind((key,) if key else ())

    def add_recorded_key(self) -> bool:
        """Add the recorded key to the chosen command's keys."""
        command_id = self.chosen_command()
        key = self.recorded_key()
        if command_id is None or not key:
            return self._bind((key,) if key else ())
        return self._bind((*self._registry.keys(command_id), key))

    def reset_chosen(self) -> bool:
        """Give the chosen command its default keys again."""
        command_id = self.chosen_command()
        return command_id is not None and self._bind(DEFAULT_KEYMAP.get(command_id, ()))

    def reset_all(self) -> None:
        """Every command back to its default keys."""
        for spec in self._registry.commands():
            default = tuple(DEFAULT_KEYMAP.get(spec.id, ()))
            if self._registry.keys(spec.id) != default:
                self._registry.set_keys(spec.id, default)
        self._save()
        self._show_chosen()
        self._say("Every command has its default keys again.", error=False)

    def _bind(self, keys: tuple[str, ...]) -> bool:
        command_id = self.chosen_command()
        if command_id is None:
            self._say("Choose a command in the table first.", error=True)
            return False
        refusal = check_binding(self._registry, command_id, keys)
        if refusal is not None:
            self._say(refusal, error=True)
            return False
        self._registry.set_keys(command_id, keys)
        self._save()
        self.key_edit.clear()
        self._show_chosen()
        title = self._registry.spec(command_id).title
        self._say(f"“{title}” now answers to {key_text(keys)}.", error=False)
        return True

    def _save(self) -> None:
        if self._settings is None:
            return
        changed = overrides_of(self._registry.keymap())
        for spec in self._registry.commands():
            if spec.id in changed:
                self._settings.set_key_override(spec.id, changed[spec.id])
            else:
                self._settings.clear_key_override(spec.id)
        self._settings.sync()

    def _say(self, text: str, error: bool) -> None:
        self.message.setText(text)
        colour = "#b03a2e" if error else "#1e7d45"
        self.message.setStyleSheet(f"color: {colour}; font-weight: 600;")
