"""The stall measure of the delivery proofs still sees the desk's own stalls, load or not."""

from __future__ import annotations

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
