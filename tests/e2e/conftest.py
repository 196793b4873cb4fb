"""The real reference server on loopback and the real desk signed in to it.

Each test gets a freshly seeded server (127.0.0.1, a free port, a clock the
test can move forward) and the desk started the way ``reviewdesk --url``
starts it: from the token saved in the (test) keyring for the remembered
service and username.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import AGENT, FAST_RETRIES, OPEN_CASES, MovableClock, RunningService
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewdesk.server.demo.generator import generate_community
from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.server.embedded import EmbeddedServer
from reviewdesk.server.settings import ServerSettings
from reviewdesk.store.secrets import TokenStore
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.settings import open_settings
from reviewdesk.ui.start_options import StartOptions
from reviewdesk.ui.typing_guard import install_typing_guard


@pytest.fixture(scope="session")
def community() -> DemoCommunity:
    """A small demo community, generated once."""
    return generate_community(seed=11, open_cases=OPEN_CASES)


@pytest.fixture
def service(community: DemoCommunity) -> Iterator[RunningService]:
    """A freshly seeded server on 127.0.0.1, stopped when the test ends."""
    clock = MovableClock()
    server = EmbeddedServer(community, settings=ServerSettings(clock=clock))
    url = server.start()
    assert url.startswith("http://127.0.0.1:")
    try:
        yield RunningService(server, url, clock)
    finally:
        server.stop()


@pytest.fixture
def desk(qtbot: QtBot, service: RunningService, tmp_path: Path) -> Iterator[Desk]:
    """The real desk, signed in as the demo agent from its saved token, window active."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_typing_guard(app)
    settings = open_settings(str(tmp_path / "desk.ini"))
    settings.service_url = service.url
    settings.username = AGENT[0]
    # Decisions go out at once; tests of the grace time and undo set their own.
    settings.decision_grace_seconds = 0
    store = TokenStore()
    with service.sign_in(AGENT) as backend:
        store.save(service.url, AGENT[0], backend.token)
    started = Desk(
        StartOptions(url=service.url, database=str(tmp_path / "desk.sqlite3")),
        settings,
        token_store_factory=lambda: store,
        retry_policy=FAST_RETRIES,
    )
    qtbot.addWidget(started.window)
    started.window.resize(1920, 1080)
    with qtbot.waitSignal(started.ready, timeout=15_000):
        started.start()
    qtbot.waitExposed(started.window)
    started.window.activateWindow()
    qtbot.waitUntil(started.window.isActiveWindow, timeout=5000)
    try:
        yield started
    finally:
        started.window.close()
        started.shutdown()
