"""The desk's database: migrations from empty and from v0001, WAL and durability, privacy."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from reviewdesk.api.models import DecisionIn
from reviewdesk.domain.enums import Outcome
from reviewdesk.store.local_db import (
    LocalDatabase,
    LocalDatabaseError,
    head_revision,
    migration_config,
    open_local_database,
)
from reviewdesk.store.local_tables import metadata
from reviewdesk.store.outbox import Outbox, OutboxOwner, OutboxState

FIRST = "0001_outbox"
OWNER = OutboxOwner("https://desk.example.org", "ana")


def _downgrade(database: LocalDatabase, revision: str) -> None:
    config = migration_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _tables(database: LocalDatabase) -> set[str]:
    return set(inspect(database.engine).get_table_names())


def _write_first_schema_rows(path: Path) -> None:
    """Two outbox rows exactly as the first schema's columns allow, by raw SQL."""
    connection = sqlite3.connect(path)
    body = DecisionIn(outcome=Outcome.WARN, clause_ids=["spam-1"], note="Old note.")
    connection.executemany(
        "INSERT INTO outbox (idempotency_key, service_url, moderator, case_id, body, "
        "created_at, state, attempts, next_attempt_at, last_error, result) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                "key-old-1",
                OWNER.service_url,
                OWNER.moderator,
                "41",
                body.model_dump_json(),
                1000.0,
                "pending",
                2,
                1234.5,
                "The service did not answer.",
                None,
            ),
            (
                "key-old-2",
                OWNER.service_url,
                OWNER.moderator,
                "42",
                DecisionIn(outcome=Outcome.NO_VIOLATION).model_dump_json(),
                1001.0,
                "pending",
                0,
                None,
                "",
                None,
            ),
        ],
    )
    connection.commit()
    connection.close()


def test_an_empty_file_is_migrated_to_the_newest_schema(tmp_path: Path) -> None:
    database = open_local_database(tmp_path / "desk.sqlite3")
    try:
        assert database.revision() == head_revision()
        assert {"outbox", "case_cache", "desk_state"} <= _tables(database)
    finally:
        database.close()


def test_opening_twice_keeps_the_rows_and_the_revision(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    database = open_local_database(path)
    Outbox(database).add(OWNER, "7", DecisionIn(outcome=Outcome.WARN), "key-7")
    database.close()
    again = open_local_database(path)
    try:
        assert again.revision() == head_revision()
        assert [e.idempotency_key for e in Outbox(again).entries(OWNER)] == ["key-7"]
    finally:
        again.close()


def test_rows_of_the_first_schema_survive_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    first = open_local_database(path, revision=FIRST)
    assert first.revision() == FIRST
    assert _tables(first) == {"outbox", "alembic_version"}
    first.close()
    _write_first_schema_rows(path)

    upgraded = open_local_database(path)
    try:
        assert upgraded.revision() == head_revision()
        entries = Outbox(upgraded).entries(OWNER)
        assert [(e.case_id, e.idempotency_key, e.state) for e in entries] == [
            ("41", "key-old-1", OutboxState.PENDING),
            ("42", "key-old-2", OutboxState.PENDING),
        ]
        old = entries[0]
        assert old.decision == DecisionIn(
            outcome=Outcome.WARN, clause_ids=["spam-1"], note="Old note."
        )
        assert (old.attempts, old.next_attempt_at, old.last_error) == (
            2,
            1234.5,
            "The service did not answer.",
        )
        # The columns the second schema added have their defaults.
        assert (
            old.batch_id,
            old.status_code,
            old.resolved_at,
            old.resolution,
            old.replaces_id,
        ) == (
            None,
            None,
            None,
            "",
            None,
        )
        assert Outbox(upgraded).counts(OWNER).waiting == 2
    finally:
        upgraded.close()


def test_downgrade_to_nothing_and_back_up(tmp_path: Path) -> None:
    database = open_local_database(tmp_path / "desk.sqlite3")
    try:
        _downgrade(database, FIRST)
        assert database.revision() == FIRST
        assert "case_cache" not in _tables(database)
        columns = {c["name"] for c in inspect(database.engine).get_columns("outbox")}
        assert "batch_id" not in columns
        assert "idempotency_key" in columns
        _downgrade(database, "base")
        assert database.revision() is None
        assert _tables(database) == {"alembic_version"}
    finally:
        database.close()
    again = open_local_database(tmp_path / "desk.sqlite3")
    try:
        assert again.revision() == head_revision()
        assert {"outbox", "case_cache", "desk_state"} <= _tables(again)
    finally:
        again.close()


def test_the_query_tables_match_what_the_migrations_build(tmp_path: Path) -> None:
    database = open_local_database(tmp_path / "desk.sqlite3")
    try:
        with database.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), metadata)
        assert differences == []
    finally:
        database.close()


def test_the_file_is_in_wal_mode_with_full_synchronous_commits(tmp_path: Path) -> None:
    database = open_local_database(tmp_path / "desk.sqlite3")
    try:
        with database.reading() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.close()


def test_the_file_and_its_write_ahead_log_are_private(tmp_path: Path) -> None:
    path = tmp_path / "private" / "desk.sqlite3"
    database = open_local_database(path)
    try:
        Outbox(database).add(OWNER, "9", DecisionIn(outcome=Outcome.WARN), "key-9")
        with database.reading() as connection:  # holds the -wal and -shm files open
            connection.exec_driver_sql("SELECT count(*) FROM outbox").scalar()
            files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
            assert all(file.exists() for file in files)
            for file in files:
                assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    finally:
        database.close()


def test_an_existing_readable_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    open_local_database(path).close()
    path.chmod(0o644)
    database = open_local_database(path)
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        database.close()


def test_a_file_of_a_newer_desk_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    open_local_database(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    connection.commit()
    connection.close()
    with pytest.raises(LocalDatabaseError) as raised:
        open_local_database(path)
    message = str(raised.value)
    assert "newer version of ReviewDesk" in message
    assert "0099_from_the_future" in message
    assert message.endswith(".")
    # Nothing was changed: the file still says what the newer desk wrote.
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
        "0099_from_the_future",
    )
    connection.close()


def test_a_file_that_is_no_database_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    path.write_bytes(b"this is not a database file, only words " * 100)
    with pytest.raises(LocalDatabaseError) as raised:
        open_local_database(path)
    message = str(raised.value)
    assert message.startswith("The desk's own database at ")
    assert "not a database" in message
    assert message.endswith(".")
    assert "\n" not in message
