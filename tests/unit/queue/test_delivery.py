"""Outbox delivery against a scripted backend: every answer, and the lack of one.

The backend is a fake whose answers each test scripts call by call; the
outbox is real (a database file per test), and so are the delivery threads,
with a fast retry policy so backoffs take milliseconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewdesk.api.models import DecisionIn, DecisionOut, ModeratorOut
from reviewdesk.backends.errors import (
    AuthenticationRequired,
    ClaimConflict,
    DecisionConflict,
    Forbidden,
    MalformedResponse,
    NotFound,
    RateLimited,
    Rejected,
    ServiceUnavailable,
    Unreachable,
)
from reviewdesk.domain.enums import Outcome, Role
from reviewdesk.queue.delivery import Delivery, Verdict, classify
from reviewdesk.queue.retry_policy import RetryPolicy
from reviewdesk.store.local_db import LocalDatabase, open_local_database
from reviewdesk.store.outbox import (
    Outbox,
    OutboxCounts,
    OutboxEntry,
    OutboxOwner,
    OutboxState,
)

OWNER = OutboxOwner("https://desk.example.org", "ana")
DECISION = DecisionIn(outcome=Outcome.WARN, clause_ids=["spam-1"])
FAST = RetryPolicy(base_s=0.02, cap_s=0.1)
WAIT_S = 10.0


def moderator(username: str) -> ModeratorOut:
    return ModeratorOut(
        id=username, username=username, display_name=username.title(), role=Role.AGENT
    )


def decision_out(case_id: str, key: str, username: str = "ana") -> DecisionOut:
    return DecisionOut(
        id=f"d-{case_id}-{key}",
        case_id=case_id,
        moderator=moderator(username),
        outcome=Outcome.WARN,
        clause_ids=["spam-1"],
        decided_at=datetime(2026, 10, 20, 9, 0, tzinfo=UTC),
        idempotency_key=key,
    )


#: What the fake does on one call: raise this, or run this and use what it returns.
Step = Exception | Callable[[str, str], DecisionOut | Exception]


@dataclass
class Call:
    """One decide call the fake received."""

    case_id: str
    key: str
    started: float
    ended: float = 0.0
    #: Calls in flight when this one started, itself included.
    concurrent: int = 0


@dataclass
class ScriptedBackend:
    """Answers decide calls from a script (in order of arrival), then records them.

    Without a scripted step a call is recorded like a service would: the first
    call with a key records a decision, later calls with that key replay it.
    """

    script: list[Step] = field(default_factory=list)
    delay_s: float = 0.0
    calls: list[Call] = field(default_factory=list)
    recorded: dict[str, DecisionOut] = field(default_factory=dict)
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, case_id: str, key: str) -> DecisionOut:
        with self._lock:
            return self.recorded.setdefault(key, decision_out(case_id, key))

    def decide(self, case_id: str, decision: DecisionIn, idempotency_key: str) -> DecisionOut:
        assert decision == DECISION
        with self._lock:
            self._in_flight += 1
            call = Call(case_id, idempotency_key, time.monotonic(), concurrent=self._in_flight)
            self.calls.append(call)
            step = self.script.pop(0) if self.script else None
        try:
            if self.delay_s:
                time.sleep(self.delay_s)
            if step is None:
                return self.record(case_id, idempotency_key)
            if isinstance(step, Exception):
                raise step
            answer = step(case_id, idempotency_key)
            if isinstance(answer, Exception):
                raise answer
            return answer
        finally:
            with self._lock:
                self._in_flight -= 1
                call.ended = time.monotonic()


class Recorder:
    """A DeliveryListener that keeps everything it hears."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[OutboxEntry] = []
        self.counts: list[OutboxCounts] = []
        self.reachability: list[tuple[bool, Exception | None]] = []
        self.sign_ins: list[Exception] = []

    def entry_changed(self, entry: OutboxEntry) -> None:
        with self.lock:
            self.entries.append(entry)

    def counts_changed(self, counts: OutboxCounts) -> None:
        with self.lock:
            self.counts.append(counts)

    def reachability_changed(self, reachable: bool, error: Exception | None) -> None:
        with self.lock:
            self.reachability.append((reachable, error))

    def authentication_required(self, error: Exception) -> None:
        with self.lock:
            self.sign_ins.append(error)


