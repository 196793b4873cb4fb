"""The reference service accepts the demo community exactly as planned."""

from __future__ import annotations

from collections import Counter

from demo_replay import NOW, SMALL_OPEN_CASES, replay
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import CaseStatus
from reviewdesk.server.demo.generator import DemoPlan
from reviewdesk.server.seed import seed_community
from reviewdesk.server.tables import CaseRow


def test_the_service_seeds_the_small_community_into_the_planned_queue(
    small_plan: DemoPlan,
) -> None:
    engine = create_engine("sqlite://")
    try:
        seed_community(engine, small_plan.community, NOW)
        with Session(engine) as session:
            rows = session.execute(
                select(CaseRow.subject_key, CaseRow.status, CaseRow.category, CaseRow.surface)
            ).all()
    finally:
        engine.dispose()
    planned = replay(small_plan.community)
    assert Counter(row.status for row in rows) == Counter(case.status for case in planned)
    open_rows = [row for row in rows if row.status is CaseStatus.OPEN]
    assert len({row.subject_key for row in open_rows}) >= SMALL_OPEN_CASES
    expected = {(c.key, c.category, c.surface) for c in planned if c.status is CaseStatus.OPEN}
    assert {(row.subject_key, row.category, row.surface) for row in open_rows} == expected
