"""The top of the demo queue shows members with a past: prior cases, strikes and notes.

The default demo is seeded into the reference service and read the way the
desk reads it: the first page of the queue in its default order (open cases,
most urgent first) and each member's history, seen from the case under review.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from demo_replay import NOW, replay

from reviewdesk.api.models import CaseSummary, MemberHistory
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import CaseStatus, Severity
from reviewdesk.server.app import create_app
from reviewdesk.server.db import open_database, sqlite_file_url
from reviewdesk.server.demo.generator import DemoPlan
from reviewdesk.server.runner import BackgroundServer
from reviewdesk.server.seed import seed_community
from reviewdesk.server.settings import ServerSettings
from reviewdesk.ui.case.prepared_case import without_case

#: How far down the queue a moderator trying the demo walks with ``j``.
WALKED = 60


@pytest.fixture(scope="module")
def demo_url(full_plan: DemoPlan, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The default demo community served by the reference service, its clock at ``NOW``."""
    path: Path = tmp_path_factory.mktemp("demo-history") / "demo.sqlite3"
    engine, sessions = open_database(sqlite_file_url(path))
    seed_community(sessions, full_plan.community, now=NOW)
    runner = BackgroundServer(create_app(sessions, ServerSettings(clock=lambda: NOW)))
    try:
        yield runner.start()
    finally:
        runner.stop()
        engine.dispose()


@pytest.fixture(scope="module")
def walked(demo_url: str) -> list[tuple[CaseSummary, MemberHistory]]:
    """The first cases of the desk's default queue, each with its member's past."""
    with HttpBackend.login(demo_url, "agent", "agent-demo") as backend:
        page = backend.list_cases(CaseFilter())
        cases = page.items[:WALKED]
        assert len(cases) == WALKED
        return [
            (case, without_case(backend.get_member_history(case.member_id), case.id))
            for case in cases
        ]


def test_several_members_near_the_top_of_the_queue_have_a_past(
    walked: list[tuple[CaseSummary, MemberHistory]],
) -> None:
    assert all(case.status is CaseStatus.OPEN for case, _ in walked)
    with_prior = {case.member_id for case, history in walked if history.prior_cases}
    with_strikes = {case.member_id for case, history in walked if history.strikes}
    with_notes = {case.member_id for case, history in walked if history.notes}
    assert len(with_prior) >= 5
    assert len(with_strikes) >= 3
    assert len(with_notes) >= 2
    # The case under review is never counted as part of its member's past.
    for case, history in walked:
        assert case.id not in {prior.case_id for prior in history.prior_cases}


def test_repeat_offenders_are_among_the_first_cases_with_strikes_and_a_note(
    walked: list[tuple[CaseSummary, MemberHistory]], full_plan: DemoPlan
) -> None:
    repeat = [
        (case, history)
        for case, history in walked
        if case.member_id in full_plan.repeat_offender_ids
    ]
    assert len({case.member_id for case, _ in repeat}) >= 2
    assert any(case.severity is Severity.CRITICAL for case, _ in repeat)
    for _case, history in repeat:
        assert len(history.prior_cases) >= 2
        assert history.strikes  # a first mild post may only have been removed
        assert history.notes


def test_repeat_offenders_come_back_no_milder_and_some_graver(full_plan: DemoPlan) -> None:
    cases = replay(full_plan.community)
    graver = 0
    for member in full_plan.repeat_offender_ids:
        past = [c for c in cases if c.member_id == member and c.status is CaseStatus.DECIDED]
        now = [c for c in cases if c.member_id == member and c.status is CaseStatus.OPEN]
        assert past
        assert now
        worst_before = max(c.severity for c in past)
        assert all(c.severity >= worst_before for c in now)
        graver += any(c.severity > worst_before for c in now)
    assert graver >= 2
