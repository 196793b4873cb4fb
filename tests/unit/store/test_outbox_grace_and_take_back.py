"""Grace times and taking back: a decision waits before it may go, and can be undone until then."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from store_clock import Clock

from reviewdesk.api.models import DecisionIn, DecisionOut, ModeratorOut
from reviewdesk.domain.enums import Outcome, Role
from reviewdesk.store.local_db import LocalDatabase, head_revision, open_local_database
from reviewdesk.store.outbox import (
    Outbox,
    OutboxOwner,
    OutboxState,
    TakeBackRefused,
    TakenBack,
)

ANA = OutboxOwner("https://desk.example.org", "ana")
BOB = OutboxOwner("https://desk.example.org", "bob")
SPAM = DecisionIn(outcome=Outcome.REMOVE_CONTENT, clause_ids=["spam-1"])
WARN = DecisionIn(outcome=Outcome.WARN, clause_ids=["spam-1"])
SECOND = "0002_cache_and_state"


def recorded(case_id: str, key: str) -> DecisionOut:
    return DecisionOut(
        id="d-" + key,
        case_id=case_id,
        moderator=ModeratorOut(id="1", username="ana", display_name="Ana", role=Role.AGENT),
        outcome=Outcome.WARN,
        clause_ids=["spam-1"],
        decided_at=datetime(2026, 10, 20, 9, 0, tzinfo=UTC),
        idempotency_key=key,
    )


@pytest.fixture
def box(database: LocalDatabase, clock: Clock) -> Outbox:
    return Outbox(database, clock)


def batch(box: Outbox, batch_id: str, *case_ids: str, grace_s: float = 5.0) -> list[int]:
    rows = [(case_id, SPAM, f"key-{case_id}") for case_id in case_ids]
    return [e.id for e in box.add_many(ANA, rows, batch_id=batch_id, grace_s=grace_s)]


def test_a_decision_in_its_grace_time_is_not_due_even_when_asked_to_retry(
    box: Outbox, clock: Clock
) -> None:
    entry = box.add(ANA, "1", WARN, "key-1", grace_s=5.0)
    assert entry.not_before == 1005.0
    assert box.due(ANA, clock.now) == []
    box.make_due(ANA)  # "send now" does not cut the grace short
    assert box.due(ANA, 1004.9) == []
    assert box.next_attempt_at(ANA) == 1005.0  # the scheduler knows when to look again
    assert [e.id for e in box.due(ANA, 1005.0)] == [entry.id]


def test_without_grace_a_decision_is_due_at_once_and_nothing_is_scheduled(box: Outbox) -> None:
    entry = box.add(ANA, "1", WARN, "key-1")
    assert entry.not_before is None
    assert [e.id for e in box.due(ANA, 1000.0)] == [entry.id]
    assert box.next_attempt_at(ANA) is None


def test_the_later_of_retry_time_and_grace_end_is_when_an_entry_is_due(
    box: Outbox, clock: Clock
) -> None:
    entry = box.add(ANA, "1", WARN, "key-1", grace_s=5.0)
    clock.now = 1006.0
    box.take_for_sending([entry.id])
    box.schedule_retry(entry.id, 1010.0, "no answer")
    assert box.next_attempt_at(ANA) == 1010.0
    assert box.due(ANA, 1009.0) == []


def test_a_batch_carries_its_id_to_the_service_in_each_decision(box: Outbox) -> None:
    ids = batch(box, "b-1", "1", "2")
    entries = [box.get(entry_id) for entry_id in ids]
    assert [e.batch_id for e in entries if e] == ["b-1", "b-1"]
    assert [e.decision.batch_id for e in entries if e] == ["b-1", "b-1"]
    assert box.add(ANA, "3", WARN, "key-3").decision.batch_id is None
    from_batch = WARN.model_copy(update={"batch_id": "b-1"})
    corrected = box.add(ANA, "4", from_batch, "key-4")  # resent alone: outside the batch
    assert (corrected.batch_id, corrected.decision.batch_id) == (None, None)


def test_the_last_single_decision_is_taken_back_and_never_becomes_due(
    box: Outbox, clock: Clock
) -> None:
    kept = box.add(ANA, "1", WARN, "key-1", grace_s=5.0)
    last = box.add(ANA, "2", SPAM, "key-2", grace_s=5.0)
    result = box.take_back_last(ANA)
    assert isinstance(result, TakenBack)
    assert (result.case_ids, result.outcome, result.batch_id) == (
        ("2",),
        Outcome.REMOVE_CONTENT,
        None,
    )
    assert result.entries[0].state is OutboxState.TAKEN_BACK
    clock.now = 2000.0
    assert [e.id for e in box.due(ANA, clock.now)] == [kept.id]
    assert box.waiting_cases(ANA) == {"1"}
    assert box.counts(ANA).waiting == 1
    assert box.counts(ANA).problems == 0
    assert box.get(last.id) is not None  # kept on record, not deleted


def test_the_whole_last_batch_is_taken_back_at_once(box: Outbox) -> None:
    box.add(ANA, "0", WARN, "key-0", grace_s=5.0)
    batch(box, "b-7", "1", "2", "3")
    result = box.take_back_last(ANA)
    assert isinstance(result, TakenBack)
    assert (result.case_ids, result.batch_id, result.outcome) == (
        ("1", "2", "3"),
        "b-7",
        Outcome.REMOVE_CONTENT,
    )
    assert box.waiting_cases(ANA) == {"0"}
    # Taking back again reaches the decision before the batch.
    again = box.take_back_last(ANA)
    assert isinstance(again, TakenBack)
    assert again.case_ids == ("0",)
    nothing = box.take_back_last(ANA)
    assert isinstance(nothing, TakeBackRefused)
    assert nothing.reason == "There is no decision to take back."


def test_a_batch_partly_taken_for_sending_is_not_taken_back_at_all(
    box: Outbox, clock: Clock
) -> None:
    ids = batch(box, "b-9", "1", "2", "3")
    clock.now = 1006.0
    assert box.take_for_sending([ids[1]]) == [ids[1]]
    result = box.take_back_last(ANA)
    assert isinstance(result, TakeBackRefused)
    assert result.batch_id == "b-9"
    assert result.sent_case_ids == ("2",)
    assert result.reason == (
        "1 of the 3 decisions of this batch were already sent (case 2); nothing was taken back."
    )
    assert box.waiting_cases(ANA) == {"1", "2", "3"}


def test_a_delivered_last_decision_is_refused_by_name(box: Outbox) -> None:
    entry = box.add(ANA, "5", WARN, "key-5")
    box.take_for_sending([entry.id])
    box.mark_delivered(entry.id, recorded("5", "key-5"))
    result = box.take_back_last(ANA)
    assert isinstance(result, TakeBackRefused)
    assert result.reason == "The decision on case 5 was already sent; it cannot be taken back."
    assert box.get(entry.id).state is OutboxState.DELIVERED  # type: ignore[union-attr]


def test_an_entry_taken_back_first_is_never_handed_out_for_sending(box: Outbox) -> None:
    entry = box.add(ANA, "1", WARN, "key-1")
    assert isinstance(box.take_back_last(ANA), TakenBack)
    assert box.take_for_sending([entry.id]) == []
    assert box.get(entry.id).first_sent_at is None  # type: ignore[union-attr]


def test_taking_back_touches_only_the_owners_own_decisions(box: Outbox) -> None:
    mine = box.add(ANA, "1", WARN, "key-1", grace_s=5.0)
    box.add(BOB, "2", WARN, "key-2", grace_s=5.0)
    result = box.take_back_last(ANA)
    assert isinstance(result, TakenBack)
    assert [e.id for e in result.entries] == [mine.id]
    assert box.waiting_cases(BOB) == {"2"}


def test_taking_back_a_correction_puts_the_refusal_back_among_the_problems(box: Outbox) -> None:
    refused = box.add(ANA, "1", WARN, "key-1")
    box.take_for_sending([refused.id])
    box.mark_rejected(refused.id, 422, "The clause does not exist.")
    box.add(ANA, "1", SPAM, "key-1b", replaces_id=refused.id, grace_s=5.0)
    assert box.problems(ANA) == []
    assert isinstance(box.take_back_last(ANA), TakenBack)
    assert [p.id for p in box.problems(ANA)] == [refused.id]


def test_many_delivered_at_once_are_marked_in_one_go(box: Outbox) -> None:
    ids = batch(box, "b-2", "1", "2", grace_s=0.0)
    marked = box.mark_delivered_many(
        [(ids[0], recorded("1", "key-1")), (ids[1], recorded("2", "key-2"))]
    )
    assert [(e.state, e.attempts) for e in marked] == [(OutboxState.DELIVERED, 1)] * 2
    assert box.counts(ANA).waiting == 0


def test_an_entry_in_grace_survives_a_restart_and_is_due_after_it(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    first = open_local_database(path)
    Outbox(first, Clock(1000.0)).add(ANA, "1", WARN, "key-1", grace_s=5.0)
    first.close()
    again = open_local_database(path)
    try:
        box = Outbox(again, Clock(1001.0))
        assert box.due(ANA, 1001.0) == []
        assert [e.case_id for e in box.due(ANA, 1005.0)] == ["1"]
    finally:
        again.close()


def test_rows_of_the_second_schema_survive_the_upgrade_to_grace_times(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    second = open_local_database(path, revision=SECOND)
    assert second.revision() == SECOND
    second.close()
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO outbox (idempotency_key, service_url, moderator, case_id, body, created_at, "
        "state, attempts, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("key-old", ANA.service_url, ANA.moderator, "9", WARN.model_dump_json(), 900.0,
         "pending", 1, "b-old"),
    )  # fmt: skip
    connection.commit()
    connection.close()

    upgraded = open_local_database(path)
    try:
        assert upgraded.revision() == head_revision()
        box = Outbox(upgraded, Clock(1000.0))
        (old,) = box.entries(ANA)
        assert (old.case_id, old.batch_id, old.attempts) == ("9", "b-old", 1)
        assert (old.not_before, old.first_sent_at) == (None, None)
        assert [e.id for e in box.due(ANA, 1000.0)] == [old.id]  # no grace: sent at once
    finally:
        upgraded.close()


def test_a_failed_batch_request_schedules_every_entry_again_in_one_go(box: Outbox) -> None:
    ids = batch(box, "b-3", "1", "2", grace_s=0.0)
    box.mark_rejected(ids[1], 422, "Refused.")  # settled entries are left alone
    again = box.schedule_retry_many(ids, 1010.0, "The service had a problem (HTTP 503).")
    assert [(e.state, e.attempts, e.next_attempt_at) for e in again] == [
        (OutboxState.PENDING, 1, 1010.0),
        (OutboxState.REJECTED, 1, None),
    ]
    assert again[0].last_error == "The service had a problem (HTTP 503)."


def test_a_named_batch_is_taken_back_even_when_it_is_not_the_last(box: Outbox) -> None:
    batch(box, "b-old", "1", "2")
    box.add(ANA, "3", WARN, "key-3", grace_s=5.0)
    result = box.take_back(ANA, batch_id="b-old")
    assert isinstance(result, TakenBack)
    assert result.case_ids == ("1", "2")
    assert box.waiting_cases(ANA) == {"3"}
    unknown = box.take_back(ANA, batch_id="b-none")
    assert isinstance(unknown, TakeBackRefused)
    assert unknown.batch_id == "b-none"
