"""Bulk decisions end to end: the desk's outbox, the real service on loopback, and the feed.

- a batch of 50 goes through ``POST /v1/decisions/batch`` and the service holds
  each decision exactly once, under the outbox's key and the batch's id;
- taken back inside its grace time, a batch never reaches the service;
- after it was sent, taking back is refused, naming what was sent;
- a senior reverses the batch: the service records it and the platform's feed
  carries one reversal per decision; an agent gets 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest
from e2e_support import AGENT, FAST_RETRIES, SENIOR, MovableClock, RunningService
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import DecisionIn, DecisionOut
from reviewdesk.backends.base import BatchItem, CaseFilter
from reviewdesk.backends.errors import BackendError, Forbidden
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import CaseStatus, Outcome
from reviewdesk.server.demo.generator import generate_community
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.server.settings import ServerSettings
from reviewdesk.store.outbox import OutboxState, TakeBackRefused, TakenBack
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.decision_panel import DecisionDraft
from reviewdesk.ui.desk_outbox import DeskOutbox
from reviewdesk.ui.tasks import TaskRunner

BATCH = 50
CLEAR = DecisionIn(outcome=Outcome.NO_VIOLATION)


class CountingBackend(HttpBackend):
    """The real client, counting batch posts and single posts."""

    batch_posts: list[int]
    single_posts: list[str]

    def submit_decisions(self, items: Sequence[BatchItem]) -> list[DecisionOut | BackendError]:
        self.batch_posts.append(len(items))
        return super().submit_decisions(items)

    def decide(self, case_id: str, decision: DecisionIn, idempotency_key: str) -> DecisionOut:
        self.single_posts.append(case_id)
        return super().decide(case_id, decision, idempotency_key)


@pytest.fixture(scope="module")
def large_service() -> Iterator[RunningService]:
    """A demo service with enough open cases for a batch of 50 and more."""
    clock = MovableClock()
    server = EmbeddedServer(
        generate_community(seed=21, open_cases=90), settings=ServerSettings(clock=clock)
    )
    url = server.start()
    try:
        yield RunningService(server, url, clock)
    finally:
        server.stop()


@pytest.fixture
def agent(large_service: RunningService) -> Iterator[CountingBackend]:
    backend = CountingBackend.login(large_service.url, *AGENT)
    backend.batch_posts, backend.single_posts = [], []
    try:
        yield backend
    finally:
        backend.close()


def open_desk_outbox(
    qtbot: QtBot, tmp_path: Path, backend: HttpBackend, url: str, grace_s: float
) -> tuple[DeskOutbox, TaskRunner]:
    runner = TaskRunner(max_threads=1)
    outbox = DeskOutbox(runner, tmp_path / "desk.sqlite3", FAST_RETRIES, grace_s=grace_s)
    with qtbot.waitSignal(outbox.opened, timeout=15_000):
        outbox.open(Connection(backend, url))
    return outbox, runner


def open_cases(backend: HttpBackend, count: int, taken: set[str]) -> list[str]:
    page = backend.list_cases(CaseFilter(statuses=(CaseStatus.OPEN,)), limit=500)
    free = [row.id for row in page.items if row.claim is None and row.id not in taken]
    assert len(free) >= count
    return free[:count]


def drafts(case_ids: list[str]) -> list[DecisionDraft]:
    return [DecisionDraft(case_id, CLEAR, f"bulk-{uuid.uuid4()}") for case_id in case_ids]


def test_bulk_decisions_undo_and_reversal_against_the_real_service(
    qtbot: QtBot, tmp_path: Path, large_service: RunningService, agent: CountingBackend
) -> None:
    outbox, runner = open_desk_outbox(qtbot, tmp_path, agent, large_service.url, grace_s=1.0)
    used: set[str] = set()
    try:
        # 1. Taken back inside the grace time: nothing reaches the service.
        undone_cases = open_cases(agent, 5, used)
        used.update(undone_cases)
        with qtbot.waitSignal(outbox.queued, timeout=10_000):
            outbox.submit_many(drafts(undone_cases), str(uuid.uuid4()))
        with qtbot.waitSignal(outbox.taken_back, timeout=10_000) as heard:
            outbox.take_back_last()
        taken = heard.args[0]
        assert isinstance(taken, TakenBack)
        assert taken.case_ids == tuple(undone_cases)

        # 2. A batch of 50 goes out after its grace, through the batch endpoint, once.
        cases = open_cases(agent, BATCH, used)
        used.update(cases)
        batch_id = str(uuid.uuid4())
        sent = drafts(cases)
        with qtbot.waitSignal(outbox.queued, timeout=10_000):
            outbox.submit_many(sent, batch_id)
        delivered: set[str] = set()
        outbox.entry_changed.connect(
            lambda entry: (
                delivered.add(entry.case_id) if entry.state is OutboxState.DELIVERED else None
            )
        )
        qtbot.waitUntil(lambda: delivered >= set(cases), timeout=30_000)
        assert agent.single_posts == []
        assert sum(agent.batch_posts) == BATCH

        with large_service.sign_in(SENIOR) as senior:
            for case_id in undone_cases:
                detail = senior.get_case(case_id)
                assert detail.decisions == []
                assert detail.summary.status is CaseStatus.OPEN
            keys = {draft.case_id: draft.idempotency_key for draft in sent}
            for case_id in cases:
                (decision,) = senior.get_case(case_id).decisions
                assert (decision.idempotency_key, decision.batch_id) == (keys[case_id], batch_id)

            # 3. Sent: taking back is refused, naming what went out.
            with qtbot.waitSignal(outbox.take_back_refused, timeout=10_000) as refused:
                outbox.take_back_last()
            refusal = refused.args[0]
            assert isinstance(refusal, TakeBackRefused)
            assert refusal.batch_id == batch_id
            assert set(refusal.sent_case_ids) == set(cases)
            assert "already sent" in refusal.reason

            # 4. A senior reverses the batch; the agent may not; the feed carries it.
            with pytest.raises(Forbidden):
                agent.reverse_batch(batch_id, "Trying my luck.")
            reversal = senior.reverse_batch(batch_id, "Cleared too fast.", idempotency_key="rev")
            assert reversal.reversed_by.username == SENIOR[0]
            assert {d.case_id for d in reversal.decisions} == set(cases)
            assert set(reversal.reopened_case_ids) == set(cases)
        platform = {"Authorization": f"Bearer {large_service.server.platform_key}"}
        feed = httpx.get(
            f"{large_service.url}/v1/feed", params={"limit": 1000}, headers=platform, timeout=30
        ).json()["entries"]
        reversals = [e for e in feed if e["kind"] == "reversal"]
        assert sorted(e["decision"]["case_id"] for e in reversals) == sorted(cases)
        assert {e["reversal"]["reason"] for e in reversals} == {"Cleared too fast."}
    finally:
        outbox.close()
        assert runner.shutdown(10_000)
