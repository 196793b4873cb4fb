"""A plain-text label that becomes selectable only when the moderator reaches for it.

A label selectable by mouse keeps its text in a text document: laying it out
and painting it costs about four times what a plain label costs, and the case
widgets repaint a dozen such labels on every case switch. :class:`SelectOnDemand`
paints like a plain label (same font, colours, alignment and I-beam cursor)
and turns the selection on at the first mouse press, right click or focus, so
the press that reached for the text already starts selecting it. A new text
turns it back into a plain label (the old selection went with the old text).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QFocusEvent, QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse
_PLAIN = Qt.TextInteractionFlag.NoTextInteraction


class SelectOnDemand(QLabel):
    """A label painted as plain text, selectable by mouse once the moderator reaches for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selectable = True
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._go_plain()

    def set_selectable(self, selectable: bool) -> None:
        """Offer selection (the default) or never (a badge: a status word, nothing to copy)."""
        self._selectable = selectable
        self._go_plain()
        if not selectable:
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.unsetCursor()

    def selecting(self) -> bool:
        """True once the label turned selectable (until its next new text)."""
        return bool(self.textInteractionFlags() & _SELECTABLE)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        """Show ``text``; a new text drops the selection and paints plainly again."""
        if text == QLabel.text(self):
            return  # the same text: nothing to lay out or repaint
        if self.selecting():
            self._go_plain()
        super().setText(text)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        """The press that reaches for the text starts the selection."""
        self._reach()
        super().mousePressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt API)
        """A right click offers the label's Copy and Select All."""
        self._reach()
        super().contextMenuEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        """Focus (a click) makes the text selectable and copyable."""
        self._reach()
        super().focusInEvent(event)

    def _reach(self) -> None:
        if self._selectable and not self.selecting():
            self.setTextInteractionFlags(_SELECTABLE)

    def _go_plain(self) -> None:
        self.setTextInteractionFlags(_PLAIN)
        if self._selectable:
            # As a selectable label looks and behaves before it is touched.
            self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self.setCursor(Qt.CursorShape.IBeamCursor)
            self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
