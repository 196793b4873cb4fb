"""What the end-to-end tests share: demo accounts, the server clock and handle, key helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fault_proxy import FaultProxy
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import CaseSummary
from reviewdesk.backends.http import HttpBackend
from reviewdesk.queue.retry_policy import RetryPolicy
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.main_window import MainWindow

OPEN_CASES = 24
#: Delivery retries within a test's patience.
FAST_RETRIES = RetryPolicy(base_s=0.05, cap_s=0.5)
AGENT = ("agent", "agent-demo")
AGENT2 = ("agent2", "agent2-demo")
SENIOR = ("senior", "senior-demo")
#: How long a test waits for the desk to show what the service answered (ms).
WAIT_MS = 20_000
#: How long a test waits for the desk's own database to open (ms): a new file's
#: creation (Alembic's migrations, each commit synced) can take seconds under load.
OUTBOX_OPEN_MS = 60_000


class MovableClock:
    """The server's clock: real time plus an offset a test can move forward."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@dataclass
class RunningService:
    """A seeded reference server the test controls."""

    server: EmbeddedServer
    url: str
    clock: MovableClock

    def sign_in(self, account: tuple[str, str]) -> HttpBackend:
        """A client of the service as ``account`` (for checking what was recorded)."""
        return HttpBackend.login(self.url, *account)


@dataclass
class ProxiedService(RunningService):
    """The seeded server seen through a fault proxy: ``url`` is the proxy's."""

    proxy: FaultProxy
    upstream: RunningService


@contextmanager
def proxied(service: RunningService) -> Iterator[ProxiedService]:
    """``service`` with a fault proxy in front of it; the proxy stops on exit.

    A module overrides the e2e ``service`` fixture with this, so the shared
    ``desk`` fixture signs in and works through the proxy unchanged, while
    ``upstream`` reaches the server directly.
    """
    with FaultProxy(service.url) as proxy:
        yield ProxiedService(service.server, proxy.url, service.clock, proxy, service)


def press(
    qtbot: QtBot,
    window: MainWindow,
    key: str | Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key press where the keyboard focus is, as a moderator's key would land."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def current_case(window: MainWindow) -> str | None:
    """The id of the case shown in full (None while none is)."""
    return window.case_view.case_id()


def cases_after(window: MainWindow, case_id: str, count: int) -> list[CaseSummary]:
    """The ``count`` queue rows right after ``case_id``'s, in queue order."""
    row = window.queue_model.row_of(case_id)
    assert row is not None, f"case {case_id} is not in the queue"
    following = [window.queue_model.summary(row + step) for step in range(1, count + 1)]
    assert all(summary is not None for summary in following), "the queue is too short"
    return [summary for summary in following if summary is not None]


def wait_until_decidable(qtbot: QtBot, window: MainWindow) -> str:
    """Wait for the open case to be shown in full and claimed; return its id."""
    loader = window.case_loader
    assert loader is not None
    qtbot.waitUntil(lambda: current_case(window) is not None, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (
            loader.claimed_case_id == current_case(window)
            and window.policy_panel.current_clause_id() is not None
        ),
        timeout=WAIT_MS,
    )
    case_id = current_case(window)
    assert case_id is not None
    return case_id


def wait_outbox_open(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the desk's own database is open, so a decision is saved with one write.

    The database opens after the first case is painted. A test deciding
    right after it would otherwise wait, for the decision and the next case,
    on a new file's creation as well; tests whose subject is deciding while
    the database still opens do not call this.
    """
    outbox = window.outbox
    assert outbox is not None
    qtbot.waitUntil(lambda: outbox.is_open, timeout=OUTBOX_OPEN_MS)


def without_prefetch(desk: Desk) -> Desk:
    """``desk`` reading no case ahead: every case opens over the network (for fault tests)."""
    planner = desk.window.prefetch
    assert planner is not None
    planner.set_ahead(0)
    return desk
