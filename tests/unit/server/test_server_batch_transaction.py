"""A decision batch is one transaction: a failing item is undone alone; later items see earlier."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from audit_calls import whole_chain
from batch_calls import batch_items, file_spam, post_batch
from server_calls import PLATFORM, auth
from server_community import EVE
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from reviewdesk.api.models import LogEntry
from reviewdesk.audit.chain_check import verify_chain
from reviewdesk.server.errors import Unprocessable
from reviewdesk.server.routes import batches
from reviewdesk.server.routes.deps import CONCURRENT_WRITE, WRITE_ATTEMPTS
from reviewdesk.server.services import decisions

WARN_SPAM: dict[str, Any] = {"outcome": "warn", "clause_ids": ["spam-1"]}


def _fail_late_for(monkeypatch: pytest.MonkeyPatch, doomed_case_id: str) -> list[int]:
    """Make recording ``doomed_case_id`` fail after its rows were written; the attempts made."""
    attempts: list[int] = []
    original = decisions.refresh_after_decision

    def failing(session: Any, case_id: int, now: Any) -> int:
        if str(case_id) == doomed_case_id:
            attempts.append(case_id)
            raise IntegrityError("INSERT ...", {}, Exception("a concurrent writer won"))
        return original(session, case_id, now)

    monkeypatch.setattr(decisions, "refresh_after_decision", failing)
    return attempts


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """Every SQL statement the service runs during the test."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    yield seen
    event.remove(Engine, "before_cursor_execute", note)


