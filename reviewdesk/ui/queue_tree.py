"""The grouped queue's view: a tree of groups that keeps its place when the groups change.

Group rows span every column and show the group's size and what is alike;
expanding a group lists its cases with the queue's columns. After each
rebuild of the :class:`QueueGroupModel` the view expands the groups that were
open and makes the same case current again (or the group that took its place).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from reviewdesk.api.models import CaseSummary
from reviewdesk.ui.queue_group_model import QueueGroupModel


class QueueTreeView(QTreeView):
    """The queue grouped: groups expandable to their cases, walked row by row."""

    def __init__(self, model: QueueGroupModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group_model = model
        self.setModel(model)
        self.setAccessibleName("Grouped case queue")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setExpandsOnDoubleClick(True)
        self.setIndentation(14)
        self.header().setStretchLastSection(True)
        #: Keys of the groups the moderator opened.
        self._expanded: set[str] = set()
        #: The case (or group key) current before a rebuild, restored after it.
        self._current_case: str | None = None
        self._current_group: str | None = None
        self.expanded.connect(lambda index: self._remember(index, True))
        self.collapsed.connect(lambda index: self._remember(index, False))
        model.modelAboutToBeReset.connect(self._before_rebuild)
        model.rebuilt.connect(self._after_rebuild)

    # --- expansion -------------------------------------------------------------------

    def _remember(self, index: QModelIndex, expanded: bool) -> None:
        group = self.group_model.group_at(index)
        if group is not None:
            if expanded:
                self._expanded.add(group.key)
            else:
                self._expanded.discard(group.key)

    def toggle_current_group(self) -> bool:
        """Open the current group, or close it (from one of its cases too); False: none."""
        index = self.currentIndex()
        if not index.isValid():
            return False
        group_row = index if self.group_model.is_group_row(index) else index.parent()
        if self.isExpanded(group_row):
            self.collapse(group_row)
            self.make_current(group_row)
        else:
            self.expand(group_row)
        return True

    def forget_expansion(self) -> None:
        """Close every group (a new grouping mode)."""
        self._expanded.clear()

    # --- current row -----------------------------------------------------------------------

    def make_current(self, index: QModelIndex) -> bool:
        """Make ``index``'s row current and visible; False for an invalid index."""
        if not index.isValid():
            return False
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index)
        return True

    def index_for_case(self, case_id: str) -> QModelIndex:
        """Where ``case_id`` is shown: its group row when it represents a closed group.

        Any other case opens its group, so the case itself is current.
        """
        index = self.group_model.index_of_case(case_id)
        if not index.isValid():
            return index
        group_row = index.parent()
        group = self.group_model.group_at(group_row)
        if group is not None and (group.size == 1 or (
            group.representative == case_id and not self.isExpanded(group_row)
        )):
            return group_row
        self.expand(group_row)
        return index

    def walk(
        self,
        start: QModelIndex,
        direction: int,
        skip: Callable[[CaseSummary], bool] | None = None,
        include_start: bool = False,
    ) -> bool:
        """Make current the first visible row from ``start`` going ``direction`` that
        ``skip`` allows (a group row stands for its representative); False when none."""
        index = start if include_start else self._neighbour(start, direction)
        while index.isValid():
            summary = self.group_model.summary_at(index)
            if summary is not None and (skip is None or not skip(summary)):
                return self.make_current(index)
            index = self._neighbour(index, direction)
        return False

    def first_row(self) -> QModelIndex:
        """The first row shown."""
        return self.group_model.index(0, 0)

    def _neighbour(self, index: QModelIndex, direction: int) -> QModelIndex:
        if not index.isValid():
            return self.first_row() if direction > 0 else QModelIndex()
        below = self.indexBelow(index) if direction > 0 else self.indexAbove(index)
        return below.siblingAtColumn(0) if below.isValid() else below

    def visible_between(self, first: QModelIndex, last: QModelIndex) -> list[QModelIndex]:
        """The visible rows from ``first`` to ``last`` (either order), both included."""
        rows: list[QModelIndex] = []
        index = first
        while index.isValid():
            rows.append(index)
            if index == last:
                return rows
            index = self._neighbour(index, 1)
        rows = []
        index = last
        while index.isValid():
            rows.append(index)
            if index == first:
                return rows
            index = self._neighbour(index, 1)
        return [first, last]

    # --- rebuilds ------------------------------------------------------------------------

    def _before_rebuild(self) -> None:
        index = self.currentIndex()
        model = self.group_model
        self._current_case = None if model.is_group_row(index) else model.case_id_at(index)
        group = model.group_at(index)
        self._current_group = group.representative if group is not None else None

    def _after_rebuild(self) -> None:
        model = self.group_model
        for number, group in enumerate(model.groups()):
            self.setFirstColumnSpanned(number, QModelIndex(), True)
            if group.key in self._expanded:
                self.expand(model.index(number, 0))
        for case_id in (self._current_case, self._current_group):
            if case_id is not None and self.make_current(self.index_for_case(case_id)):
                return
