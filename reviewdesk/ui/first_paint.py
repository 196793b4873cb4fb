"""Work that waits until the desk's first case is on screen: :class:`AfterFirstCase`.

Opening the desk's database (SQLAlchemy, the schema check, the outbox) is
real work for the interpreter; done while the first case is being fetched and
drawn, it would hold the interpreter lock the window needs and delay the
first case. The window therefore starts such work once the first case has
been painted and the event loop is back from that paint and from whatever
it had queued behind it (two turns of the loop, as :class:`~reviewdesk.ui.tasks.TaskRunner`
does for held tasks), or at once when the start ends without one (the queue
is empty or failed, the case could not be read), or after a patience time
when no paint ever comes (the window is hidden).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: Longest wait (ms) for the first case before the work starts anyway.
FIRST_CASE_PATIENCE_MS = 3000


class AfterFirstCase(QObject):
    """Calls ``start`` once: after ``witness`` is painted showing the first case, or sooner."""

    def __init__(
        self,
        witness: QWidget,
        start: Callable[[], None],
        parent: QObject | None = None,
        patience_ms: int = FIRST_CASE_PATIENCE_MS,
    ) -> None:
        super().__init__(parent)
        self._witness = witness
        self._start: Callable[[], None] | None = start
        self._watching = False
        QTimer.singleShot(patience_ms, self, self.settle)

    @property
    def done(self) -> bool:
        """True once ``start`` was called (or :meth:`stop` gave it up)."""
        return self._start is None

    def case_shown(self, *_args: object) -> None:
        """The first case was just put on screen: start after its paint."""
        if self._start is None or self._watching:
            return
        if not self._witness.isVisible():  # no paint will come
            self.settle()
            return
        self._watching = True
        self._witness.installEventFilter(self)

    def settle(self, *_args: object) -> None:
        """Start now (the start ended without a case to paint, or patience ran out)."""
        start, self._start = self._start, None
        self._unwatch()
        if start is not None:
            start()

    def stop(self) -> None:
        """Never start (the session ended first)."""
        self._start = None
        self._unwatch()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """After the witness's paint, two event-loop turns later, start.

        One turn brings the loop back from the paint; the second lets what the
        paint queued (its flush to the screen, a timer due) go first.
        """
        if watched is self._witness and event.type() == QEvent.Type.Paint:
            self._unwatch()
            QTimer.singleShot(0, self, self._next_turn)
        return False

    def _next_turn(self) -> None:
        if self._start is not None:
            QTimer.singleShot(0, self, self.settle)

    def _unwatch(self) -> None:
        if self._watching:
            self._watching = False
            self._witness.removeEventFilter(self)
