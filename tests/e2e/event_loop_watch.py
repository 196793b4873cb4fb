"""How long the GUI event loop stands still, counting what the desk causes, not the machine's load.

A timer ticks every few milliseconds on the GUI thread; the time between two
ticks is a gap. Linux counts, per thread, the time spent running and the time
spent ready to run but waiting for a CPU (``/proc/<pid>/task/<tid>/schedstat``).
Of a gap, the desk is answerable for:

- the time the GUI thread ran (work on the GUI thread), and
- the time it was blocked (waiting for a lock, the interpreter lock, the disk
  or the network), less the time this process's other threads spent waiting
  for a CPU meanwhile: a worker holding the interpreter lock, pushed off its
  CPU by another program, keeps the GUI thread waiting through the machine's
  load, not through anything the desk did.

The time the GUI thread itself waited for a CPU is the machine's load and is
not counted. On an idle machine nothing is taken off. Where the kernel does
not count these times, gaps are measured on the wall clock alone.

A stall also says how long the process's other threads ran meanwhile and
which ran most: a worker holding the interpreter lock blocks the GUI thread
while it runs; a blocked GUI thread while nothing else ran waited on the
disk, a lock or a sleep.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QTimer


@dataclass(frozen=True)
class Sample:
    """One tick: the clock, and the counters so far (s)."""

    at: float
    gui_running: float
    gui_waiting: float
    others_waiting: float
    #: Running time so far of every other thread, by thread id.
    others_running: dict[int, float]


@dataclass(frozen=True)
class Stall:
    """One gap between two ticks (s)."""

    wall_s: float
    running_s: float
    waiting_for_cpu_s: float
    others_waiting_for_cpu_s: float
    #: How long the other threads ran meanwhile, and the one that ran most (name, s).
    others_running_s: float = 0.0
    busiest: tuple[str, float] = ("", 0.0)

    @property
    def desk_s(self) -> float:
        """The part of the gap the desk is answerable for (see the module docstring)."""
        blocked = max(0.0, self.wall_s - self.running_s - self.waiting_for_cpu_s)
        return self.running_s + max(0.0, blocked - self.others_waiting_for_cpu_s)

    def __str__(self) -> str:
        name, ran = self.busiest
        return (
            f"{self.wall_s:.3f} s: the GUI thread ran {self.running_s:.3f} s and waited "
            f"{self.waiting_for_cpu_s:.3f} s for a CPU; other threads waited "
            f"{self.others_waiting_for_cpu_s:.3f} s for a CPU and ran "
            f"{self.others_running_s:.3f} s (most: {name or 'none'}, {ran:.3f} s)"
        )


class EventLoopWatch:
    """Ticks on the GUI thread between :meth:`start` and :meth:`stop`; reports the stalls."""

    def __init__(self, interval_ms: int = 5) -> None:
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._samples: list[Sample] = []
        self._tasks = f"/proc/{os.getpid()}/task"
        self._gui = 0
        #: Open schedstat files by thread id, and each thread's wait counted so far.
        self._files: dict[int, int] = {}
        self._waited: dict[int, float] = {}
        self._others_waiting = 0.0
        self._others_running: dict[int, float] = {}
        #: Python's names of the threads seen, by thread id (read when one is first seen).
        self._names: dict[int, str] = {}
        self._counted = os.path.isdir(self._tasks)

    def start(self) -> None:
        """Start ticking (call on the GUI thread); a block before the first tick counts too."""
        self._gui = threading.get_native_id()
        self._timer.start()
        self._tick()

    def stop(self) -> None:
        """Stop ticking."""
        self._timer.stop()
        for descriptor in self._files.values():
            os.close(descriptor)
        self._files.clear()

    @property
    def ticks(self) -> int:
        """How many ticks came so far."""
        return len(self._samples)

    def longest(self) -> Stall:
        """The gap the desk is most answerable for."""
        stalls = [
            self._stall(earlier, later, self._names)
            for earlier, later in itertools.pairwise(self._samples)
        ]
        return max(stalls, key=lambda stall: stall.desk_s)

    @staticmethod
    def _stall(earlier: Sample, later: Sample, names: dict[int, str]) -> Stall:
        ran = {
            tid: total - earlier.others_running.get(tid, 0.0)
            for tid, total in later.others_running.items()
        }
        busiest = max(ran, key=lambda tid: ran[tid], default=None)
        most = (
            ("", 0.0)
            if busiest is None
            else (names.get(busiest, f"thread {busiest}"), ran[busiest])
        )
        return Stall(
            later.at - earlier.at,
            later.gui_running - earlier.gui_running,
            later.gui_waiting - earlier.gui_waiting,
            later.others_waiting - earlier.others_waiting,
            sum(ran.values()),
            most,
        )

    def _tick(self) -> None:
        at = time.monotonic()
        running, waiting = self._read_threads() if self._counted else (0.0, 0.0)
        self._samples.append(
            Sample(at, running, waiting, self._others_waiting, dict(self._others_running))
        )

    def _read_threads(self) -> tuple[float, float]:
        """The GUI thread's running and waiting times; adds up the others' new waits."""
        gui = (0.0, 0.0)
        alive = set()
        for name in os.listdir(self._tasks):
            tid = int(name)
            fields = self._schedstat(tid)
            if fields is None:
                continue
            alive.add(tid)
            if tid == self._gui:
                gui = fields
                continue
            waited = fields[1]
            self._others_waiting += max(0.0, waited - self._waited.get(tid, waited))
            self._waited[tid] = waited
            if tid not in self._names:
                self._names.update(
                    (thread.native_id, thread.name)
                    for thread in threading.enumerate()
                    if thread.native_id is not None
                )
            self._others_running[tid] = fields[0]
        for gone in set(self._files) - alive:
            os.close(self._files.pop(gone))
            self._waited.pop(gone, None)
        return gui

    def _schedstat(self, tid: int) -> tuple[float, float] | None:
        """(running, waiting for a CPU) of thread ``tid`` so far (s); None once it ended."""
        try:
            descriptor = self._files.get(tid)
            if descriptor is None:
                descriptor = os.open(f"{self._tasks}/{tid}/schedstat", os.O_RDONLY)
                self._files[tid] = descriptor
            fields = os.pread(descriptor, 128, 0).split()
            return int(fields[0]) / 1e9, int(fields[1]) / 1e9
        except (OSError, IndexError, ValueError):  # the thread ended
            return None
