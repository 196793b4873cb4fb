"""The stall measure of the delivery proofs still sees the desk's own stalls, load or not."""

from __future__ import annotations

import threading
import time

from event_loop_watch import EventLoopWatch
from pytestqt.qtbot import QtBot


def test_work_on_the_gui_thread_counts_as_a_stall(qtbot: QtBot) -> None:
    watch = EventLoopWatch()
    watch.start()
    qtbot.wait(20)
    started = time.thread_time()
    while time.thread_time() - started < 0.15:  # 150 ms of the GUI thread's own processor time
        pass
    qtbot.waitUntil(lambda: watch.ticks > 10, timeout=5000)
    watch.stop()
    stall = watch.longest()
    assert stall.desk_s >= 0.14, str(stall)


def test_a_blocked_gui_thread_counts_as_a_stall(qtbot: QtBot) -> None:
    watch = EventLoopWatch()
    watch.start()
    qtbot.wait(20)
    time.sleep(0.15)  # as a wait for the disk or a lock would block it
    qtbot.waitUntil(lambda: watch.ticks > 10, timeout=5000)
    watch.stop()
    stall = watch.longest()
    assert stall.wall_s >= 0.15
    assert stall.desk_s >= 0.14 - stall.others_waiting_for_cpu_s, str(stall)


def test_a_stall_names_the_thread_that_ran_meanwhile(qtbot: QtBot) -> None:
    """A worker holding the interpreter lock blocks the GUI thread: the stall says which."""
    go, done = threading.Event(), threading.Event()

    def spin() -> None:  # a long-lived worker, as the desk's are
        go.wait(5)
        started = time.thread_time()
        while time.thread_time() - started < 0.15:
            pass
        done.wait(5)

    worker = threading.Thread(target=spin, name="busy-worker")
    worker.start()
    watch = EventLoopWatch()
    watch.start()
    qtbot.wait(20)
    go.set()
    time.sleep(0.15)  # the GUI thread stands still meanwhile
    qtbot.waitUntil(lambda: watch.ticks > 10, timeout=5000)
    watch.stop()
    done.set()
    worker.join()
    stall = watch.longest()
    name, ran = stall.busiest
    assert name == "busy-worker", str(stall)
    assert ran >= 0.05, str(stall)
    assert stall.others_running_s >= ran
    assert "most: busy-worker" in str(stall)