def wait_for(condition: Callable[[], bool], timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for delivery"
        time.sleep(0.005)


@dataclass
class Harness:
    """A real outbox, a scripted backend, a recorder, and the deliveries started on them."""

    database: LocalDatabase
    outbox: Outbox
    backend: ScriptedBackend
    listener: Recorder
    deliveries: list[Delivery] = field(default_factory=list)

    def add(self, *case_ids: str) -> list[OutboxEntry]:
        return [self.outbox.add(OWNER, c, DECISION, f"key-{c}") for c in case_ids]

    def start(self, senders: int = 4, policy: RetryPolicy = FAST) -> Delivery:
        delivery = Delivery(
            self.outbox,
            OWNER,
            lambda: self.backend,  # type: ignore[arg-type,return-value]
            self.listener,
            policy=policy,
            senders=senders,
        )
        self.deliveries.append(delivery)
        delivery.start()
        return delivery

    def entry(self, entry_id: int) -> OutboxEntry:
        entry = self.outbox.get(entry_id)
        assert entry is not None
        return entry

    def state(self, entry_id: int) -> OutboxState:
        return self.entry(entry_id).state

    def wait_state(self, entry_id: int, state: OutboxState) -> OutboxEntry:
        wait_for(lambda: self.state(entry_id) is state)
        return self.entry(entry_id)


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    database = open_local_database(tmp_path / "desk.sqlite3")
    built = Harness(database, Outbox(database), ScriptedBackend(), Recorder())
    try:
        yield built
    finally:
        for delivery in built.deliveries:
            delivery.stop(timeout=2.0)
        database.close()


def test_waiting_decisions_are_delivered_with_their_keys(harness: Harness) -> None:
    entries = harness.add("1", "2", "3")
    harness.start()
    for entry in entries:
        done = harness.wait_state(entry.id, OutboxState.DELIVERED)
        assert done.result == decision_out(entry.case_id, entry.idempotency_key)
        assert done.attempts == 1
    assert sorted(c.key for c in harness.backend.calls) == ["key-1", "key-2", "key-3"]
    wait_for(lambda: bool(harness.listener.counts) and harness.listener.counts[-1].waiting == 0)
    with harness.listener.lock:
        reported = {e.id: e.state for e in harness.listener.entries}
    assert reported == {e.id: OutboxState.DELIVERED for e in entries}


class SlowFirstCount:
    """An outbox whose first count is read before a change and told only after the next."""

    def __init__(self, outbox: Outbox) -> None:
        self._outbox = outbox
        self.first_reading = threading.Event()
        self.let_first_finish = threading.Event()
        self._calls = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self._outbox, name)

    def counts(self, _owner: object) -> OutboxCounts:
        self._calls += 1
        if self._calls == 1:
            self.first_reading.set()
            assert self.let_first_finish.wait(5)
            return OutboxCounts(waiting=1, problems=0)  # read before the last delivery
        return OutboxCounts(waiting=0, problems=0)


def test_the_last_count_told_is_never_older_than_the_last_change(harness: Harness) -> None:
    """Two senders finish together: their counts reach the window in the order read."""
    first, second = harness.add("1", "2")
    slow = SlowFirstCount(harness.outbox)
    delivery = Delivery(
        slow,  # type: ignore[arg-type]
        OWNER,
        lambda: harness.backend,  # type: ignore[arg-type,return-value]
        harness.listener,
    )
    one = threading.Thread(target=delivery._report_many, args=([first],))
    one.start()
    assert slow.first_reading.wait(5)
    other = threading.Thread(target=delivery._report_many, args=([second],))
    other.start()
    other.join(0.2)  # the later count may not overtake the earlier one
    slow.let_first_finish.set()
    one.join(5)
    other.join(5)
    assert [counts.waiting for counts in harness.listener.counts] == [1, 0]


