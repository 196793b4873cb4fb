"""The keyboard cheat sheet: every command of the registry with its keys.

The table reads the live :class:`~reviewdesk.ui.commands.CommandRegistry`, so
it always lists exactly the commands and keys the window answers to, grouped
as the menus are, and follows a key rebound while it is open.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.ui.command_menus import menu_groups
from reviewdesk.ui.commands import CommandRegistry, key_text
from reviewdesk.ui.table_model_base import AnyIndex, ReadOnlyTableModel

_HEADERS = ("Keys", "Command", "Group")


class CommandTableModel(ReadOnlyTableModel):
    """One row per command: its keys, title and group."""

    def __init__(self, registry: CommandRegistry, parent: QObject | None = None) -> None:
        super().__init__(_HEADERS, parent)
        self._registry = registry
        self._rows = self._read_rows()
        registry.keys_changed.connect(self._on_keys_changed)
        registry.commands_changed.connect(self.refresh)

    def _read_rows(self) -> list[tuple[str, str, str]]:
        commands = self._registry.commands()
        order = {group: place for place, group in enumerate(menu_groups(commands))}
        ordered = sorted(commands, key=lambda spec: order[spec.group])  # stable: catalogue order
        return [(key_text(self._registry.keys(s.id)), s.title, s.group) for s in ordered]

    def _on_keys_changed(self, _command_id: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        """List the commands available now (another role signed in)."""
        self.beginResetModel()
        self._rows = self._read_rows()
        self.endResetModel()

    def _row_total(self) -> int:
        return len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            not index.isValid()
            or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
            or not 0 <= index.row() < len(self._rows)
            or not 0 <= index.column() < len(_HEADERS)
        ):
            return None
        return self._rows[index.row()][index.column()]


class CheatSheetDialog(QDialog):
    """A non-modal window listing every command and its keys."""

    def __init__(self, registry: CommandRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard cheat sheet")
        self.setAccessibleName("Keyboard cheat sheet")
        self.model = CommandTableModel(registry, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Commands and their keys")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 640)
