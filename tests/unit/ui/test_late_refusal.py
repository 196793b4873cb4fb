"""A 401 that answers a request of the session replaced since: no second sign-in, nothing lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from samples import png_bytes
from shell_fakes import FakeBackend
from shell_harness import Harness, opened_desk

from reviewdesk.backends.errors import AuthenticationRequired
from reviewdesk.ui.case.attachments_model import LoadState
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.error_banner import BannerSource
from reviewdesk.ui.tasks import TaskRunner

IMAGES = {"first": png_bytes(64, 40, "red"), "second": png_bytes(64, 40, "blue")}


def refusal(sender: FakeBackend) -> AuthenticationRequired:
    return AuthenticationRequired("The session has expired. Please sign in again.", sender)


@pytest.fixture
def old() -> FakeBackend:
    """The session the desk starts with; its screenshots wait until the test lets them go."""
    backend = FakeBackend(case_count=4, attachments=IMAGES)
    backend.gates["get_attachment"] = threading.Event()
    return backend


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner, old: FakeBackend) -> Iterator[Harness]:
    with opened_desk(qtbot, runner, old, prefetch=False) as opened:
        yield opened


def sign_in_again_after_a_refused_claim(desk: Harness, old: FakeBackend) -> FakeBackend:
    """The claim's renewal is refused: the desk signs in again, with a new session."""
    new = FakeBackend(case_count=4, attachments=IMAGES)
    desk.reauth.backend = new
    old.failures["claim"] = refusal(old)
    desk.loader.claim_again()
    desk.qtbot.waitUntil(lambda: desk.connection.backend is new, timeout=5000)
    assert desk.reauth.asked == 1
    return new


def test_screenshots_refused_to_the_old_session_load_with_the_new_one_without_asking_again(
    desk: Harness, qtbot: QtBot, old: FakeBackend
) -> None:
    desk.wait_case("case-000")  # shown; its screenshots still on their way with the old token
    new = sign_in_again_after_a_refused_claim(desk, old)
    old.persistent_failures["get_attachment"] = refusal(old)
    old.gates["get_attachment"].set()  # the old requests come back now: 401

    model = desk.window.case_view.evidence.attachments_model()
    assert model is not None

    def shown() -> bool:
        return all(model.entry(r).state is LoadState.READY for r in range(model.rowCount()))

    qtbot.waitUntil(shown, timeout=5000)
    assert model.rowCount() == 2
    assert sorted(a for m, a in new.calls if m == "get_attachment") == [
        "case-000-first",
        "case-000-second",
    ]
    assert desk.reauth.asked == 1, "signed in already: the late 401 asks for nothing"
    assert not desk.connection.lost
    assert desk.window.banner.message_for(BannerSource.CONNECTION) is None
    assert desk.window.case_view.case_id() == "case-000"


def test_a_claim_refused_to_the_old_session_is_taken_with_the_new_one(
    desk: Harness, qtbot: QtBot, runner: TaskRunner, old: FakeBackend
) -> None:
    old.gates["get_attachment"].set()
    desk.wait_case("case-000")
    old.gates["claim"] = gate = threading.Event()
    desk.loader.claim_again()  # sent with the old token (taken now), answered late
    new = FakeBackend(case_count=4, attachments=IMAGES)
    desk.reauth.backend = new
    desk.connection.replace(new)  # signed in again meanwhile (as the dialog does)
    old.failures["claim"] = refusal(old)
    gate.set()
    qtbot.waitUntil(lambda: ("claim", "case-000") in old.calls[-1:], timeout=5000)
    qtbot.waitUntil(lambda: runner.pending_count() == 0, timeout=5000)  # its 401 was handled
    assert new.claims.get("case-000") == "agent"
    assert desk.reauth.asked == 0, "nobody is asked to sign in again"
    assert not desk.connection.lost
    assert desk.loader.claimed_case_id == "case-000"


def test_only_a_refusal_of_the_current_session_ends_it(qtbot: QtBot) -> None:
    old, new = FakeBackend(case_count=1), FakeBackend(case_count=1)
    connection = Connection(old, "http://127.0.0.1:9")
    connection.replace(new)
    retried: list[str] = []
    with qtbot.assertNotEmitted(connection.authentication_lost):
        assert connection.check_error(refusal(old), lambda: retried.append("again"))
    assert retried == ["again"], "a stale refusal is sent again"
    assert connection.is_stale(refusal(old))
    assert not connection.lost
    with qtbot.waitSignal(connection.authentication_lost, timeout=1000):
        assert connection.check_error(refusal(new), lambda: retried.append("wrong"))
    assert retried == ["again"], "a refusal of the session in use is not sent again"
    assert connection.lost
    # A refusal that names no sender is taken as the current session's (as before).
    assert not connection.is_stale(AuthenticationRequired("expired"))
