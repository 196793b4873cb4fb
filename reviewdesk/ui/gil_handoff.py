"""How soon the GUI thread gets the interpreter lock back from a busy worker: :func:`apply`.

Only one thread runs Python at a time. A worker busy in Python (importing
the database layer, loading the language model, parsing a case read ahead)
keeps the interpreter lock until another thread has waited the interpreter's
*switch interval* for it: 5 ms by default. The GUI thread gives the lock up
and takes it back many times while it shows a case (each call into Qt that
lets other threads run, each paint of a Python delegate); with a worker
busy, each of those returns waits up to that interval, and a case switch of
20 ms of work took three to four times as long. The desk shortens the
interval to :data:`SWITCH_INTERVAL_S` (1 ms): measured with a worker busy in
Python, the time a switch spent waiting for the lock halved; a worker
running alone loses nothing (nobody asks for the lock).
"""

from __future__ import annotations

import sys

#: The interpreter's switch interval while the desk runs (seconds; Python's default: 0.005).
SWITCH_INTERVAL_S = 0.001


def apply() -> None:
    """Let a waiting GUI thread have the interpreter lock within :data:`SWITCH_INTERVAL_S`.

    Never lengthens an interval set shorter already (by whoever embeds the desk).
    """
    if sys.getswitchinterval() > SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)
