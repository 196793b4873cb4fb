"""Work put off until a widget has been painted: what the moderator needs is painted first.

Moving to a case read ahead fills the whole window in one go, then paints it.
Parts a moderator does not need to decide (the rows of the member's history
tabs, the examples of a policy clause) can come one paint later: the panels
empty them at once, so nothing of the case left behind stays on screen, and
hand the filling to :class:`AfterPaint`, which runs it once ``witness`` (the
case header, painted with every case) has been painted and the event loop is
back from that paint. A witness that is not on screen does not wait for a
paint: the work runs at once. A paint that never comes (the window covered)
is waited for :data:`PATIENCE_MS` at most.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: The longest work waits for the witness's paint (ms).
PATIENCE_MS = 200


class AfterPaint(QObject):
    """Runs work, by key, once ``witness`` has been painted (the latest work per key)."""

    def __init__(self, witness: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._witness = witness
        self._work: dict[str, Callable[[], None]] = {}
        self._watching = False
        #: Counts the waits: a timer of a wait that ended already does nothing.
        self._wait = 0

    def later(self, key: str, work: Callable[[], None]) -> None:
        """Run ``work`` after the witness's next paint, instead of earlier work of ``key``."""
        if not self._witness.isVisible():
            self.cancel(key)
            work()
            return
        self._work[key] = work
        if not self._watching:
            self._watching = True
            self._wait += 1
            wait = self._wait
            self._witness.installEventFilter(self)
            QTimer.singleShot(PATIENCE_MS, self, lambda: self._run(wait))

    def cancel(self, key: str) -> None:
        """Forget the work of ``key`` not run yet (what it would fill was emptied or refilled)."""
        self._work.pop(key, None)

    def pending(self, key: str) -> bool:
        """True while work of ``key`` waits for the paint."""
        return key in self._work

    def run_now(self) -> None:
        """Run every waiting work now (the caller needs it done)."""
        self._run(self._wait)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """On the witness's paint, run the work once the event loop is back from it."""
        if event.type() == QEvent.Type.Paint and self._watching:
            wait = self._wait
            self._witness.removeEventFilter(self)

            def back() -> None:
                QTimer.singleShot(0, self, lambda: self._run(wait))

            QTimer.singleShot(0, self, back)
        return False

    def _run(self, wait: int) -> None:
        if wait != self._wait or not self._watching:
            return  # that wait ended already
        self._watching = False
        self._witness.removeEventFilter(self)
        work, self._work = self._work, {}
        for job in work.values():
            job()
