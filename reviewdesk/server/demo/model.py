"""What the demo generator hands to the service to seed it.

The generator produces a :class:`DemoCommunity`; the service's seeding code
replays its ``events`` in order: an :class:`~reviewdesk.api.models.IntakeReport`
files a report exactly as the platform's intake endpoint would (joining the
open case of its subject or opening one), a :class:`DemoDecision` decides the
open case of its subject as the named moderator would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reviewdesk.api.models import DecisionIn, IntakeReport, PolicyCatalogue
from reviewdesk.domain.enums import Role


@dataclass(frozen=True)
class DemoModerator:
    """A moderator account of the demo, with its password in clear (demo only)."""

    username: str
    password: str
    display_name: str
    role: Role


@dataclass(frozen=True)
class DemoDecision:
    """A past decision: decide the open case of ``subject_key`` at ``decided_at``.

    ``subject_key`` is the content id for content cases and the member id for
    account cases, the same key intake uses to join reports into one case.
    """

    subject_key: str
    moderator_username: str
    decision: DecisionIn
    decided_at: datetime
    idempotency_key: str
    #: When the moderator claimed the case before deciding (None: decided without a claim).
    claimed_at: datetime | None = None


@dataclass(frozen=True)
class DemoNote:
    """A moderator's note on a member's file."""

    member_id: str
    author_username: str
    created_at: datetime
    text: str


@dataclass(frozen=True)
class DemoCommunity:
    """Everything needed to seed the service with the demo community."""

    moderators: list[DemoModerator]
    platform_key: str
    catalogue: PolicyCatalogue
    events: list[IntakeReport | DemoDecision] = field(default_factory=list)
    notes: list[DemoNote] = field(default_factory=list)
