"""Proof "Concurrency": 20 moderators work one queue at once; no case is decided twice.

Twenty simulated moderators (threads), each with their own session on the
real service, their own outbox database file and their own delivery, work
one queue together: list it, claim a case (skipping it when someone else
holds it), and decide it through the outbox. To provoke real conflicts some
of them also decide cases from a list they fetched rounds ago, without
claiming. The service's database must then hold at most one closing decision
per case, every outbox entry must have ended delivered or in conflict, and
each conflict must be reported to exactly the moderator who lost it (an
entry in their outbox and a callback to their listener), naming the decision
the service holds, made by someone else.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from e2e_support import FAST_RETRIES
from outbox_service import (
    Heard,
    Recorded,
    Service,
    bulk_community,
    recorded_decisions,
    running_service,
)
from service_accounts import add_agents

from reviewdesk.api.models import CaseSummary, DecisionIn
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.errors import ClaimConflict
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import Outcome
from reviewdesk.queue.delivery import Delivery
from reviewdesk.store.local_db import LocalDatabase, open_local_database
from reviewdesk.store.outbox import Outbox, OutboxOwner, OutboxState

MODERATORS = 20
CASES = 150
#: Moderators who also decide from stale lists without claiming, and how often.
STALE_DECIDERS = 8
STALE_SHARE = 0.4
#: How many rounds old the list is that a stale decider decides from.
STALE_ROUNDS = 3
#: The longest the moderators work: they stop as soon as the queue is empty
#: (the whole proof takes about 40 s on a quiet 2-core machine); the bound only
#: keeps a hang finite: under other work (load 6-7) 35 s left 7 of 150 undecided.
WORK_S = 90.0
SETTLE_S = 15.0
BUDGET_S = 150.0


@dataclass
class Moderator:
    """One simulated moderator: session, outbox, delivery, and what they decided."""

    username: str
    backend: HttpBackend
    database: LocalDatabase
    outbox: Outbox
    owner: OutboxOwner
    delivery: Delivery
    heard: Heard
    rng: random.Random
    stale: bool
    attempted: list[str] = field(default_factory=list)
    stale_attempts: int = 0
    errors: list[BaseException] = field(default_factory=list)

    def decide(self, case_id: str) -> None:
        outcome = Outcome.NO_VIOLATION
        note = f"{self.username} looked at case {case_id}."
        self.outbox.add(
            self.owner, case_id, DecisionIn(outcome=outcome, note=note), uuid.uuid4().hex
        )
        self.attempted.append(case_id)
        self.delivery.wake()

    def work(self, start: threading.Barrier, until: float) -> None:
        try:
            start.wait(30)
            self._work(until)
        except BaseException as error:  # reported by the test, never lost in a thread
            self.errors.append(error)

    def _work(self, until: float) -> None:
        lists: list[list[CaseSummary]] = []
        while time.monotonic() < until:
            page = self.backend.list_cases(CaseFilter(), limit=40)
            if not page.items:
                return  # the queue is empty
            lists.append(page.items)
            mine = set(self.attempted)
            if self.stale and len(lists) > STALE_ROUNDS and self.rng.random() < STALE_SHARE:
                old = [s.id for s in lists[-1 - STALE_ROUNDS] if s.id not in mine]
                if old:
                    self.stale_attempts += 1
                    self.decide(self.rng.choice(old))  # no claim: decided from a stale list
                    continue
            free = [s.id for s in page.items if s.claim is None and s.id not in mine]
            if not free:
                time.sleep(0.02)
                continue
            case_id = self.rng.choice(free[:6])
            try:
                self.backend.claim(case_id)
            except ClaimConflict:
                continue  # someone else holds it, or it was just decided
            self.decide(case_id)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    with running_service(bulk_community(CASES), tmp_path) as running:
        yield running


def test_twenty_moderators_never_decide_a_case_twice_and_every_loser_hears(
    service: Service, tmp_path: Path
) -> None:
    started = time.monotonic()
    url, database_url = service.url, service.database_url
    seed = random.randrange(2**32)
    print(f"concurrency proof seed: {seed}")
    accounts = add_agents(service.server, MODERATORS)
    moderators: list[Moderator] = []
    try:
        for number, (username, password) in enumerate(accounts):
            backend = HttpBackend.login(url, username, password)
            database = open_local_database(tmp_path / f"desk-{username}.sqlite3")
            outbox = Outbox(database)
            owner = OutboxOwner(backend.base_url, username)
            heard = Heard()
            delivery = Delivery(
                outbox, owner, lambda b=backend: b, heard, policy=FAST_RETRIES, senders=2
            )
            moderators.append(
                Moderator(
                    username, backend, database, outbox, owner, delivery, heard,
                    random.Random(seed + number), stale=number < STALE_DECIDERS,
                )
            )  # fmt: skip
            delivery.start()

        start = threading.Barrier(MODERATORS)
        until = time.monotonic() + WORK_S
        threads = [
            threading.Thread(target=m.work, args=(start, until), name=f"moderator-{m.username}")
            for m in moderators
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WORK_S + 30)
        assert not any(thread.is_alive() for thread in threads)
        errors = [error for m in moderators for error in m.errors]
        assert errors == []

        settle = time.monotonic() + SETTLE_S
        while any(
            m.outbox.counts(m.owner).waiting or not m.heard.has_heard(m.outbox.entries(m.owner))
            for m in moderators
        ):
            assert time.monotonic() < settle, "decisions undelivered or unreported"
            time.sleep(0.05)
    finally:
        for moderator in moderators:
            moderator.delivery.stop()
            moderator.backend.close()
    elapsed = time.monotonic() - started
    assert elapsed < BUDGET_S

    recorded = recorded_decisions(database_url)
    per_case = Counter(decision.case_id for decision in recorded)
    assert max(per_case.values()) == 1, "a case was decided twice"
    assert len(per_case) == CASES, "the moderators did not empty the queue"
    by_case: dict[str, Recorded] = {decision.case_id: decision for decision in recorded}

    total_attempted = total_delivered = total_conflicts = 0
    for moderator in moderators:
        entries = moderator.outbox.entries(moderator.owner)
        me = moderator.username
        assert sorted(e.case_id for e in entries) == sorted(moderator.attempted)
        states = Counter(e.state for e in entries)
        assert set(states) <= {OutboxState.DELIVERED, OutboxState.CONFLICT}, (me, states)
        delivered = [e for e in entries if e.state is OutboxState.DELIVERED]
        conflicts = [e for e in entries if e.state is OutboxState.CONFLICT]
        assert len(delivered) + len(conflicts) == len(moderator.attempted)
        for entry in delivered:
            holder = by_case[entry.case_id]
            assert (holder.username, holder.idempotency_key) == (me, entry.idempotency_key)
            assert entry.result is not None
            assert entry.result.id == holder.decision_id
        for entry in conflicts:
            holder = by_case[entry.case_id]
            assert entry.result is not None
            assert entry.result.id == holder.decision_id
            assert entry.result.moderator.username == holder.username != me
            assert entry.result.idempotency_key == holder.idempotency_key
        lost = {case for case in moderator.attempted if by_case[case].username != me}
        assert {e.case_id for e in conflicts} == lost
        assert moderator.heard.conflicts() == Counter(lost), me
        total_attempted += len(moderator.attempted)
        total_delivered += len(delivered)
        total_conflicts += len(conflicts)
        moderator.database.close()

    assert total_delivered + total_conflicts == total_attempted
    assert total_delivered == len(recorded) == CASES
    stale_attempts = sum(m.stale_attempts for m in moderators)
    print(
        f"{total_attempted} decisions attempted ({stale_attempts} from stale lists), "
        f"{total_delivered} delivered, {total_conflicts} conflicts, in {elapsed:.1f} s"
    )
    assert total_conflicts >= 5, "too few conflicts to show anything"
