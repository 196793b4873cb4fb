"""Delivery in batches, grace times and take-backs, against a fake service that keeps a record.

The outbox is real (a database file per test) and so are the delivery
threads; the fake backend records decisions by key like the service does and
answers batch posts item by item.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewdesk.api.models import DecisionIn, DecisionOut, ModeratorOut
from reviewdesk.backends.errors import (
    BackendError,
    BatchUnsupported,
    DecisionConflict,
    Rejected,
    ServiceUnavailable,
)
from reviewdesk.domain.enums import Outcome, Role
from reviewdesk.queue.delivery import BATCH_SIZE, Delivery
from reviewdesk.queue.retry_policy import RetryPolicy
from reviewdesk.store.local_db import open_local_database
from reviewdesk.store.outbox import (
    Outbox,
    OutboxCounts,
    OutboxEntry,
    OutboxOwner,
    OutboxState,
    TakeBackRefused,
    TakenBack,
)

OWNER = OutboxOwner("https://desk.example.org", "ana")
SPAM = DecisionIn(outcome=Outcome.REMOVE_CONTENT, clause_ids=["spam-1"])
FAST = RetryPolicy(base_s=0.02, cap_s=0.1)
ANA = ModeratorOut(id="1", username="ana", display_name="Ana", role=Role.AGENT)
LINA = ModeratorOut(id="2", username="lina", display_name="Lina", role=Role.AGENT)


def decision_out(case_id: str, key: str, who: ModeratorOut = ANA) -> DecisionOut:
    return DecisionOut(
        id=f"d-{key}",
        case_id=case_id,
        moderator=who,
        outcome=Outcome.REMOVE_CONTENT,
        clause_ids=["spam-1"],
        decided_at=datetime(2026, 10, 20, 9, 0, tzinfo=UTC),
        idempotency_key=key,
    )


@dataclass
class RecordingService:
    """Records decisions by key (a replay returns the first); answers batches item by item."""

    #: Case ids decided by someone else (a conflict) or refused with 422.
    taken: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    #: Errors the next whole batch posts raise, in order.
    batch_failures: list[Exception] = field(default_factory=list)
    batches: list[list[str]] = field(default_factory=list)
    singles: list[str] = field(default_factory=list)
    recorded: dict[str, DecisionOut] = field(default_factory=dict)
    sent_at: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _one(self, case_id: str, decision: DecisionIn, key: str) -> DecisionOut | BackendError:
        with self.lock:
            self.sent_at.setdefault(case_id, time.time())
            if case_id in self.taken:
                return DecisionConflict(
                    "Already decided by Lina.", decision_out(case_id, "x", LINA)
                )
            if case_id in self.refused:
                return Rejected("The service refused the decision: no such clause.", 422)
            return self.recorded.setdefault(key, decision_out(case_id, key))

    def decide(self, case_id: str, decision: DecisionIn, key: str) -> DecisionOut:
        self.singles.append(case_id)
        answer = self._one(case_id, decision, key)
        if isinstance(answer, BackendError):
            raise answer
        return answer

    def submit_decisions(
        self, items: Sequence[tuple[str, DecisionIn, str]]
    ) -> list[DecisionOut | BackendError]:
        with self.lock:
            self.batches.append([case_id for case_id, _decision, _key in items])
            failure = self.batch_failures.pop(0) if self.batch_failures else None
        if failure is not None:
            raise failure
        return [self._one(case_id, decision, key) for case_id, decision, key in items]


class Heard:
    """A DeliveryListener that keeps what it hears."""

    def __init__(self) -> None:
        self.entries: list[OutboxEntry] = []
        self.counts: list[OutboxCounts] = []

    def entry_changed(self, entry: OutboxEntry) -> None:
        self.entries.append(entry)

    def counts_changed(self, counts: OutboxCounts) -> None:
        self.counts.append(counts)

    def reachability_changed(self, reachable: bool, error: Exception | None) -> None:
        pass

    def authentication_required(self, error: Exception) -> None:
        pass


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for delivery"
        time.sleep(0.005)


@dataclass
class Rig:
    outbox: Outbox
    service: RecordingService
    heard: Heard
    deliveries: list[Delivery] = field(default_factory=list)

    def start(self, backend: object | None = None) -> Delivery:
        chosen = backend if backend is not None else self.service
        delivery = Delivery(
            self.outbox,
            OWNER,
            lambda: chosen,
            self.heard,
            policy=FAST,  # type: ignore[arg-type,return-value]
        )
        self.deliveries.append(delivery)
        delivery.start()
        return delivery

    def add_batch(
        self, case_ids: Sequence[str], batch_id: str = "b-1", grace_s: float = 0.0
    ) -> list[OutboxEntry]:
        rows = [(c, SPAM, f"key-{c}") for c in case_ids]
        return self.outbox.add_many(OWNER, rows, batch_id=batch_id, grace_s=grace_s)

    def states(self) -> dict[str, OutboxState]:
        return {e.case_id: e.state for e in self.outbox.entries(OWNER)}


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    database = open_local_database(tmp_path / "desk.sqlite3")
    built = Rig(Outbox(database), RecordingService(), Heard())
    try:
        yield built
    finally:
        for delivery in built.deliveries:
            delivery.stop(timeout=2.0)
        database.close()


def test_many_due_decisions_go_in_batches_each_exactly_once(rig: Rig) -> None:
    cases = [str(n) for n in range(1, 451)]
    rig.add_batch(cases)
    rig.start()
    wait_for(lambda: rig.outbox.counts(OWNER).waiting == 0)
    assert set(rig.states().values()) == {OutboxState.DELIVERED}
    sent = [case_id for group in rig.service.batches for case_id in group]
    assert sorted(sent, key=int) == cases  # each once, none by the single endpoint
    assert rig.service.singles == []
    assert max(len(group) for group in rig.service.batches) <= BATCH_SIZE
    assert len(rig.service.batches) < 20
    assert {e.result.case_id for e in rig.outbox.entries(OWNER) if e.result} == set(cases)


def test_each_item_of_a_batch_is_classified_as_a_single_answer_would_be(rig: Rig) -> None:
    rig.service.taken = {"2"}
    rig.service.refused = {"3"}
    rig.add_batch([str(n) for n in range(1, 9)])
    rig.start()
    wait_for(lambda: rig.outbox.counts(OWNER).waiting == 0)
    assert rig.service.singles == []  # eight due at once: they go in batches
    assert rig.states() == {
        "1": OutboxState.DELIVERED,
        "2": OutboxState.CONFLICT,
        "3": OutboxState.REJECTED,
        **{str(n): OutboxState.DELIVERED for n in range(4, 9)},
    }
    conflict = next(e for e in rig.outbox.entries(OWNER) if e.case_id == "2")
    assert conflict.result is not None
    assert conflict.result.moderator.username == "lina"
    rejected = next(e for e in rig.outbox.entries(OWNER) if e.case_id == "3")
    assert (rejected.status_code, rejected.last_error) == (
        422,
        "The service refused the decision: no such clause.",
    )
    assert rig.outbox.counts(OWNER).problems == 2


def test_a_service_without_the_batch_endpoint_gets_single_posts(rig: Rig) -> None:
    rig.service.batch_failures = [
        BatchUnsupported("There is no endpoint POST /v1/decisions/batch.")
    ]
    rig.add_batch(["1", "2", "3", "4", "5", "6"])
    rig.start()
    wait_for(lambda: rig.outbox.counts(OWNER).waiting == 0)
    assert len(rig.service.batches) == 1  # asked once, then never again
    assert sorted(rig.service.singles) == ["1", "2", "3", "4", "5", "6"]
    assert len(rig.service.recorded) == 6


def test_a_failed_batch_request_is_retried_under_the_same_keys(rig: Rig) -> None:
    rig.service.batch_failures = [ServiceUnavailable("The service had a problem (HTTP 503).")]
    cases = [str(n) for n in range(1, 9)]
    rig.add_batch(cases)
    rig.start()
    wait_for(lambda: rig.outbox.counts(OWNER).waiting == 0)
    entries = rig.outbox.entries(OWNER)
    assert [e.state for e in entries] == [OutboxState.DELIVERED] * 8
    failed = set(rig.service.batches[0])
    assert 1 < len(failed) < len(cases)  # one batch failed, the other went through
    assert {e.case_id: e.attempts for e in entries} == {
        case_id: 2 if case_id in failed else 1 for case_id in cases
    }
    assert sorted(rig.service.recorded) == sorted(f"key-{c}" for c in cases)


def test_a_decision_in_grace_is_not_sent_early_however_often_delivery_is_woken(rig: Rig) -> None:
    grace = 0.6
    entry = rig.outbox.add(OWNER, "1", SPAM, "key-1", grace_s=grace)
    delivery = rig.start()
    assert entry.not_before is not None
    while time.time() < entry.not_before - 0.1:
        delivery.wake()
        delivery.retry_now()
        time.sleep(0.02)
    wait_for(lambda: rig.outbox.counts(OWNER).waiting == 0)
    assert rig.service.sent_at["1"] >= entry.not_before


def test_a_batch_taken_back_in_its_grace_is_never_sent(rig: Rig) -> None:
    (first, *_rest) = rig.add_batch(["1", "2", "3"], grace_s=1.5)
    rig.start()
    result = rig.outbox.take_back_last(OWNER)
    assert isinstance(result, TakenBack)
    assert first.not_before is not None
    time.sleep(max(0.0, first.not_before - time.time()) + 0.3)
    assert rig.service.sent_at == {}
    assert set(rig.states().values()) == {OutboxState.TAKEN_BACK}
    assert rig.outbox.counts(OWNER).waiting == 0


def test_after_the_grace_a_sent_batch_cannot_be_taken_back(rig: Rig) -> None:
    rig.add_batch(["1", "2"], grace_s=0.1)
    rig.start()
    wait_for(lambda: rig.outbox.counts(OWNER).waiting == 0)
    result = rig.outbox.take_back_last(OWNER)
    assert isinstance(result, TakeBackRefused)
    assert result.sent_case_ids == ("1", "2")
    assert len(rig.service.recorded) == 2


def test_take_back_racing_delivery_never_both_takes_back_and_sends(tmp_path: Path) -> None:
    """At the very end of the grace, each batch is either taken back (never sent) or sent."""
    for attempt in range(12):
        database = open_local_database(tmp_path / f"race-{attempt}.sqlite3")
        rig = Rig(Outbox(database), RecordingService(), Heard())
        try:
            rig.add_batch([f"{attempt}-{n}" for n in range(5)], grace_s=0.05)
            rig.start()
            time.sleep(0.03 + 0.002 * attempt)
            result = rig.outbox.take_back_last(OWNER)
            time.sleep(0.3)
            if isinstance(result, TakenBack):
                assert rig.service.sent_at == {}
                assert set(rig.states().values()) == {OutboxState.TAKEN_BACK}
            else:
                outbox = rig.outbox
                wait_for(lambda: outbox.counts(OWNER).waiting == 0)  # noqa: B023 (waited on here)
                assert set(rig.states().values()) == {OutboxState.DELIVERED}
        finally:
            for delivery in rig.deliveries:
                delivery.stop(timeout=2.0)
            database.close()
