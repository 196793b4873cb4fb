"""Backoff of outbox deliveries: bounds, growth, cap, jitter and Retry-After."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest

from reviewdesk.queue.retry_policy import RetryPolicy

POLICY = RetryPolicy(base_s=0.5, cap_s=30.0, max_retry_after_s=3600.0)


def samples(failures: int, retry_after: float | None = None, count: int = 400) -> list[float]:
    rng = random.Random(failures * 1000 + count)
    return [POLICY.delay(failures, retry_after, rng) for _ in range(count)]


@pytest.mark.parametrize(
    ("failures", "ceiling"),
    [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (6, 16.0), (7, 30.0), (12, 30.0), (10_000, 30.0)],
)
def test_each_delay_lies_between_half_and_all_of_its_ceiling(failures: int, ceiling: float) -> None:
    delays = samples(failures)
    assert min(delays) >= ceiling / 2
    assert max(delays) <= ceiling
    # Jitter: the delays spread over the range instead of all desks waiting in step.
    assert max(delays) - min(delays) > ceiling / 4
    assert len(set(delays)) > len(delays) // 2


def test_delays_grow_with_failures_until_the_cap() -> None:
    means = [sum(samples(n)) / 400 for n in range(1, 10)]
    assert all(later > earlier * 1.7 for earlier, later in pairwise(means[:6]))
    assert means[-1] == pytest.approx(22.5, rel=0.05)  # capped: uniform between 15 and 30


def test_zero_or_negative_failures_count_as_the_first() -> None:
    assert all(0.25 <= POLICY.delay(n, None, random.Random(n)) <= 0.5 for n in (0, -3))


def test_retry_after_is_a_lower_bound() -> None:
    assert all(delay == 10.0 for delay in samples(1, retry_after=10.0))
    # A Retry-After shorter than the backoff does not shorten it.
    assert all(15.0 <= delay <= 30.0 for delay in samples(9, retry_after=1.0))
    assert all(delay >= 0.25 for delay in samples(1, retry_after=0.0))


def test_retry_after_is_taken_at_most_up_to_its_maximum() -> None:
    assert all(delay == 3600.0 for delay in samples(1, retry_after=10_000_000.0))
    short = RetryPolicy(max_retry_after_s=60.0)
    assert short.delay(1, 86_400.0, random.Random(1)) == 60.0


@pytest.mark.parametrize(("base", "cap"), [(0.0, 1.0), (-1.0, 1.0), (2.0, 1.0)])
def test_a_policy_needs_a_positive_base_below_its_cap(base: float, cap: float) -> None:
    with pytest.raises(ValueError, match="0 < base <= cap"):
        RetryPolicy(base_s=base, cap_s=cap)
