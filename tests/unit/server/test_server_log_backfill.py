"""A database from before the decision log gets its decisions chained when opened."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from reviewdesk.api.models import LogEntry
from reviewdesk.audit.chain_check import verify_chain
from reviewdesk.server.db import open_database
from reviewdesk.server.services.audit_log import entries_out
from reviewdesk.server.tables import LogEntryRow


def test_decisions_without_entries_are_chained_in_time_order(database_url: str) -> None:
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        for table in (
            "decision_log_clauses",
            "decision_log_search",
            "decision_log_text",
            "decision_log",
            "decision_snapshots",
        ):
            connection.execute(f"DROP TABLE {table}")
    engine, sessions = open_database(database_url)
    try:
        with sessions() as session:
            rows = session.scalars(select(LogEntryRow).order_by(LogEntryRow.seq)).all()
            entries: list[LogEntry] = entries_out(session, rows)
        assert [e.record.decision_id for e in entries] == ["1", "2", "3", "4", "5", "6"]
        assert verify_chain(entries).intact
        acted = [e.record.acted_at for e in entries]
        assert acted == sorted(acted)
        engine.dispose()
        engine, sessions = open_database(database_url)
        with sessions() as session:
            assert len(session.scalars(select(LogEntryRow)).all()) == 6
    finally:
        engine.dispose()
