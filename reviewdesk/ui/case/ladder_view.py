"""The sanction ladder's list: as tall as its rungs, so every rung shows without scrolling.

Its height comes from the rung count and the height of a one-line card (see
:meth:`CardDelegate.header_card_height`), set before the rungs are put in: no
row is measured and the list is laid out once. A ladder with as many rungs as
the one before keeps its height, so a case switch moves nothing around it.

The list is fixed at that height, unless the panel holding it is too short
for the whole ladder (a small window) and makes it squeezable
(:meth:`LadderView.set_squeezable`): down to :data:`LEAST_RUNGS` rungs, it
then scrolls and keeps the suggested rung in view.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QWidget

from reviewdesk.ui.case.card_delegate import CardDelegate
from reviewdesk.ui.case.card_list_view import CardListView
from reviewdesk.ui.case.card_model import Card

#: Rungs shown however short the panel; a longer ladder squeezed below its height scrolls.
LEAST_RUNGS = 1
#: Pixels below the last rung (its bottom line stays clear of the frame).
BOTTOM_GAP = 2


class LadderView(CardListView):
    """A card list as high as all its rungs (less only when made squeezable)."""

    def __init__(self, *, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(accessible_name=accessible_name, parent=parent)
        #: The least and the full height, for the rung count shown.
        self._heights = (-1, -1)
        self._squeezable = False
        self._fit(0)

    def show_rungs(self, cards: Sequence[Card]) -> None:
        """Show ``cards`` (one per rung), sized to them first, so they are laid out once."""
        self._fit(len(cards))
        self.set_cards(cards)
        self._keep_suggested_in_view()

    def rung_heights(self, count: int) -> tuple[int, int]:
        """The least and the full height of a ladder of ``count`` rungs."""
        chrome = 2 * self.frameWidth() + BOTTOM_GAP
        if count == 0:
            empty = self.fontMetrics().lineSpacing() + chrome
            return empty, empty
        row = CardDelegate.header_card_height(self.font())
        return min(count, LEAST_RUNGS) * row + chrome, count * row + chrome

    def full_height(self) -> int:
        """The height that shows every rung."""
        return self._heights[1]

    def least_height(self) -> int:
        """The height of :data:`LEAST_RUNGS` rungs (all of a shorter ladder)."""
        return self._heights[0]

    def set_squeezable(self, squeezable: bool) -> None:
        """Let a panel too short for the whole ladder give it :meth:`least_height` only."""
        if squeezable != self._squeezable:
            self._squeezable = squeezable
            self.setMinimumHeight(self._least_allowed())
            self.updateGeometry()

    def _least_allowed(self) -> int:
        return self._heights[0] if self._squeezable else self._heights[1]

    def _fit(self, count: int) -> None:
        """Take the heights of ``count`` rungs; the layout hears nothing if they are the same."""
        heights = self.rung_heights(count)
        if heights == self._heights:
            return
        self._heights = heights
        least = self._least_allowed()
        if least > self.maximumHeight():  # taller: the maximum first, the least may not pass it
            self.setMaximumHeight(heights[1])
            self.setMinimumHeight(least)
        else:
            self.setMinimumHeight(least)
            self.setMaximumHeight(heights[1])
        # At its new height now (as the layout will leave it), so the rungs put in
        # next are laid out once, at the size they are shown at.
        self.resize(self.width(), heights[1])
        self.updateGeometry()

    def _keep_suggested_in_view(self) -> None:
        """Squeezed below its full height, the list scrolls to the suggested rung."""
        if self.height() >= self._heights[1]:
            return
        rows = self.card_model().highlighted_rows()
        if rows:
            index = self.card_model().index(rows[0], 0)
            self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Every rung."""
        return QSize(super().sizeHint().width(), self._heights[1])

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Every rung; :data:`LEAST_RUNGS` rungs when squeezable."""
        return QSize(super().minimumSizeHint().width(), self._least_allowed())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Squeezed or given room: the suggested rung stays in view."""
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height():
            self._keep_suggested_in_view()
