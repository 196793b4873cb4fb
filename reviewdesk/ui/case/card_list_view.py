"""A list view of cards: variable-height wrapped rows, keyboard copy, no editing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from reviewdesk.ui.case.card_delegate import CardDelegate
from reviewdesk.ui.case.card_model import Card, CardListModel


class CardListView(QListView):
    """Shows a :class:`CardListModel`; Ctrl+C copies the current card's full text."""

    def __init__(
        self,
        *,
        accessible_name: str,
        model: CardListModel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._cards = model if model is not None else CardListModel(self)
        if self._cards.parent() is None:
            self._cards.setParent(self)
        self.setModel(self._cards)
        self.setItemDelegate(CardDelegate(self))
        self.setAccessibleName(accessible_name)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().setSingleStep(self.fontMetrics().lineSpacing())

    def card_model(self) -> CardListModel:
        """The model this view shows."""
        return self._cards

    def set_cards(self, cards: Sequence[Card]) -> None:
        """Replace the cards shown, laid out at once when on screen.

        Laid out now, the new cards are painted with the rest of the change,
        not in a second paint after the view's own delayed layout.
        """
        self._cards.set_cards(cards)
        if self.isVisible():
            self.doItemsLayout()

    def copy_current(self) -> bool:
        """Put the current card's header and full body on the clipboard; False if none."""
        card = self._cards.card(self.currentIndex().row())
        if card is None or card.heading:
            return False
        QGuiApplication.clipboard().setText(card.copy_text())
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Ctrl+C copies the current card; everything else is the list's usual keys."""
        if event.matches(QKeySequence.StandardKey.Copy) and self.copy_current():
            event.accept()
            return
        super().keyPressEvent(event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Small enough for a splitter: a few lines of text."""
        line = self.fontMetrics().lineSpacing()
        return QSize(12 * line, 4 * line)
