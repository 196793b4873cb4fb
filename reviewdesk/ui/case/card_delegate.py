"""Paints a :class:`~reviewdesk.ui.case.card_model.Card`: header, wrapped body, marker.

The body is laid out with :class:`QTextLayout` (plain text, never markup) in
its own paragraph direction, so an Arabic or Hebrew message aligns right while
the list stays left-to-right. What is laid out is the card's safe text: hidden
characters as markers, links defanged with their real site, contact and
payment details highlighted by format ranges. Very long bodies are shortened
for display only; the model still holds the whole text and Ctrl+C copies it.
The language tag, once known, is a small grey pill in the header.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reviewdesk.evidence.text_safety import SafeText
from reviewdesk.ui.case.card_model import (
    DIRECTION_ROLE,
    HEADER_ROLE,
    HEADING_ROLE,
    HIGHLIGHT_ROLE,
    LANGUAGE_ROLE,
    MARKER_ROLE,
    SAFE_TEXT_ROLE,
    Card,
    CardListModel,
)
from reviewdesk.ui.case.safe_text import OMITTED_NOTE, format_ranges

#: At most this many wrapped lines of one body are drawn.
MAX_RENDERED_LINES = 40
#: Entries kept in the height cache before it is emptied.
HEIGHT_CACHE_LIMIT = 4000
#: Laid-out bodies kept for painting (the cards on screen, and some).
LAYOUT_CACHE_LIMIT = 64

PADDING = 6
HIGHLIGHT_BAR = 4
HIGHLIGHT_BACKGROUND = QColor("#fff4d1")
HIGHLIGHT_EDGE = QColor("#d9822b")
HIGHLIGHT_TEXT = QColor("#1f1f1f")
MARKER_BACKGROUND = QColor("#d9822b")
MARKER_TEXT = QColor("#ffffff")
LANGUAGE_BACKGROUND = QColor("#e6e8eb")
LANGUAGE_TEXT = QColor("#3d4650")
SHORTENED_NOTE = "… shortened for display ({total:,} characters in all); Ctrl+C copies all of it"

AnyIndex = QModelIndex | QPersistentModelIndex
_LayoutKey = tuple[str, int, bool, str]


class CardDelegate(QStyledItemDelegate):
    """Draws cards in a list view whose rows have different heights."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._heights: dict[tuple[str, int, bool, str], int] = {}
        #: Row heights by card, width and font: a view asks again and again.
        self._sizes: dict[tuple[Card, int, str], int] = {}
        #: The last bodies laid out, kept for painting them (each layout is worked out once).
        self._layouts: OrderedDict[_LayoutKey, tuple[QTextLayout, float, bool]] = OrderedDict()

    # --- geometry ---------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        """Height of header plus wrapped body at the view's current width."""
        width = self._content_width()
        model = index.model()
        card = model.card(index.row()) if isinstance(model, CardListModel) else None
        if card is None:
            return self._size_hint(option, index, width)
        key = (card, width, option.font.key())
        height = self._sizes.get(key)
        if height is None:
            height = self._size_hint(option, index, width).height()
            if len(self._sizes) >= HEIGHT_CACHE_LIMIT:
                self._sizes.clear()
            self._sizes[key] = height
        return QSize(width, height)

    @staticmethod
    def header_card_height(font: QFont) -> int:
        """The height of a card with a header line and no body, at any width.

        The header is one line, elided to fit, so such a card (a rung of a sanction
        ladder) is as high at every width: a list of them can be sized from their
        count without measuring a row.
        """
        return PADDING + QFontMetrics(_header_font(font)).height() + PADDING

    def _size_hint(self, option: QStyleOptionViewItem, index: AnyIndex, width: int) -> QSize:
        font = QFont(option.font)
        header_metrics = QFontMetrics(_header_font(font))
        if index.data(HEADING_ROLE):
            return QSize(width, header_metrics.height() + 2 * PADDING + 4)
        safe = _safe_text(index)
        rtl = index.data(DIRECTION_ROLE) == Qt.LayoutDirection.RightToLeft
        body_height = self._body_height(safe, font, _body_width(width), rtl)
        height = PADDING + _header_height(index, font) + body_height + PADDING
        return QSize(width, height)

    def _content_width(self) -> int:
        return max(120, self._view.viewport().width())

    def _body_height(self, safe: SafeText | None, font: QFont, width: int, rtl: bool) -> int:
        if safe is None or not safe.display:
            return 0
        key = (safe.display, width, rtl, font.key())
        cached = self._heights.get(key)
        if cached is not None:
            return cached
        _layout, body_height, shortened = self._laid_out(safe, font, width, rtl)
        height = int(body_height) + 2
        if shortened:
            height += QFontMetrics(_note_font(font)).height()
        if len(self._heights) >= HEIGHT_CACHE_LIMIT:
            self._heights.clear()
        self._heights[key] = height
        return height

    def _laid_out(
        self, safe: SafeText, font: QFont, width: int, rtl: bool
    ) -> tuple[QTextLayout, float, bool]:
        """``safe`` laid out at ``width``: the same layout for measuring and for painting."""
        key = (safe.display, width, rtl, font.key())
        held = self._layouts.get(key)
        if held is not None:
            self._layouts.move_to_end(key)
            return held
        held = _lay_out_body(safe, font, width, rtl)
        self._layouts[key] = held
        while len(self._layouts) > LAYOUT_CACHE_LIMIT:
            self._layouts.popitem(last=False)
        return held

    # --- painting ---------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        """Draw background, header with marker, and the wrapped body."""
        rect = QRect(option.rect)
        font = QFont(option.font)
        palette = option.palette
        state = option.state
        painter.save()
        try:
            if index.data(HEADING_ROLE):
                heading = str(index.data(HEADER_ROLE) or "")
                self._paint_heading(painter, rect, font, heading, palette)
                return
            highlighted = bool(index.data(HIGHLIGHT_ROLE))
            text_color = HIGHLIGHT_TEXT if highlighted else palette.text().color()
            if highlighted:
                painter.fillRect(rect, HIGHLIGHT_BACKGROUND)
                painter.fillRect(
                    QRect(rect.left(), rect.top(), HIGHLIGHT_BAR, rect.height()), HIGHLIGHT_EDGE
                )
            painter.setPen(QPen(palette.midlight().color(), 1))
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            self._paint_header(painter, rect, font, index, text_color)
            safe = _safe_text(index)
            if safe is not None and safe.display:
                self._paint_body(painter, rect, font, safe, index, text_color, palette)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if state & QStyle.StateFlag.State_Selected:
                painter.setPen(QPen(palette.highlight().color(), 2))
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            elif state & QStyle.StateFlag.State_HasFocus:
                pen = QPen(palette.highlight().color(), 1, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
        finally:
            painter.restore()

    def _paint_heading(
        self, painter: QPainter, rect: QRect, font: QFont, text: str, palette: QPalette
    ) -> None:
        heading_font = _header_font(font)
        metrics = QFontMetrics(heading_font)
        painter.setFont(heading_font)
        painter.setPen(palette.text().color())
        inner = rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        painter.drawText(
            inner,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width()),
        )
        painter.setPen(QPen(palette.mid().color(), 1))
        painter.drawLine(rect.left(), rect.bottom() - 1, rect.right(), rect.bottom() - 1)

    def _paint_header(
        self, painter: QPainter, rect: QRect, font: QFont, index: AnyIndex, color: QColor
    ) -> None:
        header_font = _header_font(font)
        metrics = QFontMetrics(header_font)
        left = rect.left() + _text_inset()
        right = rect.right() - PADDING
        top = rect.top() + PADDING
        marker = str(index.data(MARKER_ROLE) or "")
        language = str(index.data(LANGUAGE_ROLE) or "")
        painter.setFont(header_font)
        for text, background, foreground in (
            (marker, MARKER_BACKGROUND, MARKER_TEXT),
            (language, LANGUAGE_BACKGROUND, LANGUAGE_TEXT),
        ):
            if not text:
                continue
            pill_width = metrics.horizontalAdvance(text) + 2 * PADDING
            pill = QRect(right - pill_width, top, pill_width, metrics.height())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(background)
            painter.drawRoundedRect(pill, 3, 3)
            painter.setPen(foreground)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
            right = pill.left() - PADDING
        header = " ".join(str(index.data(HEADER_ROLE) or "").split())  # always one line
        painter.setPen(color)
        painter.drawText(
            QRect(left, top, max(0, right - left), metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(header, Qt.TextElideMode.ElideRight, max(0, right - left)),
        )

    def _paint_body(
        self,
        painter: QPainter,
        rect: QRect,
        font: QFont,
        safe: SafeText,
        index: AnyIndex,
        color: QColor,
        palette: QPalette,
    ) -> None:
        rtl = index.data(DIRECTION_ROLE) == Qt.LayoutDirection.RightToLeft
        width = _body_width(rect.width())
        layout, body_height, shortened = self._laid_out(safe, font, width, rtl)
        top = rect.top() + PADDING + _header_height(index, font)
        painter.setFont(font)
        painter.setPen(color)
        origin = QPointF(rect.left() + _text_inset(), top)
        layout.draw(painter, origin)
        if shortened:
            note_font = _note_font(font)
            painter.setFont(note_font)
            painter.setPen(palette.placeholderText().color())
            note_top = int(top + body_height) + 2
            metrics = QFontMetrics(note_font)
            if safe.omitted:
                note = OMITTED_NOTE.format(count=safe.omitted)
            else:
                note = SHORTENED_NOTE.format(total=safe.source_length)
            painter.drawText(
                QRect(int(origin.x()), note_top, width, metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(note, Qt.TextElideMode.ElideRight, width),
            )


def _text_inset() -> int:
    return HIGHLIGHT_BAR + PADDING


def _header_height(index: AnyIndex, font: QFont) -> int:
    """Height of the header line; a card with neither header nor marker has none."""
    if index.data(HEADER_ROLE) or index.data(MARKER_ROLE):
        return QFontMetrics(_header_font(font)).height()
    return 0


def _body_width(card_width: int) -> int:
    return card_width - _text_inset() - PADDING


def _header_font(font: QFont) -> QFont:
    header = QFont(font)
    header.setBold(True)
    return header


def _note_font(font: QFont) -> QFont:
    note = QFont(font)
    note.setItalic(True)
    return note


def _safe_text(index: AnyIndex) -> SafeText | None:
    safe = index.data(SAFE_TEXT_ROLE)
    return safe if isinstance(safe, SafeText) else None


def displayed_body(safe: SafeText) -> tuple[str, bool]:
    """The text that is laid out for a card, and whether the body was shortened.

    Line breaks become Unicode line separators, which is how a text layout
    breaks lines inside one paragraph (one character for one, so the spans
    still fit; a member's own separators are already markers).
    """
    return safe.display.replace("\n", "\u2028"), safe.omitted > 0


def _lay_out_body(
    safe: SafeText, font: QFont, width: int, rtl: bool
) -> tuple[QTextLayout, float, bool]:
    """Lay the safe body out at ``width``; return the layout, its height and whether it was cut."""
    text, shortened = displayed_body(safe)
    utf16_length = len(text.encode("utf-16-le", "surrogatepass")) // 2
    layout = QTextLayout(text, font)
    layout.setFormats(format_ranges(safe))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    # QTextLayout takes the alignment literally: a right-to-left message is
    # aligned to the right edge by asking for that edge explicitly.
    edge = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    option.setAlignment(edge | Qt.AlignmentFlag.AlignAbsolute)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    layout.beginLayout()
    height = 0.0
    for line_number in range(MAX_RENDERED_LINES):
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(40, width))
        line.setPosition(QPointF(0, height))
        height += line.height()
        line_end = line.textStart() + line.textLength()
        if line_number == MAX_RENDERED_LINES - 1 and line_end < utf16_length:
            shortened = True
    layout.endLayout()
    return layout, height, shortened