def _count_slices(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many items each transaction the batch endpoint opened was prepared for."""
    prepared: list[int] = []
    original = batches.prepare_batch

    def counting(session: Any, moderator: Any, items: Any) -> Any:
        prepared.append(len(items))
        return original(session, moderator, items)

    monkeypatch.setattr(batches, "prepare_batch", counting)
    return prepared


def _replay(client: httpx.Client, headers: dict[str, str], decision_id: str) -> dict[str, Any]:
    response = client.get(f"/v1/log/{decision_id}/replay", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_item_failing_after_its_writes_is_undone_alone_and_the_chain_stays_whole(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    first, doomed, last = file_spam(client, 3, tag="late")
    attempts = _fail_late_for(monkeypatch, doomed)
    answers = post_batch(client, ana, batch_items([first, doomed, last], "b-late")).json()["items"]
    assert [(a["status"], a["status_code"]) for a in answers] == [
        ("recorded", 201),
        ("conflict", 409),
        ("recorded", 201),
    ]
    assert answers[1]["detail"] == CONCURRENT_WRITE
    # Once without savepoints (the clash sends the slice back), then each attempt under one.
    assert len(attempts) == 1 + WRITE_ATTEMPTS
    # The doomed case is as it was: open, without decision, strike or log entry.
    detail = client.get(f"/v1/cases/{doomed}", headers=ana).json()
    assert detail["summary"]["status"] == "open"
    assert detail["decisions"] == []
    history = client.get(f"/v1/members/{EVE.id}/history", headers=ana).json()
    assert doomed not in {strike["case_id"] for strike in history["strikes"]}
    entries = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    assert verify_chain(entries).intact
    logged = [e.record.case_id for e in entries]
    assert doomed not in logged
    assert logged[-2:] == [first, last]
    # The platform's feed carries the two recorded decisions, not the undone one.
    feed = client.get("/v1/feed?after=0&limit=1000", headers=PLATFORM).json()["entries"]
    fed = [e["decision"]["case_id"] for e in feed if e["decision"]["batch_id"] == "b-late"]
    assert fed == [first, last]
    # The item after the failure was chained right after the one before it.
    assert entries[-1].prev_hash == entries[-2].hash
    assert entries[-1].record.seq == entries[-2].record.seq + 1
    for answer in (answers[0], answers[2]):
        assert _replay(client, sam, answer["decision"]["id"])["snapshot_recorded"] is True
    # Retried once the failure is gone, the same key records the doomed decision.
    monkeypatch.undo()
    again = post_batch(
        client,
        ana,
        [batch_items([doomed], "b-late")[0] | {"idempotency_key": answers[1]["idempotency_key"]}],
    ).json()["items"]
    assert [(a["status"], a["status_code"]) for a in again] == [("recorded", 201)]
    entries = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    assert verify_chain(entries).intact
    assert entries[-1].record.case_id == doomed


def test_each_snapshot_shows_the_members_history_as_it_stood_at_its_item(
    client: httpx.Client,
) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    earlier, later = file_spam(client, 2, tag="history")
    before = client.get(f"/v1/members/{EVE.id}/history", headers=ana).json()
    items = batch_items([earlier, later], "b-history", body=WARN_SPAM)
    answers = post_batch(client, ana, items).json()["items"]
    assert [a["status"] for a in answers] == ["recorded", "recorded"]
    seen_first = _replay(client, sam, answers[0]["decision"]["id"])["history"]
    seen_second = _replay(client, sam, answers[1]["decision"]["id"])["history"]
    assert seen_first == before
    prior = {case["case_id"]: case for case in seen_second["prior_cases"]}
    assert prior[earlier]["status"] == "decided"
    assert prior[earlier]["outcome"] == "warn"
    assert prior[later]["status"] == "open"
    assert [s["case_id"] for s in seen_second["strikes"]].count(earlier) == 1
    assert later not in {s["case_id"] for s in seen_second["strikes"]}
    after = client.get(f"/v1/members/{EVE.id}/history", headers=ana).json()
    assert seen_second != after
    assert {s["case_id"] for s in after["strikes"]} >= {earlier, later}


def test_a_refusal_before_any_write_is_undone_without_a_savepoint_or_a_second_try(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch, statements: list[str]
) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    first, decided, last = file_spam(client, 3, tag="early")
    single = post_batch(client, sam, batch_items([decided], "b-before")).json()["items"]
    assert single[0]["status"] == "recorded"
    slices = _count_slices(monkeypatch)
    statements.clear()
    answers = post_batch(client, ana, batch_items([first, decided, last], "b-early")).json()
    assert [(a["status"], a["status_code"]) for a in answers["items"]] == [
        ("recorded", 201),
        ("conflict", 409),
        ("recorded", 201),
    ]
    assert answers["items"][1]["decision"]["batch_id"] == "b-before"
    assert slices == [3], "the slice was recorded twice"
    assert not [s for s in statements if s.upper().startswith("SAVEPOINT")]
    entries = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    assert verify_chain(entries).intact
    assert [e.record.case_id for e in entries].count(decided) == 1
    assert [e.record.case_id for e in entries][-2:] == [first, last]


def test_an_item_refused_after_changing_rows_has_its_slice_recorded_again_under_savepoints(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch, statements: list[str]
) -> None:
    """Without a savepoint a late refusal could not be undone alone: the slice starts over.

    The refused item comes last, so no later item's write clashes with what it left.
    """
    ana, sam = auth(client, "ana"), auth(client, "sam")
    first, second, doomed = file_spam(client, 3, tag="refused-late")
    original = decisions.refresh_after_decision

    def refusing(session: Any, case_id: int, now: Any) -> int:
        if str(case_id) == doomed:
            raise Unprocessable("The case cannot take this decision now.")
        return original(session, case_id, now)

    monkeypatch.setattr(decisions, "refresh_after_decision", refusing)
    slices = _count_slices(monkeypatch)
    statements.clear()
    answers = post_batch(client, ana, batch_items([first, second, doomed], "b-refused")).json()
    assert [(a["status"], a["status_code"]) for a in answers["items"]] == [
        ("recorded", 201),
        ("recorded", 201),
        ("refused", 422),
    ]
    assert answers["items"][2]["detail"] == "The case cannot take this decision now."
    assert slices == [3, 3]
    assert [s for s in statements if s.upper().startswith("SAVEPOINT")]
    detail = client.get(f"/v1/cases/{doomed}", headers=ana).json()
    assert detail["summary"]["status"] == "open"
    assert detail["decisions"] == []
    entries = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    assert verify_chain(entries).intact
    logged = [e.record.case_id for e in entries]
    assert doomed not in logged
    assert logged.count(first) == 1
    assert logged.count(second) == 1
    feed = client.get("/v1/feed?after=0&limit=1000", headers=PLATFORM).json()["entries"]
    fed = [e["decision"]["case_id"] for e in feed if e["decision"]["batch_id"] == "b-refused"]
    assert fed == [first, second]
