"""Proof "Migrations": an outbox written by the first schema is delivered after upgrading.

A desk of the first schema version (revision ``0001_outbox``) left decisions
in its outbox: rows written here by raw SQL with only that version's columns
and the JSON bodies it wrote. The current desk opens the file (upgrading it
to the newest schema), delivers the outbox to the real service on loopback,
and the service's database then holds each decision exactly once, under the
key the old desk chose, including the one the old desk had already sent
without hearing the answer.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from outbox_service import (
    AGENT,
    Heard,
    Recorded,
    open_case_ids,
    recorded_decisions,
    running_service,
)

from reviewdesk.api.models import DecisionIn
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import Category, Outcome
from reviewdesk.queue.delivery import Delivery
from reviewdesk.queue.retry_policy import RetryPolicy
from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.store.local_db import head_revision, open_local_database
from reviewdesk.store.outbox import Outbox, OutboxCounts, OutboxOwner, OutboxState

FIRST_REVISION = "0001_outbox"


def first_schema_outbox(path: Path, rows: list[tuple[object, ...]]) -> None:
    """An outbox file exactly as the first desk left it: its schema, its rows."""
    open_local_database(path, revision=FIRST_REVISION).close()
    connection = sqlite3.connect(path)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(outbox)")]
    assert columns == [
        "id", "idempotency_key", "service_url", "moderator", "case_id", "body",
        "created_at", "state", "attempts", "next_attempt_at", "last_error", "result",
    ]  # fmt: skip
    connection.executemany(
        "INSERT INTO outbox (idempotency_key, service_url, moderator, case_id, body, "
        "created_at, state, attempts, next_attempt_at, last_error, result) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.commit()
    connection.close()


def test_an_outbox_of_the_first_schema_is_delivered_exactly_once_after_upgrading(
    community: DemoCommunity, tmp_path: Path
) -> None:
    with running_service(community, tmp_path) as service:
        backend = HttpBackend.login(service.url, *AGENT)
        try:
            cases = open_case_ids(backend)[:5]
            assert len(cases) == 5
            clause = next(c.id for c in backend.get_policy().clauses if c.category is Category.SPAM)
            bodies = [
                {"outcome": "no_violation", "note": "Ordinary banter between partners."},
                {"outcome": "warn", "clause_ids": [clause], "member_message": "Please stop."},
                {"outcome": "no_violation"},
                {"outcome": "remove_content", "clause_ids": [clause]},
                {"outcome": "no_violation", "note": "Sent once before the desk quit."},
            ]
            keys = [f"first-desk-key-{n}" for n in range(5)]
            # The first desk sent the last decision, then quit before the answer came.
            before_quit = backend.decide(cases[4], DecisionIn.model_validate(bodies[4]), keys[4])
            old = time.time() - 3600
            rows: list[tuple[object, ...]] = [
                (key, backend.base_url, AGENT[0], case_id, json.dumps(body),
                 old + n, "pending", n % 3, (old + 60) if n % 3 else None,
                 "The service did not answer." if n % 3 else "", None)
                for n, (key, case_id, body) in enumerate(zip(keys, cases, bodies, strict=True))
            ]  # fmt: skip
            path = tmp_path / "desk.sqlite3"
            first_schema_outbox(path, rows)

            database = open_local_database(path)
            assert database.revision() == head_revision()
            owner = OutboxOwner(backend.base_url, AGENT[0])
            outbox = Outbox(database)
            assert outbox.counts(owner) == OutboxCounts(waiting=5, problems=0)
            heard = Heard()
            delivery = Delivery(
                outbox, owner, lambda: backend, heard, policy=RetryPolicy(0.05, 0.5)
            )
            delivery.start()
            try:
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and (
                    outbox.counts(owner).waiting or not heard.has_heard(outbox.entries(owner))
                ):
                    time.sleep(0.05)
            finally:
                assert delivery.stop()
            entries = outbox.entries(owner)
            database.close()
        finally:
            backend.close()

        assert [e.state for e in entries] == [OutboxState.DELIVERED] * 5
        recorded = recorded_decisions(service.database_url)
        by_case: dict[str, list[Recorded]] = {}
        for decision in recorded:
            by_case.setdefault(decision.case_id, []).append(decision)
        for entry, key, case_id, body in zip(entries, keys, cases, bodies, strict=True):
            assert (entry.case_id, entry.idempotency_key) == (case_id, key)
            [only] = by_case[case_id]
            assert (only.username, only.idempotency_key) == (AGENT[0], key)
            assert only.outcome == Outcome(body["outcome"])
            assert entry.result is not None
            assert entry.result.id == only.decision_id
            assert entry.result.idempotency_key == key
        assert entries[4].result == before_quit
        with heard.lock:
            assert {e.id for e in heard.entries if e.state is OutboxState.DELIVERED} == {
                e.id for e in entries
            }
