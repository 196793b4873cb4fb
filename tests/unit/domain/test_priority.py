"""Priority: severity dominates, then trusted report volume, then age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reviewdesk.domain.enums import Severity
from reviewdesk.domain.priority import case_priority

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_any_critical_case_outranks_the_busiest_oldest_medium_case() -> None:
    busy_old_medium = case_priority(Severity.MEDIUM, 500.0, NOW - timedelta(days=365), NOW)
    fresh_single_critical = case_priority(Severity.CRITICAL, 0.1, NOW, NOW)
    assert fresh_single_critical > busy_old_medium


def test_more_trusted_reports_rank_higher_at_equal_severity_and_age() -> None:
    one = case_priority(Severity.HIGH, 1.0, NOW, NOW)
    five = case_priority(Severity.HIGH, 5.0, NOW, NOW)
    assert five > one


def test_reports_from_unreliable_reporters_weigh_less() -> None:
    trusted = case_priority(Severity.LOW, 3 * 0.9, NOW, NOW)
    abusers = case_priority(Severity.LOW, 3 * 0.1, NOW, NOW)
    assert trusted > abusers


def test_older_cases_rank_higher_at_equal_severity_and_reports() -> None:
    fresh = case_priority(Severity.MEDIUM, 2.0, NOW - timedelta(minutes=5), NOW)
    day_old = case_priority(Severity.MEDIUM, 2.0, NOW - timedelta(days=1), NOW)
    assert day_old > fresh


def test_clock_skew_and_negative_input_do_not_lower_priority_below_severity() -> None:
    future = case_priority(Severity.LOW, -3.0, NOW + timedelta(hours=2), NOW)
    assert future == 1000.0
