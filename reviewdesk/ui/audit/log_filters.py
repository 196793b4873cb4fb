"""The decision log's filter bar: every filter the service offers and a full-text search.

The bar only says what the senior chose, as a :class:`LogFilterState`
(emitted by :attr:`LogFilterBar.changed`); the log page turns it into a
request. The search box waits for a pause in typing before it asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from reviewdesk.domain.enums import (
    CATEGORY_TITLES,
    OUTCOME_TITLES,
    SURFACE_TITLES,
    Category,
    Outcome,
    Surface,
)
from reviewdesk.ui.case.text_format import single_line

SEARCH_DELAY_MS = 400
ANY = "Any"

#: Period presets: title and how many days back (None: all time, -1: custom dates).
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("All time", None),
    ("Today", 0),
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 90 days", 90),
    ("Custom dates", -1),
)


@dataclass(frozen=True)
class LogFilterState:
    """What the senior asked the log to show; None or empty fields do not filter."""

    moderator: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    outcome: Outcome | None = None
    clause_id: str | None = None
    category: Category | None = None
    surface: Surface | None = None
    member_id: str | None = None
    reviewed: bool | None = None
    text: str = ""


def period_bounds(
    days: int | None, start: date, end: date, today: date
) -> tuple[datetime | None, datetime | None]:
    """The UTC bounds of a period preset (or of custom dates ``start``..``end`` inclusive)."""
    if days is None:
        return None, None
    if days == -1:
        low, high = min(start, end), max(start, end)
        return (
            datetime.combine(low, time.min, UTC),
            datetime.combine(high + timedelta(days=1), time.min, UTC),
        )
    return datetime.combine(today - timedelta(days=days), time.min, UTC), None


def _as_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _combo(accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow)
    combo.setMinimumContentsLength(10)
    return combo


class LogFilterBar(QWidget):
    """Moderator, period, outcome, clause, category, surface, member, reviewed, search."""

    #: The filter changed (LogFilterState).
    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Search notes and messages")
        self.search_edit.setPlaceholderText("Search notes and messages  (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)

        self.moderator_combo = _combo("Filter by moderator")
        self.moderator_combo.addItem("Any moderator", None)
        self.period_combo = _combo("Filter by period")
        for title, days in PERIODS:
            self.period_combo.addItem(title, days)
        today = QDate.currentDate()
        self.from_edit = QDateEdit(today.addDays(-30))
        self.from_edit.setAccessibleName("From date")
        self.until_edit = QDateEdit(today)
        self.until_edit.setAccessibleName("Until date (inclusive)")
        for edit in (self.from_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.outcome_combo = _combo("Filter by outcome")
        self.outcome_combo.addItem("Any outcome", None)
        for outcome in Outcome:
            self.outcome_combo.addItem(OUTCOME_TITLES[outcome], outcome.value)
        self.clause_combo = _combo("Filter by clause")
        self.clause_combo.addItem("Any clause", None)
        self.category_combo = _combo("Filter by category")
        self.category_combo.addItem("Any category", None)
        for category in Category:
            self.category_combo.addItem(CATEGORY_TITLES[category], category.value)
        self.surface_combo = _combo("Filter by surface")
        self.surface_combo.addItem("Any surface", None)
        for surface in Surface:
            self.surface_combo.addItem(SURFACE_TITLES[surface], surface.value)
        self.member_edit = QLineEdit()
        self.member_edit.setAccessibleName("Filter by member id")
        self.member_edit.setPlaceholderText("Member id")
        self.member_edit.setClearButtonEnabled(True)
        self.reviewed_combo = _combo("Filter by second review")
        self.reviewed_combo.addItem("Reviewed or not", None)
        self.reviewed_combo.addItem("Reviewed", True)
        self.reviewed_combo.addItem("Not reviewed", False)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        cells: tuple[tuple[str, QWidget], ...] = (
            ("Moderator", self.moderator_combo),
            ("Period", self.period_combo),
            ("From", self.from_edit),
            ("Until", self.until_edit),
            ("Outcome", self.outcome_combo),
            ("Clause", self.clause_combo),
            ("Category", self.category_combo),
            ("Surface", self.surface_combo),
            ("Member", self.member_edit),
            ("Review", self.reviewed_combo),
        )
        grid.addWidget(self._label("Search", self.search_edit), 0, 0)
        grid.addWidget(self.search_edit, 0, 1, 1, 9)
        for position, (title, widget) in enumerate(cells):
            row, column = 1 + position // 5, (position % 5) * 2
            grid.addWidget(self._label(title, widget), row, column)
            grid.addWidget(widget, row, column + 1)
        for column in range(1, 10, 2):
            grid.setColumnStretch(column, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._emit)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._emit_now)
        self.member_edit.returnPressed.connect(self._emit_now)
        self.member_edit.editingFinished.connect(self._emit_if_changed)
        for combo in (
            self.moderator_combo,
            self.outcome_combo,
            self.clause_combo,
            self.category_combo,
            self.surface_combo,
            self.reviewed_combo,
        ):
            combo.currentIndexChanged.connect(lambda _index: self._emit())
        self.period_combo.currentIndexChanged.connect(self._on_period)
        self.from_edit.dateChanged.connect(lambda _date: self._emit())
        self.until_edit.dateChanged.connect(lambda _date: self._emit())
        self._last: LogFilterState | None = None

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setBuddy(buddy)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    # --- choices offered -------------------------------------------------------------

    def set_moderators(self, moderators: Sequence[tuple[str, str]]) -> None:
        """Offer these moderators: (id, display name)."""
        self._refill(
            self.moderator_combo,
            "Any moderator",
            [(single_line(name, 40), key) for key, name in moderators],
        )

    def set_clauses(self, clauses: Sequence[tuple[str, str]]) -> None:
        """Offer these clauses: (id, title)."""
        self._refill(
            self.clause_combo,
            "Any clause",
            [(f"{clause} · {single_line(title, 40)}", clause) for clause, title in clauses],
        )

    @staticmethod
    def _refill(combo: QComboBox, any_text: str, items: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(any_text, None)
        for text, value in items:
            combo.addItem(text, value)
        position = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(0, position))
        combo.blockSignals(False)

    # --- state ----------------------------------------------------------------------

    def state(self) -> LogFilterState:
        """The filter chosen now."""
        days = self.period_combo.currentData()
        since, until = period_bounds(
            days,
            _as_date(self.from_edit.date()),
            _as_date(self.until_edit.date()),
            datetime.now(UTC).date(),
        )

        outcome = self.outcome_combo.currentData()
        category = self.category_combo.currentData()
        surface = self.surface_combo.currentData()
        return LogFilterState(
            moderator=self.moderator_combo.currentData(),
            since=since,
            until=until,
            outcome=Outcome(outcome) if outcome else None,
            clause_id=self.clause_combo.currentData(),
            category=Category(category) if category else None,
            surface=Surface(surface) if surface else None,
            member_id=self.member_edit.text().strip() or None,
            reviewed=self.reviewed_combo.currentData(),
            text=self.search_edit.text().strip(),
        )

    def focus_search(self) -> None:
        """Put the cursor in the search box, its text selected."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _on_period(self, _index: int) -> None:
        custom = self.period_combo.currentData() == -1
        self.from_edit.setEnabled(custom)
        self.until_edit.setEnabled(custom)
        self._emit()

    def _emit_now(self) -> None:
        self._search_timer.stop()
        self._emit()

    def _emit_if_changed(self) -> None:
        if self.state() != self._last:
            self._emit()

    def _emit(self) -> None:
        state = self.state()
        if state == self._last:
            return
        self._last = state
        self.changed.emit(state)
