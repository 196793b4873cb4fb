"""The queue's first page is read with the saved sign-in, while the window is still built."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from saved_sign_in_desk import desk_signed_in_before
from shell_fakes import FakeBackend

import reviewdesk.ui.desk_app as desk_app_module
from reviewdesk.api.models import CasePage
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.errors import ServiceUnavailable
from reviewdesk.domain.enums import Category
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.desk_app import (
    OPENING_FIRST_CASE,
    READING_POLICY,
    READING_QUEUE,
    SIGNING_IN,
    Desk,
    read_first_page,
)
from reviewdesk.ui.error_banner import BannerSource
from reviewdesk.ui.queue_loader import PAGE_SIZE, Answer, EarlyPage, QueueLoader
from reviewdesk.ui.queue_model import QueueModel
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.tasks import TaskRunner

URL = "http://127.0.0.1:9"


class ResumedBackend(FakeBackend):
    """The fake service, as the session the saved sign-in resumes."""

    base_url = URL
    token = "resumed-token"


def _calls(backend: FakeBackend, method: str) -> list[tuple[str, str]]:
    return [call for call in backend.calls if call[0] == method]


@pytest.fixture
def resumed(monkeypatch: pytest.MonkeyPatch) -> ResumedBackend:
    backend = ResumedBackend()
    monkeypatch.setattr(
        desk_app_module, "resume_saved_session", lambda _store, _url, _username: backend
    )
    return backend


@pytest.fixture
def made_desk(
    qtbot: QtBot, desk_settings: DeskSettings, tmp_path: Path, resumed: ResumedBackend
) -> Iterator[Desk]:
    with desk_signed_in_before(qtbot, desk_settings, tmp_path, URL, "agent") as desk:
        yield desk


def test_the_first_page_case_and_policy_are_read_before_start_and_not_asked_again(
    qtbot: QtBot, made_desk: Desk, resumed: ResumedBackend
) -> None:
    early = [("list_cases", ""), ("get_case", "case-000"), ("get_member_history", "m-0")]
    qtbot.waitUntil(lambda: set(early) | {("get_policy", "")} <= set(resumed.calls), timeout=5000)
    assert made_desk.connection is None  # read while the window was still being built
    assert [call for call in resumed.calls if call[0] != "get_policy"] == early
    made_desk.start()
    window = made_desk.window
    qtbot.waitUntil(lambda: window.case_view.case_id() == "case-000", timeout=5000)
    assert window.queue_model.rowCount() == len(resumed.cases)
    loader = window.case_loader
    assert loader is not None
    qtbot.waitUntil(lambda: loader.claimed_case_id == "case-000", timeout=5000)
    assert _calls(resumed, "list_cases") == [("list_cases", "")]
    assert _calls(resumed, "get_policy") == [("get_policy", "")]
    assert window.policy_panel.selector.count() > 0  # the case's clauses, from it
    # Shown from memory (the cases after it are read ahead once it is on screen).
    assert resumed.calls.count(("get_case", "case-000")) == 1
    assert _calls(resumed, "claim") == [("claim", "case-000")]  # the claim still goes out


def test_an_early_read_that_fails_is_reported_as_the_window_s_own_and_retried(
    qtbot: QtBot, desk_settings: DeskSettings, tmp_path: Path, resumed: ResumedBackend
) -> None:
    resumed.failures["list_cases"] = ServiceUnavailable("The service is restarting.")
    resumed.failures["get_policy"] = ServiceUnavailable("The service is restarting.")
    with desk_signed_in_before(qtbot, desk_settings, tmp_path, URL, "agent") as desk:
        _report_and_retry(qtbot, desk, resumed)


def _report_and_retry(qtbot: QtBot, desk: Desk, resumed: ResumedBackend) -> None:
    desk.start()
    window = desk.window
    banner = window.banner
    for source in (BannerSource.QUEUE, BannerSource.POLICY):
        qtbot.waitUntil(lambda s=source: banner.message_for(s) is not None, timeout=5000)
        assert "restarting" in (banner.message_for(source) or "")
    assert _calls(resumed, "list_cases") == [("list_cases", "")]  # not asked again unseen
    assert _calls(resumed, "get_policy") == [("get_policy", "")]
    assert window.queue_model.rowCount() == 0
    loader = window.queue_loader
    assert loader is not None
    loader.reload()  # as F5 does
    qtbot.waitUntil(lambda: window.case_view.case_id() == "case-000", timeout=5000)
    assert len(_calls(resumed, "list_cases")) == 2


def test_an_early_page_of_another_filter_is_not_shown(qtbot: QtBot, runner: TaskRunner) -> None:
    backend = FakeBackend()
    other = CaseFilter(categories=(Category.SPAM,))
    stale = backend.list_cases(other, None, PAGE_SIZE)
    assert 0 < len(stale.items) < len(backend.cases)
    backend.calls.clear()
    model = QueueModel()
    loader = QueueLoader(runner, Connection(backend, URL), model)
    with qtbot.waitSignal(loader.reloaded, timeout=5000):
        loader.reload(CaseFilter(), EarlyPage(other, PAGE_SIZE, Answer(stale)))
    assert _calls(backend, "list_cases") == [("list_cases", "")]
    assert model.rowCount() == len(backend.cases)


class SlowQueueBackend(ResumedBackend):
    """The resumed session, its queue answered only once ``answer`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = threading.Event()
        self.answer = threading.Event()

    def list_cases(
        self, case_filter: CaseFilter, cursor: str | None = None, limit: int = 100
    ) -> CasePage:
        self.asked.set()
        self.answer.wait(10)
        return super().list_cases(case_filter, cursor, limit)


def test_a_slow_first_page_is_waited_for_with_words_that_say_so(
    qtbot: QtBot, desk_settings: DeskSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowQueueBackend()
    monkeypatch.setattr(desk_app_module, "resume_saved_session", lambda _s, _u, _n: slow)
    with desk_signed_in_before(qtbot, desk_settings, tmp_path, URL, "agent") as desk:
        try:
            desk.start()
            window = desk.window
            qtbot.waitUntil(slow.asked.is_set, timeout=5000)
            qtbot.wait(50)  # the window keeps working while the page is read
            assert desk.connection is None
            waiting = window.banner.message_for(BannerSource.CONNECTION) or ""
            assert "reading the queue" in waiting
            slow.answer.set()
            qtbot.waitUntil(lambda: window.case_view.case_id() == "case-000", timeout=5000)
            assert window.banner.message_for(BannerSource.CONNECTION) is None
        finally:
            slow.answer.set()  # never shut the desk down with the page still waited for


def test_the_waiting_words_follow_the_start_step_by_step(
    qtbot: QtBot, desk_settings: DeskSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = ResumedBackend()
    held = {method: threading.Event() for method in ("list_cases", "get_case", "get_policy")}
    backend.gates.update(held)
    signing_in, signed_in = threading.Event(), threading.Event()

    def resume(_store: object, _url: str, _username: str) -> ResumedBackend:
        signing_in.set()
        signed_in.wait(10)
        return backend

    monkeypatch.setattr(desk_app_module, "resume_saved_session", resume)
    with desk_signed_in_before(qtbot, desk_settings, tmp_path, URL, "agent") as desk:
        window = desk.window

        def says() -> str:
            return window.banner.message_for(BannerSource.CONNECTION) or ""

        try:
            desk.start()
            assert signing_in.wait(5)
            assert says() == SIGNING_IN
            assert window.case_view.empty_message() == SIGNING_IN
            # Each step let go in turn: the words name the next one, sent by the worker.
            for let_go, words in (
                (signed_in, READING_QUEUE),
                (held["list_cases"], OPENING_FIRST_CASE),
                (held["get_case"], READING_POLICY),
            ):
                let_go.set()
                qtbot.waitUntil(lambda words=words: says() == words, timeout=5000)
                assert window.case_view.empty_message() == words
                assert desk.connection is None, "the first reads are still waited for"
            held["get_policy"].set()
            qtbot.waitUntil(lambda: window.case_view.case_id() == "case-000", timeout=5000)
            assert window.banner.message_for(BannerSource.CONNECTION) is None
            assert window.policy_panel.selector.count() > 0  # the policy read early, shown
        finally:
            for event in (signed_in, *held.values()):
                event.set()  # never shut the desk down with a step still held


def test_the_first_reads_name_each_step_from_their_worker() -> None:
    backend = FakeBackend()
    backend.gates["get_policy"] = policy = threading.Event()
    heard: list[str] = []
    threads: set[threading.Thread] = set()

    def step(words: str) -> None:
        heard.append(words)
        threads.add(threading.current_thread())
        if words == READING_POLICY:
            policy.set()  # the policy was still on its way: let it come now

    early = read_first_page(backend, None, step)  # type: ignore[arg-type]
    assert early is not None
    assert early.catalogue is not None
    assert early.catalogue.error is None
    assert heard == [READING_QUEUE, OPENING_FIRST_CASE, READING_POLICY]
    assert threads == {threading.current_thread()}, "called where the reads are made"

    empty = FakeBackend(case_count=0)
    heard.clear()
    read_first_page(empty, None, step)  # type: ignore[arg-type]
    assert OPENING_FIRST_CASE not in heard, "no first case to open"
    assert heard[0] == READING_QUEUE


def test_a_step_the_worker_has_left_is_never_shown(qtbot: QtBot) -> None:
    """The fast start: steps heard after the worker moved on cost no words on screen."""
    early = desk_app_module._EarlyResume(URL, "agent")
    shown: list[str] = []
    early.watch(shown.append)

    def worker(*steps: str, done: bool) -> None:
        thread = threading.Thread(
            target=lambda: ([early.report(step) for step in steps], done and early.finished())
        )
        thread.start()
        thread.join()

    worker(READING_QUEUE, OPENING_FIRST_CASE, done=False)
    qtbot.waitUntil(lambda: shown == [OPENING_FIRST_CASE], timeout=5000)
    assert early.step == OPENING_FIRST_CASE  # the queue's step was left before it was heard
    worker(READING_POLICY, done=True)
    qtbot.wait(50)  # the step is heard: the worker is done, so it is not shown
    assert shown == [OPENING_FIRST_CASE]
