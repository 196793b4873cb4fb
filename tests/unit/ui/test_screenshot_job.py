"""``--screenshot`` grabs the window only once the outbox has opened (bounded), not before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPixmap
from pytestqt.qtbot import QtBot
from shell_fakes import FakeBackend
from shell_harness import GatedOpen, Harness, opened_desk

from reviewdesk.ui.desk_outbox import DeskOutbox
from reviewdesk.ui.main_window import MainWindow
from reviewdesk.ui.outbox_presenter import OUTBOX_OPENING
from reviewdesk.ui.screenshot import EXIT_OK, ScreenshotJob
from reviewdesk.ui.tasks import TaskRunner


class StandInDesk(QObject):
    """What the job uses of a Desk: its window, its outbox and its two signals."""

    ready = Signal()
    failed = Signal(str)

    def __init__(self, window: MainWindow, outbox: DeskOutbox) -> None:
        super().__init__()
        self.window = window
        self.outbox = outbox


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner, gated_open: GatedOpen) -> Iterator[Harness]:
    with opened_desk(qtbot, runner, FakeBackend(case_count=3)) as opened:
        try:
            yield opened
        finally:
            gated_open.gate.set()  # the outbox's worker ends before the outbox closes


def test_the_grab_waits_for_the_outbox_to_open_and_shows_its_state(
    desk: Harness, qtbot: QtBot, tmp_path: Path, gated_open: GatedOpen
) -> None:
    stand_in = StandInDesk(desk.window, desk.outbox)
    job = ScreenshotJob(stand_in, str(tmp_path / "desk.png"), timeout_s=60)  # type: ignore[arg-type]
    presenter = desk.window.outbox_presenter
    assert presenter is not None
    status_at_grab: list[str] = []
    real_grab = desk.window.grab

    def grab() -> QPixmap:
        status_at_grab.append(presenter.label.text())
        return real_grab()

    desk.window.grab = grab  # type: ignore[method-assign]
    stand_in.ready.emit()
    with qtbot.waitSignal(desk.loader.fully_shown, timeout=5000):
        pass
    assert job.waiting_for_outbox, "the case is shown, the outbox is still opening: no grab yet"
    assert presenter.label.text() == OUTBOX_OPENING
    with qtbot.waitSignal(job.done, timeout=10_000) as finished:
        gated_open.gate.set()
    assert finished.args == [EXIT_OK]
    assert status_at_grab == ["Outbox: all delivered"]
    assert (tmp_path / "desk.png").stat().st_size > 0
