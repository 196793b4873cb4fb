"""Alembic environment of the desk's database: migrations run on the connection given."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection


def run_migrations() -> None:
    """Run the migrations on the connection the caller put in the config's attributes."""
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError(
            "The desk's migrations run from reviewdesk.store.local_db, with a connection."
        )
    context.configure(connection=connection, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
