"""The transcript as a list model: conversation headings, then messages in sent order."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject

from reviewdesk.api.models import Conversation, Message
from reviewdesk.domain.enums import SURFACE_TITLES
from reviewdesk.ui.case.bidi import embed
from reviewdesk.ui.case.card_model import Card, CardListModel
from reviewdesk.ui.case.text_format import as_utc, format_timestamp, plural

REPORTED_MARKER = "Reported"
SUBJECT_SUFFIX = " (reported member)"


class TranscriptModel(CardListModel):
    """Rows of one or more conversations; reported messages are highlighted cards."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conversation_count = 0

    def set_conversations(
        self, conversations: Sequence[Conversation], *, subject_member_id: str | None = None
    ) -> None:
        """Show ``conversations`` one after the other, each under a heading.

        Messages are put in sent order (stable for equal times). Messages by
        ``subject_member_id`` are marked as the reported member's.
        """
        self.set_transcript(
            transcript_cards(conversations, subject_member_id=subject_member_id),
            len(conversations),
        )

    def set_transcript(self, cards: Sequence[Card], conversation_count: int) -> None:
        """Show cards made by :func:`transcript_cards` for ``conversation_count`` conversations."""
        self._conversation_count = conversation_count
        self.set_cards(cards)

    def conversation_count(self) -> int:
        """How many conversations are shown."""
        return self._conversation_count

    def reported_rows(self) -> list[int]:
        """Rows of the reported messages, top to bottom."""
        return self.highlighted_rows()


def transcript_cards(
    conversations: Sequence[Conversation], *, subject_member_id: str | None = None
) -> list[Card]:
    """Each conversation's heading, then its messages in sent order (stable for equal times).

    Messages by ``subject_member_id`` are marked as the reported member's.
    """
    cards: list[Card] = []
    for number, conversation in enumerate(conversations, start=1):
        cards.append(
            Card(
                header=conversation_heading(conversation, number, len(conversations)),
                heading=True,
                key=conversation.id,
            )
        )
        ordered = sorted(conversation.messages, key=lambda message: as_utc(message.sent_at))
        cards.extend(message_card(message, subject_member_id) for message in ordered)
    return cards


def conversation_heading(conversation: Conversation, number: int, total: int) -> str:
    """``Chat · conversation 1 of 2 · 14 messages · 3 people``."""
    senders = {message.sender_id for message in conversation.messages}
    parts = [SURFACE_TITLES[conversation.surface]]
    if total > 1:
        parts.append(f"conversation {number} of {total}")
    parts.append(plural(len(conversation.messages), "message"))
    parts.append(plural(len(senders), "person", "people"))
    return " · ".join(parts)


def message_card(message: Message, subject_member_id: str | None = None) -> Card:
    """One message as a card: ``sender · time`` over the text."""
    sender = embed(message.sender_name)
    if subject_member_id is not None and message.sender_id == subject_member_id:
        sender += SUBJECT_SUFFIX
    return Card(
        header=f"{sender} · {format_timestamp(message.sent_at)}",
        body=message.text,
        marker=REPORTED_MARKER if message.reported else "",
        highlighted=message.reported,
        key=message.id,
    )
