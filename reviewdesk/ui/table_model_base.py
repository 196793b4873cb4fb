"""A base for the desk's flat, read-only Qt table models.

Row and column counts, the column titles across the top and the cell flags
are the same for every such table; subclasses say how many rows they hold and
what each cell shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

#: Any index Qt may hand a model.
AnyIndex = QModelIndex | QPersistentModelIndex


#: Built once: views ask for every cell's flags on every paint.
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class ReadOnlyTableModel(QAbstractTableModel):
    """A table without children under fixed column titles; cells are selectable, not editable.

    Subclasses implement :meth:`_row_total` and ``data``.
    """

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)

    def _row_total(self) -> int:
        """How many rows the table holds now."""
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of rows (a table has no children)."""
        return 0 if parent.isValid() else self._row_total()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of columns."""
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles across the top; no row titles."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Cells are enabled and selectable, never editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _CELL_FLAGS
