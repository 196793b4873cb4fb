"""Run blocking calls on worker threads and hand their results back to the GUI thread.

The desk never waits on the network, the disk or an image decode on the GUI
thread. A :class:`TaskRunner` runs such calls on its own ``QThreadPool`` and
delivers each result (or exception) to a callback on the thread the runner
lives on, by a queued signal. Tasks belong to a *scope* (for example "case"):
when the moderator moves on, :meth:`TaskRunner.invalidate` drops every result
of that scope still in flight, so a slow answer for the previous case never
lands on the next one.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
    SignalInstance,
    Slot,
)

T = TypeVar("T")

#: How long tasks held for a paint wait at most (ms) when the paint never comes.
HOLD_PATIENCE_MS = 100

ResultHandler = Callable[[Any], None]
ErrorHandler = Callable[[Exception], None]


@dataclass
class _Pending:
    """Callbacks and scope generation of one task still running."""

    on_result: ResultHandler
    on_error: ErrorHandler | None
    scope: str | None
    generation: int


class _Job(QRunnable, Generic[T]):
    """The QRunnable that calls the function and reports back through the runner."""

    def __init__(self, task_id: int, function: Callable[[], T], report: SignalInstance) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task_id = task_id
        self._function = function
        self._report = report

    def run(self) -> None:
        try:
            result: object = self._function()
        except Exception as error:  # delivered to the GUI thread, never swallowed
            self._report.emit(self._task_id, False, error)
        else:
            self._report.emit(self._task_id, True, result)


class _PaintWatcher(QObject):
    """Calls ``painted`` once, when ``witness`` receives its next paint event."""

    def __init__(self, witness: QObject, painted: Callable[[], None]) -> None:
        super().__init__(witness)
        self._witness = witness
        self._painted: Callable[[], None] | None = painted
        witness.installEventFilter(self)

    def stop(self) -> None:
        """Stop watching (the hold ended another way)."""
        self._painted = None
        self._witness.removeEventFilter(self)
        self.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Note the witness's paint; never filters anything out."""
        if event.type() == QEvent.Type.Paint and self._painted is not None:
            painted, self._painted = self._painted, None
            self._witness.removeEventFilter(self)
            self.deleteLater()
            painted()
        return False


class TaskRunner(QObject):
    """Runs callables on a private thread pool; results come back as queued signals.

    Create it on the GUI thread. Callbacks always run on the GUI thread. A task
    that fails with no ``on_error`` is reported by :attr:`unhandled_error`.
    """

    #: (task id, succeeded, result or exception), emitted on a worker thread.
    _reported = Signal(int, bool, object)
    #: An exception no callback was given for.
    unhandled_error = Signal(object)
    #: Emitted on the GUI thread after a task's callback has run (or was dropped).
    task_settled = Signal(int)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._generations: dict[str, int] = {}
        self._lock = threading.Lock()
        self._closed = False
        #: Jobs waiting for the paint in progress (None: jobs start at once).
        self._held: list[tuple[_Job[Any], int]] | None = None
        self._hold_generation = 0
        self._watcher: _PaintWatcher | None = None
        self._reported.connect(self._deliver)

    def run(
        self,
        function: Callable[[], T],
        on_result: Callable[[T], None],
        on_error: ErrorHandler | None = None,
        scope: str | None = None,
        priority: int = 0,
        *,
        held: bool = True,
    ) -> int:
        """Start ``function`` on a worker; return the task id.

        ``on_result``/``on_error`` run later on the GUI thread, unless ``scope``
        was invalidated in the meantime or the runner was shut down. A task of
        lower ``priority`` waits for every waiting task of a higher one (work
        done ahead of need, such as prefetching, runs below 0). With ``held``
        False the task starts at once even during :meth:`hold_until_painted`
        (for work that already waited for the paint).
        """
        if self._closed:
            raise RuntimeError("The task runner has been shut down.")
        task_id = next(self._ids)
        generation = self._generations.get(scope, 0) if scope is not None else 0
        with self._lock:
            self._pending[task_id] = _Pending(on_result, on_error, scope, generation)
        job = _Job(task_id, function, self._reported)
        if self._held is not None and held:
            self._held.append((job, priority))
        else:
            self._pool.start(job, priority)
        return task_id

    def hold_until_painted(self, witness: QObject, patience_ms: int = HOLD_PATIENCE_MS) -> None:
        """Start the tasks asked for from now on only once ``witness`` has been painted.

        For a change the moderator waits to see (the next case, shown from
        memory): workers started at once would take the interpreter lock from
        the GUI thread while it fills and paints the window. Held tasks start,
        in the order asked, two event-loop turns after ``witness``'s next paint
        (the loop is back from it), or after ``patience_ms`` if it never paints
        (a hidden window).
        """
        if self._held is not None or self._closed:
            return
        self._held = []
        self._hold_generation += 1
        generation = self._hold_generation
        watcher = _PaintWatcher(witness, lambda: self._after_paint(generation))
        self._watcher = watcher
        QTimer.singleShot(patience_ms, self, lambda: self._start_held(generation))

    def _after_paint(self, generation: int) -> None:
        self._watcher = None

        def later() -> None:
            QTimer.singleShot(0, self, lambda: self._start_held(generation))

        QTimer.singleShot(0, self, later)

    def _start_held(self, generation: int) -> None:
        if generation != self._hold_generation or self._held is None:
            return  # that hold is over already
        held, self._held = self._held, None
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self._closed:
            return
        for job, priority in held:
            self._pool.start(job, priority)

    def invalidate(self, scope: str) -> None:
        """Drop the results of every task of ``scope`` that is still running."""
        self._generations[scope] = self._generations.get(scope, 0) + 1

    @property
    def closed(self) -> bool:
        """True once :meth:`shutdown` was called: :meth:`run` refuses new tasks."""
        return self._closed

    def is_busy(self, scope: str | None = None) -> bool:
        """True while a task (of ``scope``, if given) has not delivered yet."""
        with self._lock:
            return any(scope is None or p.scope == scope for p in self._pending.values())

    def pending_count(self) -> int:
        """How many tasks have not delivered yet."""
        with self._lock:
            return len(self._pending)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Refuse new tasks, drop undelivered results and wait for running ones.

        Returns True when every worker finished within ``timeout_ms``.
        """
        self._closed = True
        self._held = None
        finished = self._pool.waitForDone(timeout_ms)
        with self._lock:
            self._pending.clear()
        return bool(finished)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, succeeded: bool, payload: object) -> None:
        with self._lock:
            pending = self._pending.pop(task_id, None)
        if pending is None or self._closed:
            return
        stale = (
            pending.scope is not None
            and self._generations.get(pending.scope, 0) != pending.generation
        )
        try:
            if stale:
                return
            if succeeded:
                pending.on_result(payload)
            elif pending.on_error is not None:
                assert isinstance(payload, Exception)
                pending.on_error(payload)
            else:
                self.unhandled_error.emit(payload)
        finally:
            self.task_settled.emit(task_id)
