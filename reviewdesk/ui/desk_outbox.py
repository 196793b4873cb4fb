"""The window's side of the outbox: open the desk's database, queue decisions, hear delivery.

:class:`DeskOutbox` opens the local database on a worker (migrating it),
starts a :class:`reviewdesk.queue.delivery.Delivery` for the signed-in
moderator on this service, and turns what delivery hears on its threads into
Qt signals for the window. Every outbox read and write runs on the task
runner, so the GUI thread never waits on the disk. A decision counts as made
once :attr:`DeskOutbox.queued` fires: it is then on disk with its key and
will reach the service exactly once, whatever happens to the network or the
desk. Each decision first waits a grace time (``grace_s``) in which
:meth:`DeskOutbox.take_back_last` can take it, or its whole batch, back.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from reviewdesk.backends.service_url import normalize_service_url
from reviewdesk.queue.retry_policy import RetryPolicy
from reviewdesk.store.outbox_types import (
    OutboxCounts,
    OutboxEntry,
    OutboxOwner,
    OutboxState,
    TakeBackRefused,
    TakenBack,
)
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.decision_panel import DecisionDraft
from reviewdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    # SQLAlchemy and the store are imported where the database opens: on a worker.
    from reviewdesk.queue.delivery import Delivery
    from reviewdesk.store.case_cache import CaseCache
    from reviewdesk.store.desk_state import DeskState
    from reviewdesk.store.local_db import LocalDatabase
    from reviewdesk.store.outbox import Outbox

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Entry changes emitted per turn of the event loop.
ENTRIES_PER_TURN = 20


def _save_early(
    outbox: Outbox, owner: OutboxOwner, early: list[tuple[DecisionDraft, int | None, str | None]]
) -> list[Exception]:
    """Write decisions made before the database was open, each on its own; the failures."""
    problems: list[Exception] = []
    for draft, replaces_id, batch_id in early:
        try:
            outbox.add(
                owner,
                draft.case_id,
                draft.decision,
                draft.idempotency_key,
                batch_id=batch_id,
                replaces_id=replaces_id,
            )
        except Exception as problem:  # keep going: every other decision still gets saved
            problems.append(problem)
    return problems


#: What opening the database on a worker hands back: the database, its outbox,
#: the cases still waiting, and the case this moderator had open last time.
_Opened = tuple["LocalDatabase", "Outbox", set[str], object]


def _open_database(path: Path | None) -> LocalDatabase:
    """The desk's database, opened and migrated (blocks; loads SQLAlchemy the first time)."""
    from reviewdesk.store.local_db import open_local_database

    return open_local_database(path)


def _outbox_of(database: LocalDatabase) -> Outbox:
    from reviewdesk.store.outbox import Outbox

    return Outbox(database)


def _case_cache_of(database: LocalDatabase) -> CaseCache:
    from reviewdesk.store.case_cache import CaseCache

    return CaseCache(database)


def _desk_state_of(database: LocalDatabase) -> DeskState:
    from reviewdesk.store.desk_state import DeskState

    return DeskState(database)


