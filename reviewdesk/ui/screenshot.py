"""``--screenshot FILE.png``: wait until the first case is fully shown, grab, exit.

"Fully shown" means the case detail, the member's history, the policy
clauses and every attachment image (decoded or failed) have arrived. The
grab also waits (at most :data:`OUTBOX_PATIENCE_MS`) for the outbox, which
opens after the first case, so the status bar shows its real state rather
than "Outbox: opening…". A timeout or a start-up failure ends the run with a
message and a non-zero code.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from reviewdesk.ui.desk_app import Desk

SCREENSHOT_SIZE = (1920, 1080)
#: Time the layout gets to settle after the last part of the case arrived.
SETTLE_MS = 300
#: Longest wait (ms) for the outbox to open and count once the case is shown.
OUTBOX_PATIENCE_MS = 10_000

EXIT_OK = 0
EXIT_FAILED = 2
EXIT_TIMEOUT = 3


class ScreenshotJob(QObject):
    """Grabs the desk's window to a PNG once the first case is on screen."""

    #: The job is over: the exit code.
    done = Signal(int)

    def __init__(self, desk: Desk, path: str, timeout_s: float) -> None:
        super().__init__(desk)
        self._desk = desk
        self._path = Path(path)
        self._finished = False
        self._grab_planned = False
        #: True while the case is shown and the grab waits for the outbox to open.
        self.waiting_for_outbox = False
        desk.window.resize(*SCREENSHOT_SIZE)
        desk.ready.connect(self._on_ready)
        desk.failed.connect(self._fail)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._timer.start(int(timeout_s * 1000))

    def _on_ready(self) -> None:
        window = self._desk.window
        assert window.case_loader is not None
        assert window.queue_loader is not None
        window.case_loader.fully_shown.connect(self._settle)
        window.case_loader.detail_failed.connect(
            lambda error: self._fail(f"The first case could not be opened: {error}")
        )
        window.queue_loader.reloaded.connect(self._on_queue_loaded)
        window.queue_loader.failed.connect(
            lambda error, _retry: self._fail(f"The queue could not be loaded: {error}")
        )

    def _on_queue_loaded(self) -> None:
        if self._desk.window.queue_model.rowCount() == 0:
            self._settle()

    def _settle(self, _case_id: str = "") -> None:
        if self._finished or self._grab_planned or self.waiting_for_outbox:
            return
        presenter = self._desk.window.outbox_presenter
        if presenter is not None and presenter.opening:
            self.waiting_for_outbox = True
            outbox = self._desk.outbox
            outbox.counts_changed.connect(self._outbox_settled)
            outbox.open_failed.connect(self._outbox_settled)
            QTimer.singleShot(OUTBOX_PATIENCE_MS, self, self._outbox_settled)
            return
        self._plan_grab()

    def _outbox_settled(self, *_args: object) -> None:
        """The outbox counted its decisions, failed to open, or patience ran out."""
        if self.waiting_for_outbox:
            self.waiting_for_outbox = False
            self._plan_grab()

    def _plan_grab(self) -> None:
        if not self._finished and not self._grab_planned:
            self._grab_planned = True
            QTimer.singleShot(SETTLE_MS, self, self._grab)

    def _grab(self) -> None:
        if self._finished:
            return
        window = self._desk.window
        if (window.width(), window.height()) != SCREENSHOT_SIZE:
            window.resize(*SCREENSHOT_SIZE)
        image = window.grab()
        if not image.save(str(self._path), "PNG"):
            self._fail(f"The screenshot could not be written to {self._path}.")
            return
        print(f"Wrote {self._path} ({image.width()}x{image.height()}).")
        self._finish(EXIT_OK)

    def _on_timeout(self) -> None:
        if not self._finished:
            print(
                "Timed out waiting for the first case to be fully shown; no screenshot written.",
                file=sys.stderr,
            )
            self._finish(EXIT_TIMEOUT)

    def _fail(self, message: str) -> None:
        if not self._finished:
            print(message, file=sys.stderr)
            self._finish(EXIT_FAILED)

    def _finish(self, code: int) -> None:
        self._finished = True
        self._timer.stop()
        self.done.emit(code)
