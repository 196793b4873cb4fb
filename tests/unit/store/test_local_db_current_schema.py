"""Opening a desk database already at the newest schema: no Alembic, rows intact, newer refused."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reviewdesk.api.models import DecisionIn
from reviewdesk.domain.enums import Outcome
from reviewdesk.store.local_db import (
    SCHEMA_HEAD,
    LocalDatabaseError,
    head_revision,
    open_local_database,
    stored_revision,
)
from reviewdesk.store.outbox import Outbox, OutboxOwner

OWNER = OutboxOwner("https://desk.example.org", "ana")


def test_the_schema_head_constant_is_alembics_head() -> None:
    # A new migration must move SCHEMA_HEAD too, or current files would skip it.
    assert head_revision() == SCHEMA_HEAD


def test_a_new_file_is_stamped_with_the_head_and_read_back_without_alembic(
    tmp_path: Path,
) -> None:
    database = open_local_database(tmp_path / "desk.sqlite3")
    try:
        assert stored_revision(database.engine) == SCHEMA_HEAD
    finally:
        database.close()


def test_a_file_without_a_stamp_has_no_stored_revision(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite3"
    sqlite3.connect(path).close()
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path.as_posix()}")
    try:
        assert stored_revision(engine) is None
    finally:
        engine.dispose()


def test_a_current_file_opens_in_a_fresh_process_without_loading_alembic(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    database = open_local_database(path)
    Outbox(database).add(OWNER, "7", DecisionIn(outcome=Outcome.WARN), "key-7")
    database.close()
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from reviewdesk.store.local_db import open_local_database
        from reviewdesk.store.outbox import Outbox, OutboxOwner
        database = open_local_database(Path({str(path)!r}))
        entries = Outbox(database).entries(OutboxOwner("https://desk.example.org", "ana"))
        print([entry.idempotency_key for entry in entries])
        print(sorted(name for name in sys.modules if name.split(".")[0] == "alembic"))
        database.close()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    keys, alembic_modules = result.stdout.splitlines()
    assert keys == "['key-7']"
    assert alembic_modules == "[]"


def test_a_file_of_a_newer_desk_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    open_local_database(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()
    with pytest.raises(LocalDatabaseError, match="newer version of ReviewDesk"):
        open_local_database(path)
