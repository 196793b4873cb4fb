"""How urgent a case is: severity first, then report count, reporter trust and age."""

from __future__ import annotations

import math
from datetime import datetime

from reviewdesk.domain.enums import Severity

#: Weight of one severity step; larger than anything count and age can add,
#: so a critical case always outranks a medium one.
SEVERITY_WEIGHT = 1000.0


def case_priority(
    severity: Severity,
    weighted_reports: float,
    opened_at: datetime,
    now: datetime,
) -> float:
    """Return the priority score of a case (higher is more urgent).

    ``weighted_reports`` is the number of reports, each weighted by the
    reliability of its reporter (0..1; a detector counts by its score), so a
    flood from members who abuse the report button does not jump the queue.
    Report count and age grow logarithmically and stay below one severity step.
    """
    reports = max(0.0, weighted_reports)
    age_hours = max(0.0, (now - opened_at).total_seconds() / 3600.0)
    count_part = min(600.0, 200.0 * math.log2(1.0 + reports))
    age_part = min(399.0, 60.0 * math.log2(1.0 + age_hours))
    return round(int(severity) * SEVERITY_WEIGHT + count_part + age_part, 2)
