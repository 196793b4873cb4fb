"""The command palette (Ctrl+K): one search over commands, queued cases and members.

A small window with a search field over a list. Typing ranks, with the
fuzzy matcher, every command of the registry (by title, id and group, its
keys shown beside it), every case loaded in the queue (by id, member name
and preview) and every member with a case there (by name and id). Up/Down
(and Page Up/Down) move in the list, Enter runs the command or opens the
case (a member's first case), Esc closes. A command disabled right now is
listed greyed and refuses to run. Everything shown is plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import CATEGORY_TITLES
from reviewdesk.ui.case.text_format import plural, single_line
from reviewdesk.ui.commands import CommandRegistry, key_text
from reviewdesk.ui.fuzzy import best_score, normalise
from reviewdesk.ui.queue_model import QueueModel

#: At most this many matches are listed (typing narrows the rest down).
MAX_SHOWN = 200
NOT_AVAILABLE = "not available now"
#: The longest title and detail shown (member text is cut, hidden characters shown as markers).
TITLE_LIMIT = 120
DETAIL_LIMIT = 240


class EntryKind(Enum):
    """What an entry of the palette stands for."""

    COMMAND = "command"
    CASE = "case"
    MEMBER = "member"


@dataclass(frozen=True)
class PaletteEntry:
    """One line of the palette: what it is, how it reads and what is searched.

    ``title`` and ``detail`` may hold member text as typed: they are made
    one safe line (hidden characters as markers) only when shown.
    """

    kind: EntryKind
    #: The command id, case id or member id.
    key: str
    title: str
    detail: str
    #: Shown at the right: the command's keys, or what Enter does.
    hint: str
    #: The texts the query is matched against, the most telling first (normalised).
    fields: tuple[str, ...]
    #: For a case or a member: the case Enter opens (a member's first in the queue).
    case_id: str = ""

    @property
    def haystack(self) -> str:
        """Every searched text in one string, for a quick first test."""
        return "\n".join(self.fields)


def command_entries(registry: CommandRegistry) -> list[PaletteEntry]:
    """One entry per command of the registry, in catalogue order."""
    return [
        PaletteEntry(
            EntryKind.COMMAND,
            spec.id,
            spec.title,
            f"{spec.group} · {spec.id}",
            key_text(registry.keys(spec.id)),
            _searched(spec.title, spec.id, spec.group),
        )
        for spec in registry.commands()
    ]


def queue_entries(model: QueueModel) -> list[PaletteEntry]:
    """The cases loaded in the queue, then their members (each once), in queue order."""
    cases: list[PaletteEntry] = []
    members: dict[str, tuple[str, str, int]] = {}
    for row in range(model.rowCount()):
        summary = model.summary(row)
        if summary is None:
            continue
        category = CATEGORY_TITLES[summary.category]
        cases.append(
            PaletteEntry(
                EntryKind.CASE,
                summary.id,
                f"Case {summary.id} · {summary.member_name}",
                f"{category} · {summary.preview}" if summary.preview else category,
                "open case",
                _searched(summary.id, summary.member_name, summary.preview),
                summary.id,
            )
        )
        first_case, name, count = members.get(
            summary.member_id, (summary.id, summary.member_name, 0)
        )
        members[summary.member_id] = (first_case, name, count + 1)
    return cases + [
        PaletteEntry(
            EntryKind.MEMBER,
            member_id,
            name,
            f"Member {member_id} · {plural(count, 'case')} in the queue",
            "open first case",
            _searched(name, member_id),
            first_case,
        )
        for member_id, (first_case, name, count) in members.items()
    ]


def _searched(*texts: str) -> tuple[str, ...]:
    """The texts an entry is found by, normalised once when the palette opens."""
    return tuple(normalise(text) for text in texts)


def _may_match(entry: PaletteEntry, wanted: str) -> bool:
    """A quick first test: a case is found only by runs of its texts (an id from 1 character).

    Commands and members (a few hundred at most) always go on to the full ranking.
    """
    if entry.kind is not EntryKind.CASE:
        return True
    if len(wanted) < 2:
        return entry.key.casefold().startswith(wanted)
    haystack = entry.haystack
    return all(part in haystack for part in wanted.split(" "))


class PaletteModel(QAbstractListModel):
    """The matching entries, best first; knows which commands are disabled now."""

    #: Role returning the row's :class:`PaletteEntry`.
    EntryRole = int(Qt.ItemDataRole.UserRole) + 1
    #: Role returning the hint shown at the right.
    HintRole = int(Qt.ItemDataRole.UserRole) + 2
    #: Role returning the second line.
    DetailRole = int(Qt.ItemDataRole.UserRole) + 3

    def __init__(self, registry: CommandRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        self._all: list[PaletteEntry] = []
        self._shown: list[PaletteEntry] = []
        self._matches = 0

    def set_entries(self, entries: list[PaletteEntry]) -> None:
        """Search these entries from now on (shows all of them until filtered)."""
        self._all = entries
        self.filter("")

    def filter(self, query: str) -> None:
        """Show the entries ``query`` matches, best first."""
        wanted = normalise(query)
        if not wanted:
            matches = list(self._all)
        else:
            # "case 42" looks for the case with id 42; "case" alone is not every case.
            case_query = wanted.removeprefix("case ").strip() if wanted != "case" else wanted
            scored: list[tuple[int, int, PaletteEntry]] = []
            for order, entry in enumerate(self._all):
                looked_for = case_query if entry.kind is EntryKind.CASE else wanted
                if not _may_match(entry, looked_for):
                    continue
                found = best_score(looked_for, entry.fields, normalised=True)
                if found is not None:
                    scored.append((-found, order, entry))
            scored.sort(key=lambda item: (item[0], item[1]))
            matches = [entry for _score, _order, entry in scored]
        self.beginResetModel()
        self._matches = len(matches)
        self._shown = matches[:MAX_SHOWN]
        self.endResetModel()

    @property
    def match_count(self) -> int:
        """How many entries match (more than are listed when over :data:`MAX_SHOWN`)."""
        return self._matches

    def entry(self, row: int) -> PaletteEntry | None:
        """The entry listed at ``row``."""
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def is_available(self, entry: PaletteEntry) -> bool:
        """False for a command that is disabled right now."""
        return entry.kind is not EntryKind.COMMAND or self._registry.action(entry.key).isEnabled()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        available = self.is_available(entry)
        if role == Qt.ItemDataRole.DisplayRole:
            return single_line(entry.title, TITLE_LIMIT)
        if role == self.DetailRole:
            detail = single_line(entry.detail, DETAIL_LIMIT)
            return detail if available else f"{detail} · {NOT_AVAILABLE}"
        if role == self.HintRole:
            return entry.hint
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "" if available else f", {NOT_AVAILABLE}"
            return f"{single_line(entry.title, TITLE_LIMIT)}, {entry.hint}{state}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return None
        if role == self.EntryRole:
            return entry
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class PaletteDelegate(QStyledItemDelegate):
    """Two plain-text lines per entry: title and hint, then the detail in grey."""

    def __init__(self, model: PaletteModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.height()
        return QSize(200, line * 2 + 10)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        entry = self._model.entry(index.row())
        if entry is None:
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        available = self._model.is_available(entry)
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        main = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        faint = QColor(main)
        faint.setAlphaF(0.65)
        if not available:
            main = QColor(faint)
            main.setAlphaF(0.5)
        inner = rect.adjusted(8, 4, -8, -4)
        font = QFont(option.font)
        metrics = option.fontMetrics
        line = metrics.height()
        hint = str(index.data(PaletteModel.HintRole) or "")
        hint_width = metrics.horizontalAdvance(hint) + 12 if hint else 0
        painter.setFont(font)
        painter.setPen(faint)
        painter.drawText(
            QRect(inner.right() - hint_width, inner.top(), hint_width, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            hint,
        )
        painter.setPen(main)
        title_width = max(0, inner.width() - hint_width)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        title = metrics.elidedText(title, Qt.TextElideMode.ElideRight, title_width)
        painter.drawText(
            QRect(inner.left(), inner.top(), title_width, line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title,
        )
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.9))
        painter.setFont(small)
        painter.setPen(faint if available else main)
        detail = str(index.data(PaletteModel.DetailRole) or "")
        width = inner.width()
        detail = painter.fontMetrics().elidedText(detail, Qt.TextElideMode.ElideRight, width)
        painter.drawText(
            QRect(inner.left(), inner.top() + line + 2, inner.width(), line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            detail,
        )
        painter.restore()


_MOVES = {
    int(Qt.Key.Key_Down): QAbstractItemView.CursorAction.MoveDown,
    int(Qt.Key.Key_Up): QAbstractItemView.CursorAction.MoveUp,
    int(Qt.Key.Key_PageDown): QAbstractItemView.CursorAction.MovePageDown,
    int(Qt.Key.Key_PageUp): QAbstractItemView.CursorAction.MovePageUp,
}


class CommandPalette(QDialog):
    """The palette window; :meth:`open_palette` fills it afresh and shows it."""

    def __init__(
        self,
        registry: CommandRegistry,
        queue: QueueModel,
        open_case: Callable[[str], str | None],
        parent: QWidget | None = None,
    ) -> None:
        """``open_case`` opens a case by id and returns None, or a sentence why it cannot."""
        super().__init__(parent)
        self.setWindowTitle("Command palette")
        self.setAccessibleName("Command palette")
        self.setModal(True)
        self._registry = registry
        self._queue = queue
        self._open_case = open_case
        #: The queue's entries as last read; read again only after the queue changed.
        self._queue_entries: list[PaletteEntry] | None = None
        for signal in (
            queue.modelReset,
            queue.rowsInserted,
            queue.rowsRemoved,
            queue.dataChanged,
            queue.layoutChanged,
        ):
            signal.connect(self._queue_changed)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search commands, cases and members")
        self.search.setPlaceholderText("Type a command, a case id or a member's name…")
        self.search.setClearButtonEnabled(True)
        self.model = PaletteModel(registry, self)
        self.list = QListView()
        self.list.setAccessibleName("Matching commands, cases and members")
        self.list.setModel(self.model)
        self.list.setItemDelegate(PaletteDelegate(self.model, self.list))
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Palette status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.run_current)
        self.search.installEventFilter(self)
        self.list.activated.connect(lambda _index: self.run_current())
        self.list.clicked.connect(lambda _index: self.run_current())
        self.resize(640, 460)

    def open_palette(self) -> None:
        """Read the commands and the queue as they are now, clear the search and show."""
        if self._queue_entries is None:
            self._queue_entries = queue_entries(self._queue)
        self.model.set_entries(command_entries(self._registry) + self._queue_entries)
        self.search.clear()
        self._filter("")
        parent = self.parentWidget()
        if parent is not None:
            frame = parent.geometry()
            self.move(frame.x() + (frame.width() - self.width()) // 2, frame.y() + 80)
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _queue_changed(self, *_args: object) -> None:
        self._queue_entries = None

    def current_entry(self) -> PaletteEntry | None:
        """The highlighted entry."""
        index = self.list.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def run_current(self) -> None:
        """Run the highlighted command or open the highlighted case; stay open on refusal."""
        entry = self.current_entry()
        if entry is None:
            self.status.setText("Nothing matches; change the search or press Esc.")
            return
        if entry.kind is EntryKind.COMMAND:
            if not self.model.is_available(entry):
                self.status.setText(f"“{entry.title}” is {NOT_AVAILABLE}.")
                return
            self.accept()
            command_id = entry.key
            # After the palette has closed, so the command's focus lands in the window.
            QTimer.singleShot(0, self, lambda: self._registry.trigger(command_id))
            return
        refusal = self._open_case(entry.case_id)
        if refusal is not None:
            self.status.setText(refusal)
            return
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Up, Down, Page Up and Page Down in the search field move in the list."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and int(event.key()) in _MOVES
        ):
            self._move(_MOVES[int(event.key())])
            return True
        return super().eventFilter(watched, event)

    def _move(self, action: QAbstractItemView.CursorAction) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        row = self.list.currentIndex().row()
        page = max(1, self.list.viewport().height() // max(1, self.list.sizeHintForRow(0)))
        step = {
            QAbstractItemView.CursorAction.MoveDown: 1,
            QAbstractItemView.CursorAction.MoveUp: -1,
            QAbstractItemView.CursorAction.MovePageDown: page,
            QAbstractItemView.CursorAction.MovePageUp: -page,
        }[action]
        self._select(max(0, min(count - 1, row + step)))

    def _select(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def _filter(self, text: str) -> None:
        self.model.filter(text)
        shown, matches = self.model.rowCount(), self.model.match_count
        if matches == 0:
            self.status.setText("Nothing matches.")
        elif matches > shown:
            self.status.setText(f"{matches:,} matches; the best {shown} are listed.")
        else:
            self.status.setText("Enter runs or opens · Up/Down to choose · Esc closes")
        if shown:
            self._select(0)
