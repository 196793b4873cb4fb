"""A service database from before batches gains their columns, indexes and a feed for reversals."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from reviewdesk.server.db import (
    add_missing_indexes,
    allow_reversal_entries,
    open_database,
    sqlite_file_url,
)


def _make_it_old(url: str) -> list[tuple[int, int, str]]:
    """Turn a current database back into the pre-batch shape; the feed rows it holds."""
    old = create_engine(url)
    with old.begin() as connection:
        connection.execute(text("DROP INDEX ix_decisions_batch_id"))
        connection.execute(text("DROP INDEX ix_cases_image_hash"))
        connection.execute(text("ALTER TABLE feed RENAME TO feed_new"))
        connection.execute(
            text(
                "CREATE TABLE feed (seq INTEGER PRIMARY KEY, "
                "decision_id INTEGER NOT NULL UNIQUE REFERENCES decisions (id), "
                "member_id VARCHAR(100) NOT NULL, content_id VARCHAR(100))"
            )
        )
        connection.execute(
            text(
                "INSERT INTO feed (seq, decision_id, member_id, content_id) "
                "SELECT seq, decision_id, member_id, content_id FROM feed_new"
            )
        )
        connection.execute(text("DROP TABLE feed_new"))
        rows = connection.execute(text("SELECT seq, decision_id, member_id FROM feed")).all()
    old.dispose()
    return [(int(seq), int(decision), str(member)) for seq, decision, member in rows]


def test_an_old_feed_is_rebuilt_keeping_every_entry_and_allowing_reversal_entries(
    tmp_path: Path, template_database: Path
) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(template_database, path)
    url = sqlite_file_url(path)
    before = _make_it_old(url)
    assert before, "the seeded community has enforced decisions"

    engine, _sessions = open_database(url)  # what the service does at start-up
    try:
        inspector = inspect(engine)
        assert [c["column_names"] for c in inspector.get_unique_constraints("feed")] == [
            ["decision_id", "reversal_id"]
        ]
        assert "ix_decisions_batch_id" in {i["name"] for i in inspector.get_indexes("decisions")}
        assert "ix_cases_image_hash" in {i["name"] for i in inspector.get_indexes("cases")}
        with engine.begin() as connection:
            after = connection.execute(text("SELECT seq, decision_id, member_id FROM feed")).all()
            assert [tuple(row) for row in after] == before
            # A second entry for an enforced decision is now allowed (a reversal's).
            connection.execute(
                text("INSERT INTO batch_reversals (id, batch_id, moderator_id, reversed_at, "
                     "reason, fingerprint) VALUES (1, 'b', 1, '2026-10-20 09:00:00', 'r', 'f')")
            )  # fmt: skip
            _seq, decision_id, member_id = before[0]
            connection.execute(
                text("INSERT INTO feed (decision_id, member_id, reversal_id) VALUES (:d, :m, 1)"),
                {"d": decision_id, "m": member_id},
            )
        assert allow_reversal_entries(engine) is False, "a second start changes nothing"
        assert add_missing_indexes(engine) == []
    finally:
        engine.dispose()
