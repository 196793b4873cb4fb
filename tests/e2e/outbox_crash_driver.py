"""The process the crash proof kills: decides a list of cases through a real outbox.

Run as ``python outbox_crash_driver.py URL DATABASE CASES`` (``CASES``: a
file with one case id a line). It signs in as the demo agent, starts a real
:class:`Delivery` on the outbox in ``DATABASE``, then adds a decision for each
case in order (a fresh idempotency key each, skipping cases the outbox holds
already, so a restart carries on where the killed run stopped), and waits
until every decision of the list is delivered. It prints ``delivering`` once
delivery runs and ``done`` at the end; no Qt, nothing but the desk's layers.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

from reviewdesk.api.models import DecisionIn
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import Category, Outcome
from reviewdesk.queue.delivery import Delivery
from reviewdesk.queue.retry_policy import RetryPolicy
from reviewdesk.store.local_db import open_local_database
from reviewdesk.store.outbox import Outbox, OutboxCounts, OutboxEntry, OutboxOwner, OutboxState

USERNAME, PASSWORD = "agent", "agent-demo"
DEADLINE_S = 60.0


class Silent:
    """A delivery listener with nobody listening (the test reads the outbox file)."""

    def entry_changed(self, entry: OutboxEntry) -> None:
        """Nothing to show."""

    def counts_changed(self, counts: OutboxCounts) -> None:
        """Nothing to show."""

    def reachability_changed(self, reachable: bool, error: Exception | None) -> None:
        """Nothing to show."""

    def authentication_required(self, error: Exception) -> None:
        """Nothing to show."""


def decision_for(position: int, clause: str) -> DecisionIn:
    """The decision on the ``position``-th case of the list (three kinds in turn)."""
    kind = position % 3
    if kind == 0:
        return DecisionIn(outcome=Outcome.NO_VIOLATION, note=f"Crash proof, case {position}.")
    if kind == 1:
        return DecisionIn(outcome=Outcome.REMOVE_CONTENT, clause_ids=[clause])
    return DecisionIn(
        outcome=Outcome.WARN, clause_ids=[clause], member_message="Please stop posting links."
    )


def main(url: str, database_path: str, cases_path: str) -> int:
    """Queue and deliver the decisions of the list; 0 once all are delivered."""
    cases = Path(cases_path).read_text(encoding="utf-8").split()
    backend = HttpBackend.login(url, USERNAME, PASSWORD)
    clause = next(c.id for c in backend.get_policy().clauses if c.category is Category.SPAM)
    database = open_local_database(Path(database_path))
    outbox = Outbox(database)
    owner = OutboxOwner(backend.base_url, USERNAME)
    delivery = Delivery(
        outbox, owner, lambda: backend, Silent(), policy=RetryPolicy(base_s=0.05, cap_s=1.0)
    )
    delivery.start()
    print("delivering", flush=True)
    queued = {entry.case_id for entry in outbox.entries(owner)}
    for position, case_id in enumerate(cases):
        if case_id not in queued:
            outbox.add(owner, case_id, decision_for(position, clause), str(uuid.uuid4()))
            delivery.wake()
    print("queued", flush=True)
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        entries = outbox.entries(owner)
        if all(entry.state is not OutboxState.PENDING for entry in entries):
            break
        time.sleep(0.05)
    delivery.stop()
    delivered = {e.case_id for e in outbox.entries(owner) if e.state is OutboxState.DELIVERED}
    database.close()
    backend.close()
    if delivered != set(cases):
        print(f"not delivered: {len(set(cases) - delivered)}", flush=True)
        return 1
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
