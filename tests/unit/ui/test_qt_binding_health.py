"""Guards against a Qt binding that corrupts the interpreter.

PySide6 6.12.0 drops a reference to ``True`` on every signal emit, so a desk
that runs all day aborts with ``bool_dealloc``. pyproject pins it out; this
test fails if such a binding comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    """A minimal object with one signal to emit."""

    fired = Signal()


def test_signal_emits_and_disconnects_leave_bool_refcounts_alone() -> None:
    emitter = _Emitter()
    received: list[int] = []

    def on_fired() -> None:
        received.append(1)

    before = sys.getrefcount(True)
    for _ in range(50):
        emitter.fired.connect(on_fired)
        for _ in range(20):
            emitter.fired.emit()
        emitter.fired.disconnect(on_fired)
    after = sys.getrefcount(True)
    assert len(received) == 1000
    assert abs(after - before) < 10, f"refcount of True moved by {after - before}"
