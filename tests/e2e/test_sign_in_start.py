"""Starting the desk against a real service without a saved sign-in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from e2e_support import AGENT, RunningService
from keyring.backends import null
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewdesk.store.secrets import TokenStore
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.settings import DeskSettings, open_settings
from reviewdesk.ui.sign_in import SignInDialog
from reviewdesk.ui.start_options import StartOptions

pytestmark = pytest.mark.e2e


@contextmanager
def start_desk(
    qtbot: QtBot, service: RunningService, settings: DeskSettings, store: TokenStore
) -> Iterator[Desk]:
    desk = Desk(StartOptions(url=service.url), settings, token_store_factory=lambda: store)
    qtbot.addWidget(desk.window)
    desk.start()
    try:
        yield desk
    finally:
        desk.window.close()
        desk.shutdown()


def sign_in_through_the_dialog(qtbot: QtBot, desk: Desk) -> SignInDialog:
    qtbot.waitUntil(lambda: desk.sign_in_dialog is not None, timeout=10_000)
    dialog = desk.sign_in_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    dialog.username_edit.setText(AGENT[0])
    dialog.password_edit.setFocus()
    qtbot.keyClicks(dialog.password_edit, AGENT[1])
    with qtbot.waitSignal(desk.ready, timeout=15_000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    return dialog


@pytest.fixture
def settings(tmp_path: Path) -> DeskSettings:
    return open_settings(str(tmp_path / "desk.ini"))


def test_signing_in_remembers_url_and_user_and_saves_the_token(
    qtbot: QtBot, service: RunningService, settings: DeskSettings
) -> None:
    store = TokenStore()
    with start_desk(qtbot, service, settings, store) as desk:
        dialog = sign_in_through_the_dialog(qtbot, desk)
        assert dialog.url_edit.text() == service.url, "--url prefills the dialog"
        qtbot.waitUntil(lambda: store.load(service.url, AGENT[0]) is not None, timeout=5000)
        assert desk.window.moderator_label.text().startswith("Signed in as")
        qtbot.waitUntil(lambda: desk.window.case_view.case_id() is not None, timeout=20_000)
    assert settings.service_url == service.url
    assert settings.username == AGENT[0]
    assert AGENT[1] not in Path(settings._settings.fileName()).read_text(encoding="utf-8")

    # The next start uses the saved token: no dialog.
    with start_desk(qtbot, service, settings, store) as desk:
        qtbot.waitSignal(desk.ready, timeout=15_000).wait()
        assert desk.sign_in_dialog is None


def test_without_a_keyring_the_dialog_says_the_sign_in_is_not_kept(
    qtbot: QtBot, service: RunningService, settings: DeskSettings
) -> None:
    store = TokenStore(backend=null.Keyring())
    assert not store.persistent
    with start_desk(qtbot, service, settings, store) as desk:
        dialog = sign_in_through_the_dialog(qtbot, desk)
        assert store.warning is not None
        assert dialog.notice_label.text() == store.warning
