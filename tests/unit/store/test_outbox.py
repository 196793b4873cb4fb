"""The outbox: committed decisions, their keys, due times, outcomes, counts and problems."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from store_clock import Clock

from reviewdesk.api.models import DecisionIn, DecisionOut, ModeratorOut
from reviewdesk.domain.enums import Outcome, Role
from reviewdesk.store.local_db import LocalDatabase, open_local_database
from reviewdesk.store.outbox import (
    AlreadyQueued,
    Outbox,
    OutboxCounts,
    OutboxOwner,
    OutboxState,
)

ANA = OutboxOwner("https://desk.example.org", "ana")
BOB = OutboxOwner("https://desk.example.org", "bob")
ANA_ELSEWHERE = OutboxOwner("https://other.example.org", "ana")
WARN = DecisionIn(outcome=Outcome.WARN, clause_ids=["spam-1"], member_message="Please stop.")
CLEAR = DecisionIn(outcome=Outcome.NO_VIOLATION)


def recorded(case_id: str, key: str, username: str = "ana") -> DecisionOut:
    return DecisionOut(
        id="d-" + key,
        case_id=case_id,
        moderator=ModeratorOut(
            id="1", username=username, display_name=username.title(), role=Role.AGENT
        ),
        outcome=Outcome.WARN,
        clause_ids=["spam-1"],
        decided_at=datetime(2026, 10, 20, 9, 0, tzinfo=UTC),
        idempotency_key=key,
    )


@pytest.fixture
def box(database: LocalDatabase, clock: Clock) -> Outbox:
    return Outbox(database, clock)


def test_an_added_decision_is_pending_with_its_key(box: Outbox) -> None:
    entry = box.add(ANA, "17", WARN, "key-17")
    assert (entry.case_id, entry.decision, entry.idempotency_key) == ("17", WARN, "key-17")
    assert (entry.state, entry.attempts, entry.next_attempt_at) == (OutboxState.PENDING, 0, None)
    assert entry.owner == ANA
    assert entry.created_at == 1000.0
    assert box.get(entry.id) == entry
    assert box.get(entry.id + 1000) is None


def test_the_outbox_is_on_disk_for_the_next_run(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite3"
    first = open_local_database(path)
    Outbox(first).add(ANA, "17", WARN, "key-17")
    first.close()
    second = open_local_database(path)
    try:
        assert [e.idempotency_key for e in Outbox(second).due(ANA, 10**10)] == ["key-17"]
    finally:
        second.close()


def test_adding_the_same_key_again_returns_the_entry_already_there(box: Outbox) -> None:
    first = box.add(ANA, "17", WARN, "key-17")
    again = box.add(ANA, "17", WARN, "key-17")
    assert again == first
    assert len(box.entries(ANA)) == 1


def test_a_second_decision_on_a_waiting_case_is_refused(box: Outbox) -> None:
    box.add(ANA, "17", WARN, "key-17")
    with pytest.raises(AlreadyQueued, match=r"^A decision on case 17 is already waiting"):
        box.add(ANA, "17", CLEAR, "key-17-again")
    # Another moderator, or the same name on another service, is not held back.
    box.add(BOB, "17", CLEAR, "key-bob-17")
    box.add(ANA_ELSEWHERE, "17", CLEAR, "key-elsewhere-17")
    assert len(box.entries(ANA)) == 1


def test_a_delivered_case_may_be_decided_again(box: Outbox) -> None:
    entry = box.add(ANA, "17", WARN, "key-17")
    box.mark_delivered(entry.id, recorded("17", "key-17"))
    assert box.add(ANA, "17", CLEAR, "key-17-b").state is OutboxState.PENDING


def test_add_many_is_one_batch(box: Outbox) -> None:
    entries = box.add_many(ANA, [("1", WARN, "k1"), ("2", CLEAR, "k2")], batch_id="batch-a")
    assert [(e.case_id, e.batch_id) for e in entries] == [("1", "batch-a"), ("2", "batch-a")]
    assert box.counts(ANA).waiting == 2


def test_add_many_stores_all_or_none(box: Outbox) -> None:
    box.add(ANA, "3", WARN, "k3")
    with pytest.raises(AlreadyQueued):
        box.add_many(ANA, [("1", WARN, "k1"), ("2", CLEAR, "k2"), ("3", CLEAR, "k3-b")])
    assert [e.case_id for e in box.entries(ANA)] == ["3"]
    with pytest.raises(AlreadyQueued):  # the same case twice in one batch
        box.add_many(ANA, [("4", WARN, "k4"), ("4", CLEAR, "k4-b")])
    assert [e.case_id for e in box.entries(ANA)] == ["3"]


def test_due_entries_oldest_first_excluding_and_waiting_for_their_time(
    box: Outbox, clock: Clock
) -> None:
    a = box.add(ANA, "1", WARN, "k1")
    b = box.add(ANA, "2", WARN, "k2")
    c = box.add(ANA, "3", WARN, "k3")
    box.add(BOB, "4", WARN, "k4")
    assert [e.id for e in box.due(ANA, clock.now)] == [a.id, b.id, c.id]
    assert [e.id for e in box.due(ANA, clock.now, limit=2)] == [a.id, b.id]
    assert [e.id for e in box.due(ANA, clock.now, exclude=[a.id, c.id])] == [b.id]
    assert box.next_attempt_at(ANA) is None

    box.schedule_retry(a.id, 1010.0, "The service did not answer.")
    box.schedule_retry(b.id, 1005.0, "The service did not answer.")
    assert [e.id for e in box.due(ANA, 1000.0)] == [c.id]
    assert [e.id for e in box.due(ANA, 1005.0)] == [b.id, c.id]
    assert [e.id for e in box.due(ANA, 1010.0)] == [a.id, b.id, c.id]
    assert box.next_attempt_at(ANA) == 1005.0
    assert box.next_attempt_at(ANA, exclude=[b.id]) == 1010.0
    retried = box.get(a.id)
    assert retried is not None
    assert (retried.attempts, retried.last_error) == (1, "The service did not answer.")


def test_make_due_forgets_every_scheduled_retry(box: Outbox) -> None:
    a = box.add(ANA, "1", WARN, "k1")
    bob = box.add(BOB, "2", WARN, "k2")
    box.schedule_retry(a.id, 5000.0, "Busy.")
    box.schedule_retry(bob.id, 5000.0, "Busy.")
    box.make_due(ANA)
    assert [e.id for e in box.due(ANA, 1000.0)] == [a.id]
    assert box.due(BOB, 1000.0) == []


def test_delivered_keeps_the_recorded_decision(box: Outbox) -> None:
    entry = box.add(ANA, "1", WARN, "k1")
    box.schedule_retry(entry.id, 1001.0, "Busy.")
    done = box.mark_delivered(entry.id, recorded("1", "k1"))
    assert done.state is OutboxState.DELIVERED
    assert done.result == recorded("1", "k1")
    assert (done.attempts, done.last_error, done.next_attempt_at) == (2, "", None)
    assert box.due(ANA, 10**10) == []


def test_outcomes_are_recorded_only_from_pending(box: Outbox) -> None:
    entry = box.add(ANA, "1", WARN, "k1")
    box.mark_delivered(entry.id, recorded("1", "k1"))
    # A late answer to an earlier try (or a second sender) changes nothing.
    after_conflict = box.mark_conflict(entry.id, recorded("1", "other", "bob"), "Taken.")
    after_reject = box.mark_rejected(entry.id, 422, "Invalid.")
    after_retry = box.schedule_retry(entry.id, 2000.0, "Busy.")
    for later in (after_conflict, after_reject, after_retry):
        assert later.state is OutboxState.DELIVERED
        assert later.result == recorded("1", "k1")
        assert (later.attempts, later.status_code, later.next_attempt_at) == (1, None, None)


def test_a_conflict_keeps_the_other_decision_and_the_own_draft(box: Outbox) -> None:
    entry = box.add(ANA, "1", WARN, "k1")
    other = recorded("1", "bob-key", "bob")
    lost = box.mark_conflict(entry.id, other, "Case 1 was already decided by Bob: warn.")
    assert lost.state is OutboxState.CONFLICT
    assert lost.result == other
    assert lost.decision == WARN
    assert (lost.status_code, lost.last_error) == (409, "Case 1 was already decided by Bob: warn.")


def test_counts_problems_and_resolving_them(box: Outbox, clock: Clock) -> None:
    waiting = box.add(ANA, "1", WARN, "k1")
    lost = box.add(ANA, "2", WARN, "k2")
    refused = box.add(ANA, "3", WARN, "k3")
    done = box.add(ANA, "4", WARN, "k4")
    box.add(BOB, "5", WARN, "k5")
    box.add(ANA_ELSEWHERE, "6", WARN, "k6")
    box.mark_conflict(lost.id, recorded("2", "bob-2", "bob"), "Taken.")
    box.mark_rejected(refused.id, 422, "The clause does not exist.")
    box.mark_delivered(done.id, recorded("4", "k4"))

    assert box.counts(ANA) == OutboxCounts(waiting=1, problems=2, waiting_for_others=2)
    assert box.counts(BOB) == OutboxCounts(waiting=1, problems=0, waiting_for_others=2)
    assert [e.id for e in box.problems(ANA)] == [lost.id, refused.id]
    assert box.waiting_cases(ANA) == {"1"}
    assert [e.id for e in box.entries(ANA, [OutboxState.PENDING])] == [waiting.id]

    clock.now = 2000.0
    resolved = box.resolve(lost.id, "Kept as a note.")
    assert (resolved.resolved_at, resolved.resolution) == (2000.0, "Kept as a note.")
    assert resolved.state is OutboxState.CONFLICT  # nothing is deleted or changed in kind
    assert [e.id for e in box.problems(ANA)] == [refused.id]
    assert box.counts(ANA).problems == 1
    # Resolving again, or resolving what is no problem, changes nothing.
    clock.now = 3000.0
    assert box.resolve(lost.id, "Again.").resolution == "Kept as a note."
    assert box.resolve(waiting.id, "No.").resolved_at is None


def test_a_corrected_decision_resolves_the_rejected_one(box: Outbox, clock: Clock) -> None:
    refused = box.add(ANA, "3", WARN, "k3")
    box.mark_rejected(refused.id, 422, "The clause does not exist.")
    clock.now = 1500.0
    corrected = DecisionIn(outcome=Outcome.WARN, clause_ids=["spam-2"])
    fresh = box.add(ANA, "3", corrected, "k3-fixed", replaces_id=refused.id)
    assert (fresh.replaces_id, fresh.state, fresh.decision) == (
        refused.id,
        OutboxState.PENDING,
        corrected,
    )
    old = box.get(refused.id)
    assert old is not None
    assert (old.state, old.resolved_at, old.resolution) == (
        OutboxState.REJECTED,
        1500.0,
        "Corrected and sent again.",
    )
    assert box.problems(ANA) == []
    assert box.counts(ANA) == OutboxCounts(waiting=1, problems=0)


def test_a_refused_correction_leaves_the_rejected_entry_unresolved(box: Outbox) -> None:
    refused = box.add(ANA, "3", WARN, "k3")
    box.mark_rejected(refused.id, 422, "Invalid.")
    box.add(ANA, "3", CLEAR, "k3-other")  # another decision on the case now waits
    with pytest.raises(AlreadyQueued):
        box.add(ANA, "3", WARN, "k3-fixed", replaces_id=refused.id)
    assert [e.id for e in box.problems(ANA)] == [refused.id]


def test_a_replacement_only_resolves_a_problem_entry(database: LocalDatabase, clock: Clock) -> None:
    box = Outbox(database, clock)
    waiting = box.add(ANA, "7", WARN, "k7")
    box.add(ANA, "8", WARN, "k8", replaces_id=waiting.id)
    still = box.get(waiting.id)
    assert still is not None
    assert (still.state, still.resolved_at, still.resolution) == (OutboxState.PENDING, None, "")
