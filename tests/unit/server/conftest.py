"""Fixtures of the service's tests: a fake clock and a real service per test.

The community is seeded once per session into a template SQLite file; each
test gets its own copy, served by uvicorn on loopback (a free port) and
stopped afterwards, so tests never see each other's writes and exercise the
same HTTP stack the desk talks to.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_community import NOW, FakeClock, build_community

from reviewdesk.server.app import create_app
from reviewdesk.server.db import open_database, sqlite_file_url
from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.server.runner import BackgroundServer
from reviewdesk.server.seed import seed_community
from reviewdesk.server.settings import ServerSettings


@pytest.fixture(scope="session")
def community() -> DemoCommunity:
    return build_community()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory, community: DemoCommunity) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    engine, sessions = open_database(sqlite_file_url(path))
    seed_community(sessions, community, now=NOW)
    engine.dispose()
    return path


@pytest.fixture
def database_url(tmp_path: Path, template_database: Path) -> str:
    copy = tmp_path / "service.sqlite3"
    shutil.copyfile(template_database, copy)
    return sqlite_file_url(copy)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def settings(clock: FakeClock) -> ServerSettings:
    return ServerSettings(clock=clock)


@pytest.fixture
def service_url(database_url: str, settings: ServerSettings) -> Iterator[str]:
    engine, sessions = open_database(database_url)
    runner = BackgroundServer(create_app(sessions, settings))
    try:
        yield runner.start()
    finally:
        runner.stop()
        engine.dispose()


@pytest.fixture
def client(service_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service_url, timeout=30.0) as http:
        yield http
