"""A window column that scrolls up and down when the screen is too short for all of it.

The right-hand column (member, policy, decision) needs about 860 pixels of
height; on a 768-pixel laptop screen the window could not fit the screen.
Held in a :class:`ColumnScroll`, the column keeps its parts at their least
heights and scrolls instead, and the keyboard's place is always in view:
whatever takes the focus inside it (the note on ``N``, a Tab) is scrolled to.
On a screen tall enough nothing scrolls and nothing changes.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget

#: Room kept around a focused part scrolled into view (pixels).
FOCUS_MARGIN = 12


class ColumnScroll(QScrollArea):
    """Holds ``column`` at the window's height, or at its least height with a scroll bar."""

    def __init__(self, column: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(column)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setAccessibleName(column.accessibleName())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """As narrow as the column allows (with room for the scroll bar); short as can be."""
        column = self.widget()
        width = column.minimumSizeHint().width() if column is not None else 0
        return QSize(width + self.verticalScrollBar().sizeHint().width(), 0)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """What the column would like."""
        column = self.widget()
        return column.sizeHint() if column is not None else super().sizeHint()

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Scroll the whole of the newly focused part into view (its top first if too tall)."""
        column = self.widget()
        if new is None or column is None or not column.isAncestorOf(new):
            return
        top = new.mapTo(column, QPoint(0, 0))
        self.ensureVisible(top.x(), top.y() + new.height(), 0, FOCUS_MARGIN)
        self.ensureVisible(top.x(), top.y(), 0, FOCUS_MARGIN)
