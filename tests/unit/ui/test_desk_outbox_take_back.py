"""The window's outbox: decisions wait their grace, and a take-back is reported by signal."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from shell_fakes import FakeBackend

from reviewdesk.api.models import DecisionIn
from reviewdesk.domain.enums import Outcome
from reviewdesk.store.outbox import TakeBackRefused, TakenBack
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.decision_panel import DecisionDraft
from reviewdesk.ui.desk_outbox import DeskOutbox
from reviewdesk.ui.settings import DEFAULT_DECISION_GRACE_S, DeskSettings
from reviewdesk.ui.tasks import TaskRunner

CLEAR = DecisionIn(outcome=Outcome.NO_VIOLATION)


def drafts(*case_ids: str) -> list[DecisionDraft]:
    return [DecisionDraft(case_id, CLEAR, f"key-{uuid.uuid4()}") for case_id in case_ids]


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


def opened(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, backend: FakeBackend, grace_s: float
) -> DeskOutbox:
    outbox = DeskOutbox(runner, tmp_path / "desk.sqlite3", grace_s=grace_s)
    with qtbot.waitSignal(outbox.opened, timeout=10_000):
        outbox.open(Connection(backend, "http://127.0.0.1:9"))
    return outbox


@pytest.fixture
def graceful(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, backend: FakeBackend
) -> Iterator[DeskOutbox]:
    outbox = opened(qtbot, runner, tmp_path, backend, grace_s=30.0)
    yield outbox
    outbox.close()


def test_a_batch_in_its_grace_is_taken_back_whole_and_never_sent(
    qtbot: QtBot, graceful: DeskOutbox, backend: FakeBackend
) -> None:
    batch_id = str(uuid.uuid4())
    with qtbot.waitSignal(graceful.queued, timeout=5000):
        assert graceful.submit_many(drafts("case-001", "case-002"), batch_id)
    with qtbot.waitSignal(graceful.taken_back, timeout=5000) as heard:
        graceful.take_back_last()  # right after saving: runs after it, on the same worker
    (result,) = heard.args
    assert isinstance(result, TakenBack)
    assert (result.case_ids, result.outcome, result.batch_id) == (
        ("case-001", "case-002"),
        Outcome.NO_VIOLATION,
        batch_id,
    )
    with qtbot.waitSignal(graceful.counts_changed, timeout=5000) as counted:
        graceful.refresh_counts()
    assert counted.args[0].waiting == 0
    assert backend.decisions == {}


def test_a_sent_decision_is_refused_by_name(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, backend: FakeBackend
) -> None:
    outbox = opened(qtbot, runner, tmp_path, backend, grace_s=0.0)
    try:
        (draft,) = drafts("case-003")
        outbox.submit(draft)
        qtbot.waitUntil(lambda: "case-003" in backend.decisions, timeout=10_000)
        with qtbot.waitSignal(outbox.take_back_refused, timeout=5000) as heard:
            outbox.take_back_last()
        (refusal,) = heard.args
        assert isinstance(refusal, TakeBackRefused)
        assert refusal.sent_case_ids == ("case-003",)
        assert "case-003" in refusal.reason
    finally:
        outbox.close()


def test_with_nothing_saved_the_refusal_says_so(qtbot: QtBot, graceful: DeskOutbox) -> None:
    with qtbot.waitSignal(graceful.take_back_refused, timeout=5000) as heard:
        graceful.take_back_last()
    assert heard.args[0].reason == "There is no decision to take back."


def test_the_grace_time_is_a_desk_setting_of_five_seconds_by_default(
    desk_settings: DeskSettings,
) -> None:
    assert desk_settings.decision_grace_seconds == DEFAULT_DECISION_GRACE_S == 5.0
    desk_settings.decision_grace_seconds = 0
    assert desk_settings.decision_grace_seconds == 0.0
    desk_settings.decision_grace_seconds = 12.5
    assert desk_settings.decision_grace_seconds == 12.5
    desk_settings.decision_grace_seconds = -3
    assert desk_settings.decision_grace_seconds == 0.0
