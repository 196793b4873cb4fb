"""The case cache (bounded, oldest out first) and the desk's remembered state."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update
from store_clock import Clock

from reviewdesk.api.models import CaseDetail, CaseSummary
from reviewdesk.domain.enums import CaseStatus, Category, Severity, SubjectKind, Surface
from reviewdesk.store.case_cache import CaseCache
from reviewdesk.store.desk_state import DeskState
from reviewdesk.store.local_db import LocalDatabase, open_local_database
from reviewdesk.store.local_tables import case_cache

SERVICE = "https://desk.example.org"
OTHER_SERVICE = "https://other.example.org"
OPENED = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)


def detail(case_id: str, preview: str = "A reported post") -> CaseDetail:
    summary = CaseSummary(
        id=case_id,
        subject_kind=SubjectKind.CONTENT,
        member_id="m-" + case_id,
        member_name="Member " + case_id,
        surface=Surface.MOMENT,
        category=Category.SPAM,
        severity=Severity.LOW,
        status=CaseStatus.OPEN,
        report_count=1,
        priority=1.5,
        opened_at=OPENED,
        last_reported_at=OPENED,
        preview=preview,
    )
    return CaseDetail(summary=summary, reports=[], attachments=[], conversations=[])


def cached_ids(cache: CaseCache, ids: list[str], service: str = SERVICE) -> list[str]:
    return [case_id for case_id in ids if cache.get(service, case_id) is not None]


def test_a_put_case_comes_back_as_fetched(database: LocalDatabase, clock: Clock) -> None:
    cache = CaseCache(database, clock=clock)
    cache.put(SERVICE, detail("1", "Buy followers now 🚀"))
    got = cache.get(SERVICE, "1")
    assert got is not None
    assert got.detail == detail("1", "Buy followers now 🚀")
    assert got.fetched_at == clock.now
    assert cache.get(OTHER_SERVICE, "1") is None
    assert cache.get(SERVICE, "2") is None


def test_putting_again_replaces_the_case_and_its_time(
    database: LocalDatabase, clock: Clock
) -> None:
    cache = CaseCache(database, clock=clock)
    cache.put(SERVICE, detail("1", "first"))
    clock.now = 200.0
    cache.put(SERVICE, detail("1", "second"))
    got = cache.get(SERVICE, "1")
    assert got is not None
    assert got.detail.summary.preview == "second"
    assert got.fetched_at == 200.0
    assert len(cache) == 1


def test_beyond_capacity_the_cases_fetched_longest_ago_go(
    database: LocalDatabase, clock: Clock
) -> None:
    cache = CaseCache(database, capacity=3, clock=clock)
    for number, case_id in enumerate(["1", "2", "3"]):
        clock.now = 100.0 + number
        cache.put(SERVICE, detail(case_id))
    clock.now = 110.0
    cache.put(SERVICE, detail("1"))  # fetched again: now the newest
    clock.now = 111.0
    cache.put(OTHER_SERVICE, detail("4"))
    assert len(cache) == 3
    assert cached_ids(cache, ["1", "2", "3"]) == ["1", "3"]
    assert cache.get(OTHER_SERVICE, "4") is not None


def test_cases_fetched_at_the_same_moment_are_evicted_one_by_one(
    database: LocalDatabase, clock: Clock
) -> None:
    """A coarse clock gives equal times: only the excess goes, never the case just put."""
    cache = CaseCache(database, capacity=2, clock=clock)
    for case_id in ["1", "2", "3", "4"]:
        cache.put(SERVICE, detail(case_id))
        assert cache.get(SERVICE, case_id) is not None
    assert len(cache) == 2
    assert cached_ids(cache, ["1", "2", "3", "4"]) == ["3", "4"]


def test_forget_and_clear(database: LocalDatabase, clock: Clock) -> None:
    cache = CaseCache(database, clock=clock)
    for case_id in ["1", "2"]:
        cache.put(SERVICE, detail(case_id))
    cache.put(OTHER_SERVICE, detail("1"))
    cache.forget(SERVICE, "1")
    assert cached_ids(cache, ["1", "2"]) == ["2"]
    assert cache.get(OTHER_SERVICE, "1") is not None
    cache.clear()
    assert len(cache) == 0
    assert cache.get(OTHER_SERVICE, "1") is None


@pytest.mark.parametrize("stored", ["{not json", '{"summary": {"id": "1"}}', "[]", ""])
def test_a_stored_case_that_no_longer_validates_reads_as_missing(
    database: LocalDatabase, clock: Clock, stored: str
) -> None:
    cache = CaseCache(database, clock=clock)
    cache.put(SERVICE, detail("1"))
    with database.writing() as connection:
        connection.execute(update(case_cache).values(body=stored))
    assert cache.get(SERVICE, "1") is None


def test_desk_state_remembers_json_values_between_runs(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    first = open_local_database(path)
    state = DeskState(first)
    assert state.get("queue.filter") is None
    assert state.get("queue.filter", {"category": []}) == {"category": []}
    state.set("queue.filter", {"category": ["spam"], "text": "café 東京"})
    state.set("last_case", "17")
    state.set("last_case", "18")
    state.set("splitter", [300, 900, 420])
    first.close()

    second = open_local_database(path)
    try:
        again = DeskState(second)
        assert again.get("queue.filter") == {"category": ["spam"], "text": "café 東京"}
        assert again.get("last_case") == "18"
        assert again.get("splitter") == [300, 900, 420]
        again.remove("last_case")
        again.remove("never-set")
        assert again.get("last_case", "none") == "none"
        assert again.get("splitter") == [300, 900, 420]
    finally:
        second.close()


def test_desk_state_stores_false_and_zero_as_themselves(database: LocalDatabase) -> None:
    state = DeskState(database)
    state.set("offline", False)
    state.set("count", 0)
    state.set("nothing", None)
    assert state.get("offline", True) is False
    assert state.get("count", 5) == 0
    assert state.get("nothing", "default") is None


def test_clearing_leaves_no_member_text_in_the_file_or_its_log(
    database: LocalDatabase, clock: Clock
) -> None:
    cache = CaseCache(database, clock=clock)
    secret = "Call me on the other app, handle zq-unique-marker-7731"
    cache.put(SERVICE, detail("1", preview=secret))
    files = [database.path, database.path.with_name(database.path.name + "-wal")]
    assert any(secret.encode() in f.read_bytes() for f in files if f.exists())
    cache.clear()
    assert cache.get(SERVICE, "1") is None
    for stored in files:
        if stored.exists():
            assert secret.encode() not in stored.read_bytes(), stored.name


def test_forget_many_drops_a_whole_batch_of_one_service_in_one_go(
    database: LocalDatabase, clock: Clock
) -> None:
    cache = CaseCache(database, clock=clock)
    for case_id in ["1", "2", "3"]:
        cache.put(SERVICE, detail(case_id))
    cache.put(OTHER_SERVICE, detail("2"))
    cache.forget_many(SERVICE, ["1", "2", "9"])
    assert cached_ids(cache, ["1", "2", "3"]) == ["3"]
    assert cache.get(OTHER_SERVICE, "2") is not None
