"""Member text on screen: plain characters, coloured by the spans of :mod:`text_safety`.

Nothing here ever hands member text to a markup parser. Colours come from
:class:`QTextCharFormat` ranges laid over plain text (in a
:class:`QTextLayout` for the card delegate, through :class:`QTextCursor`
inserts for a text box), so ``<b>`` or ``<img src=…>`` stay characters.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QWidget

from reviewdesk.evidence.text_safety import DEFAULT_LIMIT, SafeText, SpanKind, make_safe

#: (background, foreground, bold, italic) per span kind.
SPAN_STYLES: dict[SpanKind, tuple[str, str, bool, bool]] = {
    SpanKind.HIDDEN: ("#5c2d91", "#ffffff", True, False),
    SpanKind.LINK: ("#dbe9fb", "#0b3d91", False, False),
    SpanKind.LINK_NOTE: ("#eef1f4", "#4a5560", False, True),
    SpanKind.EMAIL: ("#ffe0b2", "#6b3000", False, False),
    SpanKind.PHONE: ("#ffe0b2", "#6b3000", False, False),
    SpanKind.MESSENGER: ("#ffe0b2", "#6b3000", False, False),
    SpanKind.PAYMENT: ("#ffcdd2", "#8e0000", True, False),
}
#: The words a summary line uses for each kind.
SUMMARY_WORDS: dict[SpanKind, str] = {
    SpanKind.LINK: "link",
    SpanKind.EMAIL: "e-mail",
    SpanKind.PHONE: "phone",
    SpanKind.MESSENGER: "messenger",
    SpanKind.PAYMENT: "payment",
}
OMITTED_NOTE = "… {count:,} more characters not shown; Ctrl+C copies all of it"


def span_format(kind: SpanKind, base: QTextCharFormat | None = None) -> QTextCharFormat:
    """The character format that marks a span of ``kind``."""
    background, foreground, bold, italic = SPAN_STYLES[kind]
    char_format = QTextCharFormat(base) if base is not None else QTextCharFormat()
    char_format.setBackground(QColor(background))
    char_format.setForeground(QColor(foreground))
    if bold:
        char_format.setFontWeight(QFont.Weight.Bold)
    if italic:
        char_format.setFontItalic(True)
    if kind in (SpanKind.EMAIL, SpanKind.PHONE, SpanKind.MESSENGER, SpanKind.PAYMENT):
        char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        char_format.setUnderlineColor(QColor(foreground))
    return char_format


def utf16_offsets(text: str) -> list[int] | None:
    """Qt position of each code point of ``text`` (plus the end), or None when they agree."""
    if not text or max(text) <= "\uffff":
        return None
    offsets = [0]
    position = 0
    for char in text:
        position += 2 if ord(char) > 0xFFFF else 1
        offsets.append(position)
    return offsets


def format_ranges(safe: SafeText, limit: int | None = None) -> list[QTextLayout.FormatRange]:
    """The spans of ``safe`` as format ranges over its display text, in Qt (UTF-16) positions.

    Contact spans come first so that markers and link notes inside them, which
    come later, are painted over them.
    """
    display = safe.display if limit is None else safe.display[:limit]
    offsets = utf16_offsets(display)
    ranges: list[QTextLayout.FormatRange] = []
    ordered = sorted(safe.spans, key=lambda span: span.kind is SpanKind.HIDDEN)
    for span in ordered:
        start, end = span.start, min(span.end, len(display))
        if start >= end:
            continue
        if offsets is not None:
            start, end = offsets[start], offsets[end]
        format_range = QTextLayout.FormatRange()
        format_range.start = start
        format_range.length = end - start
        format_range.format = span_format(span.kind)
        ranges.append(format_range)
    return ranges


def findings_summary(safe: SafeText) -> str:
    """``Contains: 1 link, messenger (Telegram ID), phone · 2 hidden characters``, or ""."""
    counts: Counter[SpanKind] = Counter(finding.kind for finding in safe.findings)
    labels: dict[SpanKind, list[str]] = {}
    for finding in safe.findings:
        if finding.kind is not SpanKind.LINK and finding.label not in labels.get(finding.kind, []):
            labels.setdefault(finding.kind, []).append(finding.label)
    parts = []
    for kind, word in SUMMARY_WORDS.items():
        if not counts[kind]:
            continue
        if kind is SpanKind.LINK:
            parts.append(f"{counts[kind]} link" + ("s" if counts[kind] > 1 else ""))
        else:
            parts.append(f"{word} ({', '.join(labels[kind])})")
    hidden = safe.hidden_count
    text = f"Contains: {', '.join(parts)}" if parts else ""
    if hidden:
        runs = "run" if hidden == 1 else "runs"
        hidden_text = f"{hidden} hidden character {runs} shown as ⟦…⟧"
        text = f"{text} · {hidden_text}" if text else hidden_text
    return text


class SafeTextBox(QTextEdit):
    """A read-only box for long member text, shown through :func:`make_safe`.

    Hidden characters appear as markers, links defanged with their real site,
    contacts highlighted. Only the first ``limit`` characters are shown, with a
    note saying how many more there are; Ctrl+C with nothing selected (or
    "Copy full text" in the context menu) copies the whole original text.
    """

    def __init__(
        self,
        *,
        accessible_name: str,
        minimum_lines: int = 2,
        limit: int = DEFAULT_LIMIT,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._limit = limit
        self._source = ""
        self._safe = SafeText("")
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setAccessibleName(accessible_name)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * minimum_lines + 12)
        self._copy_all = QAction("Copy full text", self)
        self._copy_all.triggered.connect(self.copy_full_text)

    def show_text(self, text: str, safe: SafeText | None = None) -> None:
        """Show ``text`` (member text, taken literally).

        ``safe`` is ``make_safe(text, limit)`` when it was worked out already (off the GUI
        thread); it is only taken when it was made from ``text`` (same length and start).
        """
        self._source = text
        if safe is None or not _made_from(safe, text, self._limit):
            safe = make_safe(text, self._limit)
        self._safe = safe
        self.clear()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        plain = QTextCharFormat()
        display = self._safe.display
        position = 0
        # Contact spans can hold marker spans: the innermost wins, so paint them in order.
        for span in _flat_spans(self._safe):
            if span[0] > position:
                cursor.insertText(display[position : span[0]], plain)
            cursor.insertText(display[span[0] : span[1]], span_format(span[2]))
            position = span[1]
        if position < len(display):
            cursor.insertText(display[position:], plain)
        if self._safe.omitted:
            note = QTextCharFormat()
            note.setFontItalic(True)
            note.setForeground(self.palette().placeholderText())
            cursor.insertText("\n" + OMITTED_NOTE.format(count=self._safe.omitted), note)
        cursor.endEditBlock()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def full_text(self) -> str:
        """The whole original text, as the member wrote it."""
        return self._source

    def safe_text(self) -> SafeText:
        """What is displayed, with its spans."""
        return self._safe

    def copy_full_text(self) -> None:
        """Put the whole original text on the clipboard."""
        QGuiApplication.clipboard().setText(self._source)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Ctrl+C with nothing selected copies all of the original text."""
        if event.matches(QKeySequence.StandardKey.Copy) and not self.textCursor().hasSelection():
            self.copy_full_text()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        """The usual menu plus "Copy full text"."""
        menu = self.createStandardContextMenu(event.pos())
        menu.addSeparator()
        menu.addAction(self._copy_all)
        menu.exec(event.globalPos())
        menu.deleteLater()


