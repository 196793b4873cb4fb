"""The sign-in dialog, the error banner and the remembered settings."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from shell_fakes import AGENT, FakeBackend

from reviewdesk.api.models import CasePage
from reviewdesk.backends.base import Backend
from reviewdesk.backends.errors import (
    AuthenticationRequired,
    MalformedResponse,
    ServiceUnavailable,
)
from reviewdesk.backends.http import LIST_CASES
from reviewdesk.backends.http_answers import parse_answer
from reviewdesk.ui.error_banner import BannerKind, BannerSource, ErrorBanner, describe_error
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.sign_in import SignInDialog
from reviewdesk.ui.tasks import TaskRunner


class Login:
    """A sign-in function that records where it ran and can be told to refuse."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str, str]] = []
        self.refuse: Exception | None = None

    def __call__(self, url: str, username: str, password: str) -> Backend:
        self.calls.append((url, username, password, threading.current_thread().name))
        if self.refuse is not None:
            raise self.refuse
        return FakeBackend(moderator=AGENT)


def test_sign_in_runs_off_the_gui_thread_and_hands_over_the_backend(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    login = Login()
    dialog = SignInDialog(runner, login, url="http://127.0.0.1:8123", username="agent")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.password_edit, "agent-demo")
    with qtbot.waitSignal(dialog.signed_in, timeout=5000) as blocker:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert isinstance(blocker.args[0], FakeBackend)
    url, username, password, thread_name = login.calls[0]
    assert (url, username, password) == ("http://127.0.0.1:8123", "agent", "agent-demo")
    assert thread_name != threading.main_thread().name
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert dialog.password_edit.text() == "", "the password does not linger in the widget"


def test_a_refused_sign_in_says_why_and_keeps_the_dialog_open(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    login = Login()
    login.refuse = AuthenticationRequired("The username or password is wrong.")
    dialog = SignInDialog(runner, login, url="http://127.0.0.1:8123", username="agent")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText("nope")
    dialog.sign_in()
    qtbot.waitUntil(lambda: dialog.message_label.text() == "The username or password is wrong.")
    assert dialog.password_edit.isEnabled()
    assert dialog.result() != SignInDialog.DialogCode.Accepted


def test_missing_fields_are_named_without_signing_in(qtbot: QtBot, runner: TaskRunner) -> None:
    login = Login()
    dialog = SignInDialog(runner, login)
    qtbot.addWidget(dialog)
    dialog.username_edit.setText("agent")
    dialog.sign_in()
    assert dialog.message_label.text() == "Please enter the service URL and your password."
    assert login.calls == []


def test_a_storage_warning_is_shown_in_the_dialog(qtbot: QtBot, runner: TaskRunner) -> None:
    notice = "No keyring is available: you will sign in again next time."
    dialog = SignInDialog(runner, Login(), notice=notice)
    qtbot.addWidget(dialog)
    assert dialog.notice_label.text() == notice
    assert not dialog.notice_label.isHidden()


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            ServiceUnavailable("The moderation service could not be reached."),
            "The moderation service could not be reached.",
        ),
        (
            MalformedResponse("The service sent a case list the desk cannot read: items."),
            "The service sent a case list the desk cannot read: items.",
        ),
    ],
)
def test_banner_shows_service_problems_with_a_working_retry(
    qtbot: QtBot, error: Exception, expected: str
) -> None:
    banner = ErrorBanner()
    qtbot.addWidget(banner)
    retried: list[bool] = []
    banner.show_error(error, retry=lambda: retried.append(True))
    assert not banner.isHidden()
    assert banner.message == expected
    assert banner.kind is BannerKind.ERROR
    assert banner.message_label.textFormat() == Qt.TextFormat.PlainText
    assert not banner.retry_button.isHidden()
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    assert retried == [True]
    assert banner.isHidden()


def test_a_malformed_answer_is_said_in_one_sentence_not_prefixed_twice() -> None:
    with pytest.raises(MalformedResponse) as raised:
        parse_answer(CasePage, b'{"total": 3}', LIST_CASES)  # as the HTTP backend reads it
    sentence = describe_error(raised.value)
    assert sentence.startswith("The service sent a case list the desk cannot read: items")
    assert sentence.count("cannot read") == 1
    assert sentence.count("The service sent") == 1


def test_each_source_keeps_its_own_message_and_only_its_success_clears_it(qtbot: QtBot) -> None:
    banner = ErrorBanner()
    qtbot.addWidget(banner)
    retried: list[str] = []
    banner.show_error(
        ServiceUnavailable("Could not load the case list."),
        lambda: retried.append("queue"),
        BannerSource.QUEUE,
    )
    banner.show_error(
        MalformedResponse("The service sent a case the desk cannot read: reports."),
        lambda: retried.append("case"),
        BannerSource.CASE,
    )
    assert banner.message.startswith("The service sent a case")
    assert banner.source == BannerSource.CASE

    banner.clear_source(BannerSource.POLICY)  # nothing of the policy to clear
    assert banner.source == BannerSource.CASE
    banner.clear_source(BannerSource.CASE)  # the case loaded after all
    assert banner.message == "Could not load the case list.", "the queue is still broken"
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    assert retried == ["queue"], "Retry belongs to the message shown"
    assert banner.isHidden()

    banner.show_message("Queue down again.", source=BannerSource.QUEUE)
    banner.show_message("Queue down, third time.", source=BannerSource.QUEUE)
    banner.close_button.click()
    assert banner.isHidden(), "a newer message of a source replaces its older one"


def test_banner_without_retry_has_no_retry_button(qtbot: QtBot) -> None:
    banner = ErrorBanner()
    qtbot.addWidget(banner)
    banner.show_error(ServiceUnavailable("The service did not answer in time."))
    assert banner.retry_button.isHidden()
    banner.close_button.click()
    assert banner.isHidden()
    assert banner.message == ""


def test_settings_remember_url_and_user_but_no_password(desk_settings: DeskSettings) -> None:
    desk_settings.service_url = "https://moderation.example.org"
    desk_settings.username = "agent"
    desk_settings.set_key_override("case.next", ("L", "Down"))
    desk_settings.sync()
    assert desk_settings.service_url == "https://moderation.example.org"
    assert desk_settings.key_overrides() == {"case.next": ("L", "Down")}
    stored = desk_settings._settings.fileName()
    with open(stored, encoding="utf-8") as handle:
        text = handle.read()
    assert "agent" in text
    assert "password" not in text.lower()


def test_a_message_behind_a_newer_one_can_still_be_read_by_its_source(qtbot: QtBot) -> None:
    banner = ErrorBanner()
    qtbot.addWidget(banner)
    banner.show_message("Offline.", BannerKind.WARNING, source=BannerSource.OFFLINE)
    banner.show_message("The case could not be opened.", source=BannerSource.CASE)
    assert banner.source == BannerSource.CASE
    assert banner.message_for(BannerSource.OFFLINE) == "Offline."
    assert banner.message_for(BannerSource.DELIVERY) is None
    banner.clear_source(BannerSource.OFFLINE)
    assert banner.message_for(BannerSource.OFFLINE) is None
