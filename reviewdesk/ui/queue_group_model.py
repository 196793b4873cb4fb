"""The queue grouped: a two-level tree model over :class:`QueueModel`.

Top-level rows are groups of alike cases (see :mod:`reviewdesk.queue.grouping`),
biggest first; their children are the cases, in queue order, showing exactly
what the flat queue shows (the cells come from the source model). The tree is
rebuilt whenever the queue's rows change; :attr:`QueueGroupModel.rebuilt`
tells the view to restore what was current and expanded.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from reviewdesk.api.models import CaseSummary
from reviewdesk.evidence.links import find_links
from reviewdesk.queue.grouping import CaseGroup, GroupItem, GroupMode, group_items
from reviewdesk.ui.case.text_format import plain_tooltip, single_line
from reviewdesk.ui.queue_model import CaseIdRole, QueueModel, SummaryRole
from reviewdesk.ui.table_model_base import AnyIndex
from reviewdesk.ui.tasks import TaskRunner

#: Task scope of group computations.
GROUPING_SCOPE = "queue-groups"
#: Role returning a group row's CaseGroup (None on case rows).
GroupRole = int(Qt.ItemDataRole.UserRole) + 10
GROUP_BACKGROUND = "#eef1f5"
#: Longest group title shown (the rest is elided; the tooltip has the full text).
TITLE_CHARS = 160
#: internalId of a top-level (group) row; a case row stores its group's row + 1.
_TOP = 0


def group_item(summary: CaseSummary) -> GroupItem:
    """What grouping reads from one queue row."""
    return GroupItem(
        case_id=summary.id,
        member_id=summary.member_id,
        member_name=summary.member_name,
        text=summary.preview,
        image_hash=summary.image_hash,
    )


def defanged(text: str) -> str:
    """``text`` with every link defanged (``hxxps://spam[.]example``), as the case shows it."""
    parts: list[str] = []
    last = 0
    for link in find_links(text):
        parts += [text[last : link.start], link.defanged]
        last = link.end
    return "".join([*parts, text[last:]])


def group_label(group: CaseGroup, ticked: int = 0) -> str:
    """A group row's text: its size, what is alike (links defanged), how many are ticked."""
    size = f"{group.size} case" + ("s" if group.size != 1 else "")
    ticks = f" · {ticked} selected" if ticked else ""
    return f"{size}{ticks} · {single_line(defanged(group.title[:1000]), TITLE_CHARS)}"


class QueueGroupModel(QAbstractItemModel):
    """Groups of alike cases of a :class:`QueueModel`, each expandable to its cases."""

    #: The groups were computed again (the view restores current row and expansion).
    rebuilt = Signal()

    def __init__(self, source: QueueModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._mode = GroupMode.NONE
        self._groups: list[CaseGroup] = []
        #: Per group, the source rows of its cases.
        self._rows: list[list[int]] = []
        self._place: dict[str, tuple[int, int]] = {}
        self._groups_mode = GroupMode.NONE
        self._runner: TaskRunner | None = None
        self._generation = 0
        self._computing = False
        source.modelReset.connect(self.rebuild)
        source.rowsInserted.connect(self.rebuild)
        source.rowsRemoved.connect(self.rebuild)
        source.layoutChanged.connect(self.rebuild)
        source.dataChanged.connect(self._on_source_data)

    # --- grouping -----------------------------------------------------------------

    @property
    def mode(self) -> GroupMode:
        """How the cases are grouped."""
        return self._mode

    def set_mode(self, mode: GroupMode) -> None:
        """Group by ``mode`` (NONE empties the tree: the flat queue is shown instead)."""
        if mode is not self._mode:
            self._mode = mode
            self.rebuild()

    def set_runner(self, runner: TaskRunner | None) -> None:
        """Compute groups on ``runner``'s workers from now on (None: at once, here)."""
        self._runner = runner

    @property
    def computing(self) -> bool:
        """True while groups are being computed on a worker."""
        return self._computing

    def rebuild(self) -> None:
        """Compute the groups again from the queue's rows.

        With a runner, the tree first keeps the groups it had (cases no longer
        listed dropped, new ones on their own) and takes the new groups when
        the worker has them; a change meanwhile starts over.
        """
        self._generation += 1
        summaries: list[CaseSummary] = []
        row_of: dict[str, int] = {}
        if self._mode is not GroupMode.NONE:
            for row in range(self._source.rowCount()):
                summary = self._source.summary(row)
                if summary is not None:
                    summaries.append(summary)
                    row_of[summary.id] = row
        mode = self._mode
        items = [group_item(s) for s in summaries]
        runner = self._runner
        if runner is None or mode is GroupMode.NONE:
            self._computing = False
            self._apply(group_items(items, mode) if items else [], row_of, mode)
            return
        generation = self._generation
        self._computing = True  # already while the groups so far are carried over
        self._apply(self._carried_over(items, mode), row_of, mode)

        def done(groups: list[CaseGroup]) -> None:
            if generation == self._generation:
                self._computing = False
                self._apply(groups, row_of, mode)

        def failed(error: Exception) -> None:
            if generation == self._generation:
                self._computing = False
                runner.unhandled_error.emit(error)  # the window's banner says so

        runner.run(lambda: group_items(items, mode), done, failed, scope=GROUPING_SCOPE)

    def _carried_over(self, items: list[GroupItem], mode: GroupMode) -> list[CaseGroup]:
        """The groups shown so far, kept to the cases still listed (until the new ones come)."""
        if mode is not self._groups_mode:
            return group_items(items, GroupMode.NONE)
        listed = {item.case_id for item in items}
        kept: list[CaseGroup] = []
        placed: set[str] = set()
        for group in self._groups:
            ids = tuple(c for c in group.case_ids if c in listed)
            if ids:
                kept.append(CaseGroup(group.key, group.title, ids))
                placed.update(ids)
        fresh = [item for item in items if item.case_id not in placed]
        return kept + group_items(fresh, GroupMode.NONE)

    def _apply(self, groups: list[CaseGroup], row_of: dict[str, int], mode: GroupMode) -> None:
        self.beginResetModel()
        self._groups, self._rows, self._place = [], [], {}
        self._groups_mode = mode
        for group in groups:
            rows = [row_of[case_id] for case_id in group.case_ids if case_id in row_of]
            if len(rows) != len(group.case_ids):
                continue  # cannot happen: the groups were made from these rows
            number = len(self._groups)
            self._groups.append(group)
            self._rows.append(rows)
            for position, case_id in enumerate(group.case_ids):
                self._place[case_id] = (number, position)
        self.endResetModel()
        self.rebuilt.emit()

    # --- queries ---------------------------------------------------------------------

    def groups(self) -> list[CaseGroup]:
        """The groups, in display order."""
        return list(self._groups)

    def group_at(self, index: AnyIndex) -> CaseGroup | None:
        """The group of a group row or of a case row (None for an invalid index)."""
        if not index.isValid():
            return None
        number = index.row() if index.internalId() == _TOP else index.internalId() - 1
        return self._groups[number] if 0 <= number < len(self._groups) else None

    def is_group_row(self, index: AnyIndex) -> bool:
        """True for a top-level (group) row."""
        return index.isValid() and index.internalId() == _TOP

    def case_id_at(self, index: AnyIndex) -> str | None:
        """The case of a case row, or the representative of a group row."""
        group = self.group_at(index)
        if group is None:
            return None
        return group.representative if self.is_group_row(index) else group.case_ids[index.row()]

    def summary_at(self, index: AnyIndex) -> CaseSummary | None:
        """The summary of :meth:`case_id_at`."""
        case_id = self.case_id_at(index)
        place = self._place.get(case_id) if case_id is not None else None
        if place is None:
            return None
        return self._source.summary(self._rows[place[0]][place[1]])

    def index_of_case(self, case_id: str) -> QModelIndex:
        """The case row of ``case_id`` (invalid when it is not listed)."""
        place = self._place.get(case_id)
        if place is None:
            return QModelIndex()
        return self.index(place[1], 0, self.index(place[0], 0))

    def index_of_group(self, key: str) -> QModelIndex:
        """The group row whose group has ``key`` (invalid when there is none)."""
        for number, group in enumerate(self._groups):
            if group.key == key:
                return self.index(number, 0)
        return QModelIndex()

    # --- Qt model API --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._rows[parent.row()]) if parent.row() < len(self._rows) else 0
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return self._source.columnCount()

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        """The next page of the queue, while grouped (ungrouped, the flat view asks)."""
        return (
            not parent.isValid()
            and self._mode is not GroupMode.NONE
            and self._source.canFetchMore(QModelIndex())
        )

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        if self.canFetchMore(parent):
            self._source.fetchMore(QModelIndex())

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        return self._source.headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.is_group_row(index):
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        group = self.group_at(index)
        if group is None:
            return None
        if self.is_group_row(index):
            return self._group_data(group, index.column(), role)
        rows = self._rows[index.internalId() - 1]
        if not 0 <= index.row() < len(rows):
            return None
        return self._source.data(self._source.index(rows[index.row()], index.column()), role)

    def _group_data(self, group: CaseGroup, column: int, role: int) -> object:
        if role == GroupRole:
            return group
        if role == CaseIdRole:
            return group.representative
        if role == SummaryRole:
            place = self._place.get(group.representative)
            return self._source.summary(self._rows[place[0]][0]) if place else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(GROUP_BACKGROUND)
        if column != 0:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return group_label(group, self._ticked(group))
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(defanged(group.title[:2000]))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _ticked(self, group: CaseGroup) -> int:
        return sum(1 for case_id in group.case_ids if self._source.is_marked(case_id))

    def _on_source_data(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        if not self._groups:
            return
        changed = range(top_left.row(), bottom_right.row() + 1)
        last = self.columnCount() - 1
        for number, rows in enumerate(self._rows):
            positions = [p for p, row in enumerate(rows) if row in changed]
            if positions:
                parent = self.index(number, 0)
                self.dataChanged.emit(parent, self.index(number, last))
                self.dataChanged.emit(
                    self.index(min(positions), 0, parent),
                    self.index(max(positions), last, parent),
                )

    def case_ids_of(self, indexes: Sequence[QModelIndex]) -> list[str]:
        """Every case under the given rows: a group row gives all its cases."""
        found: dict[str, None] = {}
        for index in indexes:
            group = self.group_at(index)
            if group is None:
                continue
            if self.is_group_row(index):
                found.update(dict.fromkeys(group.case_ids))
            else:
                found[group.case_ids[index.row()]] = None
        return list(found)
