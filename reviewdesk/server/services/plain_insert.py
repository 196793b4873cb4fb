"""Storing a new row with one plain ``INSERT`` instead of the ORM's unit of work.

Recording a decision stores a few rows that nothing reads back as objects in
the same request; the ORM's flush of a single new object costs several times
the ``INSERT`` itself, which a batch of hundreds of decisions feels.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Executable, Table, insert, inspect
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


class LaterInserts:
    """Plain ``INSERT``s a batch transaction runs together (one executemany each) before commit.

    Rows that nothing in the transaction reads back (snapshots, feed entries,
    search text) are queued here per item: :meth:`item_kept` keeps an item's
    rows once its savepoint is released, :meth:`item_dropped` forgets them
    when it was rolled back, and :meth:`run` stores the kept ones.
    """

    def __init__(self) -> None:
        self._item: list[tuple[Executable, dict[str, Any]]] = []
        self._kept: dict[int, tuple[Executable, list[dict[str, Any]]]] = {}

    def add(self, statement: Executable, values: dict[str, Any]) -> None:
        """Queue one row of the current item."""
        self._item.append((statement, values))

    def item_kept(self) -> None:
        """The current item is recorded: its rows will be stored."""
        for statement, values in self._item:
            self._kept.setdefault(id(statement), (statement, []))[1].append(values)
        self._item.clear()

    def item_dropped(self) -> None:
        """The current item was rolled back: its rows are forgotten."""
        self._item.clear()

    def run(self, session: Session) -> None:
        """Store every kept row in the session's transaction (one statement run per kind)."""
        self._item.clear()
        kept, self._kept = self._kept, {}
        connection = session.connection()
        for statement, rows in kept.values():
            connection.execute(statement, rows)
