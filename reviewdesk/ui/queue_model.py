"""The queue as a Qt table model: one row per case, in the server's priority order.

The model holds pages of :class:`~reviewdesk.api.models.CaseSummary`. It
never calls the service: when the view scrolls near the end,
``fetchMore`` emits :attr:`QueueModel.more_wanted` with the next cursor and
whoever loads pages answers with :meth:`QueueModel.append_page`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import IntEnum
from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from reviewdesk.api.models import CasePage, CaseSummary, ClaimOut
from reviewdesk.domain.enums import (
    CATEGORY_TITLES,
    SEVERITY_TITLES,
    STATUS_TITLES,
    SURFACE_TITLES,
    Severity,
)
from reviewdesk.ui.case.text_format import format_age, plain_tooltip, single_line
from reviewdesk.ui.table_model_base import AnyIndex, ReadOnlyTableModel

#: Role returning the row's CaseSummary.
SummaryRole = int(Qt.ItemDataRole.UserRole) + 1
#: Role returning the row's case id.
CaseIdRole = int(Qt.ItemDataRole.UserRole) + 2

#: Colour swatch shown beside the priority, one per severity.
SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.LOW: "#7f8c8d",
    Severity.MEDIUM: "#d4a017",
    Severity.HIGH: "#e67e22",
    Severity.CRITICAL: "#c0392b",
}


#: Background of a row in the moderator's selection.
MARKED_BACKGROUND = "#cfe3ff"


class Column(IntEnum):
    """The queue's columns, in display order."""

    PRIORITY = 0
    CATEGORY = 1
    SURFACE = 2
    REPORTS = 3
    AGE = 4
    MEMBER = 5
    LANGUAGE = 6
    STATUS = 7


#: The columns by number, without building an enum member per cell on every paint.
_COLUMNS = tuple(Column)

# Roles as plain ints: a paint asks ``data`` about a dozen roles per cell.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_CHECK_STATE = int(Qt.ItemDataRole.CheckStateRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
#: Every role the model answers; any other is None at once.
_ANSWERED = frozenset(
    {
        _DISPLAY,
        _DECORATION,
        _TOOLTIP,
        _ALIGNMENT,
        _BACKGROUND,
        _CHECK_STATE,
        _ACCESSIBLE,
        SummaryRole,
        CaseIdRole,
    }
)
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_RIGHT_COLUMNS = frozenset({int(Column.PRIORITY), int(Column.REPORTS), int(Column.AGE)})
_PRIORITY = int(Column.PRIORITY)
_AGE = int(Column.AGE)


COLUMN_TITLES: dict[Column, str] = {
    Column.PRIORITY: "Priority",
    Column.CATEGORY: "Category",
    Column.SURFACE: "Surface",
    Column.REPORTS: "Reports",
    Column.AGE: "Age",
    Column.MEMBER: "Member",
    Column.LANGUAGE: "Lang",
    Column.STATUS: "Status / claim",
}


class CellLook(NamedTuple):
    """Everything a painted queue cell shows, read in one call (see ``QueueCellDelegate``)."""

    text: str
    #: The severity swatch (the priority column only).
    swatch: QColor | None
    right_aligned: bool
    #: In the moderator's selection: ticked (priority column) on the marked background.
    marked: bool
    ticked: bool


def status_text(summary: CaseSummary, me: str | None = None) -> str:
    """The status column: the case status, or who holds the claim on it."""
    claim = summary.claim
    if claim is not None:
        if me is not None and claim.moderator.username == me:
            return "Claimed by you"
        return f"Claimed by {single_line(claim.moderator.display_name, 60)}"
    return STATUS_TITLES[summary.status]


