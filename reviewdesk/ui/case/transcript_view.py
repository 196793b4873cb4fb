"""The transcript of the conversations around a report, reported message in view."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QWidget

from reviewdesk.api.models import Conversation
from reviewdesk.ui.case.card_list_view import CardListView
from reviewdesk.ui.case.card_model import Card
from reviewdesk.ui.case.transcript_model import TranscriptModel


class TranscriptView(CardListView):
    """Messages in sent order; the reported message is highlighted, selected and centred.

    A reported message taller than the view is shown from its top instead, so
    its sender and "Reported" marker are what the moderator sees first. Until
    the moderator scrolls or moves the selection, the reported message is kept
    in view when the view is resized (for example when a splitter moves).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self._transcript = TranscriptModel()
        super().__init__(accessible_name="Transcript", model=self._transcript, parent=parent)
        self._follow_reported = False
        self.verticalScrollBar().actionTriggered.connect(self._stop_following)
        self.selectionModel().currentChanged.connect(self._on_current_changed)

    def transcript_model(self) -> TranscriptModel:
        """The model of the messages shown."""
        return self._transcript

    def show_conversations(
        self,
        conversations: Sequence[Conversation],
        *,
        subject_member_id: str | None = None,
        cards: Sequence[Card] | None = None,
    ) -> None:
        """Show ``conversations`` and bring the first reported message into view.

        ``cards``, when given, are those :func:`transcript_cards` makes of them (worked out ahead).
        """
        if cards is None:
            self._transcript.set_conversations(conversations, subject_member_id=subject_member_id)
        else:
            self._transcript.set_transcript(cards, len(conversations))
        if self.isVisible():  # laid out now: painted with the rest of the case
            self.doItemsLayout()
        self.scroll_to_reported()

    def clear(self) -> None:
        """Show nothing."""
        self._follow_reported = False
        self._transcript.set_conversations([])

    def scroll_to_reported(self) -> bool:
        """Select the first reported message and centre it; False when there is none."""
        rows = self._transcript.reported_rows()
        if not rows:
            self._follow_reported = False
            self.scrollToTop()
            return False
        index = self._transcript.index(rows[0], 0)
        self._follow_reported = False
        self.setCurrentIndex(index)
        self._bring_into_view(index)
        self._follow_reported = True
        return True

    def _bring_into_view(self, index: QModelIndex) -> None:
        """Centre the card at ``index``; a card taller than the view goes to the top."""
        hint = QAbstractItemView.ScrollHint.PositionAtCenter
        if self.sizeHintForIndex(index).height() >= self.viewport().height():
            hint = QAbstractItemView.ScrollHint.PositionAtTop
        self.scrollTo(index, hint)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Keep the reported message in view while the moderator has not moved away."""
        super().resizeEvent(event)
        rows = self._transcript.reported_rows()
        if self._follow_reported and rows:
            self._bring_into_view(self._transcript.index(rows[0], 0))

    def _stop_following(self, _action: int) -> None:
        self._follow_reported = False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rows = self._transcript.reported_rows()
        if not rows or current.row() != rows[0]:
            self._follow_reported = False
