"""The task runner: work runs off the GUI thread, results come back on it, stale ones dropped."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from reviewdesk.backends.errors import ServiceUnavailable
from reviewdesk.ui.tasks import TaskRunner


def test_work_runs_on_a_worker_and_the_result_arrives_on_the_gui_thread(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    gui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker_is_gui"] = QThread.currentThread() == gui_thread
        return 41 + 1

    def on_result(value: int) -> None:
        seen["value"] = value
        seen["callback_is_gui"] = QThread.currentThread() == gui_thread

    runner.run(work, on_result)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen == {"worker_is_gui": False, "value": 42, "callback_is_gui": True}


def test_an_exception_reaches_the_error_callback_on_the_gui_thread(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    gui_thread = QThread.currentThread()
    errors: list[tuple[Exception, bool]] = []

    def fail() -> None:
        raise ServiceUnavailable("The service could not be reached.")

    runner.run(
        fail,
        lambda _r: pytest.fail("no result expected"),
        lambda e: errors.append((e, QThread.currentThread() == gui_thread)),
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    error, on_gui = errors[0]
    assert isinstance(error, ServiceUnavailable)
    assert str(error) == "The service could not be reached."
    assert on_gui


def test_an_error_without_a_handler_is_reported_by_signal(qtbot: QtBot, runner: TaskRunner) -> None:
    def fail() -> None:
        raise ValueError("broken")

    with qtbot.waitSignal(runner.unhandled_error, timeout=5000) as blocker:
        runner.run(fail, lambda _r: None)
    assert isinstance(blocker.args[0], ValueError)


def test_results_of_an_invalidated_scope_are_dropped(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    delivered: list[str] = []

    def slow(tag: str) -> str:
        release.wait(5)
        return tag

    runner.run(lambda: slow("old case"), delivered.append, scope="case")
    runner.invalidate("case")
    runner.run(lambda: slow("new case"), delivered.append, scope="case")
    runner.run(lambda: slow("queue page"), delivered.append, scope="queue")
    release.set()
    qtbot.waitUntil(lambda: runner.pending_count() == 0, timeout=5000)
    assert sorted(delivered) == ["new case", "queue page"]


def test_shutdown_waits_for_running_work_and_refuses_new_tasks(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    finished = threading.Event()

    def work() -> None:
        started.set()
        QThread.msleep(200)
        finished.set()

    runner.run(work, lambda _r: None)
    assert started.wait(5)
    assert runner.shutdown(5000)
    assert finished.is_set()
    with pytest.raises(RuntimeError, match="shut down"):
        runner.run(work, lambda _r: None)


def test_tasks_asked_for_during_a_switch_start_once_the_witness_is_painted(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    witness = QLabel("case-001")
    qtbot.addWidget(witness)
    witness.show()
    qtbot.waitExposed(witness)
    qtbot.wait(20)
    started = threading.Event()
    results: list[str] = []

    runner.hold_until_painted(witness, patience_ms=10_000)
    runner.run(lambda: (started.set(), "read ahead")[1], results.append)
    # Nothing runs while the GUI thread is still filling the window.
    assert not started.wait(0.2)
    assert runner.is_busy()
    witness.setText("case-002")  # painted at the next turn of the event loop
    qtbot.waitUntil(lambda: results == ["read ahead"], timeout=5000)
    # Once released, tasks start at once again.
    runner.run(lambda: "next", results.append)
    qtbot.waitUntil(lambda: results == ["read ahead", "next"], timeout=5000)


def test_held_tasks_start_after_the_patience_when_nothing_paints(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    hidden = QLabel("never shown")
    qtbot.addWidget(hidden)
    started = threading.Event()
    runner.hold_until_painted(hidden, patience_ms=300)
    runner.run(started.set, lambda _r: None)
    qtbot.wait(100)
    assert not started.is_set()
    qtbot.waitUntil(started.is_set, timeout=5000)


def test_held_tasks_never_start_after_shutdown(qtbot: QtBot, runner: TaskRunner) -> None:
    started = threading.Event()
    runner.hold_until_painted(QLabel(), patience_ms=10)
    runner.run(started.set, lambda _r: None)
    assert runner.shutdown(5000)
    qtbot.wait(50)
    assert not started.is_set()


def test_a_task_not_held_starts_during_a_hold(qtbot: QtBot, runner: TaskRunner) -> None:
    held, free = threading.Event(), threading.Event()
    runner.hold_until_painted(QLabel(), patience_ms=10_000)
    runner.run(held.set, lambda _r: None)
    runner.run(free.set, lambda _r: None, held=False)
    assert free.wait(5.0)
    assert not held.is_set()
