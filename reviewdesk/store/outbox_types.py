"""What the outbox holds and answers, without the database: states, owners, entries, counts.

The window imports these to show and route decisions; the SQLite outbox
itself (:mod:`reviewdesk.store.outbox`, on SQLAlchemy) is loaded only where
the desk's database is opened, on a worker, so starting the desk never waits
for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reviewdesk.api.models import DecisionIn, DecisionOut
from reviewdesk.domain.enums import Outcome


class OutboxState(StrEnum):
    """Where an outbox entry stands."""

    PENDING = "pending"
    DELIVERED = "delivered"
    CONFLICT = "conflict"
    REJECTED = "rejected"
    TAKEN_BACK = "taken back"


#: States that need the moderator's attention until resolved.
PROBLEM_STATES = (OutboxState.CONFLICT, OutboxState.REJECTED)


class AlreadyQueued(Exception):
    """A decision on this case is already waiting in the outbox; ``str()`` is a sentence."""


@dataclass(frozen=True)
class OutboxOwner:
    """Whose decisions these are: a moderator on a service."""

    service_url: str
    moderator: str


@dataclass(frozen=True)
class OutboxEntry:
    """One decision in the outbox."""

    id: int
    owner: OutboxOwner
    case_id: str
    decision: DecisionIn
    idempotency_key: str
    created_at: float
    state: OutboxState
    attempts: int
    next_attempt_at: float | None
    last_error: str
    #: Delivered: the recorded decision. Conflict: the decision that was there first.
    result: DecisionOut | None
    batch_id: str | None
    status_code: int | None
    resolved_at: float | None
    resolution: str
    replaces_id: int | None
    #: Delivery may not send it before this time (its grace time ends), if set.
    not_before: float | None = None
    #: When delivery first took it to send (None: never sent, so it can be taken back).
    first_sent_at: float | None = None


@dataclass(frozen=True)
class TakenBack:
    """Decisions taken back before they were sent: the last decision or the whole last batch."""

    entries: tuple[OutboxEntry, ...]
    batch_id: str | None

    @property
    def case_ids(self) -> tuple[str, ...]:
        """The cases that are undecided again, in the order they were decided."""
        return tuple(entry.case_id for entry in self.entries)

    @property
    def outcome(self) -> Outcome | None:
        """The outcome the decisions had (None when they differed)."""
        outcomes = {entry.decision.outcome for entry in self.entries}
        return outcomes.pop() if len(outcomes) == 1 else None


@dataclass(frozen=True)
class TakeBackRefused:
    """Nothing was taken back; ``reason`` is a sentence for the moderator."""

    reason: str
    #: The batch asked for, if the last decision was part of one.
    batch_id: str | None = None
    #: The decisions that were already sent (they stand; nothing was taken back).
    sent: tuple[OutboxEntry, ...] = ()

    @property
    def sent_case_ids(self) -> tuple[str, ...]:
        """The cases whose decision already went out."""
        return tuple(entry.case_id for entry in self.sent)


@dataclass(frozen=True)
class OutboxCounts:
    """What the window shows of the outbox at all times."""

    #: Decisions not delivered yet.
    waiting: int
    #: Conflicts and rejections the moderator has not resolved.
    problems: int
    #: Decisions of other moderators (or services) waiting on this workstation.
    waiting_for_others: int = 0
