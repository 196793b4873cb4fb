"""Fixtures of the shell's UI tests: a task runner that is always shut down, private settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pytestqt.qtbot import QtBot
from shell_harness import GatedOpen

from reviewdesk.ui import desk_outbox
from reviewdesk.ui.settings import DeskSettings, open_settings
from reviewdesk.ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A task runner whose workers have all finished when the test ends."""
    task_runner = TaskRunner()
    yield task_runner
    assert task_runner.shutdown(10_000), "a worker was still running at the end of the test"


@pytest.fixture
def desk_settings(tmp_path: Path) -> DeskSettings:
    """Settings in a private INI file of the test."""
    return open_settings(str(tmp_path / "desk.ini"))


@pytest.fixture
def gated_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[GatedOpen]:
    """The desk's database opens only once the test sets ``gated_open.gate``."""
    gated = GatedOpen()
    monkeypatch.setattr(desk_outbox, "_open_database", gated)
    yield gated
    gated.gate.set()  # never leave a worker waiting
