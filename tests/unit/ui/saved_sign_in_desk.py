"""A whole desk (``Desk``), over a saved sign-in or none, closed and shut down afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring.backends.null
from pytestqt.qtbot import QtBot

from reviewdesk.store.secrets import TokenStore
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.start_options import StartOptions


@contextmanager
def desk_signed_in_before(
    qtbot: QtBot, settings: DeskSettings, directory: Path, url: str, username: str
) -> Iterator[Desk]:
    """The desk for ``username`` at ``url`` (its database in ``directory``), made, not started."""
    settings.service_url = url
    settings.username = username
    store = TokenStore(backend=keyring.backends.null.Keyring())
    desk = Desk(
        StartOptions(url=url, database=str(directory / "desk.sqlite3")),
        settings,
        token_store_factory=lambda: store,
    )
    qtbot.addWidget(desk.window)
    try:
        yield desk
    finally:
        desk.window.close()
        desk.shutdown()


#: A loopback address where no service listens.
NOWHERE_URL = "http://127.0.0.1:9"


@contextmanager
def desk_without_sign_in(qtbot: QtBot, settings: DeskSettings, directory: Path) -> Iterator[Desk]:
    """A desk with no saved sign-in to read and no service behind it, made, not started."""
    with desk_signed_in_before(qtbot, settings, directory, NOWHERE_URL, "") as desk:
        yield desk