def test_decisions_added_while_running_are_sent_on_wake(harness: Harness) -> None:
    delivery = harness.start()
    time.sleep(0.1)  # the scheduler found nothing and waits for its idle poll
    [entry] = harness.add("8")
    delivery.wake()
    started = time.monotonic()
    harness.wait_state(entry.id, OutboxState.DELIVERED)
    assert time.monotonic() - started < 2.0


def test_a_lost_answer_is_replayed_under_the_same_key(harness: Harness) -> None:
    """The service recorded the decision but the answer never came: the retry replays it."""

    def record_then_break(case_id: str, key: str) -> Exception:
        harness.backend.record(case_id, key)
        return Unreachable("Could not record the decision: the connection was cut.")

    harness.backend.script = [record_then_break]
    [entry] = harness.add("5")
    harness.start()
    done = harness.wait_state(entry.id, OutboxState.DELIVERED)
    assert [c.key for c in harness.backend.calls] == ["key-5", "key-5"]
    assert list(harness.backend.recorded) == ["key-5"]
    assert done.result == harness.backend.recorded["key-5"]
    assert done.attempts == 2


def test_a_case_decided_by_someone_else_is_a_conflict_with_that_decision(
    harness: Harness,
) -> None:
    other = decision_out("6", "bob-key", "bob")
    harness.backend.script = [DecisionConflict("Case 6 was already decided by Bob: warn.", other)]
    [entry] = harness.add("6")
    harness.start()
    lost = harness.wait_state(entry.id, OutboxState.CONFLICT)
    assert lost.result == other
    assert lost.decision == DECISION
    assert (lost.status_code, lost.last_error) == (409, "Case 6 was already decided by Bob: warn.")
    time.sleep(0.2)
    assert len(harness.backend.calls) == 1  # definitive: never sent again
    wait_for(lambda: any(e.state is OutboxState.CONFLICT for e in harness.listener.entries))
    wait_for(lambda: OutboxCounts(0, 1) in harness.listener.counts)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (Rejected("The service refused the decision: clause unknown.", 422), 422),
        (Rejected("The service refused the decision: too large.", 413), 413),
        (Forbidden("You are not allowed to record the decision."), 403),
        (NotFound("Could not record the decision: it does not exist."), 404),
    ],
)
def test_a_definitive_refusal_is_rejected_with_its_status(
    harness: Harness, error: Exception, status: int
) -> None:
    harness.backend.script = [error]
    [entry] = harness.add("7")
    harness.start()
    refused = harness.wait_state(entry.id, OutboxState.REJECTED)
    assert (refused.status_code, refused.last_error, refused.attempts) == (status, str(error), 1)
    time.sleep(0.2)
    assert len(harness.backend.calls) == 1
    assert harness.outbox.problems(OWNER) == [refused]


def test_an_ended_session_pauses_until_resume_without_counting_an_attempt(
    harness: Harness,
) -> None:
    expired = AuthenticationRequired(
        "Could not record the decision: expired. Please sign in again."
    )
    harness.backend.script = [expired]
    entries = harness.add("1", "2")
    delivery = harness.start(senders=1)
    wait_for(lambda: delivery.paused)
    wait_for(lambda: bool(harness.listener.sign_ins))
    time.sleep(0.3)
    assert len(harness.backend.calls) == 1  # nothing more is sent while paused
    assert harness.listener.sign_ins == [expired]
    for entry in entries:
        waiting = harness.entry(entry.id)
        assert (waiting.state, waiting.attempts, waiting.next_attempt_at) == (
            OutboxState.PENDING,
            0,
            None,
        )

    delivery.resume()
    for entry in entries:
        assert harness.wait_state(entry.id, OutboxState.DELIVERED).attempts == 1
    assert not delivery.paused
    assert [c.key for c in harness.backend.calls].count("key-1") + [
        c.key for c in harness.backend.calls
    ].count("key-2") == 3
    assert len(harness.listener.sign_ins) == 1


