"""The tables of the desk's database at the newest schema revision (Core, for queries).

The schema itself is created and changed only by the Alembic migrations in
:mod:`reviewdesk.store.migrations`; a test checks these definitions match
what the migrations build. Times are seconds since the epoch (UTC).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idempotency_key", String(100), nullable=False, unique=True),
    Column("service_url", Text, nullable=False),
    Column("moderator", Text, nullable=False),
    Column("case_id", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", Float, nullable=True),
    Column("last_error", Text, nullable=False, server_default=""),
    Column("result", Text, nullable=True),
    Column("batch_id", String(100), nullable=True),
    Column("status_code", Integer, nullable=True),
    Column("resolved_at", Float, nullable=True),
    Column("resolution", Text, nullable=False, server_default=""),
    Column("replaces_id", Integer, nullable=True),
    #: Not sent before this time (the grace time in which it can be taken back).
    Column("not_before", Float, nullable=True),
    #: When delivery first took it to send: from then on it cannot be taken back.
    Column("first_sent_at", Float, nullable=True),
    Index("ix_outbox_owner_state", "service_url", "moderator", "state"),
    Index("ix_outbox_case", "service_url", "case_id"),
    Index("ix_outbox_batch", "batch_id"),
)

case_cache = Table(
    "case_cache",
    metadata,
    Column("service_url", Text, primary_key=True),
    Column("case_id", Text, primary_key=True),
    Column("body", Text, nullable=False),
    Column("fetched_at", Float, nullable=False),
    Index("ix_case_cache_fetched", "fetched_at"),
)

desk_state = Table(
    "desk_state",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
