"""The saved sign-in is read while the window is built, for the service and user started with."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from saved_sign_in_desk import desk_signed_in_before

import reviewdesk.ui.desk_app as desk_app_module
from reviewdesk.backends.http import HttpBackend
from reviewdesk.store.secrets import TokenStore
from reviewdesk.ui.desk_app import NOT_SIGNED_IN, WAITING_FOR_SIGN_IN, Desk
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.sign_in import SignInDialog

URL = "http://127.0.0.1:9"


class Resumes:
    """Stands in for reading the saved sign-in: records each read, finds no session."""

    def __init__(self) -> None:
        self.reads: list[tuple[str, str]] = []
        self.first_read = threading.Event()

    def __call__(self, _store: TokenStore, url: str, username: str) -> HttpBackend | None:
        self.reads.append((url, username))
        self.first_read.set()
        return None


@pytest.fixture
def resumes(monkeypatch: pytest.MonkeyPatch) -> Resumes:
    recorded = Resumes()
    monkeypatch.setattr(desk_app_module, "resume_saved_session", recorded)
    return recorded


@pytest.fixture
def made_desk(
    qtbot: QtBot, desk_settings: DeskSettings, tmp_path: Path, resumes: Resumes
) -> Iterator[Desk]:
    with desk_signed_in_before(qtbot, desk_settings, tmp_path, URL, "ana") as desk:
        yield desk


def _dialog(desk: Desk) -> SignInDialog | None:
    return next((d for d in desk.window.findChildren(SignInDialog) if d.isVisible()), None)


def test_the_saved_sign_in_is_read_before_start_and_used_once(
    qtbot: QtBot, made_desk: Desk, resumes: Resumes
) -> None:
    assert resumes.first_read.wait(5), "the saved sign-in was not read while the window was built"
    made_desk.start()
    qtbot.waitUntil(lambda: _dialog(made_desk) is not None, timeout=5000)
    assert resumes.reads == [(URL, "ana")]
    dialog = _dialog(made_desk)
    assert dialog is not None
    assert dialog.username_edit.text() == "ana"
    # Behind the dialog the window says what it waits for: the moderator, not a sign-in.
    assert made_desk.window.banner.message == WAITING_FOR_SIGN_IN
    assert made_desk.window.case_view.empty_label.text() == WAITING_FOR_SIGN_IN
    assert made_desk.window.queue_panel.count_label.text() == NOT_SIGNED_IN  # not "Loading…"


def test_a_username_changed_before_start_is_the_one_signed_in(
    qtbot: QtBot, made_desk: Desk, resumes: Resumes
) -> None:
    assert resumes.first_read.wait(5)
    made_desk.settings.username = "bo"
    made_desk.start()
    qtbot.waitUntil(lambda: _dialog(made_desk) is not None, timeout=5000)
    assert resumes.reads == [(URL, "ana"), (URL, "bo")]
    dialog = _dialog(made_desk)
    assert dialog is not None
    assert dialog.username_edit.text() == "bo"