def test_an_unreachable_service_is_reported_until_it_answers(harness: Harness) -> None:
    down = Unreachable("Could not record the decision: the connection was refused.")
    # A 5xx is an answer: the service is reachable again, though not working yet.
    failing = ServiceUnavailable("Could not record the decision: HTTP 500. Try again later.")
    harness.backend.script = [down, down, failing]
    [entry] = harness.add("3")
    delivery = harness.start(senders=1)
    done = harness.wait_state(entry.id, OutboxState.DELIVERED)
    assert done.attempts == 4
    wait_for(lambda: len(harness.listener.reachability) == 2)
    assert harness.listener.reachability == [(False, down), (True, None)]
    assert delivery.reachable is True


def test_retry_after_holds_every_send_back_at_least_that_long(harness: Harness) -> None:
    busy = RateLimited("Could not record the decision: the service is busy.", retry_after=0.6)
    harness.backend.script = [busy]
    entries = harness.add("1", "2", "3")
    harness.start(senders=1)
    for entry in entries:
        harness.wait_state(entry.id, OutboxState.DELIVERED)
    first, *later = harness.backend.calls
    assert len(later) == 3  # the refused one again, then the two others
    assert all(call.started >= first.ended + 0.6 for call in later)
    limited = harness.entry(entries[0].id)
    assert limited.attempts == 2


def test_a_long_retry_after_keeps_the_entry_waiting(harness: Harness) -> None:
    harness.backend.script = [RateLimited("Busy.", retry_after=30.0)]
    [entry] = harness.add("1")
    before = time.time()
    harness.start(senders=1)
    wait_for(lambda: harness.entry(entry.id).attempts == 1)
    waiting = harness.entry(entry.id)
    assert waiting.state is OutboxState.PENDING
    assert waiting.next_attempt_at is not None
    assert waiting.next_attempt_at >= before + 30.0
    time.sleep(0.3)
    assert len(harness.backend.calls) == 1


def test_server_errors_in_a_row_hold_sends_and_probe_with_one_request(harness: Harness) -> None:
    failing = ServiceUnavailable("Could not record the decision: HTTP 503. Try again later.")

    def slow_failure(_case_id: str, _key: str) -> Exception:
        time.sleep(0.5)  # still in flight when the hold ends
        return failing

    # Calls 1-3 fail at once, call 4 fails slowly, the first probes fail too.
    harness.backend.script = [failing, failing, failing, slow_failure, failing, failing]
    harness.backend.delay_s = 0.02
    entries = harness.add(*[str(n) for n in range(1, 9)])
    harness.start(senders=4)
    for entry in entries:
        harness.wait_state(entry.id, OutboxState.DELIVERED)
    calls = harness.backend.calls
    third_failure = sorted(call.ended for call in calls[:4])[2]
    first_success = min(call.ended for call in calls[6:])
    probes = [call for call in calls if third_failure < call.started < first_success]
    assert len(probes) >= 2
    assert all(call.concurrent == 1 for call in probes), [c.concurrent for c in probes]
    # Held back: nothing went out right after the third failure.
    assert min(call.started for call in probes) >= third_failure + FAST.base_s * 2
    # Once the service answered, the senders work side by side again.
    assert max(call.concurrent for call in calls if call.started > first_success) > 1


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("a bug"),
        KeyError("missing"),
        MalformedResponse("The service sent a decision the desk cannot read."),
        ClaimConflict("Case 4 is claimed by Bob until 12:05."),
        ServiceUnavailable("HTTP 502."),
    ],
)
def test_answers_that_prove_nothing_are_retried_with_the_same_key(
    harness: Harness, error: Exception
) -> None:
    harness.backend.script = [error, error, error]
    [entry] = harness.add("4")
    harness.start()
    done = harness.wait_state(entry.id, OutboxState.DELIVERED)
    assert [c.key for c in harness.backend.calls] == ["key-4"] * 4
    assert done.attempts == 4
    states = [e.state for e in harness.listener.entries]
    assert OutboxState.REJECTED not in states
    assert states.count(OutboxState.PENDING) == 3


