"""The desk shortens the interpreter's switch interval, so a busy worker hands the GUI thread
the interpreter lock back soon."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import keyring.backends.null
import pytest
from pytestqt.qtbot import QtBot

from reviewdesk.store.secrets import TokenStore
from reviewdesk.ui import gil_handoff
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.start_options import StartOptions


@pytest.fixture
def interval() -> Iterator[None]:
    """Leave the switch interval as the test found it."""
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


def test_apply_shortens_the_default_interval_and_never_lengthens_a_shorter_one(
    interval: None,
) -> None:
    sys.setswitchinterval(0.005)
    gil_handoff.apply()
    assert sys.getswitchinterval() == pytest.approx(gil_handoff.SWITCH_INTERVAL_S)
    sys.setswitchinterval(0.0002)
    gil_handoff.apply()
    assert sys.getswitchinterval() == pytest.approx(0.0002)


def test_a_desk_shortens_the_interval_when_it_is_made(
    qtbot: QtBot, desk_settings: DeskSettings, tmp_path: Path, interval: None
) -> None:
    sys.setswitchinterval(0.005)
    store = TokenStore(backend=keyring.backends.null.Keyring())
    desk_settings.service_url = "http://127.0.0.1:9"
    desk_settings.username = ""  # no saved sign-in to read
    desk = Desk(
        StartOptions(database=str(tmp_path / "desk.sqlite3")),
        desk_settings,
        token_store_factory=lambda: store,
    )
    qtbot.addWidget(desk.window)
    try:
        assert sys.getswitchinterval() == pytest.approx(gil_handoff.SWITCH_INTERVAL_S)
    finally:
        desk.window.close()
        desk.shutdown()
