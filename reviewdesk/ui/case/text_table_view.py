"""A compact, read-only table view for a :class:`TextTableModel`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from reviewdesk.ui.case.text_table_model import TextTableModel

#: How many rows a column's width is measured over.
RESIZE_PRECISION_ROWS = 12


def make_table_view(
    model: TextTableModel, *, accessible_name: str, parent: QWidget | None = None
) -> QTableView:
    """A dense table: whole-row selection, no editing, last column stretched."""
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
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Widths follow the first rows only: a long history never makes showing it slow.
    header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
    header.setHighlightSections(False)
    return view
