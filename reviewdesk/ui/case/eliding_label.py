"""A one-line label that ends its text in "…" when squeezed, instead of cutting it off."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from reviewdesk.ui.case.select_on_demand import SelectOnDemand


class ElidingLabel(SelectOnDemand):
    """A one-line label that shows as much of its text as fits, then "…".

    It asks the layout for room for the whole text; given less (a narrow
    window), it elides rather than clipping mid-letter. :meth:`text` is still
    the whole text.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        #: The hints for the whole text (liked, least); layouts ask many times per change.
        self._hint: QSize | None = None
        self._least: QSize | None = None

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        """Show ``text`` (elided if the label is too narrow for it)."""
        if text == self._whole:
            return  # the same text: nothing to measure, lay out or repaint
        self._whole = text
        self._forget_hints()
        super().setText(text)
        self.updateGeometry()
        self._fit()

    def text(self) -> str:
        """The whole text, however much of it is shown."""
        return self._whole

    def shown_text(self) -> str:
        """What the label shows now: the whole text, or its start and "…"."""
        return super().text()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Room for the whole text."""
        if self._hint is None:
            hint = super().sizeHint()
            self._hint = QSize(
                self._overhead() + self.fontMetrics().horizontalAdvance(self._whole),
                hint.height(),
            )
        return QSize(self._hint)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Room for the first letter and "…" (nothing for no text)."""
        if self._least is None:
            hint = super().minimumSizeHint()
            if self._whole:
                start = self._whole[0] + "…"
                least = self._overhead() + self.fontMetrics().horizontalAdvance(start)
                hint = QSize(min(least, self.sizeHint().width()), hint.height())
            self._least = hint
        return QSize(self._least)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """Elide again for the new width."""
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        """A new font or style sheet (a badge's tone) changes what fits."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._forget_hints()
            self.updateGeometry()
            self._fit()

    def _forget_hints(self) -> None:
        self._hint = None
        self._least = None

    def _overhead(self) -> int:
        """The width the label adds around its text (margins, style padding)."""
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(super().text())

    def _fit(self) -> None:
        shown = self._whole
        if self.width() < self.sizeHint().width():
            room = self.width() - self._overhead()
            shown = self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, room)
        if shown != super().text():
            super().setText(shown)
