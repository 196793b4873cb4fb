"""Reading the next cases ahead: what is read, what is not claimed, and what is forgotten."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot
from samples import png_bytes
from shell_fakes import FakeBackend, make_summary
from shell_harness import Harness, opened_desk

from reviewdesk.api.models import CaseDetail
from reviewdesk.evidence import language
from reviewdesk.ui.case.attachments_model import LoadState
from reviewdesk.ui.prefetch import MAX_AGE_S, PrefetchCache, PrefetchedCase
from reviewdesk.ui.prefetch_planner import PrefetchPlanner
from reviewdesk.ui.tasks import TaskRunner


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    backend = FakeBackend(case_count=10, attachments={"shot": png_bytes(64, 40, "green")})
    with opened_desk(qtbot, runner, backend) as opened:
        yield opened


def planner_of(desk: Harness) -> PrefetchPlanner:
    planner = desk.window.prefetch
    assert planner is not None
    return planner


def details_read(backend: FakeBackend, case_id: str) -> int:
    return sum(1 for name, argument in backend.calls if (name, argument) == ("get_case", case_id))


def wait_prefetched(qtbot: QtBot, desk: Harness, case_ids: list[str]) -> None:
    cache = planner_of(desk).prefetcher.cache
    qtbot.waitUntil(lambda: all(case_id in cache for case_id in case_ids), timeout=5000)


def test_the_next_cases_are_read_before_the_moderator_gets_there_and_never_claimed(
    desk: Harness, qtbot: QtBot
) -> None:
    desk.wait_case("case-000")
    wait_prefetched(qtbot, desk, ["case-001", "case-002", "case-003"])
    backend = desk.backend
    for case_id in ("case-001", "case-002", "case-003"):
        assert details_read(backend, case_id) == 1
        assert ("get_attachment", f"{case_id}-shot") in backend.calls
    assert details_read(backend, "case-004") == 0  # three ahead, no more
    claimed = [argument for name, argument in backend.calls if name == "claim"]
    assert set(claimed) == {"case-000"}, "reading ahead claimed a case"


def test_moving_to_a_prefetched_case_shows_it_from_memory_and_claims_it_then(
    desk: Harness, qtbot: QtBot
) -> None:
    desk.wait_case("case-000")
    wait_prefetched(qtbot, desk, ["case-001"])
    backend = desk.backend
    calls_before = len(backend.calls)
    desk.press("j")
    # Shown at once, in the same key press: no answer from the service awaited.
    window = desk.window
    assert window.case_view.case_id() == "case-001"
    history = window.member_panel.history()
    assert history is not None
    assert history.member.id == make_summary(1).member_id
    model = window.case_view.evidence.attachments_model()
    shot = model.entry(0)
    assert shot is not None
    assert shot.state is LoadState.READY, "the screenshot was not shown from memory"
    desk.wait_case("case-001")  # the claim follows in the background
    assert details_read(backend, "case-001") == 1, "the detail was asked for again"
    since = backend.calls[calls_before:]
    assert ("get_attachment", "case-001-shot") not in since
    assert ("get_member_history", make_summary(1).member_id) not in since
    assert backend.claims == {"case-001": "agent"}
    # Moving on read the next ones ahead in turn.
    wait_prefetched(qtbot, desk, ["case-004"])


def test_a_decided_case_is_dropped_from_what_was_read_ahead(desk: Harness, qtbot: QtBot) -> None:
    desk.wait_case("case-000")
    wait_prefetched(qtbot, desk, ["case-002"])
    desk.loader.decided("case-002")
    assert "case-002" not in planner_of(desk).prefetcher.cache


def test_with_prefetch_off_nothing_is_read_ahead(desk: Harness, qtbot: QtBot) -> None:
    desk.wait_case("case-000")
    planner_of(desk).set_ahead(0)
    assert len(planner_of(desk).prefetcher.cache) == 0
    calls_before = len(desk.backend.calls)
    desk.press("j")
    desk.wait_case("case-001")
    qtbot.wait(200)
    read = {argument for name, argument in desk.backend.calls[calls_before:] if name == "get_case"}
    assert read == {"case-001"}


def entry(number: int, size: int) -> PrefetchedCase:
    summary = make_summary(number)
    detail = CaseDetail(summary=summary, reports=[], attachments=[], conversations=[])
    return PrefetchedCase(summary, detail, None, byte_size=size)


def test_the_cache_keeps_within_its_entry_and_byte_caps_dropping_the_oldest() -> None:
    cache = PrefetchCache(max_entries=3, max_bytes=1000)
    for number in range(5):
        cache.put(f"case-{number:03d}", entry(number, 100))
    assert cache.case_ids() == ["case-002", "case-003", "case-004"]
    cache.touch("case-002")
    cache.put("case-005", entry(5, 850))  # over both caps: the least recently used go
    assert cache.case_ids() == ["case-002", "case-005"]
    assert cache.byte_size == 950 <= cache.max_bytes
    assert not cache.put("case-006", entry(6, 1001))  # larger than the whole cap
    assert "case-006" not in cache
    assert cache.take("case-005") is not None
    assert cache.byte_size == 100


def test_a_case_read_too_long_ago_or_changed_since_is_not_used(desk: Harness, qtbot: QtBot) -> None:
    desk.wait_case("case-000")
    prefetcher = planner_of(desk).prefetcher
    # All three read before any is judged (case-003 is taken as fresh below).
    wait_prefetched(qtbot, desk, ["case-001", "case-002", "case-003"])
    newer = make_summary(1, report_count=9, last_reported_at=make_summary(1).last_reported_at)
    assert prefetcher.take(newer) is None  # a new report arrived since
    held = prefetcher.cache.take("case-002")
    assert held is not None
    held.fetched_at -= MAX_AGE_S + 1
    prefetcher.cache.put("case-002", held)
    assert prefetcher.take(make_summary(2)) is None
    fresh = make_summary(3, last_reported_at=make_summary(3).last_reported_at + timedelta(0))
    assert prefetcher.take(fresh) is not None


def test_nothing_is_read_ahead_until_the_first_case_is_on_screen(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    backend = FakeBackend(case_count=10)
    details = backend.gates["get_case"] = threading.Event()
    with opened_desk(qtbot, runner, backend) as desk:
        try:
            qtbot.waitUntil(lambda: desk.window.queue_model.rowCount() == 10, timeout=5000)
            qtbot.wait(300)  # the first case's detail is held back: it is not on screen
            planner = planner_of(desk)
            assert not planner.prefetcher.busy, "read ahead before the first case was shown"
            assert planner.held
        finally:
            details.set()
        desk.wait_case("case-000")
        wait_prefetched(qtbot, desk, ["case-001", "case-002", "case-003"])
        assert not planner_of(desk).held


def test_reading_ahead_never_waits_for_the_language_model_to_load(
    qtbot: QtBot, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Right after the start the model is still loading (most of a second): a read
    # ahead that waited for it would leave the next case unread when ``j`` comes.
    loaded = language._identifier
    monkeypatch.setattr(language, "_identifier", None)
    loading = language._lock
    loading.acquire()  # "loading": whoever detects a language now waits
    try:
        with opened_desk(qtbot, runner, FakeBackend(case_count=6)) as desk:
            desk.wait_case("case-000")
            wait_prefetched(qtbot, desk, ["case-001", "case-002", "case-003"])
            entry = planner_of(desk).prefetcher.cache.take("case-001")
            assert entry is not None
            assert entry.prepared is not None
            assert entry.prepared.languages == {}, "detected without the model?"
            assert entry.prepared.content is not None  # the rest was worked out ahead
            planner_of(desk).prefetcher.offer(entry)
            desk.press("j")
            assert desk.window.case_view.case_id() == "case-001"  # from memory, at once
            assert desk.window.case_view.content_language_tag() == ""
            # The model is there: the case view asks for the languages it lacks.
            language._identifier = loaded
            loading.release()
            view = desk.window.case_view
            qtbot.waitUntil(lambda: view.content_language_tag() != "", timeout=20_000)
            desk.wait_case("case-001")
    finally:
        if loading.locked():
            loading.release()
