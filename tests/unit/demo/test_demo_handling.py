"""The demo's past decisions were claimed before they were made, so handling times are real."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from demo_replay import NOW
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from reviewdesk.domain.audit_enums import LogEntryKind
from reviewdesk.domain.enums import Outcome
from reviewdesk.server.demo.generator import DemoPlan
from reviewdesk.server.demo.handling import HANDLING_RANGES, claim_time
from reviewdesk.server.demo.model import DemoDecision
from reviewdesk.server.seed import seed_community
from reviewdesk.server.services.team_stats import team_stats
from reviewdesk.server.tables import LogEntryRow, ModeratorRow

DECIDED = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)


def test_a_claim_comes_minutes_before_the_decision_and_never_before_the_case() -> None:
    claimed = claim_time("c-1", Outcome.SUSPEND, DECIDED, DECIDED - timedelta(days=1))
    low, high = HANDLING_RANGES[Outcome.SUSPEND]
    assert low <= (DECIDED - claimed).total_seconds() <= high
    assert claim_time("c-1", Outcome.SUSPEND, DECIDED, DECIDED - timedelta(days=1)) == claimed
    late = DECIDED - timedelta(seconds=10)
    assert claim_time("c-1", Outcome.SUSPEND, DECIDED, late) == late


def test_every_past_decision_of_the_demo_has_a_claim_before_it(small_plan: DemoPlan) -> None:
    decisions = [e for e in small_plan.community.events if isinstance(e, DemoDecision)]
    assert decisions
    for decision in decisions:
        assert decision.claimed_at is not None
        assert decision.claimed_at <= decision.decided_at


def test_the_seeded_demo_has_a_median_handling_time_for_every_moderator_and_clause(
    small_plan: DemoPlan,
) -> None:
    engine = create_engine("sqlite://")
    try:
        seed_community(engine, small_plan.community, NOW)
        with Session(engine) as session:
            handling = session.scalars(
                select(LogEntryRow.handling_seconds).where(
                    LogEntryRow.kind == LogEntryKind.DECISION
                )
            ).all()
            senior = session.scalars(
                select(ModeratorRow).where(ModeratorRow.username == "senior")
            ).one()
            stats = team_stats(session, senior, None, None, NOW)
    finally:
        engine.dispose()
    assert handling
    assert all(seconds is not None and 0 < seconds <= 1200 for seconds in handling)
    for figures in (*stats.per_moderator, *stats.per_clause):
        assert figures.decisions > 0
        assert figures.median_handling_seconds is not None
