"""The desk's database opens after the first case is on screen; no decision is lost meanwhile."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from shell_fakes import FakeBackend
from shell_harness import GatedOpen, opened_desk

from reviewdesk.api.models import DecisionIn
from reviewdesk.backends.errors import AuthenticationRequired
from reviewdesk.domain.enums import Outcome
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.decision_panel import DecisionDraft
from reviewdesk.ui.desk_outbox import DeskOutbox
from reviewdesk.ui.first_paint import AfterFirstCase
from reviewdesk.ui.outbox_presenter import OUTBOX_OPENING
from reviewdesk.ui.tasks import TaskRunner

# --- DeskOutbox.open(deferred=True) --------------------------------------------------------


def test_a_deferred_outbox_opens_at_the_first_decision_and_delivers_it(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    backend = FakeBackend()
    outbox = DeskOutbox(runner, tmp_path / "desk.sqlite3")
    outbox.open(Connection(backend, "http://127.0.0.1:9"), deferred=True)
    try:
        qtbot.wait(200)
        assert outbox.opening_deferred
        assert not outbox.is_open
        draft = DecisionDraft("case-002", DecisionIn(outcome=Outcome.WARN), "first-key")
        with qtbot.waitSignal(outbox.queued, timeout=5000) as queued:
            assert outbox.submit(draft)
        ((saved_draft, entry),) = queued.args[0]
        assert saved_draft is draft
        assert entry.idempotency_key == "first-key"
        assert not outbox.opening_deferred
        qtbot.waitUntil(lambda: "case-002" in backend.decisions, timeout=5000)
        assert backend.decisions["case-002"].outcome is Outcome.WARN
    finally:
        outbox.close()


def test_an_outbox_opened_after_the_session_ended_sends_nothing_until_the_next_sign_in(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    backend = FakeBackend()
    connection = Connection(backend, "http://127.0.0.1:9")
    outbox = DeskOutbox(runner, tmp_path / "desk.sqlite3")
    outbox.open(connection, deferred=True)
    assert connection.check_error(AuthenticationRequired("Your session has expired."))
    try:
        draft = DecisionDraft("case-003", DecisionIn(outcome=Outcome.WARN), "late-key")
        with qtbot.waitSignal(outbox.queued, timeout=5000):
            assert outbox.submit(draft)  # opens the database: the decision is on disk
        qtbot.wait(300)
        assert "decide" not in [method for method, _ in backend.calls]
        connection.replace(backend)  # signed in again
        outbox.resume()
        qtbot.waitUntil(lambda: "case-003" in backend.decisions, timeout=5000)
    finally:
        outbox.close()


def test_a_decision_waiting_for_the_database_is_written_before_anything_else(
    qtbot: QtBot, tmp_path: Path, gated_open: GatedOpen
) -> None:
    # One worker, as in the desk: its tasks run in the order they were asked for.
    runner = TaskRunner(max_threads=1)
    outbox = DeskOutbox(runner, tmp_path / "desk.sqlite3")
    outbox.open(Connection(FakeBackend(), "http://127.0.0.1:9"), deferred=True)
    heard: list[str] = []
    outbox.queued.connect(lambda _saved: heard.append("decision saved"))
    outbox.counts_changed.connect(lambda _counts: heard.append("counted"))
    try:
        outbox.remember_case("case-001")  # the case shown, remembered once open
        draft = DecisionDraft("case-001", DecisionIn(outcome=Outcome.WARN), "early-key")
        assert outbox.submit(draft)  # starts the opening, which waits at the gate
        qtbot.waitUntil(gated_open.started.is_set, timeout=5000)
        gated_open.gate.set()
        qtbot.waitUntil(lambda: len(heard) >= 2, timeout=10_000)
        assert heard[0] == "decision saved", "the next case waits for nothing but its save"
    finally:
        outbox.close()
        assert runner.shutdown(10_000)


# --- the window ------------------------------------------------------------------------------


def test_the_database_opens_only_once_the_first_case_is_shown(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    backend = FakeBackend()
    gate = backend.gates["get_case"] = threading.Event()
    with opened_desk(qtbot, runner, backend) as desk:
        try:
            qtbot.waitUntil(lambda: desk.window.queue_model.rowCount() > 0, timeout=5000)
            qtbot.wait(300)
            assert desk.outbox.opening_deferred, "opened before the first case was shown"
            assert not desk.outbox.is_open
        finally:
            gate.set()
        desk.wait_case("case-000")
        qtbot.waitUntil(lambda: desk.outbox.is_open, timeout=5000)


def test_the_database_opens_at_once_when_the_queue_is_empty(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    with opened_desk(qtbot, runner, FakeBackend(case_count=0)) as desk:
        qtbot.waitUntil(lambda: desk.outbox.is_open, timeout=2000)


def test_a_decision_made_while_the_database_opens_is_kept_and_delivered(
    qtbot: QtBot, runner: TaskRunner, gated_open: GatedOpen
) -> None:
    backend = FakeBackend()
    with opened_desk(qtbot, runner, backend) as desk:
        desk.wait_case("case-000")
        qtbot.waitUntil(gated_open.started.is_set, timeout=5000)
        assert not desk.outbox.is_open
        window = desk.window
        presenter = window.outbox_presenter
        assert presenter is not None
        assert presenter.label.text() == OUTBOX_OPENING  # never "all delivered" unread
        qtbot.waitUntil(lambda: window.decision_panel.blocked_reason == "", timeout=5000)
        desk.press(Qt.Key.Key_3)  # warn
        desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(100)
        assert "case-000" not in backend.decisions  # nothing is sent before it is on disk
        with qtbot.waitSignal(window.decision_recorded, timeout=5000) as recorded:
            gated_open.gate.set()
        assert recorded.args[0].case_id == "case-000"
        assert backend.decisions["case-000"].outcome is Outcome.WARN
        qtbot.waitUntil(lambda: presenter.label.text() == "Outbox: all delivered", timeout=5000)


def test_the_case_opened_before_the_database_is_remembered_for_the_next_start(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, gated_open: GatedOpen
) -> None:
    database = tmp_path / "desk.sqlite3"
    backend = FakeBackend(case_count=6)
    with opened_desk(qtbot, runner, backend, database) as first:
        first.wait_case("case-000")
        first.press(Qt.Key.Key_J)
        first.wait_case("case-001")
        assert not first.outbox.is_open
        gated_open.gate.set()
        qtbot.waitUntil(lambda: first.outbox.is_open, timeout=5000)
        qtbot.wait(200)  # the remembered case is written on a worker
    with opened_desk(qtbot, runner, backend, database) as again:
        again.wait_case("case-001")


# --- AfterFirstCase --------------------------------------------------------------------------


def test_after_first_case_waits_for_the_paint_of_a_shown_witness(qtbot: QtBot) -> None:
    witness = QLabel("case")
    qtbot.addWidget(witness)
    witness.show()
    qtbot.waitExposed(witness)
    calls: list[str] = []
    watch = AfterFirstCase(witness, lambda: calls.append("started"), patience_ms=60_000)
    watch.case_shown()
    assert calls == []
    witness.update()
    qtbot.waitUntil(lambda: calls == ["started"], timeout=3000)
    watch.case_shown()
    watch.settle()
    assert calls == ["started"], "started twice"


def test_after_first_case_starts_at_once_for_a_hidden_witness_and_never_after_stop(
    qtbot: QtBot,
) -> None:
    hidden = QLabel("case")
    qtbot.addWidget(hidden)
    calls: list[str] = []
    AfterFirstCase(hidden, lambda: calls.append("hidden"), patience_ms=60_000).case_shown()
    assert calls == ["hidden"]
    stopped = AfterFirstCase(hidden, lambda: calls.append("stopped"), patience_ms=50)
    stopped.stop()
    qtbot.wait(200)
    assert calls == ["hidden"]
    patient = AfterFirstCase(hidden, lambda: calls.append("patience"), patience_ms=50)
    qtbot.waitUntil(lambda: calls == ["hidden", "patience"], timeout=3000)
    assert patient.done
