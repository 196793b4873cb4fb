"""Delivering the outbox: send each waiting decision until the service gives a definitive answer.

:class:`Delivery` runs one scheduler thread and a few sender threads. The
scheduler hands due entries (see :meth:`Outbox.due`) to the senders; a sender
posts the decision with its idempotency key and records what the answer
means (:func:`classify`):

- recorded, or replayed under the same key: ``delivered``;
- 409 with the decision already there: ``conflict``;
- any other 4xx but 401 and 429: ``rejected`` (definitive);
- 401: delivery pauses, without counting an attempt, until :meth:`resume`
  (after the moderator signed in again);
- no answer, a broken connection, a timeout, a 5xx, a 429 or an unreadable
  answer: the service may or may not have recorded it, so the entry is tried
  again later with the same key (a replay can only return the first result).
  Failures that concern the whole service (unreachable, 5xx, 429) hold every
  send back for the backoff delay, honouring ``Retry-After``, so a service
  that is down is probed by one request at a time, not flooded.

When several entries are due at once they go in batches through the
service's batch endpoint (``Backend.submit_decisions``), each decision with its
own key and its own answer, classified exactly as a single answer would be; a
service without the endpoint (404) gets single posts from then on. An entry
still in its grace time (``not_before``) is never sent, however often delivery
is woken; before sending, delivery takes the entries with
:meth:`Outbox.take_for_sending`, so one taken back meanwhile is never sent.

Entries are only ever marked from ``pending``, so a crash at any moment leaves
each decision either delivered or pending, and a restart sends the pending
ones again under the same key. Listener callbacks come from worker threads.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from reviewdesk.api.models import DecisionOut
from reviewdesk.backends.base import Backend
from reviewdesk.backends.errors import (
    AuthenticationRequired,
    BackendError,
    BatchUnsupported,
    ClaimConflict,
    DecisionConflict,
    Forbidden,
    MalformedResponse,
    NotFound,
    RateLimited,
    Rejected,
    ServiceUnavailable,
    Unreachable,
)
from reviewdesk.queue.retry_policy import RetryPolicy
from reviewdesk.store.outbox import Outbox, OutboxCounts, OutboxEntry, OutboxOwner

logger = logging.getLogger(__name__)

#: Senders working at once (each posts one decision or one batch at a time).
DEFAULT_SENDERS = 4
#: Most decisions one sender posts in one batch request (the service takes up to 200).
BATCH_SIZE = 200
#: Batch requests in flight at once: two keep the service busy while an answer travels;
#: more would only make its writers wait for each other's database lock.
BATCH_REQUESTS = 2
#: 4xx answers that say the request was not processed (timeout, too early): retried.
RETRYABLE_STATUSES = frozenset({408, 425})
#: Server errors in a row after which every send is held back (unreachable and 429: at once).
HOLD_AFTER = 3
#: Sends in a row without any answer after which the service counts as unreachable.
OFFLINE_AFTER = 2
#: The scheduler looks at the outbox at least this often (seconds).
IDLE_POLL_S = 5.0


class Verdict(Enum):
    """What an answer (or its absence) means for an outbox entry."""

    DELIVERED = "delivered"
    CONFLICT = "conflict"
    REJECTED = "rejected"
    SIGN_IN = "sign in"
    #: Try this entry again later; the service itself is fine.
    RETRY_ENTRY = "retry entry"
    #: Try again later, and hold every send back: the service is down, failing or busy.
    RETRY_SERVICE = "retry service"


def classify(error: Exception) -> Verdict:
    """What a failed post means for the entry (see the module docstring)."""
    if isinstance(error, AuthenticationRequired):
        return Verdict.SIGN_IN
    if isinstance(error, DecisionConflict):
        return Verdict.CONFLICT
    if isinstance(error, ServiceUnavailable):
        return Verdict.RETRY_SERVICE
    if isinstance(error, ClaimConflict | MalformedResponse):
        return Verdict.RETRY_ENTRY
    if isinstance(error, Rejected) and error.status in RETRYABLE_STATUSES:
        return Verdict.RETRY_ENTRY  # not processed: the same key may go again
    if isinstance(error, Rejected | Forbidden | NotFound):
        return Verdict.REJECTED
    # Anything else (an unknown error, a bug) proves nothing about the service's
    # record, so only the same key may be sent again: retry, never give up.
    return Verdict.RETRY_ENTRY


def status_of(error: Exception) -> int | None:
    """The HTTP status a definitive refusal came with, when the error tells it."""
    if isinstance(error, Rejected):
        return error.status
    if isinstance(error, Forbidden):
        return 403
    if isinstance(error, NotFound):
        return 404
    return None


class DeliveryListener(Protocol):
    """Hears what delivery does; called from worker threads."""

    def entry_changed(self, entry: OutboxEntry) -> None:
        """An entry was delivered, refused, or scheduled for another try.

        A listener may also define ``entries_changed(entries)``: delivery then
        reports the entries of one answer (a whole batch) in one call.
        """

    def counts_changed(self, counts: OutboxCounts) -> None:
        """The waiting and problem counts after a change."""

    def reachability_changed(self, reachable: bool, error: Exception | None) -> None:
        """The service stopped (False, with the error) or started (True) answering."""

    def authentication_required(self, error: Exception) -> None:
        """The session ended; delivery waits for :meth:`Delivery.resume`."""


@dataclass(frozen=True)
class _Hold:
    """Every send waits until ``until`` (the service failed ``failures`` times in a row)."""

    until: float = 0.0
    failures: int = 0


class Delivery:
    """Sends one owner's outbox through the current backend, in the background."""

    def __init__(
        self,
        outbox: Outbox,
        owner: OutboxOwner,
        backend: Callable[[], Backend],
        listener: DeliveryListener,
        *,
        policy: RetryPolicy | None = None,
        senders: int = DEFAULT_SENDERS,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self._outbox = outbox
        self._owner = owner
        self._backend = backend
        self._listener = listener
        self._policy = policy or RetryPolicy()
        self._clock = clock
        self._rng = rng or random.Random()
        self._condition = threading.Condition()
        #: Counts are read and told under this lock: in the order they were read, so the
        #: last count told is never older than the last change (senders finish together).
        self._counts_lock = threading.Lock()
        self._in_flight: set[int] = set()
        #: Work items (one entry, or a batch) handed to senders and not finished.
        self._working = 0
        self._hold = _Hold()
        self._paused = False
        self._woken = False
        self._stopping = False
        self._reachable: bool | None = None
        self._misses = 0
        self._batches = True  # until the service answers 404 to the batch endpoint
        self._work: queue.SimpleQueue[list[OutboxEntry] | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._schedule, name="outbox-scheduler", daemon=True)
        ] + [
            threading.Thread(target=self._send_loop, name=f"outbox-sender-{n}", daemon=True)
            for n in range(max(1, senders))
        ]
        self._senders = max(1, senders)

    @property
    def owner(self) -> OutboxOwner:
        """Whose outbox this delivers."""
        return self._owner

    @property
    def paused(self) -> bool:
        """True while delivery waits for the moderator to sign in again."""
        return self._paused

    @property
    def reachable(self) -> bool | None:
        """Whether the service answered the last send (None before the first one)."""
        return self._reachable

    def start(self) -> None:
        """Start delivering (pending entries of earlier runs first)."""
        for thread in self._threads:
            thread.start()

    def wake(self) -> None:
        """New entries were added: look at the outbox now."""
        with self._condition:
            self._woken = True
            self._condition.notify_all()

    def retry_now(self) -> None:
        """Forget the backoff and try every waiting entry at once (the moderator asked)."""
        with self._condition:
            self._hold = _Hold()
        self._outbox.make_due(self._owner)
        self.wake()

    def resume(self) -> None:
        """The moderator signed in again: carry on with the new session."""
        with self._condition:
            self._paused = False
            self._woken = True
            self._condition.notify_all()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop; True when every thread ended within ``timeout`` seconds.

        A send still waiting for its answer is abandoned: its entry stays
        pending and the next run sends it again under the same key.
        """
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        for _ in range(self._senders):
            self._work.put(None)
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            if thread.is_alive() or thread.ident is not None:
                thread.join(max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in self._threads)

    # --- scheduler ------------------------------------------------------------------

    def _schedule(self) -> None:
        while True:
            with self._condition:
                if self._stopping:
                    return
                free, wait = self._free_senders()
                exclude = sorted(self._in_flight)
                batches = self._batches and self._hold.failures < HOLD_AFTER
            if free > 0:  # the disk is read without the lock: wake() never waits on it
                wait = self._dispatch_due(free, exclude, batches)
            with self._condition:
                if not self._woken and not self._stopping:
                    self._condition.wait(wait)
                self._woken = False

    def _free_senders(self) -> tuple[int, float]:
        """How many entries may be sent now (0: none), and how long to wait otherwise."""
        now = self._clock()
        if self._paused:
            return 0, IDLE_POLL_S
        if now < self._hold.until:
            return 0, min(IDLE_POLL_S, self._hold.until - now)
        free = self._senders - self._working
        if self._hold.failures >= HOLD_AFTER:
            # Probe the service with one request at a time until it answers again.
            free = 1 - self._working
        return max(0, free), IDLE_POLL_S

    def _dispatch_due(self, free: int, exclude: list[int], batches: bool) -> float:
        """Hand due entries to up to ``free`` senders; how long to wait before looking again.

        With ``batches`` (and a backend that posts them), each sender gets up
        to :data:`BATCH_SIZE` entries; otherwise one entry each.
        """
        now = self._clock()
        batched = batches and hasattr(self._backend(), "submit_decisions")
        if batched:
            with self._condition:
                free = min(free, BATCH_REQUESTS - self._working)
            if free <= 0:
                return IDLE_POLL_S  # a sender finishing wakes the scheduler
        limit = free * (BATCH_SIZE if batched else 1)
        try:
            due = self._outbox.due(self._owner, now, limit=limit, exclude=exclude)
            taken = set(self._outbox.take_for_sending([entry.id for entry in due]))
            # With every sender busy, a finishing one wakes the scheduler anyway.
            full = bool(due) and len(due) == limit
            later = None if full else self._outbox.next_attempt_at(self._owner, exclude=exclude)
        except Exception:  # the disk failed: try again shortly, never die
            logger.exception("Could not read the outbox")
            return 1.0
        due = [entry for entry in due if entry.id in taken]
        chunk = max(1, -(-len(due) // free)) if due else 1
        with self._condition:
            # The service may have failed while the disk was read: hold back as it says now
            # (what is not handed out stays pending and is due again).
            allowed, _wait = self._free_senders()
            due = due[: min(allowed, free) * chunk]
            for start in range(0, len(due), chunk):
                work = due[start : start + chunk]
                self._in_flight.update(entry.id for entry in work)
                self._working += 1
                self._work.put(work)
        if full or later is None:
            return IDLE_POLL_S
        return min(IDLE_POLL_S, max(0.0, later - now))

    # --- senders --------------------------------------------------------------------

    def _send_loop(self) -> None:
        while True:
            work = self._work.get()
            if work is None:
                return
            try:
                if len(work) == 1:
                    self._send(work[0])
                else:
                    self._send_batch(work)
            except Exception:  # never lose a sender; the entries stay pending
                logger.exception(
                    "Delivering outbox entries %s failed unexpectedly", [e.id for e in work]
                )
            finally:
                with self._condition:
                    self._in_flight.difference_update(entry.id for entry in work)
                    self._working -= 1
                    self._woken = True
                    self._condition.notify_all()

    def _send_batch(self, entries: list[OutboxEntry]) -> None:
        """Post ``entries`` in one batch request; each answer counts as a single one would."""
        with self._condition:
            if self._stopping or self._paused:
                return
        backend = self._backend()
        submit = getattr(backend, "submit_decisions", None)
        if not self._batches or submit is None:
            self._send_each(entries)
            return
        items = [(e.case_id, e.decision, e.idempotency_key) for e in entries]
        try:
            answers: list[DecisionOut | BackendError] = submit(items)
        except BatchUnsupported:
            self._batches = False  # an older service: single posts from now on
            self._send_each(entries)
            return
        except Exception as error:  # the whole request failed: classified once
            self._batch_failed(entries, error, backend)
            return
        self._set_reachable(True, None)
        self._answered()
        delivered = [
            (entry.id, answer)
            for entry, answer in zip(entries, answers, strict=True)
            if isinstance(answer, DecisionOut)
        ]
        for entry, answer in zip(entries, answers, strict=True):
            if not isinstance(answer, DecisionOut):
                self._failed(entry, answer, backend)
        self._report_many(self._outbox.mark_delivered_many(delivered))

    def _send_each(self, entries: Sequence[OutboxEntry]) -> None:
        """Post ``entries`` one by one; stop (they stay pending) once the service is held back."""
        for entry in entries:
            with self._condition:
                if self._hold.until > self._clock() or self._stopping or self._paused:
                    return
            self._send(entry)

    def _batch_failed(self, entries: list[OutboxEntry], error: Exception, backend: Backend) -> None:
        """The batch request as a whole got no usable answer."""
        verdict = classify(error)
        if verdict in (Verdict.REJECTED, Verdict.CONFLICT):
            # The batch itself was refused (too large, say): each decision alone decides.
            self._send_each(entries)
            return
        if verdict is Verdict.SIGN_IN:
            self._failed(entries[0], error, backend)  # pauses once; nothing is counted
            return
        reachable = not isinstance(error, Unreachable)
        self._set_reachable(reachable, None if reachable else error)
        at = self._retry_at(entries[0], error, verdict)  # the hold is updated once
        ids = [entry.id for entry in entries]
        self._report_many(self._outbox.schedule_retry_many(ids, at, str(error)))

    def _send(self, entry: OutboxEntry) -> None:
        with self._condition:
            if self._stopping or self._paused:
                return
        backend = self._backend()
        try:
            recorded = backend.decide(entry.case_id, entry.decision, entry.idempotency_key)
        except Exception as error:  # every failure is classified below
            self._failed(entry, error, backend)
            return
        self._set_reachable(True, None)
        self._answered()
        self._report(self._outbox.mark_delivered(entry.id, recorded))

    def _failed(self, entry: OutboxEntry, error: Exception, backend: Backend) -> None:
        verdict = classify(error)
        reachable = not isinstance(error, Unreachable)
        self._set_reachable(reachable, None if reachable else error)
        if verdict is Verdict.SIGN_IN:
            with self._condition:  # one step: a sign-in between check and pause is seen
                if self._backend() is not backend:
                    return  # sent with the session just replaced: the new one sends it again
                first = not self._paused
                self._paused = True
            if first and not self._stopping:
                self._listener.authentication_required(error)
            return
        if verdict is Verdict.CONFLICT:
            assert isinstance(error, DecisionConflict)
            self._answered()
            updated = self._outbox.mark_conflict(entry.id, error.decision, str(error))
        elif verdict is Verdict.REJECTED:
            self._answered()
            updated = self._outbox.mark_rejected(entry.id, status_of(error), str(error))
        else:
            updated = self._outbox.schedule_retry(
                entry.id, self._retry_at(entry, error, verdict), str(error)
            )
        self._report(updated)

    def _retry_at(self, entry: OutboxEntry, error: Exception, verdict: Verdict) -> float:
        """When to try ``entry`` again; service-wide failures may hold every send back."""
        now = self._clock()
        delay = self._policy.delay(entry.attempts + 1, None, self._rng)
        if verdict is not Verdict.RETRY_SERVICE:
            if isinstance(error, ClaimConflict):
                self._answered()  # a working service said who holds the case
            return now + delay
        retry_after = error.retry_after if isinstance(error, ServiceUnavailable) else None
        with self._condition:
            failures = self._hold.failures + 1
            service_wide = isinstance(error, Unreachable | RateLimited) or failures >= HOLD_AFTER
            if service_wide:
                delay = self._policy.delay(failures, retry_after, self._rng)
                self._hold = _Hold(max(self._hold.until, now + delay), failures)
            else:
                delay = max(delay, retry_after or 0.0)
                self._hold = _Hold(self._hold.until, failures)
        return now + delay

    # --- reports ----------------------------------------------------------------------

    def _answered(self) -> None:
        """A definitive answer: the service works, stop holding sends back."""
        with self._condition:
            self._hold = _Hold()

    def _set_reachable(self, reachable: bool, error: Exception | None) -> None:
        """Report a change of reachability; unreachable only after several misses in a row.

        One broken connection among answers is a fault of that request, not
        "offline": the moderator is told only when :data:`OFFLINE_AFTER` sends
        in a row got no answer at all.
        """
        with self._condition:
            self._misses = 0 if reachable else self._misses + 1
            if not reachable and self._misses < OFFLINE_AFTER:
                return
            changed = self._reachable is not reachable
            self._reachable = reachable
        if changed and not self._stopping:
            self._listener.reachability_changed(reachable, error)

    def _report(self, entry: OutboxEntry) -> None:
        self._report_many([entry])

    def _report_many(self, entries: Sequence[OutboxEntry]) -> None:
        if self._stopping or not entries:
            return
        many = getattr(self._listener, "entries_changed", None)
        if many is not None:
            many(list(entries))  # a listener that takes a batch answer's entries at once
        else:
            for entry in entries:
                self._listener.entry_changed(entry)
        with self._counts_lock:
            self._listener.counts_changed(self._outbox.counts(self._owner))
