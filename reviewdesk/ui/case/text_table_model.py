"""A read-only table model of text cells with fixed column titles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt

from reviewdesk.ui.case.text_format import plain_tooltip
from reviewdesk.ui.table_model_base import AnyIndex, ReadOnlyTableModel

_TEXT_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)})


class TextTableModel(ReadOnlyTableModel):
    """Rows of strings under column titles; every cell is shown as plain text.

    Rows shorter than the header are padded with empty cells, longer ones cut.
    """

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self._rows: list[list[str]] = []
        #: True while the rows were emptied for a moment (filled after the next paint):
        #: the views keep their column widths rather than shrink them to the titles.
        self.widths_held = False

    def set_rows(self, rows: Sequence[Sequence[str]], *, hold_widths: bool = False) -> None:
        """Replace every row (``hold_widths``: emptied until a fill, keep the column widths)."""
        width = len(self._headers)
        self.widths_held = hold_widths
        self.beginResetModel()
        self._rows = [[*row[:width], *([""] * (width - len(row)))] for row in rows]
        self.endResetModel()

    def cell(self, row: int, column: int) -> str:
        """The text of one cell ("" when out of range)."""
        if 0 <= row < len(self._rows) and 0 <= column < len(self._headers):
            return self._rows[row][column]
        return ""

    def _row_total(self) -> int:
        return len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text for display and tooltip."""
        # Views ask for a dozen roles per cell on every paint: the others end here.
        if role not in _TEXT_ROLES or not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.cell(index.row(), index.column())
            return plain_tooltip(text) if text else None
        return None
