"""Small facts the desk keeps between runs in its database (key/value, JSON values)."""

from __future__ import annotations

import json

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert

from reviewdesk.store.local_db import LocalDatabase
from reviewdesk.store.local_tables import desk_state


class DeskState:
    """The desk_state table: remembered values by key."""

    def __init__(self, database: LocalDatabase) -> None:
        self._database = database

    def get(self, key: str, default: object = None) -> object:
        """The value stored under ``key``, or ``default``."""
        with self._database.reading() as connection:
            value = connection.execute(
                select(desk_state.c.value).where(desk_state.c.key == key)
            ).scalar()
        return json.loads(value) if value is not None else default

    def set(self, key: str, value: object) -> None:
        """Store ``value`` (anything JSON can hold) under ``key``."""
        statement = insert(desk_state).values(key=key, value=json.dumps(value))
        statement = statement.on_conflict_do_update(
            index_elements=[desk_state.c.key], set_={"value": statement.excluded.value}
        )
        with self._database.writing() as connection:
            connection.execute(statement)

    def remove(self, key: str) -> None:
        """Forget ``key``."""
        with self._database.writing() as connection:
            connection.execute(delete(desk_state).where(desk_state.c.key == key))
