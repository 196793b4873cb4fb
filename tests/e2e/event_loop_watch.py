"""How long the GUI event loop stands still, counting what the desk causes, not the machine's load.

A timer ticks every few milliseconds on the GUI thread; the longest time
between two ticks is the longest stall. On a loaded machine part of a gap is
time the GUI thread was ready to run while the operating system ran another
program. Linux counts that wait per thread (``run_delay``, the second field of
``/proc/<pid>/task/<tid>/schedstat``); it is taken off each gap. What is left
is what the desk did: work on the GUI thread, or a wait there (for a lock, the
interpreter lock, the disk or the network). Where the kernel does not count
it, gaps are measured on the wall clock alone.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QTimer


@dataclass(frozen=True)
class Stall:
    """One gap between two ticks: wall time, and the part spent waiting for a CPU (s)."""

    wall_s: float
    waiting_for_cpu_s: float

    @property
    def desk_s(self) -> float:
        """The part of the gap the desk is answerable for."""
        return max(0.0, self.wall_s - self.waiting_for_cpu_s)


class EventLoopWatch:
    """Ticks on the GUI thread between :meth:`start` and :meth:`stop`; reports the stalls."""

    def __init__(self, interval_ms: int = 5) -> None:
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._ticks: list[tuple[float, float]] = []
        self._schedstat: int | None = None

    def start(self) -> None:
        """Start ticking (call on the GUI thread); a block before the first tick counts too."""
        path = f"/proc/{os.getpid()}/task/{threading.get_native_id()}/schedstat"
        try:
            self._schedstat = os.open(path, os.O_RDONLY)
        except OSError:
            self._schedstat = None
        self._timer.start()
        self._tick()

    def stop(self) -> None:
        """Stop ticking."""
        self._timer.stop()
        if self._schedstat is not None:
            os.close(self._schedstat)
            self._schedstat = None

    @property
    def ticks(self) -> int:
        """How many ticks came so far."""
        return len(self._ticks)

    def longest(self) -> Stall:
        """The gap the desk is most answerable for."""
        stalls = [
            Stall(later[0] - earlier[0], later[1] - earlier[1])
            for earlier, later in itertools.pairwise(self._ticks)
        ]
        return max(stalls, key=lambda stall: stall.desk_s)

    def _tick(self) -> None:
        self._ticks.append((time.monotonic(), self._waited_for_cpu()))

    def _waited_for_cpu(self) -> float:
        """The GUI thread's time ready to run but not running, so far (s; 0 if unknown)."""
        if self._schedstat is None:
            return 0.0
        fields = os.pread(self._schedstat, 128, 0).split()
        return int(fields[1]) / 1e9
