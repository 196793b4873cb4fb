"""Seeding replays the community through the service's own logic, all or nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from server_calls import auth
from server_community import EVE, NOW, build_community
from sqlalchemy import select

from reviewdesk.api.models import DecisionIn
from reviewdesk.domain.enums import CaseStatus, Outcome
from reviewdesk.server.db import SessionFactory, open_database, sqlite_file_url
from reviewdesk.server.demo.generator import generate_community
from reviewdesk.server.demo.model import DemoCommunity, DemoDecision
from reviewdesk.server.seed import SeedError, is_seeded, seed_community
from reviewdesk.server.services.case_detail import case_detail
from reviewdesk.server.services.history import member_history
from reviewdesk.server.services.queue import QueueQuery, list_cases
from reviewdesk.server.services.replay import replay_decision
from reviewdesk.server.tables import DecisionRow


def test_seeded_decisions_keep_their_own_time_and_key(client: httpx.Client) -> None:
    history = client.get(f"/v1/members/{EVE.id}/history", headers=auth(client, "ana")).json()
    decided = next(case for case in history["prior_cases"] if case["status"] == "decided")
    detail = client.get(f"/v1/cases/{decided['case_id']}", headers=auth(client, "ana")).json()
    [decision] = detail["decisions"]
    assert decision["idempotency_key"] == "seed-c-old-spam"
    assert decision["decided_at"] == (
        NOW - timedelta(days=10) + timedelta(hours=6)
    ).isoformat().replace("+00:00", "Z")


def test_a_refused_event_stores_nothing(tmp_path: Path) -> None:
    community = build_community()
    stray = DemoDecision(
        "c-never-reported", "ana", DecisionIn(outcome=Outcome.NO_VIOLATION), NOW, "stray"
    )
    broken = dataclasses.replace(community, events=[*community.events, stray])
    engine, sessions = open_database(sqlite_file_url(tmp_path / "db.sqlite3"))
    try:
        with pytest.raises(SeedError, match="c-never-reported"):
            seed_community(sessions, broken, now=NOW)
        assert not is_seeded(sessions)
    finally:
        engine.dispose()


def test_an_invalid_decision_in_the_community_is_reported_with_its_reason(tmp_path: Path) -> None:
    community = build_community()
    bad = DemoDecision("c-spam", "ana", DecisionIn(outcome=Outcome.WARN), NOW, "bad")
    broken = dataclasses.replace(community, events=[*community.events, bad])
    engine, _sessions = open_database(sqlite_file_url(tmp_path / "db.sqlite3"))
    try:
        with pytest.raises(SeedError, match="must cite at least one policy clause"):
            seed_community(engine, broken, now=NOW)
    finally:
        engine.dispose()


@pytest.fixture
def seeded_demo(tmp_path: Path) -> Iterator[tuple[DemoCommunity, SessionFactory]]:
    """A small generated demo community, seeded into a database of its own."""
    community = generate_community(seed=3, open_cases=20, now=NOW)
    engine, sessions = open_database(sqlite_file_url(tmp_path / "demo.sqlite3"))
    try:
        seed_community(sessions, community, now=NOW)
        yield community, sessions
    finally:
        engine.dispose()


def test_the_generated_demo_community_seeds_and_every_case_reads_back(
    seeded_demo: tuple[DemoCommunity, SessionFactory],
) -> None:
    _community, sessions = seeded_demo
    with sessions() as session:
        page = list_cases(session, QueueQuery(limit=500), NOW)
        assert page.total >= 20
        assert all(item.status is CaseStatus.OPEN for item in page.items)
        for item in page.items:
            detail = case_detail(session, item.id, NOW)
            assert len(detail.reports) == item.report_count
            member_history(session, item.member_id)


def test_the_demo_catalogue_was_in_force_before_every_seeded_decision(
    seeded_demo: tuple[DemoCommunity, SessionFactory],
) -> None:
    """A replay names the catalogue version then in force: not one from after the decision."""
    community, sessions = seeded_demo
    with sessions() as session:
        decisions = session.scalars(select(DecisionRow)).all()
        assert len(decisions) > 20  # the community's past
        for decision in decisions:
            replay = replay_decision(session, str(decision.id), NOW)
            assert replay.catalogue_installed_at is not None
            assert replay.catalogue_installed_at < replay.decision.decided_at
            assert replay.catalogue_version == community.catalogue.version
