"""The desk's own database: one SQLite file in the user's data directory, migrated at start-up.

:func:`open_local_database` opens (or creates) the file, switches it to WAL
with fully synchronous commits, so a decision committed here survives a crash
or a power cut, and upgrades its schema with the Alembic migrations shipped
in :mod:`reviewdesk.store.migrations`. A file already at the newest revision
(:data:`SCHEMA_HEAD`, every start but the first after an update) is opened
without loading Alembic at all: one query reads the stored revision. Every
write goes through
:meth:`LocalDatabase.writing`, which serialises writers inside the process,
so threads never meet SQLite's "database is locked".
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:  # Alembic is slow to import: it is loaded where migrations run (a worker)
    from alembic.config import Config

APP_NAME = "ReviewDesk"
DATABASE_FILE = "desk.sqlite3"
MIGRATIONS = Path(__file__).with_name("migrations")
#: The newest revision in ``migrations/versions`` (a test checks it is Alembic's head):
#: a file stored at it needs neither a check nor a migration.
SCHEMA_HEAD = "0003_grace_and_take_back"
#: How long a connection waits for another process's writer (seconds).
BUSY_TIMEOUT_S = 30.0


class LocalDatabaseError(Exception):
    """The desk's database cannot be opened or upgraded; ``str()`` is a sentence."""


def default_database_path() -> Path:
    """Where the desk keeps its database: the user's data directory."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DATABASE_FILE


def migration_config() -> Config:
    """The Alembic configuration of the desk's schema (no ini file needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this desk knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(migration_config()).get_current_head()
    assert head is not None
    return head


def _create_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path.as_posix()}",
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows (a purged case cache) are overwritten, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return engine


@dataclass
class LocalDatabase:
    """An open desk database: the engine and the lock all writers share."""

    path: Path
    engine: Engine
    _write_lock: threading.Lock

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A connection in a transaction that commits on success; one writer at a time."""
        with self._write_lock, self.engine.begin() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads (WAL: readers never wait for the writer)."""
        with self.engine.connect() as connection:
            yield connection

    def revision(self) -> str | None:
        """The schema revision the file is at."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


#: Alembic keeps its running migration in module-level state: one at a time per process.
_MIGRATING = threading.Lock()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of ``engine``'s database to ``revision`` (one migration at a time)."""
    from alembic import command

    config = migration_config()
    with _MIGRATING, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _private_file(path: Path) -> None:
    """Create ``path`` readable by its owner only, and keep it (and SQLite's side files) so.

    SQLite gives its ``-wal`` and ``-shm`` files the mode of the database
    file, so creating that one 0600 before SQLite opens it keeps the
    decisions in the write-ahead log private too.
    """
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            file.chmod(0o600)


def _check_known_revision(engine: Engine) -> None:
    """Refuse a file written by a newer desk, whose schema this one does not know."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        return
    try:
        ScriptDirectory.from_config(migration_config()).get_revision(current)
    except CommandError:
        raise LocalDatabaseError(
            f"The desk's own database at {engine.url.database} was written by a newer "
            f"version of ReviewDesk (schema {current}); update the desk to open it."
        ) from None


def stored_revision(engine: Engine) -> str | None:
    """The revision stamped in the file (None: no stamp yet, or more than one), without Alembic."""
    with engine.connect() as connection:
        table = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if table is None:
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


def _is_current(engine: Engine, revision: str) -> bool:
    """True when ``engine``'s file is already at ``revision`` and that is the newest one."""
    return revision in ("head", SCHEMA_HEAD) and stored_revision(engine) == SCHEMA_HEAD


def _sentence(message: str) -> str:
    message = message.strip()
    return message if message.endswith((".", "!", "?")) else message + "."


def open_local_database(path: Path | None = None, *, revision: str = "head") -> LocalDatabase:
    """Open the desk's database at ``path`` (default: the user's data directory), migrated.

    Blocks on the disk: call it from a worker. Raises :class:`LocalDatabaseError`
    with a sentence when the file cannot be created, read or upgraded, or was
    written by a newer desk.
    """
    target = path or default_database_path()
    engine: Engine | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _private_file(target)
        engine = _create_engine(target)
        if not _is_current(engine, revision):
            _check_known_revision(engine)
            upgrade(engine, revision)
    except Exception as exc:  # SQLAlchemy, Alembic and OS errors alike
        if engine is not None:
            engine.dispose()
        if isinstance(exc, LocalDatabaseError):
            raise
        reason = exc.orig if isinstance(exc, DBAPIError) else exc
        raise LocalDatabaseError(
            _sentence(f"The desk's own database at {target} could not be opened: {reason}")
        ) from exc
    return LocalDatabase(target, engine, threading.Lock())
