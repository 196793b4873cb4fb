"""The enforcement feed the platform reads to carry final decisions out."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.api.models import FeedEntry, FeedPage
from reviewdesk.server.services.wire import decision_out
from reviewdesk.server.tables import DecisionRow, FeedRow, ModeratorRow


def feed_page(session: Session, after: int, limit: int) -> FeedPage:
    """Up to ``limit`` entries with a sequence number above ``after``, in order."""
    rows = session.execute(
        select(FeedRow, DecisionRow, ModeratorRow)
        .join(DecisionRow, DecisionRow.id == FeedRow.decision_id)
        .join(ModeratorRow, ModeratorRow.id == DecisionRow.moderator_id)
        .where(FeedRow.seq > after)
        .order_by(FeedRow.seq)
        .limit(limit)
    ).all()
    entries = [
        FeedEntry(
            seq=feed.seq,
            member_id=feed.member_id,
            content_id=feed.content_id,
            decision=decision_out(decision, moderator),
            replaces_decision_id=(
                str(feed.replaces_decision_id) if feed.replaces_decision_id is not None else None
            ),
        )
        for feed, decision, moderator in rows
    ]
    return FeedPage(entries=entries, last_seq=entries[-1].seq if entries else after)
