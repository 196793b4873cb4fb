"""Engine and session set-up: SQLite files by default, any SQLAlchemy URL allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from reviewdesk.server.tables import Base
from reviewdesk.server.write_turns import (
    TurnTakingConnection,
    WriterTurns,
    take_turn_for,
    turn_over_if_idle,
)

SessionFactory = sessionmaker[Session]

#: How long SQLite waits for another writer before giving up (seconds).
SQLITE_BUSY_TIMEOUT = 30.0


def sqlite_file_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite database file."""
    return f"sqlite:///{path.resolve().as_posix()}"


def create_database_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    in_memory = parsed.database in (None, "", ":memory:")
    options: dict[str, Any] = {
        "connect_args": {
            "timeout": SQLITE_BUSY_TIMEOUT,
            "check_same_thread": False,
            "factory": TurnTakingConnection,
        }
    }
    if in_memory:
        options["poolclass"] = StaticPool
    engine = create_engine(url, **options)
    # Writers of this process take turns in arrival order (see write_turns).
    turns = WriterTurns(SQLITE_BUSY_TIMEOUT)

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, TurnTakingConnection):
            dbapi_connection.turns = turns
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "before_cursor_execute")
    def _take_turn(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        take_turn_for(connection.connection.dbapi_connection, statement)

    @event.listens_for(engine, "after_cursor_execute")
    def _after_statement(connection: Any, *_args: Any) -> None:
        turn_over_if_idle(connection.connection.dbapi_connection)

    @event.listens_for(engine, "handle_error")
    def _after_failure(context: Any) -> None:
        if context.connection is not None and not context.connection.invalidated:
            turn_over_if_idle(context.connection.connection.dbapi_connection)

    return engine


def create_schema(engine: Engine) -> None:
    """Create every table that does not exist yet, and add optional columns and indexes they lack.

    A feed of an older database, where each decision could have one entry
    only, is rebuilt so a reversal can add a second entry; decisions recorded
    before the decision log existed are chained into it.
    """
    Base.metadata.create_all(engine)
    add_missing_columns(engine)
    allow_reversal_entries(engine)
    add_missing_indexes(engine)
    from reviewdesk.server.services.log_backfill import backfill_log

    with Session(engine) as session:
        if backfill_log(session):
            session.commit()


def add_missing_indexes(engine: Engine) -> list[str]:
    """Create each index the tables declare that an older database lacks; return their names."""
    inspector = inspect(engine)
    added: list[str] = []
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            present = {index["name"] for index in inspector.get_indexes(table.name)}
            for index in table.indexes:
                if index.name not in present:
                    index.create(connection)
                    added.append(str(index.name))
    return added


def allow_reversal_entries(engine: Engine) -> bool:
    """Drop an older feed's one-entry-per-decision rule (True when there was one to drop).

    SQLite cannot drop a constraint, so the table is rebuilt in one
    transaction with every entry and its sequence number kept.
    """
    inspector = inspect(engine)
    feed_table = Base.metadata.tables["feed"]
    table = feed_table.name
    lone = [
        constraint
        for constraint in inspector.get_unique_constraints(table)
        if constraint["column_names"] == ["decision_id"]
    ]
    if not lone:
        return False
    preparer = engine.dialect.identifier_preparer
    with engine.begin() as connection:
        if engine.dialect.name != "sqlite":
            for constraint in lone:
                name = preparer.quote(str(constraint["name"]))
                connection.execute(text(f"ALTER TABLE feed DROP CONSTRAINT {name}"))
            return True
        connection.execute(text("ALTER TABLE feed RENAME TO feed_before_reversals"))
        feed_table.create(connection)
        kept = ", ".join(
            preparer.quote(column["name"])
            for column in inspector.get_columns(table)
            if column["name"] in feed_table.columns
        )
        connection.execute(
            text(f"INSERT INTO feed ({kept}) SELECT {kept} FROM feed_before_reversals")
        )
        connection.execute(text("DROP TABLE feed_before_reversals"))
    return True


def add_missing_columns(engine: Engine) -> list[str]:
    """Add each nullable column a table of an older database lacks; return ``table.column``s.

    A database written before a column existed (e.g. ``notes.case_id``) then
    works unchanged: its rows read the new column as NULL. A missing column
    that cannot be NULL raises RuntimeError, since no value could fill it.
    """
    inspector = inspect(engine)
    preparer = engine.dialect.identifier_preparer
    added: list[str] = []
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                if not column.nullable:
                    raise RuntimeError(
                        f"The database's table {table.name} lacks the required column "
                        f"{column.name}; it cannot be upgraded in place."
                    )
                column_type = column.type.compile(dialect=engine.dialect)
                connection.execute(
                    text(
                        f"ALTER TABLE {preparer.format_table(table)} "
                        f"ADD COLUMN {preparer.format_column(column)} {column_type}"
                    )
                )
                added.append(f"{table.name}.{column.name}")
    return added


def make_session_factory(engine: Engine) -> SessionFactory:
    """Sessions bound to ``engine`` that keep loaded objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def open_database(url: str) -> tuple[Engine, SessionFactory]:
    """Connect to ``url``, create missing tables, and return the engine and sessions."""
    engine = create_database_engine(url)
    create_schema(engine)
    return engine, make_session_factory(engine)
