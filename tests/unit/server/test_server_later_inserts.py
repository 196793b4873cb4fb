"""A batch's queued rows: an item's are stored only when the item was kept, all in one go."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.orm import Session

from reviewdesk.server.db import create_database_engine, sqlite_file_url
from reviewdesk.server.services.plain_insert import LaterInserts

_METADATA = MetaData()
_NOTES = Table("notes", _METADATA, Column("id", Integer, primary_key=True), Column("text", String))
_TAGS = Table("tags", _METADATA, Column("id", Integer, primary_key=True), Column("tag", String))
_ADD_NOTE = insert(_NOTES)
_ADD_TAG = insert(_TAGS)


def test_rows_of_kept_items_are_stored_and_those_of_dropped_items_never(tmp_path: Path) -> None:
    engine = create_database_engine(sqlite_file_url(tmp_path / "later.sqlite3"))
    _METADATA.create_all(engine)
    try:
        with Session(engine) as session:
            later = LaterInserts()
            later.add(_ADD_NOTE, {"text": "first item"})
            later.add(_ADD_TAG, {"tag": "first"})
            later.item_kept()
            later.add(_ADD_NOTE, {"text": "rolled back item"})
            later.item_dropped()
            later.add(_ADD_NOTE, {"text": "third item"})
            later.item_kept()
            # Nothing is stored before run().
            assert session.execute(select(_NOTES.c.text)).all() == []
            later.add(_ADD_NOTE, {"text": "an item still being recorded"})
            later.run(session)
            session.commit()
            notes = list(session.scalars(select(_NOTES.c.text).order_by(_NOTES.c.id)))
            assert notes == ["first item", "third item"]
            assert list(session.scalars(select(_TAGS.c.tag))) == ["first"]
            # run() leaves nothing behind for the next transaction.
            later.run(session)
            session.commit()
            assert len(list(session.scalars(select(_NOTES.c.text)))) == 2
    finally:
        engine.dispose()
