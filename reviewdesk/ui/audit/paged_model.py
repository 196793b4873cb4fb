"""A read-only table model that loads its rows page by page on the task runner.

The owner gives the model a *page fetcher*: a blocking function from a cursor
(None for the first page) to a :class:`PageResult`. The model never calls it
on the GUI thread: :meth:`PagedTableModel.reload` and Qt's ``fetchMore`` (the
view scrolled near the end) run it on the :class:`~reviewdesk.ui.tasks.TaskRunner`,
and the rows arrive by signal. A reload drops pages still in flight for the
previous fetcher. Clicking a sortable column header asks the owner (by
:attr:`PagedTableModel.sort_requested`) to reload in the service's order; the
model never sorts a partial list itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from reviewdesk.ui.table_model_base import AnyIndex, ReadOnlyTableModel
from reviewdesk.ui.tasks import TaskRunner

T = TypeVar("T")

#: Role returning the row object itself.
RowRole = int(Qt.ItemDataRole.UserRole) + 1

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class PageResult(Generic[T]):
    """One page of rows, the cursor of the next page (None at the end) and the total."""

    items: list[T]
    next_cursor: str | None = None
    total: int | None = None


@dataclass(frozen=True)
class TableColumn(Generic[T]):
    """One column: its title, the text of a row's cell, and the service sort key if any."""

    title: str
    text: Callable[[T], str]
    sort_key: str | None = None
    numeric: bool = False
    tooltip: Callable[[T], str] | None = None


@dataclass
class _Loading:
    generation: int = 0
    busy: bool = False
    failed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


PageFetcher = Callable[[str | None], PageResult[T]]


class PagedTableModel(ReadOnlyTableModel, Generic[T]):
    """Rows of ``T`` under fixed columns, loaded a page at a time off the GUI thread."""

    #: The first page of a reload arrived (the model was reset).
    reloaded = Signal()
    #: A further page was appended.
    page_appended = Signal()
    #: A page failed: (error, retry callable).
    failed = Signal(object, object)
    #: A sortable header was clicked: (service sort key, descending).
    sort_requested = Signal(str, bool)

    def __init__(
        self,
        runner: TaskRunner,
        columns: Sequence[TableColumn[T]],
        scope: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__([column.title for column in columns], parent)
        self._runner = runner
        self._columns = tuple(columns)
        self._scope = scope
        self._rows: list[T] = []
        self._next_cursor: str | None = None
        self._total: int | None = None
        self._fetcher: PageFetcher[T] | None = None
        self._state = _Loading()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._background: Callable[[T], QColor | None] | None = None

    # --- loading ----------------------------------------------------------------------

    def set_fetcher(self, fetcher: PageFetcher[T]) -> None:
        """Load rows from ``fetcher`` from now on, starting again from its first page."""
        self._fetcher = fetcher
        self.reload()

    def reload(self) -> None:
        """Fetch the first page again (rows stay until it arrives)."""
        fetcher = self._fetcher
        if fetcher is None:
            return
        self._runner.invalidate(self._scope)
        self._state.generation += 1
        self._state.busy = True
        self._state.failed = False
        self._runner.run(
            lambda: fetcher(None), self._on_first_page, self._on_first_failed, scope=self._scope
        )

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802 (Qt API)
        """True while the service has more pages and none is on its way."""
        return (
            not parent.isValid()
            and self._next_cursor is not None
            and not self._state.busy
            and not self._state.failed
        )

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802 (Qt API)
        """Ask for the next page on a worker."""
        fetcher, cursor = self._fetcher, self._next_cursor
        if not self.canFetchMore(parent) or fetcher is None or cursor is None:
            return
        self._state.busy = True
        self._runner.run(
            lambda: fetcher(cursor), self._on_next_page, self._on_more_failed, scope=self._scope
        )

    def fetch_all_loaded(self) -> bool:
        """True when every page has been loaded."""
        return self._next_cursor is None and not self._state.busy

    def _on_first_page(self, page: PageResult[T]) -> None:
        self._state.busy = False
        self.beginResetModel()
        self._rows = list(page.items)
        self._next_cursor = page.next_cursor
        self._total = page.total
        self.endResetModel()
        self.reloaded.emit()

    def _on_next_page(self, page: PageResult[T]) -> None:
        self._state.busy = False
        self._next_cursor = page.next_cursor
        if page.total is not None:
            self._total = page.total
        if page.items:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.items) - 1)
            self._rows.extend(page.items)
            self.endInsertRows()
        self.page_appended.emit()

    def _on_first_failed(self, error: Exception) -> None:
        self._state.busy = False
        self._state.failed = True
        self.failed.emit(error, self.reload)

    def _on_more_failed(self, error: Exception) -> None:
        self._state.busy = False
        self._state.failed = True

        def retry() -> None:
            self._state.failed = False
            self.fetchMore(QModelIndex())

        self.failed.emit(error, retry)

    # --- rows ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a page is on its way."""
        return self._state.busy

    @property
    def total(self) -> int | None:
        """How many rows the service says match (None when it does not say)."""
        return self._total

    def rows(self) -> list[T]:
        """Every row loaded so far, in order."""
        return list(self._rows)

    def row(self, row: int) -> T | None:
        """The row object at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def replace_row(self, row: int, item: T) -> None:
        """Put ``item`` in place of row ``row`` (e.g. after a review)."""
        if 0 <= row < len(self._rows):
            self._rows[row] = item
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    def set_background(self, colour: Callable[[T], QColor | None]) -> None:
        """Colour rows by ``colour(row)`` (None leaves the row plain)."""
        self._background = colour
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1)
            )

    def _row_total(self) -> int:
        return len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The cell's text, tooltip, alignment, row colour or the row object."""
        if not index.isValid() or not 0 <= index.column() < len(self._columns):
            return None
        item = self.row(index.row())
        if item is None:
            return None
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(item)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(item)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        if role == Qt.ItemDataRole.BackgroundRole and self._background is not None:
            colour = self._background(item)
            return QBrush(colour) if colour is not None else None
        if role == RowRole:
            return item
        return None

    # --- sorting -----------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for the service's order on a sortable column (others are ignored)."""
        if not 0 <= column < len(self._columns):
            return
        key = self._columns[column].sort_key
        if key is None or self._sort == (column, order):
            return
        self._sort = (column, order)
        self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)

    def sort_key_column(self, key: str) -> int | None:
        """The column sorted by service key ``key``, or None."""
        for position, column in enumerate(self._columns):
            if column.sort_key == key:
                return position
        return None
