"""What one transaction recording many decisions reads once instead of once per decision.

A batch of decisions is recorded in one write transaction (on SQLite one
that holds the write lock from its start, so nothing else changes the data
it read). Before the first item, :func:`prepare_batch` reads in a few
queries what each item would otherwise read by itself: the cases, what the
decision-time snapshots need, the cases' words for the search index, which
idempotency keys the moderator has not used yet, and the log's chain tail.
After each item, :meth:`PreparedBatch.item_done` drops whatever that item
may have made stale (or, for the common plain decision, brings it up to
date in place), so every item still sees the data as it stands then.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.api.models import DecisionOut
from reviewdesk.domain.enums import STATUS_AFTER, STRIKE_OUTCOMES
from reviewdesk.server.services.audit_log import (
    ChainTail,
    cases_search_texts,
    is_sqlite,
    read_chain_tail,
)
from reviewdesk.server.services.plain_insert import LaterInserts
from reviewdesk.server.services.snapshots import SnapshotPieces, prefetch_pieces
from reviewdesk.server.tables import CaseRow, DecisionRow, ModeratorRow, ReportRow

#: Batch transactions of one service process go one at a time (on any database; on
#: SQLite every writer also takes its turn in arrival order, see ``write_turns``).
_BATCH_TURN = threading.Lock()

#: The longest decimal case id looked up in advance (longer ones are refused by ``get_case``).
_MAX_ID_DIGITS = 18


@dataclass
class PreparedBatch:
    """A batch's data read in advance, kept true while its items are recorded one by one."""

    pieces: SnapshotPieces
    search_parts: dict[int, list[str]]
    unused_keys: set[str]
    tail: ChainTail
    members_of: dict[int, set[str]]
    #: The batch's cases, held so the session keeps them (``get_case`` then reads nothing).
    cases: list[CaseRow]
    #: The cases some member reported: deciding one changes those reporters' track records.
    member_reported: set[int] = field(default_factory=set)
    #: Rows the items queue to be stored together before the transaction commits.
    later: LaterInserts = field(default_factory=LaterInserts)

    def reported_by_members(self, case_id: int) -> bool:
        """True when a member (not only a detector) reported ``case_id``.

        Only then does deciding it change anyone's track record, and so the
        priority of other open cases.
        """
        return case_id in self.member_reported

    def key_unused(self, idempotency_key: str) -> bool:
        """True when no decision of this moderator was stored under the key yet."""
        return idempotency_key in self.unused_keys

    def checkpoint(self) -> ChainTail:
        """A copy of the chain tail, to restore when an item is rolled back."""
        return replace(self.tail)

    def rolled_back(self, saved: ChainTail) -> None:
        """An item's writes were undone: the log ends where it did before the item."""
        self.tail.seq, self.tail.hash = saved.seq, saved.hash
        self.tail.recorded_at = saved.recorded_at

    def clashed(self, session: Session, shown_case_id: str, idempotency_key: str) -> None:
        """An item lost a unique key to a concurrent writer: read its part afresh on retry.

        (Only where the batch's transaction does not hold the write lock from
        its start, as it does on SQLite.)
        """
        self.item_done(shown_case_id, idempotency_key)
        latest = read_chain_tail(session)
        self.tail.seq, self.tail.hash = latest.seq, latest.hash
        self.tail.recorded_at = latest.recorded_at

    def item_done(
        self, shown_case_id: str, idempotency_key: str, recorded: DecisionOut | None = None
    ) -> None:
        """Drop what an item (recorded or not) may have changed, to be read afresh later.

        A decision on a case changes the history of its member (their prior
        case, their strikes) and the track record of its reporters. A
        ``recorded`` decision that leaves no strike on a case no member
        reported changes only its member's prior case: that is updated in
        place instead of read again.
        """
        self.unused_keys.discard(idempotency_key)
        case_id = _case_id_of(shown_case_id)
        if case_id is None:
            return
        members = self.members_of.get(case_id, set())
        if (
            recorded is not None
            and case_id not in self.member_reported
            and recorded.outcome not in STRIKE_OUTCOMES
            and len(members) == 1
        ):
            (member_id,) = members
            status = STATUS_AFTER[recorded.outcome]
            if self.pieces.note_first_decision(member_id, case_id, status, recorded):
                return
        for member_id in members:
            self.pieces.forget_member(member_id)


def _case_id_of(shown_case_id: str) -> int | None:
    if not shown_case_id.isascii() or not shown_case_id.isdigit():
        return None
    if len(shown_case_id) > _MAX_ID_DIGITS:
        return None
    return int(shown_case_id)


@contextmanager
def batch_turn() -> Iterator[None]:
    """Wait for the other batches of this process to finish, then run one."""
    with _BATCH_TURN:
        yield


def hold_write_lock(session: Session) -> None:
    """End what the request read so far and start the batch's write transaction.

    On SQLite the transaction takes the write lock at once (``BEGIN
    IMMEDIATE``, after this writer's turn): a concurrent batch waits for it
    instead of interleaving, and nothing changes the data
    :func:`prepare_batch` reads until the end.
    """
    session.commit()
    if is_sqlite(session):
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")


def prepare_batch(
    session: Session,
    moderator: ModeratorRow,
    items: Sequence[tuple[str, str]],
) -> PreparedBatch:
    """Read in advance what recording ``items`` (shown case id, idempotency key) needs."""
    case_ids = sorted({i for i in (_case_id_of(shown) for shown, _key in items) if i is not None})
    cases = (
        list(session.scalars(select(CaseRow).where(CaseRow.id.in_(case_ids)))) if case_ids else []
    )
    members_of: dict[int, set[str]] = defaultdict(set)
    member_reported: set[int] = set()
    for case in cases:
        members_of[case.id].add(case.member_id)
    if case_ids:
        for case_id, reporter_id in session.execute(
            select(ReportRow.case_id, ReportRow.reporter_id)
            .where(ReportRow.case_id.in_(case_ids), ReportRow.reporter_id.is_not(None))
            .distinct()
        ):
            if reporter_id is not None:
                members_of[case_id].add(reporter_id)
                member_reported.add(case_id)
    keys = sorted({key for _shown, key in items})
    used = set(
        session.scalars(
            select(DecisionRow.idempotency_key).where(
                DecisionRow.moderator_id == moderator.id, DecisionRow.idempotency_key.in_(keys)
            )
        )
    )
    return PreparedBatch(
        pieces=prefetch_pieces(session, cases),
        search_parts=cases_search_texts(session, case_ids),
        unused_keys=set(keys) - used,
        tail=read_chain_tail(session),
        members_of=dict(members_of),
        cases=cases,
        member_reported=member_reported,
    )
