"""The queue column: a filter bar over the table of cases.

The filter bar (category, surface, language, free text) builds a
:class:`~reviewdesk.backends.base.CaseFilter` for the server; the panel only
says what the moderator chose and which case is current, the loaders do the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import CaseSummary
from reviewdesk.backends.base import CaseFilter
from reviewdesk.domain.enums import CATEGORY_TITLES, SURFACE_TITLES, Category, Surface
from reviewdesk.ui.queue_model import COLUMN_TITLES, Column, QueueModel

#: Languages offered in the filter before any case showed others.
COMMON_LANGUAGES = ("ar", "de", "en", "es", "fr", "hi", "ja", "ko", "pt", "ru", "zh")
TEXT_FILTER_DELAY_MS = 400

#: The widest text a column usually shows: its starting width (longer text is elided).
COLUMN_WIDTH_SAMPLES: dict[Column, str] = {
    Column.PRIORITY: "Medium 4,444",
    Column.CATEGORY: "Harassment, bullying",
    Column.SURFACE: "Off platform",
    Column.REPORTS: "999",
    Column.AGE: "99 min",
    Column.MEMBER: "Aleksandra Iv",
    Column.LANGUAGE: "zh",
}


class QueuePanel(QWidget):
    """Filter bar, count line and the case table."""

    #: The moderator changed the filter.
    filter_changed = Signal(object)  # CaseFilter
    #: The current row changed to this case (None: no case selected).
    case_selected = Signal(object)  # CaseSummary | None

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

        self.category_combo = QComboBox()
        self.category_combo.setAccessibleName("Filter by category")
        self.category_combo.addItem("All categories", None)
        for category in Category:
            self.category_combo.addItem(CATEGORY_TITLES[category], category.value)

        self.surface_combo = QComboBox()
        self.surface_combo.setAccessibleName("Filter by surface")
        self.surface_combo.addItem("All surfaces", None)
        for surface in Surface:
            self.surface_combo.addItem(SURFACE_TITLES[surface], surface.value)

        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName("Filter by language")
        self.language_combo.addItem("All languages", None)
        for code in COMMON_LANGUAGES:
            self.language_combo.addItem(code, code)

        self.text_edit = QLineEdit()
        self.text_edit.setAccessibleName("Search the queue")
        self.text_edit.setPlaceholderText("Search member or text  ( / )")
        self.text_edit.setClearButtonEnabled(True)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_FILTER_DELAY_MS)
        self._text_timer.timeout.connect(self._emit_filter)
        self.text_edit.textEdited.connect(lambda _text: self._text_timer.start())
        self.text_edit.returnPressed.connect(self._emit_filter)

        for combo in (self.category_combo, self.surface_combo, self.language_combo):
            combo.currentIndexChanged.connect(self._emit_filter)

        self.count_label = QLabel("Loading the queue…")
        self.count_label.setAccessibleName("Queue size")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self.table = QTableView()
        self.table.setAccessibleName("Case queue")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # Every row the same height: the view never measures rows, however many are loaded.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        for column, sample in COLUMN_WIDTH_SAMPLES.items():
            title = COLUMN_TITLES[column]
            width = max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(title))
            extra = 32 if column == Column.PRIORITY else 12  # colour swatch, cell padding
            header.resizeSection(column, width + extra)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._column_widths = [header.sectionSize(c) for c in range(len(Column))]
        # A reset re-creates the header's sections; keep the widths the moderator sees.
        model.modelAboutToBeReset.connect(self._remember_column_widths)
        model.modelReset.connect(self._restore_column_widths)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        model.modelReset.connect(self._update_count)
        model.rowsInserted.connect(self._update_count)
        model.rowsRemoved.connect(self._update_count)

        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setHorizontalSpacing(4)
        filters.setVerticalSpacing(4)
        filters.addWidget(self.text_edit, 0, 0, 1, 3)
        filters.addWidget(self.category_combo, 1, 0)
        filters.addWidget(self.surface_combo, 1, 1)
        filters.addWidget(self.language_combo, 1, 2)
        filters.setColumnStretch(0, 3)
        filters.setColumnStretch(1, 2)
        filters.setColumnStretch(2, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(filters)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)

        self.setTabOrder(self.text_edit, self.category_combo)
        self.setTabOrder(self.category_combo, self.surface_combo)
        self.setTabOrder(self.surface_combo, self.language_combo)
        self.setTabOrder(self.language_combo, self.table)

    # --- filter -------------------------------------------------------------------

    def case_filter(self) -> CaseFilter:
        """The filter the bar describes, for the server."""
        category = self.category_combo.currentData()
        surface = self.surface_combo.currentData()
        language = self.language_combo.currentData()
        return CaseFilter(
            categories=(Category(category),) if category else (),
            surfaces=(Surface(surface),) if surface else (),
            languages=(language,) if language else (),
            text=self.text_edit.text().strip(),
        )

    def focus_filter(self) -> None:
        """Put the cursor in the search field, its text selected."""
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text_edit.selectAll()

    def add_languages(self, codes: list[str]) -> None:
        """Offer languages seen in the queue that the list does not have yet."""
        known = {self.language_combo.itemData(i) for i in range(self.language_combo.count())}
        for code in codes:
            if code not in known:
                self.language_combo.addItem(code, code)

    def _emit_filter(self) -> None:
        self._text_timer.stop()
        self.filter_changed.emit(self.case_filter())

    # --- current case ---------------------------------------------------------------------

    def current_summary(self) -> CaseSummary | None:
        """The case of the current row."""
        index = self.table.currentIndex()
        return self.model.summary(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> bool:
        """Make ``row`` current (clamped to the table); False when the queue is empty."""
        count = self.model.rowCount()
        if count == 0:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            return False
        row = max(0, min(row, count - 1))
        index = self.model.index(row, Column.PRIORITY)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def select_case(self, case_id: str) -> bool:
        """Make the row of ``case_id`` current; False when it is not listed."""
        row = self.model.row_of(case_id)
        return row is not None and self.select_row(row)

    def step(self, delta: int, skip: Callable[[CaseSummary], bool] | None = None) -> bool:
        """Move to the next (``delta`` 1) or previous (-1) case that ``skip`` does not refuse."""
        index = self.table.currentIndex()
        start = index.row() + delta if index.isValid() else 0
        return self.select_from(start, 1 if delta >= 0 else -1, skip)

    def select_from(
        self, row: int, direction: int, skip: Callable[[CaseSummary], bool] | None = None
    ) -> bool:
        """Select the first row from ``row`` on, going ``direction``, that ``skip`` allows.

        Reaching the end of the loaded rows asks for the next page. False, with
        the selection unchanged, when no such row is loaded.
        """
        while row >= 0:
            if row >= self.model.rowCount():
                if self.model.canFetchMore(QModelIndex()):
                    self.model.fetchMore(QModelIndex())
                return False
            summary = self.model.summary(row)
            if summary is not None and (skip is None or not skip(summary)):
                return self.select_row(row)
            row += direction
        return False

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = self.model.summary(current.row()) if current.isValid() else None
        self.case_selected.emit(summary)

    def _remember_column_widths(self) -> None:
        header = self.table.horizontalHeader()
        if header.count() == len(Column):
            self._column_widths = [header.sectionSize(c) for c in range(len(Column))]

    def _restore_column_widths(self) -> None:
        header = self.table.horizontalHeader()
        for column, width in enumerate(self._column_widths[:-1]):  # the last one stretches
            header.resizeSection(column, width)

    def show_status(self, message: str) -> None:
        """Say where the queue stands instead of its size (loading, not loaded)."""
        self.count_label.setText(message)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if total == 0:
            self.count_label.setText("No case matches this filter.")
        elif shown < total:
            self.count_label.setText(f"{total} cases ({shown} loaded)")
        else:
            self.count_label.setText(f"{total} case" + ("s" if total != 1 else ""))
        self.add_languages(self.model.languages())
