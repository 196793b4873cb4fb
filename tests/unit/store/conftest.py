"""What the desk-database tests share: a fresh database file and a clock the test sets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_clock import Clock

from reviewdesk.store.local_db import LocalDatabase, open_local_database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[LocalDatabase]:
    """The desk's database, migrated, in the test's directory."""
    opened = open_local_database(tmp_path / "desk.sqlite3")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def clock() -> Clock:
    """A clock at 1000 s that the test moves by hand."""
    return Clock()