def _made_from(safe: SafeText, text: str, limit: int) -> bool:
    """True when ``safe`` can be what ``make_safe(text, limit)`` gives (a cheap check)."""
    return safe.source_length == len(text) and safe.shown_length <= min(limit, len(text))


def _flat_spans(safe: SafeText) -> list[tuple[int, int, SpanKind]]:
    """Non-overlapping ``(start, end, kind)`` pieces; a marker inside a contact cuts it."""
    pieces: list[tuple[int, int, SpanKind]] = []
    outer = [span for span in safe.spans if span.kind is not SpanKind.HIDDEN]
    inner = [span for span in safe.spans if span.kind is SpanKind.HIDDEN]
    inner_index = 0
    position = 0
    for span in outer:
        while inner_index < len(inner) and inner[inner_index].end <= span.start:
            marker = inner[inner_index]
            if marker.start >= position:
                pieces.append((marker.start, marker.end, SpanKind.HIDDEN))
                position = marker.end
            inner_index += 1
        cursor = max(span.start, position)
        while inner_index < len(inner) and inner[inner_index].start < span.end:
            marker = inner[inner_index]
            if marker.start > cursor:
                pieces.append((cursor, marker.start, span.kind))
            pieces.append((marker.start, marker.end, SpanKind.HIDDEN))
            cursor = marker.end
            inner_index += 1
        if span.end > cursor:
            pieces.append((cursor, span.end, span.kind))
        position = max(position, span.end)
    for marker in inner[inner_index:]:
        if marker.start >= position:
            pieces.append((marker.start, marker.end, SpanKind.HIDDEN))
    return pieces
