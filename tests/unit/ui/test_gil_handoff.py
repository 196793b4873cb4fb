"""The desk shortens the interpreter's switch interval, so a busy worker hands the GUI thread
the interpreter lock back soon."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from saved_sign_in_desk import desk_without_sign_in

from reviewdesk.ui import gil_handoff
from reviewdesk.ui.settings import DeskSettings


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
    with desk_without_sign_in(qtbot, desk_settings, tmp_path):
        assert sys.getswitchinterval() == pytest.approx(gil_handoff.SWITCH_INTERVAL_S)
