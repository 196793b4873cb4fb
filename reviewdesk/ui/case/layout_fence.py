"""A holder that keeps a block of changing text lines from relaying out the whole window.

A label whose text changes asks its layout to be worked out again, and Qt
passes the request up every layout to the window: one new case id in the
header meant a relayout of every panel. :class:`LayoutFence` holds one widget
without a layout of its own, at the width its place gives it and the height
the widget needs. A change inside the widget lays out the widget alone; the
layouts around the fence hear of it only when the height it needs changes
(a line shown or hidden, a wrapped text taking another line).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QLayout, QSizePolicy, QWidget

#: Rounds of layout requests settled before a case read ahead is painted.
LAYOUT_ROUNDS = 4


def settle_layouts() -> None:
    """Deliver the pending layout requests, and those their layouts raise in turn.

    A layout that changes its size hint (a sanction ladder one row taller)
    asks its parent's layout again; that request is posted while the first
    ones are delivered, so one delivery alone leaves it for after the paint
    (a first paint with the ladder cut short, then a second one). A few
    rounds reach the top of the window.
    """
    for _round in range(LAYOUT_ROUNDS):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def hidden_on_purpose(widget: QWidget) -> bool:
    """True when ``widget`` was hidden by a call (not merely not shown yet)."""
    return widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide) and (
        widget.testAttribute(Qt.WidgetAttribute.WA_WState_Hidden)
    )


class LayoutFence(QWidget):
    """Holds ``inner`` at its own width and the height ``inner`` needs for it.

    Horizontally the fence takes what its layout gives (its contents never
    widen the window). Vertically it hints at the height ``inner`` would like
    and the least it needs, as ``inner`` itself would; the layout around it
    hears again only when one of these changes.
    """

    def __init__(self, inner: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inner = inner
        inner.setParent(self)
        layout = inner.layout()
        if layout is not None:
            # Squeezed by a crowded panel, the lines squeeze as they did unfenced: the
            # held widget takes the fence's size, not a least size of its own.
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        accessible = inner.accessibleName()
        if accessible:
            self.setAccessibleName(f"{accessible} area")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._heights = (-1, -1)
        self._take_heights(max(1, inner.sizeHint().width()))
        if hidden_on_purpose(inner):
            self.hide()
        inner.installEventFilter(self)

    def inner(self) -> QWidget:
        """The widget held."""
        return self._inner

    def sizeHint(self) -> QSize:  # noqa: N802
        """No width of its own; the height ``inner`` would like."""
        return QSize(0, self._heights[1])

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """No width of its own; the least height ``inner`` needs."""
        return QSize(0, self._heights[0])

    def _needed_heights(self, width: int) -> tuple[int, int]:
        """The least and the liked height of ``inner`` at ``width``."""
        inner = self._inner
        if hidden_on_purpose(inner):
            return 0, 0
        if inner.minimumHeight() == inner.maximumHeight():  # a fixed height (one line)
            return inner.minimumHeight(), inner.minimumHeight()
        least = max(inner.minimumSizeHint().height(), inner.minimumHeight())
        if isinstance(inner, QLabel) and inner.wordWrap():  # whatever its size policy says
            height = max(inner.heightForWidth(width), least)
            return height, height
        if inner.hasHeightForWidth():
            height = max(inner.heightForWidth(width), least)
            return height, height
        return least, max(inner.sizeHint().height(), least)

    def _take_heights(self, width: int) -> None:
        """Ask for the heights ``inner`` needs at ``width``, if they changed."""
        heights = self._needed_heights(width)
        if heights != self._heights:
            self._heights = heights
            self.updateGeometry()

    def _follow(self) -> None:
        """Take the heights ``inner`` needs now; ``inner`` fills the fence."""
        self._take_heights(max(1, self.width()))
        self._inner.setGeometry(0, 0, self.width(), self.height())

    def event(self, event: QEvent) -> bool:
        """``inner`` asked for a new layout (posted here, as to a widget without one)."""
        if event.type() == QEvent.Type.LayoutRequest:
            self._follow()
            return True
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """``inner`` shown or hidden: the fence shows or hides with it (no empty gap)."""
        if watched is self._inner and event.type() in (
            QEvent.Type.ShowToParent,
            QEvent.Type.HideToParent,
        ):
            shown = not hidden_on_purpose(self._inner)
            if shown == hidden_on_purpose(self):
                self.setVisible(shown)
            self._follow()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """A new width: ``inner`` takes it, and perhaps another height with it."""
        super().resizeEvent(event)
        self._follow()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Shown again: what changed inside while hidden was not heard of (Qt tells no one)."""
        super().showEvent(event)
        self._follow()


class LayoutStop(QWidget):
    """Holds a stretching ``inner`` (tabs, tables) that fills whatever room it is given.

    Its size hints are those ``inner`` had when it was made: a new tab title
    or new rows inside lay out ``inner`` alone, never the panels around it.
    """

    def __init__(self, inner: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inner = inner
        inner.setParent(self)
        self._hint = inner.sizeHint()
        self._least = inner.minimumSizeHint()
        self.setSizePolicy(inner.sizePolicy())

    def inner(self) -> QWidget:
        """The widget held."""
        return self._inner

    def sizeHint(self) -> QSize:  # noqa: N802
        """What ``inner`` asked for when it was made."""
        return QSize(self._hint)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """The least ``inner`` needed when it was made."""
        return QSize(self._least)

    def event(self, event: QEvent) -> bool:
        """``inner`` asked for a new layout: it keeps the room it has."""
        if event.type() == QEvent.Type.LayoutRequest:
            self._inner.setGeometry(self.rect())
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """``inner`` fills the new room."""
        super().resizeEvent(event)
        self._inner.setGeometry(self.rect())


def one_line_high(*labels: QLabel) -> None:
    """Fix each single-line label at the height of one line of its own font and style.

    Glyphs from a fallback font (Japanese, Arabic, emoji) would otherwise make
    a line a pixel or two taller or shorter, and with it the block around it.
    """
    for label in labels:
        label.ensurePolished()
        text = label.text()
        label.setText("Ag")
        height = label.sizeHint().height()
        label.setText(text)
        label.setFixedHeight(height)