class DeskOutbox(QObject):
    """The outbox of the signed-in moderator, delivered in the background."""

    #: The database is open and delivery runs; argument: the case ids still waiting.
    opened = Signal(object)
    #: The database could not be opened: a sentence (deciding must stop).
    open_failed = Signal(str)
    counts_changed = Signal(object)  # OutboxCounts
    #: An entry was delivered, refused, or scheduled for another try (OutboxEntry).
    entry_changed = Signal(object)
    #: Delivery changed an entry (internal: the counts are read again).
    delivery_changed = Signal()
    #: Delivery reported entries (internal: re-emitted as entry_changed a few at a time).
    _entries_arrived = Signal(object)
    #: (reachable, error or None): the service stopped or started answering deliveries.
    reachability_changed = Signal(bool, object)
    #: Delivery met a 401 and waits for :meth:`resume` (argument: the error).
    authentication_required = Signal(object)
    #: [(DecisionDraft, OutboxEntry), ...]: decisions safely on disk, to be sent (one batch).
    queued = Signal(object)
    #: (DecisionDraft, Exception): the decision could not be saved; nothing was sent.
    not_queued = Signal(object, object)
    #: TakenBack: the last decision or batch was taken back before it was sent
    #: (``case_ids``, ``outcome``, ``batch_id``, ``entries``); those cases are undecided again.
    taken_back = Signal(object)
    #: TakeBackRefused: nothing was taken back; ``reason`` is a sentence naming what was
    #: already sent (``sent_case_ids``), or saying there is nothing to take back.
    take_back_refused = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        database_path: Path | None = None,
        policy: RetryPolicy | None = None,
        parent: QObject | None = None,
        *,
        grace_s: float = 0.0,
    ) -> None:
        """``grace_s``: how long each decision waits, and can be taken back, before it is sent."""
        super().__init__(parent)
        self._runner = runner
        self._grace_s = max(0.0, grace_s)
        self._path = database_path
        self._policy = policy
        self._database: LocalDatabase | None = None
        self.outbox: Outbox | None = None
        self.cache: CaseCache | None = None
        self.state: DeskState | None = None
        #: The case this moderator had open when the desk last ran (once opened).
        self.last_case: str | None = None
        self._delivery: Delivery | None = None
        self._owner: OutboxOwner | None = None
        self._closed = False
        #: Changes seen on the GUI thread, and how many a read of the counts included.
        self._changes = 0
        self._counted_changes = 0
        self.entry_changed.connect(self._note_change)
        self.entry_changed.connect(self._forget_settled_case)
        #: Entries delivery reported, waiting to be emitted (a batch answer brings hundreds).
        self._arrived: deque[OutboxEntry] = deque()
        self._entries_arrived.connect(self._note_change)
        self._entries_arrived.connect(self._on_entries_arrived)
        #: The service address the case cache is keyed by (the connection's).
        self._cache_url = ""
        self.delivery_changed.connect(self._note_change)
        self.delivery_changed.connect(self.refresh_counts)
        self._open_error = ""
        self._counting = False
        self._recount = False
        #: Decisions submitted while the database was still opening.
        self._early: list[tuple[DecisionDraft, int | None, str | None]] = []
        #: Starts the database opening that :meth:`open` deferred (None: none waits).
        self._pending_open: Callable[[], None] | None = None
        #: The case opened before the database was: remembered once it is open.
        self._remember_when_open: str | None = None
        #: Delivery waits for :meth:`resume`: the session had ended when it was made.
        self._start_on_resume = False
        #: Counts sign-outs: a database opened for an earlier session is closed at once.
        self._session = 0
        #: Settled cases waiting to leave the case cache (one write for all of them).
        self._settled: set[str] = set()
        self._settled_lock = threading.Lock()

    # --- opening and closing ---------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """True once decisions can be queued."""
        return self.outbox is not None and not self._closed

    @property
    def owner(self) -> OutboxOwner | None:
        """Whose decisions are delivered."""
        return self._owner

    def open(self, connection: Connection, *, deferred: bool = False) -> None:
        """Open the database on a worker, then deliver as ``connection``'s moderator.

        With ``deferred`` the moderator is known at once (decisions can be
        submitted: they wait in memory) but the database opens only at
        :meth:`open_now`, which the window calls once its first case is on
        screen, or at the first decision submitted, whichever comes first.
        """
        self._cache_url = connection.base_url
        owner = OutboxOwner(
            normalize_service_url(connection.base_url), connection.moderator.username
        )
        self._owner = owner
        self._open_error = ""
        path = self._path
        session = self._session

        def open_on_worker() -> _Opened:
            database = _open_database(path)
            outbox = _outbox_of(database)
            last = _desk_state_of(database).get(_last_case_key(owner))
            # Loaded here, not on the GUI thread: the delivery started once open.
            import reviewdesk.queue.delivery  # noqa: F401

            return database, outbox, outbox.waiting_cases(owner), last

        def opened(result: _Opened) -> None:
            if session != self._session:  # signed out meanwhile
                result[0].close()
                return
            self._on_opened(connection, result)

        def failed(error: Exception) -> None:
            if session == self._session:
                self._on_open_failed(error)

        def start() -> None:
            self._runner.run(open_on_worker, opened, failed)

        self._pending_open = start
        if not deferred:
            self.open_now()

    @property
    def opening_deferred(self) -> bool:
        """True while a deferred :meth:`open` waits for :meth:`open_now`."""
        return self._pending_open is not None

    def open_now(self) -> None:
        """Start opening the database if a deferred :meth:`open` waits (else nothing)."""
        start, self._pending_open = self._pending_open, None
        if start is not None and not self._closed:
            start()

    def _on_open_failed(self, error: Exception) -> None:
        self._open_error = (
            f"Decisions cannot be saved on this computer, so deciding is off. {error}"
        )
        self.open_failed.emit(self._open_error)
        early, self._early = self._early, []
        for draft, _replaces, _batch in early:
            self.not_queued.emit(draft, error)

    def _on_opened(self, connection: Connection, opened: _Opened) -> None:
        database, outbox, waiting, last = opened
        if self._closed:
            database.close()
            return
        self.last_case = last if isinstance(last, str) else None
        assert self._owner is not None
        self._database, self.outbox = database, outbox
        from reviewdesk.queue.delivery import Delivery

        self.cache = _case_cache_of(database)
        self.state = _desk_state_of(database)
        self._delivery = Delivery(
            outbox,
            self._owner,
            lambda: connection.backend,
            _SignalListener(self),
            policy=self._policy,
        )
        if connection.lost:
            # The session ended while the database opened: nothing goes out with a
            # token the service refused; delivery starts at the next sign-in (resume).
            self._start_on_resume = True
        else:
            self._delivery.start()
        # Decisions waiting for the database are written first: the moderator waits for
        # them (the next case opens once saved), not for the case remembered or the counts.
        early, self._early = self._early, []
        for draft, replaces_id, batch_id in early:
            self.submit(draft, replaces_id=replaces_id, batch_id=batch_id)
        shown, self._remember_when_open = self._remember_when_open, None
        if shown is not None:
            self.remember_case(shown)
        self.opened.emit(waiting)
        self.refresh_counts()

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop delivery (what waits stays on disk for the next run) and close the database.

        Decisions made while the database was still opening are written now,
        before anything closes (the desk is shutting down: this may wait).
        """
        if self._closed:
            return
        self._closed = True
        self._pending_open = None
        early, self._early = self._early, []
        if early and self._owner is not None:
            database = self._database or _open_database(self._path)
            for problem in _save_early(_outbox_of(database), self._owner, early):
                logger.error("A decision made at start-up could not be saved: %s", problem)
            if self._database is None:
                database.close()
        if self._delivery is not None and not self._delivery.stop(timeout_s):
            logger.warning("A delivery was still waiting for the service; it resumes next run.")
        if self._database is not None:
            self._database.close()

    def sign_out(
        self, on_done: Callable[[int], None], on_failed: Callable[[Exception], None]
    ) -> None:
        """Stop delivering for the moderator signing out and empty the case cache (on a worker).

        Nothing waiting is lost: it stays on disk and is delivered the next time
        that moderator signs in (decisions submitted while the database was
        still opening are written first). ``on_done`` gets how many of their
        decisions wait. :meth:`open` starts the next session.
        """
        delivery, database, outbox, owner = self._delivery, self._database, self.outbox, self._owner
        early, self._early = self._early, []
        self._pending_open = self._remember_when_open = None
        self._start_on_resume = False
        self._session += 1
        self._delivery, self._database, self.outbox, self.cache, self._owner = (
            None,
            None,
            None,
            None,
            None,
        )
        self._counting = self._recount = False
        path = self._path

        def stop_on_worker() -> int:
            if delivery is not None and not delivery.stop(5.0):
                logger.warning("A delivery was still waiting at sign-out; it resumes next time.")
            local = database if database is not None else _open_database(path)
            try:
                kept = outbox if outbox is not None else _outbox_of(local)
                problems = _save_early(kept, owner, early) if owner is not None else []
                _case_cache_of(local).clear()
                if problems:
                    raise problems[0]  # the moderator is told; the others were saved
                return kept.counts(owner).waiting if owner is not None else 0
            finally:
                local.close()

        self._runner.run(stop_on_worker, on_done, on_failed)

    # --- queueing ---------------------------------------------------------------------

    @property
    def grace_s(self) -> float:
        """Seconds a new decision waits before it is sent (and can be taken back)."""
        return self._grace_s

    def set_grace_s(self, seconds: float) -> None:
        """Change the grace time of decisions submitted from now on (0: send at once)."""
        self._grace_s = max(0.0, seconds)

    def submit(
        self, draft: DecisionDraft, *, replaces_id: int | None = None, batch_id: str | None = None
    ) -> bool:
        """Save ``draft`` to the outbox on a worker, then send it.

        While the database is still opening the draft waits in memory for it.
        False when decisions cannot be saved (the database failed, or closed).
        """
        outbox, owner = self.outbox, self._owner
        if self._closed or self._open_error or owner is None:
            return False
        if outbox is None:
            self._early.append((draft, replaces_id, batch_id))
            self.open_now()  # a decision never waits for the first case's paint
            return True

        grace_s = self._grace_s

        def add() -> OutboxEntry:
            return outbox.add(
                owner,
                draft.case_id,
                draft.decision,
                draft.idempotency_key,
                batch_id=batch_id,
                replaces_id=replaces_id,
                grace_s=grace_s,
            )

        self._runner.run(
            add,
            lambda entry: self._on_queued(draft, entry),
            lambda error: self.not_queued.emit(draft, error),
        )
        return True

    def submit_many(self, drafts: Sequence[DecisionDraft], batch_id: str) -> bool:
        """Save several decisions as one batch (all or none, one worker task), then send them.

        ``batch_id`` (a fresh UUID string per batch) goes with each decision to
        the service, and :meth:`take_back_last` takes the whole batch back.
        """
        outbox, owner = self.outbox, self._owner
        self.open_now()
        if outbox is None or owner is None or self._closed:
            return False
        rows = [(d.case_id, d.decision, d.idempotency_key) for d in drafts]
        chosen = list(drafts)
        grace_s = self._grace_s

        def on_added(entries: list[OutboxEntry]) -> None:
            self._on_queued_all(list(zip(chosen, entries, strict=True)))

        def on_failed(error: Exception) -> None:
            for draft in chosen:
                self.not_queued.emit(draft, error)

        self._runner.run(
            lambda: outbox.add_many(owner, rows, batch_id=batch_id, grace_s=grace_s),
            on_added,
            on_failed,
        )
        return True

    def take_back_last(self) -> None:
        """Take back the last decision, or the whole last batch, if none of it was sent yet.

        Runs on the outbox's worker after every save asked for before it, then
        emits :attr:`taken_back` or :attr:`take_back_refused`.
        """
        outbox, owner = self.outbox, self._owner
        if outbox is None or owner is None or self._closed:
            reason = "Decisions cannot be taken back now: the desk's own database is not open."
            self.take_back_refused.emit(TakeBackRefused(reason))
            return

        def done(result: TakenBack | TakeBackRefused) -> None:
            if isinstance(result, TakenBack):
                self._note_change()
                self.taken_back.emit(result)
                self.refresh_counts()
            else:
                self.take_back_refused.emit(result)

        self._run(lambda: outbox.take_back_last(owner), done)

    def _on_queued(self, draft: DecisionDraft, entry: OutboxEntry) -> None:
        self._on_queued_all([(draft, entry)])

    def _on_queued_all(self, queued: list[tuple[DecisionDraft, OutboxEntry]]) -> None:
        self._note_change()
        self.queued.emit(queued)
        if self._delivery is not None:
            self._delivery.wake()
        self.refresh_counts()

    # --- delivery control ---------------------------------------------------------------

    def resume(self) -> None:
        """The moderator signed in again: deliver what waited."""
        if self._delivery is not None:
            if self._start_on_resume:
                self._start_on_resume = False
                self._delivery.start()
            else:
                self._delivery.resume()

    def retry_now(self) -> None:
        """Try every waiting decision at once, forgetting the backoff (on a worker)."""
        delivery = self._delivery
        if delivery is not None:
            self._run(delivery.retry_now, lambda _none: None)

    def remember_case(self, case_id: str) -> None:
        """Remember the case open now, to come back to it on the next start (on a worker)."""
        state, owner = self.state, self._owner
        if state is not None and owner is not None:
            self._run(lambda: state.set(_last_case_key(owner), case_id), _ignore)
        elif owner is not None and not self._closed:
            self._remember_when_open = case_id

    def refresh_counts(self) -> None:
        """Read the counts again (on a worker) and emit :attr:`counts_changed`.

        One read at a time: asked again meanwhile, it reads once more when the
        first is in, so the counts shown are never older than the last change.
        """
        outbox, owner = self.outbox, self._owner
        if outbox is None or owner is None or self._closed:
            return  # closed: a change reported on the way in is of no use any more
        if self._counting:
            self._recount = True
            return
        self._counting = True
        changes = self._changes
        self._runner.run(
            lambda: outbox.counts(owner),
            lambda counts: self._on_counted(counts, changes),
            self._on_count_failed,
        )

    @property
    def counts_settled(self) -> bool:
        """False while the counts last emitted may already be overtaken by a change."""
        return self._counted_changes == self._changes and not self._recount

    def _forget_settled_case(self, entry: OutboxEntry) -> None:
        """A case decided for good (delivered or lost) is no use in the cache: drop it.

        Cases settled while a drop is waiting for the worker join it, so a
        delivered batch costs one write, not one per case.
        """
        cache, url = self.cache, self._cache_url
        if cache is None or entry.state is OutboxState.PENDING:
            return
        with self._settled_lock:
            first = not self._settled
            self._settled.add(entry.case_id)
        if not first:
            return

        def forget() -> None:
            with self._settled_lock:
                chosen, self._settled = self._settled, set()
            cache.forget_many(url, chosen)

        self._run(forget, _ignore)

    def _note_change(self, *_args: object) -> None:
        self._changes += 1

    def _on_entries_arrived(self, entries: list[OutboxEntry]) -> None:
        idle = not self._arrived
        self._arrived.extend(entries)
        if idle and self._arrived:
            QTimer.singleShot(0, self._emit_arrived)

    def _emit_arrived(self) -> None:
        """Emit :attr:`entry_changed` for a few waiting entries, the rest on the next turns.

        A batch answer reports hundreds of entries at once; handling them all
        in one go would stop the event loop for longer than a frame.
        """
        for _ in range(min(ENTRIES_PER_TURN, len(self._arrived))):
            self.entry_changed.emit(self._arrived.popleft())
        if self._arrived:
            QTimer.singleShot(0, self._emit_arrived)

    def _on_counted(self, counts: OutboxCounts, changes: int) -> None:
        self._counting = False
        self._counted_changes = changes
        self.counts_changed.emit(counts)
        if self._recount:
            self._recount = False
            self.refresh_counts()

    def _on_count_failed(self, error: Exception) -> None:
        self._counting = False
        self._on_disk_error(error)

    def problems(self, on_result: Callable[[list[OutboxEntry]], None]) -> None:
        """Hand ``on_result`` the unresolved conflicts and rejections (read on a worker)."""
        outbox, owner = self.outbox, self._owner
        if outbox is not None and owner is not None:
            self._run(lambda: outbox.problems(owner), on_result)

    def resolve(
        self, entry_id: int, resolution: str, on_done: Callable[[OutboxEntry], None]
    ) -> None:
        """Mark a conflict or rejection as dealt with (on a worker)."""
        outbox = self.outbox
        if outbox is None:
            return

        def done(entry: OutboxEntry) -> None:
            self._note_change()
            on_done(entry)
            self.refresh_counts()

        self._run(lambda: outbox.resolve(entry_id, resolution), done)

    def _run(self, function: Callable[[], T], on_result: Callable[[T], None]) -> None:
        if not self._closed:
            self._runner.run(function, on_result, self._on_disk_error)

    def _on_disk_error(self, error: Exception) -> None:
        logger.error("The outbox could not be read or written: %s", error)
        self.open_failed.emit(f"The desk's own database failed: {error}")


class _SignalListener:
    """Delivery's listener: re-emits what it hears as the outbox's (thread-safe) signals."""

    def __init__(self, outbox: DeskOutbox) -> None:
        self._outbox = outbox

    def entry_changed(self, entry: OutboxEntry) -> None:
        self._outbox._entries_arrived.emit([entry])

    def entries_changed(self, entries: list[OutboxEntry]) -> None:
        self._outbox._entries_arrived.emit(entries)

    def counts_changed(self, counts: OutboxCounts) -> None:
        # Read again on the GUI's terms, so reads from here and there never
        # arrive out of order.
        self._outbox.delivery_changed.emit()

    def reachability_changed(self, reachable: bool, error: Exception | None) -> None:
        self._outbox.reachability_changed.emit(reachable, error)

    def authentication_required(self, error: Exception) -> None:
        self._outbox.authentication_required.emit(error)


def _last_case_key(owner: OutboxOwner) -> str:
    return f"last_case {owner.service_url} {owner.moderator}"


def _ignore(_result: object) -> None:
    """Result handler for writes that return nothing."""
