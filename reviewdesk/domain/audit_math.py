"""The arithmetic of team statistics and quality: medians, rates, agreement, queue age."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from reviewdesk.domain.audit_enums import AgeBucket
from reviewdesk.domain.enums import Outcome

#: Upper bound (hours, exclusive) of each age bucket but the last.
_AGE_LIMITS: tuple[tuple[float, AgeBucket], ...] = (
    (1.0, AgeBucket.UNDER_1H),
    (4.0, AgeBucket.UNDER_4H),
    (24.0, AgeBucket.UNDER_24H),
    (72.0, AgeBucket.UNDER_72H),
)


def median(values: Iterable[float]) -> float | None:
    """The median of ``values`` (mean of the middle two for an even count); None when empty."""
    ordered = sorted(values)
    count = len(ordered)
    if count == 0:
        return None
    middle = count // 2
    if count % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def rate(part: int, whole: int) -> float | None:
    """``part / whole`` rounded to four places; None when there is nothing to divide."""
    if whole <= 0:
        return None
    return round(part / whole, 4)


def age_bucket(age_hours: float) -> AgeBucket:
    """The bucket of a case that has waited ``age_hours``."""
    for limit, bucket in _AGE_LIMITS:
        if age_hours < limit:
            return bucket
    return AgeBucket.OVER_72H


def verdict_agrees(
    original_outcome: Outcome,
    original_clauses: Sequence[str],
    verdict_outcome: Outcome,
    verdict_clauses: Sequence[str],
) -> bool:
    """True when a blind verdict matches the original: same outcome, same set of clauses."""
    return original_outcome is verdict_outcome and set(original_clauses) == set(verdict_clauses)


def sample_size(population: int, count: int | None, share: float | None) -> int:
    """How many of ``population`` decisions a sample draws: ``count``, or ``share`` rounded up.

    Never more than the population; at least one when the population is not
    empty and a positive share was asked.
    """
    if population <= 0:
        return 0
    if count is not None:
        return min(count, population)
    if share is None or share <= 0:
        return 0
    wanted = math.ceil(round(population * share, 9))
    return max(1, min(wanted, population))
