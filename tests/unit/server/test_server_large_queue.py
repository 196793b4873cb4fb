"""A queue of many open cases: synthetic bulk seeding, and pages that walk an index."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import CaseStatus, Category
from reviewdesk.domain.priority import case_priority
from reviewdesk.server.cli import main
from reviewdesk.server.db import SessionFactory, open_database, sqlite_file_url
from reviewdesk.server.demo.catalogue import build_catalogue
from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.server.demo.people import PLATFORM_KEY, demo_moderators
from reviewdesk.server.seed import seed_community
from reviewdesk.server.services.priority import PriorityRefresher
from reviewdesk.server.services.queue import (
    QueueQuery,
    _count_query,
    _filter_conditions,
    _page_query,
    list_cases,
)
from reviewdesk.server.synthetic import SCREENSHOT_EVERY, add_synthetic_cases
from reviewdesk.server.tables import AttachmentRow, CaseRow, ReportRow

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CASES = 3000


def empty_community() -> DemoCommunity:
    return DemoCommunity(
        moderators=demo_moderators(),
        platform_key=PLATFORM_KEY,
        catalogue=build_catalogue(),
        events=[],
    )


def seeded(path: Path, count: int, seed: int = 1) -> tuple[SessionFactory, object]:
    engine, sessions = open_database(sqlite_file_url(path))
    seed_community(sessions, empty_community(), now=NOW)
    add_synthetic_cases(sessions, count, seed=seed, now=NOW)
    return sessions, engine


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SessionFactory]:
    factory, engine = seeded(tmp_path_factory.mktemp("large") / "queue.sqlite3", CASES)
    yield factory
    engine.dispose()  # type: ignore[attr-defined]


def plan(session: Session, statement: object) -> list[str]:
    """SQLite's query plan of ``statement``, one line per step."""
    compiled = statement.compile(  # type: ignore[attr-defined]
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    return [str(row[3]) for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]


def test_synthetic_seeding_adds_open_cases_with_reports_and_some_screenshots(
    sessions: SessionFactory,
) -> None:
    with sessions() as session:
        open_count = session.scalar(
            select(func.count()).select_from(CaseRow).where(CaseRow.status == CaseStatus.OPEN)
        )
        assert open_count == CASES
        assert session.scalar(select(func.count()).select_from(ReportRow)) == CASES
        assert session.scalar(select(func.count()).select_from(AttachmentRow)) == (
            CASES // SCREENSHOT_EVERY
        )
        # Stored priorities follow the service's own rule (the order a refresh gives).
        case = session.scalars(select(CaseRow).limit(1)).one()
        score = session.scalar(select(ReportRow.score).where(ReportRow.case_id == case.id))
        assert score is not None
        assert case.priority == case_priority(case.severity, score, case.opened_at, NOW)


def test_synthetic_seeding_is_deterministic(tmp_path: Path) -> None:
    def rows(path: Path) -> list[tuple[object, ...]]:
        factory, engine = seeded(path, 200, seed=5)
        with factory() as session:
            found = [
                tuple(row)
                for row in session.execute(
                    select(CaseRow.category, CaseRow.priority, CaseRow.preview).order_by(CaseRow.id)
                )
            ]
        engine.dispose()  # type: ignore[attr-defined]
        return found

    assert rows(tmp_path / "a.sqlite3") == rows(tmp_path / "b.sqlite3")


def test_a_queue_page_walks_the_queue_index_without_a_scan_or_a_sort(
    sessions: SessionFactory,
) -> None:
    with sessions() as session:
        first = list_cases(session, QueueQuery(limit=100), NOW)
        assert first.total == CASES
        deep = QueueQuery(cursor=first.next_cursor, limit=100)
        spam = QueueQuery(categories=(Category.SPAM,), limit=100)
        for spec in (QueueQuery(limit=100), deep, spam):
            conditions = _filter_conditions(spec)
            steps = plan(session, _page_query(spec, conditions)) + plan(
                session, _count_query(spec, conditions)
            )
            cases_steps = [step for step in steps if " cases " in f" {step} "]
            assert cases_steps, steps
            assert all(step.startswith("SEARCH cases USING") for step in cases_steps), steps
            assert not any("TEMP B-TREE" in step for step in steps), steps
            assert not any(step.startswith("SCAN") for step in steps), steps
        page_plan = plan(session, _page_query(deep, _filter_conditions(deep)))
        assert "ix_cases_open_queue (status=? AND priority<?)" in page_plan[0]


def test_paging_through_a_large_queue_visits_every_case_once_in_order(
    sessions: SessionFactory,
) -> None:
    seen: list[tuple[float, int]] = []
    cursor: str | None = None
    with sessions() as session:
        while True:
            page = list_cases(session, QueueQuery(cursor=cursor, limit=500), NOW)
            seen += [(-item.priority, int(item.id)) for item in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
    assert len(seen) == len(set(seen)) == CASES
    assert seen == sorted(seen)


def test_the_demo_server_takes_synthetic_cases_only_with_demo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--synthetic-cases", "10", "--database", "sqlite://"]) == 2
    assert "--synthetic-cases goes with --demo" in capsys.readouterr().err
    assert main(["--demo", "--synthetic-cases", "-1"]) == 2
    assert "must not be negative" in capsys.readouterr().err


def test_a_due_refresh_runs_in_the_background_and_reaches_every_open_case(
    tmp_path: Path,
) -> None:
    factory, engine = seeded(tmp_path / "refresh.sqlite3", 500)
    later = NOW + timedelta(hours=10)
    with factory() as session:
        before = {
            row.id: row.priority for row in session.execute(select(CaseRow.id, CaseRow.priority))
        }
        refresher = PriorityRefresher(60.0, factory)
        assert refresher.refresh_if_due(session, later)
        assert not refresher.refresh_if_due(session, later), "one refresh per interval"
    refresher.wait(30)
    with factory() as session:
        after = {
            row.id: row.priority for row in session.execute(select(CaseRow.id, CaseRow.priority))
        }
    engine.dispose()  # type: ignore[attr-defined]
    assert after.keys() == before.keys()
    assert all(after[case_id] > before[case_id] for case_id in before)
