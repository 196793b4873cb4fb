"""Storing a new row with one plain ``INSERT`` instead of the ORM's unit of work.

Recording a decision stores a few rows that nothing reads back as objects in
the same request; the ORM's flush of a single new object costs several times
the ``INSERT`` itself, which a batch of hundreds of decisions feels.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert, inspect
from sqlalchemy.orm import Session

from reviewdesk.server.tables import Base


def insert_row(session: Session, row: Base, *, new_id: bool = False) -> None:
    """Store the new (transient) ``row`` in the session's transaction, outside its identity map.

    Columns ``row`` leaves unset get their defaults. With ``new_id`` the id
    the database gave it is set on ``row``. ``row`` stays transient: its
    attributes read as set, and nothing of it is flushed again later.
    """
    table = cast(Table, type(row).__table__)
    state: dict[str, Any] = inspect(row).dict
    values = {key: value for key, value in state.items() if key in table.c}
    statement = insert(table)
    if not new_id:
        session.connection().execute(statement, values)
        return
    stored = session.connection().execute(statement.returning(table.c.id), values).scalar_one()
    row.id = stored  # type: ignore[attr-defined]
