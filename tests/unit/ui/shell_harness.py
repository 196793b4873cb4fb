"""The main window attached to the in-memory service, shown, active and driven by keys."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shell_fakes import NOW, FakeBackend

from reviewdesk.queue.retry_policy import RetryPolicy
from reviewdesk.store.local_db import LocalDatabase, open_local_database
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.desk_outbox import DeskOutbox
from reviewdesk.ui.main_window import MainWindow
from reviewdesk.ui.tasks import TaskRunner
from reviewdesk.ui.typing_guard import install_typing_guard

#: Retries within a test's patience.
FAST_RETRIES = RetryPolicy(base_s=0.02, cap_s=0.2)
#: How long a test waits for the outbox's database to open (ms): creating a new
#: file (Alembic's migrations, each commit synced) can take seconds on a loaded machine.
OUTBOX_OPEN_PATIENCE_MS = 30_000


class GatedOpen:
    """Replaces the desk database's opening with one that waits for :attr:`gate`.

    Installed by the ``gated_open`` fixture (conftest.py).
    """

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()

    def __call__(self, path: Path | None) -> LocalDatabase:
        self.started.set()
        self.gate.wait(10)
        return open_local_database(path)


class RecordingReauthenticator:
    """Signs in again at once with ``backend``; counts how often it was asked."""

    def __init__(self, backend: FakeBackend) -> None:
        self.backend = backend
        self.asked = 0

    def reauthenticate(self, connection: Connection) -> None:
        self.asked += 1
        connection.replace(self.backend)


class Harness:
    """A shown, active main window attached to a fake service, driven by keys.

    Without a ``database`` the outbox gets a new file in a temporary directory
    of its own, removed by :meth:`close`.
    """

    def __init__(
        self,
        qtbot: QtBot,
        runner: TaskRunner,
        backend: FakeBackend,
        database: Path | None = None,
        prefetch: bool = True,
    ) -> None:
        self.qtbot = qtbot
        self.backend = backend
        self.window = MainWindow(runner, clock=lambda: NOW)
        qtbot.addWidget(self.window)
        self.window.resize(1600, 900)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        qtbot.waitUntil(self.window.isActiveWindow, timeout=3000)
        self.reauth = RecordingReauthenticator(backend)
        self.connection = Connection(backend, "http://127.0.0.1:9")
        #: The temporary directory holding the outbox's database (None: the caller's file).
        self.scratch: Path | None = None
        if database is None:
            self.scratch = Path(tempfile.mkdtemp(prefix="reviewdesk-shell-"))
            database = self.scratch / "desk.sqlite3"
        # As in the desk: the outbox has a worker of its own, never held behind a case switch.
        self.outbox_runner = TaskRunner(max_threads=1)
        self.outbox = DeskOutbox(self.outbox_runner, database, policy=FAST_RETRIES)
        self.window.attach(self.connection, self.reauth, self.outbox)
        if not prefetch and self.window.prefetch is not None:
            self.window.prefetch.set_ahead(0)  # every case opens over the network
        assert self.window.case_loader is not None
        self.loader = self.window.case_loader

    def wait_case(self, case_id: str) -> None:
        self.qtbot.waitUntil(lambda: self.window.case_view.case_id() == case_id, timeout=5000)
        self.qtbot.waitUntil(lambda: self.loader.claimed_case_id == case_id, timeout=5000)

    def wait_outbox_open(self) -> None:
        """Wait until the outbox's database is open, so decisions are saved with one write.

        The database opens after the first case is painted (or at the first
        decision). A test deciding right after its first case would otherwise
        wait, for the next case or the decision's delivery, on a new file's
        creation as well as on its own write: seconds on a loaded machine,
        beyond a test's usual patience. Tests whose subject is deciding while
        the database still opens (test_start_outbox_after_first_case.py) do
        not call this.
        """
        self.qtbot.waitUntil(lambda: self.outbox.is_open, timeout=OUTBOX_OPEN_PATIENCE_MS)

    def close(self) -> None:
        """Close the window and the outbox, wait for the outbox's worker, remove the scratch.

        The temporary directory goes even when the worker is still running
        (the assertion then fails the test).
        """
        try:
            self.window.close()
            self.outbox.close()
            assert self.outbox_runner.shutdown(10_000), "an outbox task was still running"
        finally:
            if self.scratch is not None:
                shutil.rmtree(self.scratch, ignore_errors=True)

    def press(
        self, key: str | Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        target = QApplication.focusWidget() or self.window
        self.qtbot.keyClick(target, key, modifier)


@contextmanager
def opened_desk(
    qtbot: QtBot,
    runner: TaskRunner,
    backend: FakeBackend,
    database: Path | None = None,
    prefetch: bool = True,
) -> Iterator[Harness]:
    """The window over ``backend`` with the desk's typing guard, closed afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_typing_guard(app)
    opened = Harness(qtbot, runner, backend, database, prefetch)
    try:
        yield opened
    finally:
        opened.close()


def wait_read_ahead(qtbot: QtBot, desk: Harness, case_id: str) -> None:
    """Wait until ``case_id`` is read ahead and the prefetcher has nothing under way."""
    planner = desk.window.prefetch
    assert planner is not None
    qtbot.waitUntil(lambda: case_id in planner.prefetcher.cache, timeout=5000)
    qtbot.waitUntil(lambda: not planner.prefetcher.busy, timeout=5000)
