"""Writers take turns in arrival order: a claim asked for during a batch is not starved by it."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from batch_calls import batch_items, file_spam, post_batch
from server_calls import auth
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from reviewdesk.server.db import create_database_engine, sqlite_file_url
from reviewdesk.server.routes import batches
from reviewdesk.server.tables import CaseRow
from reviewdesk.server.write_turns import (
    TurnTakingConnection,
    WriterTurns,
    is_writing,
    take_turn_for,
)

#: How long a test waits for a thread to reach a state (a bound, never a timing assertion).
PATIENCE_S = 20.0


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        assert time.monotonic() < deadline, "the awaited state never came"
        time.sleep(0.005)


def test_statements_that_write_are_told_from_those_that_read() -> None:
    for statement in ("INSERT INTO t VALUES (1)", "  update t set x=1", "DELETE FROM t"):
        assert is_writing(statement)
    assert is_writing("BEGIN IMMEDIATE")
    for statement in ("SELECT 1", "BEGIN", "SAVEPOINT sa_1", "PRAGMA foreign_keys=ON", ""):
        assert not is_writing(statement)


def test_turns_are_served_in_the_order_they_were_asked_for() -> None:
    turns = WriterTurns(PATIENCE_S)
    assert turns.take()
    served: list[str] = []

    def writer(name: str) -> None:
        assert turns.take()
        served.append(name)
        turns.give_back()

    threads = []
    for number, name in enumerate(("claim", "single decision", "next batch slice"), start=1):
        thread = threading.Thread(target=writer, args=(name,))
        thread.start()
        threads.append(thread)
        _until(lambda number=number: turns.waiting == number)  # type: ignore[misc]
    turns.give_back()
    for thread in threads:
        thread.join(PATIENCE_S)
    assert served == ["claim", "single decision", "next batch slice"]
    assert turns.waiting == 0


def test_a_writer_that_waited_too_long_writes_anyway_and_its_turn_is_passed_over() -> None:
    turns = WriterTurns(0.05)
    assert turns.take()
    gave_up: list[bool] = []
    impatient = threading.Thread(target=lambda: gave_up.append(turns.take()))
    impatient.start()
    impatient.join(PATIENCE_S)
    assert gave_up == [False]
    turns.give_back()
    # The abandoned ticket does not block the next writer.
    assert turns.take()
    turns.give_back()


def test_a_connection_holds_its_turn_from_its_first_write_to_the_end_of_its_transaction(
    tmp_path: Path,
) -> None:
    engine = create_database_engine(sqlite_file_url(tmp_path / "turns.sqlite3"))
    try:
        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.commit()
            raw = connection.connection.dbapi_connection
            assert isinstance(raw, TurnTakingConnection)
            assert raw.turns is not None
            connection.execute(text("SELECT 1"))
            assert not raw.holds_turn
            connection.execute(text("INSERT INTO t VALUES (1)"))
            assert raw.holds_turn
            assert raw.turns.waiting == 0
            connection.commit()
            assert not raw.holds_turn
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            assert raw.holds_turn
            connection.rollback()
            assert not raw.holds_turn
            # A second writer of the process got the turn the first one gave back.
            with engine.connect() as other:
                other.execute(text("INSERT INTO t VALUES (2)"))
                other.commit()
    finally:
        engine.dispose()


def test_a_claim_asked_for_during_a_batch_goes_before_the_batchs_next_transaction(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    *decided, wanted = file_spam(client, 5, tag="turns")
    monkeypatch.setattr(batches, "TRANSACTION_ITEMS", 2)
    original = batches.record_decision
    claimed: list[int] = []
    claim_answers: list[int] = []
    holder_seen: dict[str, Any] = {}

    def claim() -> None:
        with httpx.Client(base_url=str(client.base_url), timeout=PATIENCE_S) as other:
            claim_answers.append(other.post(f"/v1/cases/{wanted}/claim", headers=sam).status_code)

    def spying(session: Session, shown_case_id: str, *args: Any, **kwargs: Any) -> Any:
        raw = session.connection().connection.dbapi_connection
        assert isinstance(raw, TurnTakingConnection)
        assert raw.turns is not None
        turns: WriterTurns = raw.turns
        if shown_case_id == decided[0]:
            # The batch's first transaction holds the turn: the claim must queue for it.
            thread = threading.Thread(target=claim)
            thread.start()
            holder_seen["thread"] = thread
            _until(lambda: turns.waiting >= 1)
        if shown_case_id == decided[2]:
            # The first item of the batch's second transaction: the claim is in already.
            holder = session.execute(
                select(CaseRow.claim_moderator_id).where(CaseRow.id == int(wanted))
            ).scalar_one()
            claimed.append(holder)
        return original(session, shown_case_id, *args, **kwargs)

    monkeypatch.setattr(batches, "record_decision", spying)
    answers = post_batch(client, ana, batch_items(decided, "b-turns")).json()["items"]
    holder_seen["thread"].join(PATIENCE_S)
    assert [a["status"] for a in answers] == ["recorded"] * 4
    assert claim_answers == [200]
    assert len(claimed) == 1
    assert claimed[0] is not None
    detail = client.get(f"/v1/cases/{wanted}", headers=sam).json()
    assert detail["summary"]["claim"]["moderator"]["username"] == "sam"


def test_a_connection_already_writing_without_a_turn_never_waits_for_one() -> None:
    # (Its wait for a turn ran out earlier: it may hold the database's lock that the
    # turn's holder needs, so waiting again could only deadlock the two.)
    turns = WriterTurns(PATIENCE_S * 3)
    raw = sqlite3.connect(":memory:", factory=TurnTakingConnection, check_same_thread=False)
    try:
        assert isinstance(raw, TurnTakingConnection)
        raw.turns = turns
        raw.execute("CREATE TABLE t (x INTEGER)")
        raw.execute("INSERT INTO t VALUES (1)")  # in a transaction, without any turn
        assert raw.in_transaction
        assert turns.take()  # someone else holds the turn now
        writer = threading.Thread(target=take_turn_for, args=(raw, "INSERT INTO t VALUES (2)"))
        writer.start()
        _until(lambda: not writer.is_alive())
        assert not raw.holds_turn
        assert turns.waiting == 0
        turns.give_back()
        # Once its transaction ended, the connection takes turns as every writer does.
        raw.commit()
        take_turn_for(raw, "INSERT INTO t VALUES (3)")
        assert raw.holds_turn
        raw.rollback()
        assert not raw.holds_turn
    finally:
        raw.close()
