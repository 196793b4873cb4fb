"""The command palette's own worker: one thread, jobs run in the order asked, answers by signal.

The palette's queue search needs its jobs one at a time and in order (the
snapshot of the queue before the queries typed after it), so it has one
plain thread with a job queue rather than a thread pool. Answers reach the
GUI thread through one long-lived :class:`Mailbox` shared by every palette:
a job that ends after its palette was closed or destroyed is simply not
delivered (the palette's connection went with it), and the thread never
emits through an object that is gone. The thread ends when its
:class:`PaletteWorker` is destroyed.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

#: What a job is: its id and the function to call.
_Job = tuple[int, Callable[[], object]]


class Mailbox(QObject):
    """Carries every palette worker's answers to the GUI thread (one for the whole process)."""

    #: (worker id, job id, succeeded, result or exception), emitted on a worker thread.
    delivered = Signal(int, int, bool, object)


_mailbox: Mailbox | None = None
_worker_ids = itertools.count(1)


def shared_mailbox() -> Mailbox:
    """The process's mailbox (created on first use, on the GUI thread)."""
    global _mailbox
    if _mailbox is None:
        _mailbox = Mailbox()
    return _mailbox


def _serve(jobs: queue.SimpleQueue[_Job | None], mailbox: Mailbox, worker: int) -> None:
    """The thread's loop: run each job, post its outcome; stop at None."""
    while True:
        job = jobs.get()
        if job is None:
            return
        job_id, function = job
        succeeded = True
        try:
            outcome: object = function()
        except Exception as error:  # delivered to the GUI thread, never swallowed
            succeeded, outcome = False, error
        mailbox.delivered.emit(worker, job_id, succeeded, outcome)
        del job, function, outcome  # hold nothing while waiting for the next job


class PaletteWorker(QObject):
    """One thread running jobs in order; their callbacks run on the GUI thread.

    Create it on the GUI thread, as the child of the object whose lifetime
    it shares: when that object goes, the thread ends after its current job
    and no callback is called any more.
    """

    #: A job's callback has run (job id), on the GUI thread.
    task_settled = Signal(int)

    def __init__(self, parent: QObject | None = None, name: str = "palette-search") -> None:
        super().__init__(parent)
        self._id = next(_worker_ids)
        self._job_ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._jobs = jobs
        shared_mailbox().delivered.connect(self._deliver)
        self.destroyed.connect(lambda: jobs.put(None))
        self._thread = threading.Thread(
            target=_serve, args=(jobs, shared_mailbox(), self._id), name=name, daemon=True
        )
        self._thread.start()

    def run(
        self,
        function: Callable[[], object],
        on_result: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> int:
        """Queue ``function`` after every job asked before; return the job id."""
        job_id = next(self._job_ids)
        self._pending[job_id] = (on_result, on_error)
        self._jobs.put((job_id, function))
        return job_id

    def _deliver(self, worker: int, job_id: int, succeeded: bool, payload: object) -> None:
        if worker != self._id:
            return  # another palette's answer
        callbacks = self._pending.pop(job_id, None)
        if callbacks is None:
            return
        on_result, on_error = callbacks
        try:
            if succeeded:
                on_result(payload)
            else:
                assert isinstance(payload, Exception)
                on_error(payload)
        finally:
            self.task_settled.emit(job_id)
