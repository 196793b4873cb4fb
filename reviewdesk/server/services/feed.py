"""The enforcement feed: final decisions for the platform to carry out, and reversals to undo."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from reviewdesk.api.models import FeedEntry, FeedPage, FeedReversal
from reviewdesk.server.services.wire import decision_out, moderator_out
from reviewdesk.server.tables import BatchReversalRow, DecisionRow, FeedRow, ModeratorRow


def feed_page(session: Session, after: int, limit: int) -> FeedPage:
    """Up to ``limit`` entries with a sequence number above ``after``, in order.

    A ``decision`` entry asks the platform to enforce a decision; a
    ``reversal`` entry (one per reversed decision that was enforced) asks it to
    undo that enforcement, and names who reversed it and why.
    """
    reverser = aliased(ModeratorRow)
    rows = session.execute(
        select(FeedRow, DecisionRow, ModeratorRow, BatchReversalRow, reverser)
        .join(DecisionRow, DecisionRow.id == FeedRow.decision_id)
        .join(ModeratorRow, ModeratorRow.id == DecisionRow.moderator_id)
        .outerjoin(BatchReversalRow, BatchReversalRow.id == FeedRow.reversal_id)
        .outerjoin(reverser, reverser.id == BatchReversalRow.moderator_id)
        .where(FeedRow.seq > after)
        .order_by(FeedRow.seq)
        .limit(limit)
    ).all()
    entries = [
        FeedEntry(
            seq=feed.seq,
            kind="decision" if reversal is None else "reversal",
            member_id=feed.member_id,
            content_id=feed.content_id,
            decision=decision_out(decision, moderator),
            reversal=None
            if reversal is None or reversed_by is None
            else FeedReversal(
                id=str(reversal.id),
                batch_id=reversal.batch_id,
                reversed_by=moderator_out(reversed_by),
                reversed_at=reversal.reversed_at,
                reason=reversal.reason,
            ),
            replaces_decision_id=(
                str(feed.replaces_decision_id) if feed.replaces_decision_id is not None else None
            ),
        )
        for feed, decision, moderator, reversal, reversed_by in rows
    ]
    return FeedPage(entries=entries, last_seq=entries[-1].seq if entries else after)
