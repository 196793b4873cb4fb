"""Decisions made before the desk's database finished opening are never lost on closing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from shell_fakes import FakeBackend

from reviewdesk.api.models import DecisionIn
from reviewdesk.domain.enums import Outcome
from reviewdesk.store.local_db import open_local_database
from reviewdesk.store.outbox import Outbox, OutboxState
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.decision_panel import DecisionDraft
from reviewdesk.ui.desk_outbox import DeskOutbox
from reviewdesk.ui.tasks import TaskRunner


@pytest.mark.parametrize("deferred", [False, True], ids=["opening", "deferred-open"])
def test_a_decision_waiting_for_the_database_is_written_when_the_desk_closes(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, deferred: bool
) -> None:
    """Opening on a worker, or deferred until the first case is shown (the desk's start)."""
    path = tmp_path / "desk.sqlite3"
    outbox = DeskOutbox(runner, path)
    outbox.open(Connection(FakeBackend(), "http://127.0.0.1:9"), deferred=deferred)
    draft = DecisionDraft("case-004", DecisionIn(outcome=Outcome.NO_VIOLATION), "early-key")
    assert outbox.submit(draft)  # the database is still opening: kept in memory
    outbox.close()  # closing at once: it must reach the disk first
    owner = outbox.owner
    assert owner is not None
    database = open_local_database(path)
    try:
        (entry,) = Outbox(database).entries(owner)
    finally:
        database.close()
    assert (entry.case_id, entry.idempotency_key, entry.state) == (
        "case-004",
        "early-key",
        OutboxState.PENDING,
    )
