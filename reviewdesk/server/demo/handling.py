"""How long a demo moderator worked on a case before deciding: the claim time of each decision.

Drawn from a generator of its own, seeded by the case and the decision time,
so the rest of the demo (people, cases, texts) stays exactly as it was. A
quick dismissal takes under a few minutes; an account suspension or
termination, where the history is read first, takes longer. The claim never
starts before the case's first report or the decision before it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from reviewdesk.domain.enums import Outcome

#: Seconds of work per outcome: (shortest, longest) of a uniform draw.
HANDLING_RANGES: dict[Outcome, tuple[float, float]] = {
    Outcome.NO_VIOLATION: (35.0, 300.0),
    Outcome.REMOVE_CONTENT: (60.0, 420.0),
    Outcome.WARN: (60.0, 480.0),
    Outcome.RESTRICT: (150.0, 720.0),
    Outcome.SUSPEND: (240.0, 900.0),
    Outcome.TERMINATE: (300.0, 1200.0),
    Outcome.REQUEST_INFO: (45.0, 240.0),
    Outcome.ESCALATE: (60.0, 360.0),
}


def claim_time(
    subject_key: str, outcome: Outcome, decided_at: datetime, earliest: datetime
) -> datetime:
    """When the decider claimed the case: minutes before deciding, never before ``earliest``."""
    draw = random.Random(f"handling:{subject_key}:{decided_at.isoformat()}")
    low, high = HANDLING_RANGES[outcome]
    claimed = decided_at - timedelta(seconds=round(draw.uniform(low, high)))
    return max(claimed, min(earliest, decided_at))
