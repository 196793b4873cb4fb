"""The generator is deterministic, validates its arguments, and keeps time in UTC."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest
from demo_replay import NOW, SMALL_OPEN_CASES

from reviewdesk.api.models import IntakeReport
from reviewdesk.server.demo.generator import DemoPlan, generate_community
from reviewdesk.server.demo.model import DemoCommunity, DemoDecision

_DIGEST_SCRIPT = """
import hashlib, sys
from datetime import datetime
from reviewdesk.server.demo.generator import generate_community
now = datetime.fromisoformat(sys.argv[1])
community = generate_community(seed=11, open_cases=int(sys.argv[2]), now=now)
digest = hashlib.sha256()
for event in community.events:
    digest.update(repr(event).encode())
print(digest.hexdigest())
"""


def _digest(community: DemoCommunity) -> str:
    digest = hashlib.sha256()
    for event in community.events:
        digest.update(repr(event).encode())
    return digest.hexdigest()


def _times(community: DemoCommunity) -> list[datetime]:
    times: list[datetime] = []
    for event in community.events:
        if isinstance(event, DemoDecision):
            times.append(event.decided_at)
            continue
        assert event.created_at is not None
        times += [event.created_at, event.member.joined_at]
        times += [m.sent_at for m in event.messages]
        if event.content is not None:
            times.append(event.content.posted_at)
        if event.reporter is not None:
            times.append(event.reporter.joined_at)
    times += [note.created_at for note in community.notes]
    return times


def test_same_seed_and_now_give_an_equal_community(small_plan: DemoPlan) -> None:
    again = generate_community(seed=11, open_cases=SMALL_OPEN_CASES, now=NOW)
    assert again == small_plan.community


def test_a_different_seed_gives_a_different_community(small_plan: DemoPlan) -> None:
    other = generate_community(seed=12, open_cases=SMALL_OPEN_CASES, now=NOW)
    assert other.events != small_plan.community.events
    first_names = {e.member.display_name for e in other.events if isinstance(e, IntakeReport)}
    names = {
        e.member.display_name for e in small_plan.community.events if isinstance(e, IntakeReport)
    }
    assert first_names != names


def test_output_does_not_depend_on_the_interpreters_hash_seed(small_plan: DemoPlan) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    done = subprocess.run(
        [sys.executable, "-c", _DIGEST_SCRIPT, NOW.isoformat(), str(SMALL_OPEN_CASES)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == _digest(small_plan.community)


def test_every_timestamp_is_utc_and_before_now(full_plan: DemoPlan) -> None:
    times = _times(full_plan.community)
    assert times
    assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in times)
    assert max(times) < NOW


def test_without_now_the_current_utc_time_is_used() -> None:
    before = datetime.now(UTC)
    community = generate_community(seed=3, open_cases=0)  # the smallest community there is
    times = _times(community)
    assert max(times) < datetime.now(UTC)
    # The newest reports are recent: the queue is built around the present.
    assert max(times) > before - timedelta(hours=6)


def test_a_now_in_another_zone_is_converted_to_utc() -> None:
    tokyo = NOW.astimezone(timezone(timedelta(hours=9)))
    community = generate_community(seed=11, open_cases=SMALL_OPEN_CASES, now=tokyo)
    assert all(t.utcoffset() == timedelta(0) for t in _times(community))
    assert max(_times(community)) < NOW


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        generate_community(now=datetime(2026, 1, 1, 12, 0))


def test_a_now_before_the_history_could_start_is_refused() -> None:
    with pytest.raises(ValueError, match="after 1980"):
        generate_community(now=datetime(1, 6, 1, tzinfo=UTC))


@pytest.mark.parametrize("open_cases", [-1, -5, 1_000_000])
def test_an_impossible_queue_size_is_refused(open_cases: int) -> None:
    with pytest.raises(ValueError, match="open_cases"):
        generate_community(open_cases=open_cases, now=NOW)