class QueueModel(ReadOnlyTableModel):
    """Cases of the queue, appended page by page as the moderator scrolls."""

    #: The view wants the page after this cursor.
    more_wanted = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__([COLUMN_TITLES[column] for column in Column], parent)
        self._rows: list[CaseSummary] = []
        #: The case ids of ``_rows``, in the same order (found by C-speed list search).
        self._ids: list[str] = []
        #: The same ids as a set: appending a page never walks the rows loaded before.
        self._listed: set[str] = set()
        #: Every language of the listed cases (grows as pages arrive).
        self._languages: set[str] = set()
        self._next_cursor: str | None = None
        self._loading_more = False
        self._total = 0
        self._clock = clock or (lambda: datetime.now(UTC))
        self._me: str | None = None
        #: Cases decided here whose decision waits in the outbox: never listed.
        self._hidden: set[str] = set()
        #: Cases the moderator selected for a bulk decision: shown ticked.
        self._marked: frozenset[str] = frozenset()
        #: Display texts of each row by case id, worked out once (the age is live).
        self._texts: dict[str, tuple[str, ...]] = {}
        #: What each cell of a row shows, by case id (see :meth:`cell_look`).
        self._looks: dict[str, tuple[CellLook, ...]] = {}
        self._swatches: dict[Severity, QColor] = {
            severity: QColor(colour) for severity, colour in SEVERITY_COLOURS.items()
        }
        self._marked_background = QColor(MARKED_BACKGROUND)

    # --- loading ---------------------------------------------------------------

    def reset_with(self, page: CasePage) -> None:
        """Replace every row with the first page of a (re)loaded queue."""
        self.beginResetModel()
        self._set_rows(self._unique(page.items, set(self._hidden)))
        self._next_cursor = page.next_cursor
        self._total = max(0, page.total - self._hidden_in(page))
        self._loading_more = False
        self.endResetModel()

    def append_page(self, page: CasePage) -> None:
        """Add the next page (cases already listed are skipped)."""
        self._loading_more = False
        self._next_cursor = page.next_cursor
        self._total = max(0, page.total - self._hidden_in(page))
        fresh = self._unique(page.items, self._listed | self._hidden)
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self._ids.extend(row.id for row in fresh)
            self._listed.update(self._ids[first:])
            self._languages.update(row.language for row in fresh if row.language)
            self.endInsertRows()

    def page_failed(self) -> None:
        """A page could not be loaded: allow asking again later."""
        self._loading_more = False

    def set_me(self, username: str | None) -> None:
        """Whose claims read "Claimed by you"."""
        self._me = username
        self._forget_texts()
        self._status_changed(0, len(self._rows) - 1)

    def update_case(self, summary: CaseSummary) -> None:
        """Replace the row of one case (status or claim changed); nothing when it is the same."""
        row = self.row_of(summary.id)
        if row is not None and self._rows[row] != summary:
            self._rows[row] = summary
            self._forget_texts(summary.id)
            self._status_changed(row, row)

    def set_claim(self, case_id: str, claim: ClaimOut | None) -> None:
        """Show who holds the claim on one case now (None: nobody)."""
        row = self.row_of(case_id)
        if row is not None and self._rows[row].claim != claim:
            self._rows[row] = self._rows[row].model_copy(update={"claim": claim})
            self._forget_texts(case_id)
            self._status_changed(row, row)

    def hide_cases(self, case_ids: Iterable[str]) -> None:
        """Take cases decided here out of the queue, also out of later reloads."""
        hiding = set(case_ids)
        self._hidden |= hiding
        listed = hiding & self._listed
        if len(listed) == 1:
            self.remove_case(next(iter(listed)))
        elif listed:
            self.beginResetModel()
            self._set_rows([summary for summary in self._rows if summary.id not in hiding])
            self._total = max(0, self._total - len(listed))
            self.endResetModel()

    def set_marked(self, case_ids: Iterable[str]) -> None:
        """Tick the rows of ``case_ids`` (the moderator's selection), untick the others."""
        marked = frozenset(case_ids)
        changed = marked ^ self._marked
        self._marked = marked
        for case_id in changed:
            self._looks.pop(case_id, None)
        rows = [row for row, summary in enumerate(self._rows) if summary.id in changed]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(Column) - 1))

    def is_marked(self, case_id: str) -> bool:
        """True when the case is in the moderator's selection."""
        return case_id in self._marked

    def forget_hidden(self) -> None:
        """Hide nothing any more (a new session starts)."""
        self._hidden.clear()

    def show_case_again(self, case_id: str) -> None:
        """List a hidden case again on the next reload (its decision was refused)."""
        self._hidden.discard(case_id)

    def _hidden_in(self, page: CasePage) -> int:
        return sum(1 for item in page.items if item.id in self._hidden)

    def remove_case(self, case_id: str) -> int | None:
        """Take a case out of the queue (decided); return the row it had."""
        row = self.row_of(case_id)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            del self._ids[row]
            self._listed.discard(case_id)
            self._forget_texts(case_id)
            self._total = max(0, self._total - 1)
            self.endRemoveRows()
        return row

    # --- queries -----------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many cases the service says match the filter."""
        return self._total

    @property
    def next_cursor(self) -> str | None:
        """Cursor of the page after the last one loaded (None at the end)."""
        return self._next_cursor

    def summary(self, row: int) -> CaseSummary | None:
        """The case at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def summaries(self) -> tuple[CaseSummary, ...]:
        """Every listed case in order, as an immutable copy (for a worker to read)."""
        return tuple(self._rows)

    def row_of(self, case_id: str) -> int | None:
        """The row of a case, or None when it is not listed."""
        if case_id not in self._listed:
            return None
        return self._ids.index(case_id)

    def languages(self) -> list[str]:
        """Every language of the listed cases, sorted."""
        return sorted(self._languages)

    # --- Qt model API -----------------------------------------------------------------

    def _row_total(self) -> int:
        return len(self._rows)

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and section == Column.PRIORITY
        ):
            return "Severity first, then weighted report count and age."
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # Called for every role of every cell painted: unanswered roles end first.
        if role not in _ANSWERED:
            return None
        row, number = index.row(), index.column()
        if not 0 <= row < len(self._rows) or not 0 <= number < len(_COLUMNS):
            return None
        summary = self._rows[row]
        if role in (_DISPLAY, _ACCESSIBLE):
            return self._cell_text(summary, number)
        if role == _TOOLTIP:
            return plain_tooltip(summary.preview) if summary.preview else None
        if role == SummaryRole:
            return summary
        if role == CaseIdRole:
            return summary.id
        look = self.cell_look(row, number)
        if look is None:
            return None
        if role == _CHECK_STATE:
            return Qt.CheckState.Checked if look.ticked else None
        if role == _BACKGROUND:
            return self._marked_background if look.marked else None
        if role == _DECORATION:
            return look.swatch
        if role == _ALIGNMENT:
            return _RIGHT_ALIGNED if look.right_aligned else None
        return None

    def cell_look(self, row: int, number: int) -> CellLook | None:
        """What cell (``row``, column ``number``) shows; None outside the table.

        The queue's delegate paints a cell from this one answer instead of
        asking ``data`` for each role (half a dozen calls per cell). The looks
        of a row are worked out once, like its texts; the age is live.
        """
        if not 0 <= row < len(self._rows) or not 0 <= number < len(_COLUMNS):
            return None
        summary = self._rows[row]
        looks = self._looks.get(summary.id)
        if looks is None:
            marked = summary.id in self._marked
            looks = tuple(
                CellLook(
                    self._cell_text(summary, column),
                    self._swatches[summary.severity] if column == _PRIORITY else None,
                    column in _RIGHT_COLUMNS,
                    marked,
                    marked and column == _PRIORITY,
                )
                for column in range(len(_COLUMNS))
            )
            self._looks[summary.id] = looks
        look = looks[number]
        if number == _AGE:
            return look._replace(text=self._cell_text(summary, number))
        return look

    def _cell_text(self, summary: CaseSummary, number: int) -> str:
        """The text of one cell: worked out once per row, the age each time."""
        if number == _AGE:
            return self._display(summary, Column.AGE)
        texts = self._texts.get(summary.id)
        if texts is None:
            texts = tuple(self._display(summary, column) for column in _COLUMNS)
            self._texts[summary.id] = texts
        return texts[number]

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        return not parent.isValid() and self._next_cursor is not None and not self._loading_more

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        if self.canFetchMore(parent) and self._next_cursor is not None:
            self._loading_more = True
            self.more_wanted.emit(self._next_cursor)

    # --- helpers -------------------------------------------------------------------------

    def _display(self, summary: CaseSummary, column: Column) -> str:
        match column:
            case Column.PRIORITY:
                return f"{SEVERITY_TITLES[summary.severity]} {summary.priority:,.0f}"
            case Column.CATEGORY:
                return CATEGORY_TITLES[summary.category]
            case Column.SURFACE:
                return SURFACE_TITLES[summary.surface]
            case Column.REPORTS:
                return str(summary.report_count)
            case Column.AGE:
                return format_age(summary.opened_at, self._clock())
            case Column.MEMBER:
                return single_line(summary.member_name, 80)
            case Column.LANGUAGE:
                return single_line(summary.language, 12) if summary.language else "–"
            case Column.STATUS:
                return status_text(summary, self._me)

    def _forget_texts(self, case_id: str | None = None) -> None:
        """Work out the texts and looks of one case's row (or of every row) again."""
        if case_id is None:
            self._texts.clear()
            self._looks.clear()
        else:
            self._texts.pop(case_id, None)
            self._looks.pop(case_id, None)

    def _status_changed(self, first: int, last: int) -> None:
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))

    def _set_rows(self, rows: list[CaseSummary]) -> None:
        """Replace every row (inside a reset) and rebuild the lookups."""
        self._rows = rows
        self._forget_texts()
        self._ids = [row.id for row in rows]
        self._listed = set(self._ids)
        self._languages = {row.language for row in rows if row.language}

    @staticmethod
    def _unique(items: list[CaseSummary], seen: set[str]) -> list[CaseSummary]:
        fresh: list[CaseSummary] = []
        for item in items:
            if item.id not in seen:
                seen.add(item.id)
                fresh.append(item)
        return fresh
