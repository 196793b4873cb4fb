"""The command palette (Ctrl+K): one search over commands, queued cases and members.

A small window with a search field over a list. Typing ranks, with the
fuzzy matcher, every command of the registry (by title, id and group, its
keys shown beside it), every case loaded in the queue (by id, member name
and preview) and every member with a case there (by name and id). Up/Down
(and Page Up/Down) move in the list, Enter runs the command or opens the
case (a member's first case), Esc closes. A command disabled right now is
listed greyed and refuses to run. Everything shown is plain text.

The GUI thread never ranks the queue, whatever its size: commands (a few
dozen) are ranked at once on each keystroke, so they show with the echo;
cases and members are ranked on the palette's own worker thread, over a
snapshot of the queue's texts prepared on that worker when the palette opens
or the queue changed (see :mod:`reviewdesk.ui.palette_search`). Each query
has a generation: an answer to an older one is never shown. Until the answer
comes, the previous queue matches stay listed below the commands, a
"searching" line appears if it takes noticeably long, and Enter waits for it
(unless the moderator already picked a line with the arrows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
from PySide6.QtGui import QColor, QFont, QHideEvent, QKeyEvent, QPainter, QPalette
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

from reviewdesk.ui.case.text_format import single_line
from reviewdesk.ui.commands import CommandRegistry, key_text
from reviewdesk.ui.palette_search import (
    MAX_SHOWN,
    EntryKind,
    PaletteEntry,
    QueueSearcher,
    Scored,
    SearchAnswer,
    SnapshotBuilder,
    rank_entries,
    searched,
)
from reviewdesk.ui.palette_worker import PaletteWorker
from reviewdesk.ui.queue_model import QueueModel

__all__ = [
    "MAX_SHOWN",
    "NOT_AVAILABLE",
    "CommandPalette",
    "EntryKind",
    "PaletteDelegate",
    "PaletteEntry",
    "PaletteModel",
    "command_entries",
    "queue_entries",
]

NOT_AVAILABLE = "not available now"
SEARCHING = "Searching the queue's cases and members…"
HELP_LINE = "Enter runs or opens · Up/Down to choose · Esc closes"
#: The "searching" line shows only when the queue's answer takes longer than this (ms).
SEARCHING_HINT_MS = 150
#: At each keystroke the worker steps aside this long (s), so the echo never waits for it.
ECHO_PAUSE_S = 0.025
#: A queue change while the palette is open is searched again after this pause (ms).
QUEUE_SETTLE_MS = 250
#: The longest title and detail shown (member text is cut, hidden characters shown as markers).
TITLE_LIMIT = 120
DETAIL_LIMIT = 240


def command_entries(registry: CommandRegistry) -> list[PaletteEntry]:
    """One entry per command of the registry, in catalogue order."""
    return [
        PaletteEntry(
            EntryKind.COMMAND,
            spec.id,
            spec.title,
            f"{spec.group} · {spec.id}",
            key_text(registry.keys(spec.id)),
            searched(spec.title, spec.id, spec.group),
        )
        for spec in registry.commands()
    ]


def queue_entries(model: QueueModel) -> list[PaletteEntry]:
    """The cases loaded in the queue, then their members (each once), in queue order.

    Prepares every row on the calling thread: the palette itself does this on its worker.
    """
    return SnapshotBuilder().build(model.summaries()).entries()


class PaletteModel(QAbstractListModel):
    """The matching entries, best first; knows which commands are disabled now.

    Two sources are merged: the entries given to :meth:`set_entries` (the
    commands), ranked at once by :meth:`filter`, and the queue's matches
    ranked elsewhere and handed over by :meth:`set_queue_matches`. Rows change
    by insertions, removals and in-place updates (no reset), so the view keeps
    its place and never blinks empty.
    """

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
        self._query = ""
        self._local: list[Scored] = []
        self._local_count = 0
        #: The queue's matches and the query they answer (maybe an older one, until its answer).
        self._queue: list[Scored] = []
        self._queue_count = 0
        self._queue_query: str | None = None
        self._shown: list[PaletteEntry] = []
        self._matches = 0

    def set_entries(self, entries: list[PaletteEntry]) -> None:
        """Search these entries from now on (shows all of them until filtered); no queue matches."""
        self._all = entries
        self._queue, self._queue_count, self._queue_query = [], 0, None
        self.filter("")

    def filter(self, query: str) -> None:
        """Show the entries ``query`` matches, best first (an older query's queue matches below)."""
        self._query = query
        self._local, self._local_count = rank_entries(query, self._all)
        self._show()

    def set_queue_matches(self, query: str, matches: Sequence[Scored], count: int) -> bool:
        """Merge the queue's best ``matches`` for ``query`` (``count`` in all); False: outdated."""
        if query != self._query:
            return False
        self._queue, self._queue_count, self._queue_query = list(matches), count, query
        self._show()
        return True

    def drop_queue_matches(self) -> None:
        """Stop listing queue matches of an older query (its answer takes long)."""
        if self._queue_query != self._query and self._queue:
            self._queue, self._queue_count, self._queue_query = [], 0, None
            self._show()

    @property
    def answered(self) -> bool:
        """True when the queue matches listed answer the current query."""
        return self._queue_query == self._query

    @property
    def match_count(self) -> int:
        """How many entries match (more than are listed when over :data:`MAX_SHOWN`)."""
        return self._matches

    def _show(self) -> None:
        if self._queue_query == self._query:
            # Commands come first among equals, as they did when all were ranked as one list.
            merged = sorted(
                [(-score, 0, order, entry) for score, order, entry in self._local]
                + [(-score, 1, order, entry) for score, order, entry in self._queue],
                key=lambda item: item[:3],
            )
            shown = [entry for *_key, entry in merged[:MAX_SHOWN]]
            self._matches = self._local_count + self._queue_count
        else:
            # The queue's answer is on its way: the commands now, the older queue matches below.
            shown = [entry for *_key, entry in self._local]
            shown += [entry for *_key, entry in self._queue][: MAX_SHOWN - len(shown)]
            self._matches = self._local_count
        self._replace_rows(shown)

    def _replace_rows(self, shown: list[PaletteEntry]) -> None:
        """Change the listed rows to ``shown`` by removing, updating and inserting rows."""
        old, new = len(self._shown), len(shown)
        if new < old:
            self.beginRemoveRows(QModelIndex(), new, old - 1)
            del self._shown[new:]
            self.endRemoveRows()
        common = min(old, new)
        if common and self._shown[:common] != shown[:common]:
            self._shown[:common] = shown[:common]
            self.dataChanged.emit(self.index(0, 0), self.index(common - 1, 0))
        if new > old:
            self.beginInsertRows(QModelIndex(), old, new - 1)
            self._shown.extend(shown[old:])
            self.endInsertRows()

    def row_of(self, kind: EntryKind, key: str) -> int | None:
        """The row listing this entry, or None."""
        for row, entry in enumerate(self._shown):
            if entry.kind is kind and entry.key == key:
                return row
        return None

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
        #: One worker, so queries are answered in the order typed and loads come before them.
        self._worker = PaletteWorker(self)
        self._searcher = QueueSearcher()
        #: True when the queue changed since its snapshot was last asked for.
        self._queue_dirty = True
        #: The generation of the latest query (answers of older ones are dropped).
        self._generation = 0
        #: The entry the moderator moved to with the arrows since the last keystroke.
        self._chosen: tuple[EntryKind, str] | None = None
        #: Enter was pressed before the queue's answer came: run the best match then.
        self._run_on_answer = False
        self._hint = QTimer(self)
        self._hint.setSingleShot(True)
        self._hint.setInterval(SEARCHING_HINT_MS)
        self._hint.timeout.connect(self._show_searching)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(QUEUE_SETTLE_MS)
        self._settle.timeout.connect(self._search_changed_queue)
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
        self.list.clicked.connect(self._clicked)
        self.resize(640, 460)

    def open_palette(self) -> None:
        """Read the commands as they are now, search the queue afresh, clear the search, show."""
        self.model.set_entries(command_entries(self._registry))
        if self._queue_dirty:
            self._load_queue()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._filter("")
        parent = self.parentWidget()
        if parent is not None:
            frame = parent.geometry()
            self.move(frame.x() + (frame.width() - self.width()) // 2, frame.y() + 80)
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def answered_query(self) -> str | None:
        """The query whose queue matches are listed, None while its answer is on its way."""
        return self.search.text() if self.model.answered else None

    def is_searching(self) -> bool:
        """True while the queue's answer for the current query has not come."""
        return not self.model.answered

    def _load_queue(self) -> None:
        """Have the worker prepare a snapshot of the queue's texts (before any later query)."""
        self._queue_dirty = False
        rows = self._queue.summaries()  # an immutable copy: the worker reads only this
        searcher = self._searcher
        self._worker.run(lambda: searcher.load(rows), lambda _snapshot: None, self._search_failed)

    def _queue_changed(self, *_args: object) -> None:
        self._queue_dirty = True
        if self.isVisible():
            self._settle.start()

    def _search_changed_queue(self) -> None:
        """The queue changed while the palette is open: search the current query again."""
        if self.isVisible() and self._queue_dirty:
            self._load_queue()
            self._ask(self.search.text())

    def _filter(self, text: str) -> None:
        """A keystroke: rank the commands now, the queue on the worker."""
        self._searcher.pause(ECHO_PAUSE_S)
        self._chosen = None
        self.model.filter(text)
        self._ask(text)

    def _ask(self, text: str) -> None:
        self._generation += 1
        generation = self._generation
        searcher = self._searcher
        searcher.newest = generation
        self._worker.run(
            lambda: searcher.search(text, generation), self._answer, self._search_failed
        )
        if not self._hint.isActive():
            self._hint.start()
        self._after_change()

    def _answer(self, answer: SearchAnswer | None) -> None:
        """The worker's answer: shown only when it answers the latest query."""
        if answer is None or answer.generation != self._generation:
            return  # a newer query was typed meanwhile: its own answer follows
        self._hint.stop()
        self.model.set_queue_matches(answer.query, answer.matches, answer.count)
        self._after_change()
        if self._run_on_answer:
            self._run_on_answer = False
            self.run_current()

    def _search_failed(self, error: Exception) -> None:
        """The queue could not be searched: the commands alone are the answer, and it says so."""
        self._hint.stop()
        self.model.set_queue_matches(self.search.text(), [], 0)
        self._after_change()
        self.status.setText(f"The queue could not be searched: {single_line(str(error), 200)}")
        if self._run_on_answer:
            self._run_on_answer = False
            self.run_current()

    def _show_searching(self) -> None:
        """The answer takes long: say so, and stop listing the older query's matches."""
        if self.model.answered:
            return
        self.model.drop_queue_matches()
        self._after_change()
        self.status.setText(SEARCHING)

    def _after_change(self) -> None:
        """Select the best match (or the line the moderator picked) and say what is listed."""
        shown, matches = self.model.rowCount(), self.model.match_count
        picked = self.model.row_of(*self._chosen) if self._chosen is not None else None
        if picked is not None:
            self._select(picked)
        elif shown:
            self._chosen = None
            self._select(0)
        if not self.model.answered:
            if shown and self.status.text() != SEARCHING:
                self.status.setText(HELP_LINE)
            return  # the status says more once the queue has answered
        if matches == 0:
            self.status.setText("Nothing matches.")
        elif matches > shown:
            self.status.setText(f"{matches:,} matches; the best {shown} are listed.")
        else:
            self.status.setText(HELP_LINE)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """Closed: any search still running gives up, and a waiting Enter is forgotten."""
        self._generation += 1
        self._searcher.newest = self._generation
        self._run_on_answer = False
        self._hint.stop()
        self._settle.stop()
        super().hideEvent(event)

    def current_entry(self) -> PaletteEntry | None:
        """The highlighted entry."""
        index = self.list.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def run_current(self) -> None:
        """Run the highlighted command or open the highlighted case; stay open on refusal.

        While the queue's answer is on its way and no line was picked with
        the arrows, Enter waits for it and then runs the best match.
        """
        if self.isVisible() and not self.model.answered and self._chosen is None:
            self._run_on_answer = True
            return
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

    def _clicked(self, index: QModelIndex) -> None:
        entry = self.model.entry(index.row())
        if entry is not None:
            self._chosen = (entry.kind, entry.key)
        self.run_current()

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
        target = max(0, min(count - 1, row + step))
        self._select(target)
        entry = self.model.entry(target)
        if entry is not None:
            self._chosen = (entry.kind, entry.key)

    def _select(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
