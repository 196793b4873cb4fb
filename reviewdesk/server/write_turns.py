"""Writers of one service process take turns at an SQLite database, first come, first served.

SQLite lets one transaction write at a time; the others wait in its busy
handler, which polls with growing sleeps (up to 0.1 s apart). A writer that
commits and at once starts its next transaction (a bulk decision's next
slice) therefore nearly always beats a claim that has waited a while, and
such a claim can starve. Here every write transaction of the process first
takes a turn from :class:`WriterTurns`, a queue served in arrival order: a
claim that arrives while a batch writes goes right after the batch's current
transaction, before its next one.

A connection takes its turn just before its first writing statement (or an
explicit ``BEGIN IMMEDIATE``) and gives it back when its transaction ends
(commit, rollback or close). Only SQLite connections made with
:class:`TurnTakingConnection` take turns; other databases lock rows
themselves.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Any

LOG = logging.getLogger("reviewdesk.server")

#: The first word of the statements that write (and so need a turn).
_WRITING = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN"})


def is_writing(statement: str) -> bool:
    """True when ``statement`` writes, or opens a transaction meant to write."""
    head = statement.lstrip()[:8].upper()
    word = head.split(None, 1)[0] if head else ""
    return word in _WRITING and (word != "BEGIN" or "IMMEDIATE" in statement.upper())


class WriterTurns:
    """A lock handed out in the order it was asked for (a ticket queue).

    A turn belongs to a connection's transaction, not to a thread (a
    request's dependencies and body may run on different threads). A writer
    that waited longer than ``patience_s`` writes anyway (the database's own
    lock still keeps writers apart), so a holder that waits for a writer
    behind it stalls for that long at worst, never for ever.
    """

    def __init__(self, patience_s: float) -> None:
        self._patience_s = patience_s
        self._condition = threading.Condition()
        self._next_ticket = 0
        self._serving = 0
        self._held = False
        self._abandoned: set[int] = set()  # tickets whose writers stopped waiting

    @property
    def waiting(self) -> int:
        """How many writers wait for their turn now."""
        with self._condition:
            held = 1 if self._held else 0
            return self._next_ticket - self._serving - held - len(self._abandoned)

    def take(self) -> bool:
        """Wait for the next turn; False when it was not had (see the class)."""
        with self._condition:
            ticket = self._next_ticket
            self._next_ticket += 1
            if not self._condition.wait_for(
                lambda: self._serving == ticket, timeout=self._patience_s
            ):
                LOG.warning(
                    "A writer waited %.0f s for its turn; it writes anyway", self._patience_s
                )
                self._skip(ticket)
                return False
            self._held = True
            return True

    def give_back(self) -> None:
        """End the current turn: the next writer in line goes."""
        with self._condition:
            self._held = False
            self._serving += 1
            self._skip_abandoned()
            self._condition.notify_all()

    def _skip(self, ticket: int) -> None:
        """A waiter gave up its ticket: it is passed over when its turn comes."""
        self._abandoned.add(ticket)
        self._skip_abandoned()

    def _skip_abandoned(self) -> None:
        while self._serving in self._abandoned and not self._held:
            self._abandoned.discard(self._serving)
            self._serving += 1
            self._condition.notify_all()


class TurnTakingConnection(sqlite3.Connection):
    """An SQLite connection that gives its writer's turn back when its transaction ends.

    (:func:`take_turn_for` takes the turn before a writing statement.)
    """

    turns: WriterTurns | None = None
    holds_turn: bool = False

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()

    def end_turn(self) -> None:
        """Give the turn back, if this connection holds it."""
        if self.holds_turn and self.turns is not None:
            self.holds_turn = False
            self.turns.give_back()


def take_turn_for(connection: Any, statement: str) -> None:
    """Before ``statement`` runs on DBAPI ``connection``: take a writer's turn if it needs one."""
    if not isinstance(connection, TurnTakingConnection) or connection.turns is None:
        return
    if connection.holds_turn or not is_writing(statement):
        return
    if connection.in_transaction:
        # Already writing without a turn (its wait ran out): waiting now, while it may
        # hold the database's lock that the turn's holder needs, could only deadlock.
        return
    connection.holds_turn = connection.turns.take()


def turn_over_if_idle(connection: Any) -> None:
    """After a statement: a connection left outside any transaction ends its turn."""
    idle = isinstance(connection, TurnTakingConnection) and not connection.in_transaction
    if idle and connection.holds_turn:
        connection.end_turn()