def test_unknown_errors_are_never_definitive() -> None:
    for error in (RuntimeError("x"), ValueError("x"), OSError("x"), MalformedResponse("x")):
        assert classify(error) is Verdict.RETRY_ENTRY


def test_stop_returns_with_a_send_stuck_in_flight_and_the_entry_stays_pending(
    harness: Harness,
) -> None:
    release = threading.Event()

    def stuck(_case_id: str, _key: str) -> Exception:
        release.wait(WAIT_S)
        return Unreachable("Could not record the decision: it stopped answering.")

    harness.backend.script = [stuck]
    [entry] = harness.add("9")
    delivery = harness.start()
    wait_for(lambda: len(harness.backend.calls) == 1)
    started = time.monotonic()
    assert delivery.stop(timeout=0.3) is False  # the stuck sender is abandoned
    assert time.monotonic() - started < 1.0
    assert harness.state(entry.id) is OutboxState.PENDING
    release.set()
    wait_for(lambda: harness.backend.calls[0].ended > 0)

    # The next run sends it again under the same key.
    harness.start()
    harness.wait_state(entry.id, OutboxState.DELIVERED)
    assert [c.key for c in harness.backend.calls] == ["key-9", "key-9"]


def test_stop_with_nothing_in_flight_ends_every_thread(harness: Harness) -> None:
    harness.add("1")
    delivery = harness.start()
    harness.wait_state(harness.outbox.entries(OWNER)[0].id, OutboxState.DELIVERED)
    started = time.monotonic()
    assert delivery.stop(timeout=2.0) is True
    assert time.monotonic() - started < 1.0


def test_retry_now_forgets_the_backoff(harness: Harness) -> None:
    harness.backend.script = [Unreachable("Refused.")]
    [entry] = harness.add("1")
    delivery = harness.start(policy=RetryPolicy(base_s=20.0, cap_s=20.0))
    wait_for(lambda: harness.entry(entry.id).attempts == 1)
    time.sleep(0.2)
    assert harness.state(entry.id) is OutboxState.PENDING
    delivery.retry_now()
    harness.wait_state(entry.id, OutboxState.DELIVERED)


def test_a_401_from_a_session_already_replaced_does_not_pause_delivery(
    harness: Harness,
) -> None:
    old, new = ScriptedBackend(), ScriptedBackend()
    old.script = [AuthenticationRequired("Could not record the decision: expired.")]
    current = [old]
    # The old session's answer arrives after the moderator signed in again.
    old.delay_s = 0.2
    [entry] = harness.add("1")
    delivery = Delivery(
        harness.outbox,
        OWNER,
        lambda: current[0],  # type: ignore[arg-type,return-value]
        harness.listener,
        policy=FAST,
        senders=1,
    )
    harness.deliveries.append(delivery)
    delivery.start()
    wait_for(lambda: bool(old.calls))
    current[0] = new
    done = harness.wait_state(entry.id, OutboxState.DELIVERED)
    assert done.result == decision_out("1", "key-1")
    assert [c.key for c in new.calls] == ["key-1"]
    assert not delivery.paused
    assert harness.listener.sign_ins == []


def test_timeouts_and_too_early_answers_are_sent_again_not_refused() -> None:
    assert classify(Rejected("Request timeout.", 408)) is Verdict.RETRY_ENTRY
    assert classify(Rejected("Too early.", 425)) is Verdict.RETRY_ENTRY
    assert classify(Rejected("Unknown clause.", 422)) is Verdict.REJECTED
