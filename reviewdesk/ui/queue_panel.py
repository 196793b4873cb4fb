"""The queue column: a filter bar over the table of cases.

The filter bar (category, surface, language, free text) builds a
:class:`~reviewdesk.backends.base.CaseFilter` for the server; the panel only
says what the moderator chose and which case is current, the loaders do the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import CaseSummary
from reviewdesk.backends.base import CaseFilter
from reviewdesk.domain.enums import CATEGORY_TITLES, SURFACE_TITLES, Category, Surface
from reviewdesk.queue.grouping import GROUP_MODE_TITLES, GroupMode, next_mode
from reviewdesk.ui.case_selection import CaseSelection
from reviewdesk.ui.queue_delegate import QueueCellDelegate
from reviewdesk.ui.queue_group_model import QueueGroupModel
from reviewdesk.ui.queue_model import COLUMN_TITLES, Column, QueueModel
from reviewdesk.ui.queue_tree import QueueTreeView

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


def selection_text(count: int) -> str:
    """The selection count as the queue header shows it."""
    return "None selected" if count == 0 else f"{count} selected"


class QueuePanel(QWidget):
    """Filter bar, count line and the case table."""

    #: The moderator changed the filter.
    filter_changed = Signal(object)  # CaseFilter
    #: The current row changed to this case (None: no case selected).
    case_selected = Signal(object)  # CaseSummary | None
    #: The grouping mode changed (GroupMode).
    grouping_changed = Signal(object)

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
        # Return applies the search and goes back to the list, where keys are commands.
        self.text_edit.returnPressed.connect(self.focus_queue)

        for combo in (self.category_combo, self.surface_combo, self.language_combo):
            combo.currentIndexChanged.connect(self._emit_filter)

        self.count_label = QLabel("Loading the queue…")
        self.count_label.setAccessibleName("Queue size")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self.selection = CaseSelection(self)
        self.selection_label = QLabel(selection_text(0))
        self.selection_label.setAccessibleName("Selected cases")
        self.selection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.selection.changed.connect(self._on_selection_changed)

        self.group_combo = QComboBox()
        self.group_combo.setAccessibleName("Group alike cases")
        for mode in GroupMode:
            self.group_combo.addItem(GROUP_MODE_TITLES[mode], mode.value)
        self.group_combo.currentIndexChanged.connect(self._on_group_combo)
        self.group_model = QueueGroupModel(model, self)
        self.tree = QueueTreeView(self.group_model)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current_tree_row)
        self.tree.clicked.connect(self._on_tree_clicked)
        #: The row current before the last move (the other end of a Shift+click range).
        self._previous: QModelIndex = QModelIndex()

        self.table = QTableView()
        self.table.setAccessibleName("Case queue")
        self.table.setModel(model)
        self.table.setItemDelegate(QueueCellDelegate(model, self.table))
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
        # The header follows a selection of its own: moving to the next case repaints the
        # two rows concerned, not the whole header too (which shows no selection anyway).
        header.setSelectionModel(QItemSelectionModel(model, header))
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        for column, sample in COLUMN_WIDTH_SAMPLES.items():
            title = COLUMN_TITLES[column]
            width = max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(title))
            # Colour swatch and the selection tick, cell padding.
            tick = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 6
            extra = 32 + tick if column == Column.PRIORITY else 12
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
        model.modelReset.connect(self._forget_unlisted)
        model.rowsRemoved.connect(self._forget_unlisted)
        self.table.clicked.connect(self._on_table_clicked)
        self.group_model.rebuilt.connect(self._size_tree_columns)
        for view in (self.table, self.tree):
            view.installEventFilter(self)
        self.views = QStackedWidget()
        self.views.addWidget(self.table)
        self.views.addWidget(self.tree)

        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setHorizontalSpacing(4)
        filters.setVerticalSpacing(4)
        filters.addWidget(self.text_edit, 0, 0, 1, 3)
        filters.addWidget(self.category_combo, 1, 0)
        filters.addWidget(self.surface_combo, 1, 1)
        filters.addWidget(self.language_combo, 1, 2)
        filters.addWidget(self.group_combo, 2, 0, 1, 3)
        filters.setColumnStretch(0, 3)
        filters.setColumnStretch(1, 2)
        filters.setColumnStretch(2, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(filters)
        counts = QHBoxLayout()
        counts.setContentsMargins(0, 0, 0, 0)
        counts.addWidget(self.count_label, 1)
        counts.addWidget(self.selection_label)
        layout.addLayout(counts)
        layout.addWidget(self.views, 1)

        self.setTabOrder(self.text_edit, self.category_combo)
        self.setTabOrder(self.category_combo, self.surface_combo)
        self.setTabOrder(self.surface_combo, self.language_combo)
        self.setTabOrder(self.language_combo, self.group_combo)
        self.setTabOrder(self.group_combo, self.table)

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

    @property
    def grouped(self) -> bool:
        """True while the queue shows groups of alike cases."""
        return self.group_model.mode is not GroupMode.NONE

    def current_summary(self) -> CaseSummary | None:
        """The case of the current row (a group row: its representative)."""
        if self.grouped:
            return self.group_model.summary_at(self.tree.currentIndex())
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
        if self.grouped:
            summary = self.model.summary(row)
            return summary is not None and self.select_case(summary.id)
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
        if self.grouped:
            return self.tree.make_current(self.tree.index_for_case(case_id))
        row = self.model.row_of(case_id)
        return row is not None and self.select_row(row)

    def step(self, delta: int, skip: Callable[[CaseSummary], bool] | None = None) -> bool:
        """Move to the next (``delta`` 1) or previous (-1) case that ``skip`` does not refuse.

        Grouped, the walk goes through the rows shown: group rows, and the
        cases of the groups that are open.
        """
        if self.grouped:
            if self.tree.walk(self.tree.currentIndex(), 1 if delta >= 0 else -1, skip):
                return True
            if delta >= 0 and self.model.canFetchMore(QModelIndex()):
                self.model.fetchMore(QModelIndex())  # the end of what is loaded: the next page
            return False
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
        if self.grouped and 0 <= row < self.model.rowCount():
            summary = self.model.summary(row)
            start = self.tree.index_for_case(summary.id) if summary else QModelIndex()
            if self.tree.walk(start, direction, skip, include_start=True):
                return True
            row = self.model.rowCount() if direction > 0 else -1
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

    def focus_queue(self) -> None:
        """Put the keyboard focus on the queue shown (flat or grouped)."""
        self._shown_view().setFocus(Qt.FocusReason.OtherFocusReason)

    def _shown_view(self) -> QAbstractItemView:
        return self.tree if self.grouped else self.table

    def _on_current_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._previous = previous
        summary = self.model.summary(current.row()) if current.isValid() else None
        self.case_selected.emit(summary)

    def _on_current_tree_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._previous = previous
        if self.grouped:
            self.case_selected.emit(self.group_model.summary_at(current))

    # --- grouping ---------------------------------------------------------------------------

    def set_group_mode(self, mode: GroupMode) -> None:
        """Group the queue by ``mode`` (NONE: the flat queue); the same case stays current."""
        current = self.current_summary()
        index = self.group_combo.findData(mode.value)
        if self.group_combo.currentIndex() != index:
            self.group_combo.setCurrentIndex(index)  # comes back here through the combo
            return
        if mode is self.group_model.mode:
            return
        self.tree.forget_expansion()
        self.group_model.set_mode(mode)
        grouped = mode is not GroupMode.NONE
        had_focus = self.table.hasFocus() or self.tree.hasFocus()
        self.views.setCurrentWidget(self.tree if grouped else self.table)
        # The window gives focus to "the table": it lands on the view shown.
        self.table.setFocusProxy(self.tree if grouped else None)  # type: ignore[arg-type]
        if current is not None:
            self.select_case(current.id)
        elif grouped:
            self.tree.make_current(self.tree.first_row())
        if had_focus:
            self.focus_queue()
        self.grouping_changed.emit(mode)

    def cycle_grouping(self) -> GroupMode:
        """Switch to the next grouping mode (None, Member, Text, Screenshot, Link domain)."""
        self.set_group_mode(next_mode(self.group_model.mode))
        return self.group_model.mode

    def toggle_group(self) -> bool:
        """Open or close the current group; False when the queue is not grouped."""
        return self.grouped and self.tree.toggle_current_group()

    def current_group_case_ids(self) -> list[str]:
        """The cases of the current row's group (empty when not grouped)."""
        group = self.group_model.group_at(self.tree.currentIndex()) if self.grouped else None
        return list(group.case_ids) if group is not None else []

    def _on_group_combo(self, _index: int) -> None:
        data = self.group_combo.currentData()
        self.set_group_mode(GroupMode(data) if data else GroupMode.NONE)

    # --- selection -------------------------------------------------------------------------

    def toggle_selection(self) -> bool:
        """Tick the current case or untick it; on a group row, the whole group.

        False when no row is current.
        """
        if self.grouped:
            index = self.tree.currentIndex()
            if not index.isValid():
                return False
            if self.group_model.is_group_row(index):
                ids = self.current_group_case_ids()
                if all(case_id in self.selection for case_id in ids):
                    self.selection.discard(ids)
                else:
                    self.selection.add(ids)
                return True
        summary = self.current_summary()
        if summary is None:
            return False
        self.selection.toggle(summary.id)
        return True

    def extend_selection(self, delta: int) -> bool:
        """Tick the current case, move one row (``delta`` 1 down, -1 up) and tick that one."""
        before = self._current_case_ids()
        if not before or not self.step(delta):
            return False
        self.selection.add(before + self._current_case_ids())
        return True

    def select_all(self) -> int:
        """Tick every case of the current group (grouped) or of the filter (the loaded rows).

        Returns how many cases are ticked.
        """
        ids = self.current_group_case_ids()
        if not ids:
            ids = [
                summary.id
                for row in range(self.model.rowCount())
                if (summary := self.model.summary(row)) is not None
            ]
        self.selection.add(ids)
        return len(self.selection)

    def clear_selection(self) -> None:
        """Untick every case."""
        self.selection.clear()

    def _current_case_ids(self) -> list[str]:
        if self.grouped:
            return self.group_model.case_ids_of([self.tree.currentIndex()])
        summary = self.current_summary()
        return [summary.id] if summary is not None else []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Esc in the queue (not in a text field) clears the selection."""
        if (
            watched in (self.table, self.tree)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and len(self.selection)
        ):
            self.selection.clear()
            return True
        return super().eventFilter(watched, event)

    def _on_selection_changed(self, count: int) -> None:
        self.model.set_marked(self.selection.ids())
        self.selection_label.setText(selection_text(count))

    def _forget_unlisted(self) -> None:
        """Cases no longer listed (decided, another filter) leave the selection."""
        listed = {
            summary.id
            for row in range(self.model.rowCount())
            if (summary := self.model.summary(row)) is not None
        }
        self.selection.discard([c for c in self.selection.ids() if c not in listed])

    def _on_table_clicked(self, index: QModelIndex) -> None:
        modifiers = QApplication.keyboardModifiers()
        if modifiers & Qt.KeyboardModifier.ShiftModifier and self._previous.isValid():
            first, last = sorted((self._previous.row(), index.row()))
            self.selection.add(
                summary.id
                for row in range(first, last + 1)
                if (summary := self.model.summary(row)) is not None
            )
        elif modifiers & Qt.KeyboardModifier.ControlModifier:
            self.toggle_selection()

    def _on_tree_clicked(self, index: QModelIndex) -> None:
        modifiers = QApplication.keyboardModifiers()
        if modifiers & Qt.KeyboardModifier.ShiftModifier and self._previous.isValid():
            rows = self.tree.visible_between(self._previous, index.siblingAtColumn(0))
            self.selection.add(self.group_model.case_ids_of(rows))
        elif modifiers & Qt.KeyboardModifier.ControlModifier:
            self.toggle_selection()

    def _size_tree_columns(self) -> None:
        """The grouped queue's columns as wide as the flat queue's (the first one
        also holds the tree's indentation and the selection tick)."""
        table_header = self.table.horizontalHeader()
        header = self.tree.header()
        extra = (
            self.tree.indentation()
            + self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
            + 6
        )
        for column in range(min(header.count(), table_header.count()) - 1):
            width = table_header.sectionSize(column) + (extra if column == 0 else 0)
            header.resizeSection(column, width)

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
