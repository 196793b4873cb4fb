"""A compact, read-only table view for a :class:`TextTableModel`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

from reviewdesk.ui.case.text_table_model import TextTableModel

#: How many rows a column's width is measured over.
RESIZE_PRECISION_ROWS = 12
#: Pixels beside a cell's text beyond the style's text margins (the grid line, rounding).
EXTRA_CELL_PIXELS = 2


def make_table_view(
    model: TextTableModel, *, accessible_name: str, parent: QWidget | None = None
) -> QTableView:
    """A dense table: whole-row selection, no editing, last column stretched.

    Column widths follow the texts of the first rows whenever the rows are
    replaced, measured straight from the strings (:func:`fit_columns`): no
    item delegate asked about every cell, and no second, delayed paint.
    """
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(accessible_name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    titles = [header.sectionSizeHint(column) for column in range(model.columnCount())]
    widths = TextWidths()

    def refit() -> None:
        # Emptied until the next fill: the widths stay, and the scroll bars are not
        # painted for the moment they have no rows (they were, twice per switch).
        held = model.widths_held
        for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
            if bar.updatesEnabled() == held:
                bar.setUpdatesEnabled(not held)
        if not held:
            fit_columns(view, model, titles, widths)

    model.modelReset.connect(refit)
    refit()
    return view


class TextWidths:
    """Remembers how wide texts are in one font: table cells repeat (dates, titles)."""

    #: Texts remembered before the memory is emptied.
    LIMIT = 2000

    def __init__(self) -> None:
        self._font = ""
        self._widths: dict[str, int] = {}

    def width(self, metrics: QFontMetrics, font_key: str, text: str) -> int:
        """The advance of ``text`` in the font of ``metrics`` (whose key is ``font_key``)."""
        if font_key != self._font or len(self._widths) >= self.LIMIT:
            self._font, self._widths = font_key, {}
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = metrics.horizontalAdvance(text)
        return width


def fit_columns(
    view: QTableView, model: TextTableModel, titles: list[int], widths: TextWidths | None = None
) -> None:
    """Size every column but the last (it stretches) to its title and its first rows' texts.

    Widths only change when the texts ask for it; a view on screen is laid
    out at once, so the new rows are painted with the rest of the window.
    """
    widths = widths or TextWidths()
    metrics = view.fontMetrics()
    font_key = view.font().key()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    padding = 2 * margin + EXTRA_CELL_PIXELS
    header = view.horizontalHeader()
    rows = min(RESIZE_PRECISION_ROWS, model.rowCount())
    for column in range(model.columnCount() - 1):
        texts = (model.cell(row, column) for row in range(rows))
        width = max((widths.width(metrics, font_key, text) for text in texts), default=0)
        width += padding
        width = max(width, titles[column] if column < len(titles) else 0)
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)
    if view.isVisible():
        view.doItemsLayout()
