"""Medians, rates, queue-age buckets, blind agreement, sample sizes, and role permissions."""

from __future__ import annotations

from reviewdesk.domain.audit_enums import AgeBucket
from reviewdesk.domain.audit_math import age_bucket, median, rate, sample_size, verdict_agrees
from reviewdesk.domain.enums import Outcome, Role
from reviewdesk.domain.permissions import Permission, may


def test_median_of_odd_even_and_empty() -> None:
    assert median([5.0, 1.0, 3.0]) == 3.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([]) is None


def test_rate_rounds_and_needs_a_whole() -> None:
    assert rate(1, 3) == 0.3333
    assert rate(0, 0) is None


def test_age_buckets_have_exclusive_upper_bounds() -> None:
    assert age_bucket(0.99) is AgeBucket.UNDER_1H
    assert age_bucket(1.0) is AgeBucket.UNDER_4H
    assert age_bucket(23.9) is AgeBucket.UNDER_24H
    assert age_bucket(24.0) is AgeBucket.UNDER_72H
    assert age_bucket(500.0) is AgeBucket.OVER_72H


def test_agreement_needs_the_same_outcome_and_the_same_clauses() -> None:
    assert verdict_agrees(Outcome.WARN, ["a", "b"], Outcome.WARN, ["b", "a"])
    assert not verdict_agrees(Outcome.WARN, ["a"], Outcome.SUSPEND, ["a"])
    assert not verdict_agrees(Outcome.WARN, ["a"], Outcome.WARN, ["a", "b"])


def test_sample_size_by_count_or_share() -> None:
    assert sample_size(10, 3, None) == 3
    assert sample_size(2, 5, None) == 2
    assert sample_size(10, None, 0.3) == 3
    assert sample_size(10, None, 0.25) == 3
    assert sample_size(3, None, 0.01) == 1
    assert sample_size(0, 4, None) == 0


def test_each_role_includes_the_one_before() -> None:
    assert may(Role.AGENT, Permission.DECIDE)
    assert not may(Role.AGENT, Permission.READ_LOG)
    assert not may(Role.AGENT, Permission.REVIEW)
    assert may(Role.SENIOR, Permission.REVIEW)
    assert may(Role.SENIOR, Permission.EXPORT)
    assert not may(Role.SENIOR, Permission.MANAGE_ACCOUNTS)
    assert all(may(Role.ADMIN, permission) for permission in Permission)
