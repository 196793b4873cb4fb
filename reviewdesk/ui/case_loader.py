"""Opening a case: every backend call it needs, on workers, reported by signals.

Opening a case fetches the case, claims it, loads the member's history, and
downloads/verifies/decodes every screenshot, all in parallel on the task
runner. The loader also loads the policy catalogue once and, when both the
catalogue and the history are in, hands the window the clauses for the
case's category with the ladder rung the member's record suggests. Moving on
drops late answers for the old case and releases its claim unless it was
decided. :attr:`CaseLoader.fully_shown` fires once everything of a case has
arrived (or failed), which is what ``--screenshot`` waits for.

Claims are never dropped: a claim is only wanted for the case shown, while
its detail has not failed to load. A claim granted for a case no longer
wanted (the moderator moved on before the answer came, or the case cannot be
read) is given back at once, on a worker: by the worker that took it when
it can already tell, else as soon as the answer reaches the loader.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from reviewdesk.api.models import (
    Attachment,
    CaseDetail,
    CaseSummary,
    ClaimOut,
    LadderStep,
    MemberHistory,
    PolicyCatalogue,
    PolicyClause,
)
from reviewdesk.backends.base import Backend
from reviewdesk.backends.errors import BackendError, ClaimConflict, ServiceUnavailable
from reviewdesk.evidence.disk_cache import EvidenceCache
from reviewdesk.policy.catalogue import PolicyIndex
from reviewdesk.policy.ladder import prior_strikes, suggest_sanction
from reviewdesk.ui.case.layout_fence import settle_layouts
from reviewdesk.ui.case.prepared_case import PreparedCase
from reviewdesk.ui.case.text_format import format_timestamp
from reviewdesk.ui.connection import Connection, Refusal
from reviewdesk.ui.desk_outbox import DeskOutbox
from reviewdesk.ui.error_banner import BannerSource, describe_error
from reviewdesk.ui.evidence_images import (
    EvidenceRefused,
    LoadedEvidence,
    load_attachment_image,
)
from reviewdesk.ui.prefetch import CasePrefetcher, PrefetchedCase
from reviewdesk.ui.queue_loader import Answer
from reviewdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the case cache (SQLAlchemy) is loaded with the desk's database
    from reviewdesk.store.case_cache import CachedCase

logger = logging.getLogger(__name__)

CASE_SCOPE = "case"
#: Never renew a claim more often than this (seconds).
MIN_RENEWAL_S = 10.0

T = TypeVar("T")

_DETAIL = "detail"
_HISTORY = "history"
_CLAUSES = "clauses"


def suggestions_for(
    clauses: list[PolicyClause], history: MemberHistory | None, index: PolicyIndex
) -> dict[str, LadderStep]:
    """The ladder rung the member's record suggests for each clause."""
    strikes = history.strikes if history is not None else []
    return {c.id: suggest_sanction(c, prior_strikes(strikes, c, index)) for c in clauses}


class CaseLoader(QObject):
    """Loads the open case and the policy catalogue for the window."""

    #: A case starts opening (CaseSummary): clear the old one from view.
    opening = Signal(object)
    detail_loaded = Signal(object)  # CaseDetail
    detail_failed = Signal(object)  # Exception
    claim_obtained = Signal(object)  # ClaimOut
    #: The case cannot be decided here: a sentence saying who holds it.
    claim_refused = Signal(str)
    #: The claim on this case id was given back (the moderator moved on).
    claim_released = Signal(str)
    history_loaded = Signal(object)  # MemberHistory
    history_failed = Signal(str)
    image_loaded = Signal(str, object)  # LoadedEvidence (an image or why it cannot be shown)
    image_failed = Signal(str, str)
    #: (clauses of the category, suggested rung per clause id)
    clauses_ready = Signal(list, dict)
    catalogue_loaded = Signal(object)  # PolicyIndex
    catalogue_failed = Signal(object)  # Exception
    #: Every part of the case (detail, history, clauses, images) arrived or failed.
    fully_shown = Signal(str)
    #: A failure the window should show in its banner: (error, retry or None, BannerSource).
    problem = Signal(object, object, str)

    def __init__(
        self, runner: TaskRunner, connection: Connection, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._connection = connection
        self._summary: CaseSummary | None = None
        self._history: MemberHistory | None = None
        self._history_settled = False
        self._index: PolicyIndex | None = None
        self._claim: ClaimOut | None = None
        #: The case a claim is wanted for; read by the workers that claim.
        self._claim_wanted_for: str | None = None
        self._claim_lock = threading.Lock()
        #: Claims and releases of one case reach the service one at a time.
        self._claim_io: dict[str, threading.Lock] = {}
        #: Cases decided here: their claims are never given back (any thread reads it).
        self._decided: set[str] = set()
        self._outbox: DeskOutbox | None = None
        self._evidence_cache: EvidenceCache | None = None
        self._renewal = QTimer(self)
        self._renewal.setSingleShot(True)
        self._renewal.timeout.connect(self.claim_again)
        self._pending: set[str] = set()
        self._prefetcher: CasePrefetcher | None = None
        #: True while :attr:`opening` is emitted for a case read ahead: everything of it
        #: follows in the same call, so the window need not show "Loading" first.
        self.opening_from_memory = False
        #: True while a case read ahead is being shown, from its opening to its
        #: clauses (all in one call): the window may leave what is not needed to
        #: decide for after the paint (see reviewdesk.ui.case.after_paint).
        self.showing_from_memory = False
        #: A widget painted with every case shown (the case header): work a case
        #: shown from memory starts waits for its paint (see TaskRunner.hold_until_painted).
        self.paint_witness: QObject | None = None
        #: The display texts of the case being opened, worked out when it was read
        #: ahead (None when it was not): the window hands them to its panels.
        self.prepared: PreparedCase | None = None
        #: The screenshots of the case being opened decoded when it was read ahead, by
        #: attachment id (empty when it was not): shown with the case, no "Loading…" first.
        self.ready_images: dict[str, LoadedEvidence] = {}

    def set_prefetcher(self, prefetcher: CasePrefetcher | None) -> None:
        """Open cases ``prefetcher`` read ahead from memory (the claim still goes out)."""
        self._prefetcher = prefetcher

    def set_cache(self, outbox: DeskOutbox) -> None:
        """Keep cases read in ``outbox``'s case cache, and read them from it when offline."""
        self._outbox = outbox

    def set_evidence_cache(self, cache: EvidenceCache | None) -> None:
        """Read verified screenshots from ``cache`` first, and keep new ones there."""
        self._evidence_cache = cache

    # --- policy catalogue --------------------------------------------------------

    @property
    def policy(self) -> PolicyIndex | None:
        """The catalogue in force, once loaded."""
        return self._index

    def load_catalogue(self, early: Answer[PolicyCatalogue] | None = None) -> None:
        """Fetch the policy catalogue (once at start, again on retry).

        ``early``: the answer of a read made already (at the start), taken
        instead: a catalogue at once (the first case then shows its clauses
        in the same paint), an error as a failed read would report it.
        """
        if early is not None and early.error is None:
            self._on_catalogue(early.get())
            return
        if early is not None:
            self._runner.run(early.get, self._on_catalogue, self._on_catalogue_failed)
            return
        backend = self._connection.backend
        self._runner.run(backend.get_policy, self._on_catalogue, self._on_catalogue_failed)

    def _on_catalogue(self, catalogue: PolicyCatalogue) -> None:
        self._index = PolicyIndex(catalogue)
        self.catalogue_loaded.emit(self._index)
        self._offer_clauses()

    def _on_catalogue_failed(self, error: Exception) -> None:
        refusal = self._connection.check_error(error, self.load_catalogue)
        if refusal is Refusal.STALE:  # read again with the new session
            return
        self.catalogue_failed.emit(error)
        if not refusal:
            self.problem.emit(error, self.load_catalogue, BannerSource.POLICY)

    # --- opening a case --------------------------------------------------------------

    @property
    def current(self) -> CaseSummary | None:
        """The case being shown."""
        return self._summary

    @property
    def settled(self) -> bool:
        """True once every part of the open case arrived or failed (see :attr:`fully_shown`)."""
        return self._summary is not None and not self._pending

    @property
    def claimed_case_id(self) -> str | None:
        """The case this desk holds a claim on."""
        return self._claim.case_id if self._claim is not None else None

    @property
    def claim(self) -> ClaimOut | None:
        """The claim this desk holds, if any."""
        return self._claim

    def open(self, summary: CaseSummary) -> None:
        """Show ``summary``'s case: drop the old one, release its claim, load the new."""
        self._runner.invalidate(CASE_SCOPE)
        ahead = self._prefetcher.take(summary) if self._prefetcher is not None else None
        if ahead is not None and self.paint_witness is not None:
            # Shown from memory: filled and painted before any worker competes for the
            # interpreter (claim, release, reading further ahead start right after).
            self._runner.hold_until_painted(self.paint_witness)
        # Wanted first: the release below checks on its worker that its case is no longer.
        self._want_claim_for(summary.id)
        if self._claim is not None and self._claim.case_id != summary.id:
            self.release_claim()
        self._summary = summary
        self._history = None
        self._history_settled = False
        self._pending = {_DETAIL, _HISTORY, _CLAUSES}
        self.opening_from_memory = ahead is not None and ahead.history is not None
        self.prepared = ahead.prepared if ahead is not None else None
        self.ready_images = dict(ahead.images) if ahead is not None else {}
        self.showing_from_memory = ahead is not None
        try:
            self._show(summary, ahead)
        finally:
            self.opening_from_memory = False
            self.showing_from_memory = False

    def _show(self, summary: CaseSummary, ahead: PrefetchedCase | None) -> None:
        """Emit the opening and show what was read ahead, or start loading it."""
        try:
            self.opening.emit(summary)
        finally:
            self.opening_from_memory = False
        backend = self._connection.backend
        case_id, member_id = summary.id, summary.member_id
        if ahead is not None:  # read ahead: shown from memory at once
            self._on_detail(ahead.detail, ahead)
        else:
            self._run(lambda: backend.get_case(case_id), self._on_detail, self._on_detail_failed)
        self._claim_case(case_id)
        if ahead is not None and ahead.history is not None:
            self._on_history(ahead.history)
            # Settle every layout the case changed now, so it is painted once, as it ends up.
            settle_layouts()
        else:
            self._run(
                lambda: backend.get_member_history(member_id),
                self._on_history,
                self._on_history_failed,
            )

    def open_by_id(self, case_id: str, on_opened: Callable[[CaseSummary], None]) -> None:
        """Open a case not (or no longer) in the queue; ``on_opened`` once it is opening."""
        backend = self._connection.backend

        def found(detail: CaseDetail) -> None:
            self.open(detail.summary)
            on_opened(detail.summary)

        def failed(error: Exception) -> None:
            again = lambda: self.open_by_id(case_id, on_opened)  # noqa: E731
            if not self._connection.check_error(error, again):
                self.problem.emit(error, again, BannerSource.CASE)

        self._runner.run(lambda: backend.get_case(case_id), found, failed)

    def reopen(self) -> None:
        """Load the current case again (Retry)."""
        if self._summary is not None:
            self.open(self._summary)

    def close_case(self) -> None:
        """Show no case any more (queue empty, desk closing); gives back every claim.

        Also a claim still on its way: it is released as soon as it is granted.
        """
        self._runner.invalidate(CASE_SCOPE)
        self._want_claim_for(None)
        self.release_claim()
        self._summary = None
        self._pending = set()
        self.prepared = None
        self.ready_images = {}

    def claim_again(self) -> None:
        """Renew the claim on the current case (before it lapses, or after signing in again)."""
        if self._summary is not None and self._wants_claim(self._summary.id):
            self._claim_case(self._summary.id)

    def claim_current(self) -> bool:
        """Claim the case shown on the moderator's word (its lease ran out, it was given
        back, or whoever held it let it go). False when no case is shown."""
        if self._summary is None:
            return False
        self._want_claim_for(self._summary.id)
        self._claim_case(self._summary.id)
        return True

    def decided(self, case_id: str) -> None:
        """The case was decided: its claim ends with it, nothing to release.

        Also a claim still on its way: it is kept until the decision arrives
        (or its lease runs out), so nobody takes the case meanwhile.
        """
        with self._claim_lock:
            self._decided.add(case_id)
        if self._prefetcher is not None:
            self._prefetcher.drop([case_id])
        if self.claimed_case_id == case_id:
            self._claim = None
            self._renewal.stop()

    def undecided(self, case_ids: Iterable[str]) -> None:
        """Decisions on these cases were taken back before they were sent: open again."""
        with self._claim_lock:
            self._decided.difference_update(case_ids)

    def _is_decided(self, case_id: str) -> bool:
        with self._claim_lock:
            return case_id in self._decided

    def release_claim(self) -> None:
        """Give the claimed case back to the queue, on a worker; failures only logged."""
        claim, self._claim = self._claim, None
        self._renewal.stop()
        if claim is not None:
            self._release(claim.case_id)

    def _release(self, case_id: str) -> None:
        self.claim_released.emit(case_id)
        self._send_release(case_id)

    def _send_release(self, case_id: str) -> None:
        backend = self._connection.backend

        def release() -> None:
            with self._case_io(case_id):
                # Back on this case meanwhile (A, B, A quickly): its new claim stays.
                if not self._wants_claim(case_id):
                    backend.release(case_id)

        self._runner.run(release, _ignore, lambda error: self._on_release_failed(case_id, error))

    # --- claims -------------------------------------------------------------------------

    def _case_io(self, case_id: str) -> threading.Lock:
        """The lock that keeps claim and release calls on ``case_id`` in turn (any thread)."""
        with self._claim_lock:
            return self._claim_io.setdefault(case_id, threading.Lock())

    def _want_claim_for(self, case_id: str | None) -> None:
        with self._claim_lock:
            self._claim_wanted_for = case_id

    def _wants_claim(self, case_id: str) -> bool:
        """True while a claim on ``case_id`` is of use: it is shown and can be read."""
        with self._claim_lock:
            return self._claim_wanted_for == case_id

    def _claim_case(self, case_id: str) -> None:
        """Claim ``case_id`` on a worker. Not scoped: a late answer is still dealt with."""
        backend = self._connection.backend
        me = self._connection.moderator.username
        self._runner.run(
            lambda: self._claim_on_worker(backend, case_id, me),
            lambda claim: self._on_claim(case_id, claim),
            lambda error: self._on_claim_failed(case_id, error),
        )

    def _claim_on_worker(self, backend: Backend, case_id: str, me: str) -> ClaimOut | None:
        """Claim ``case_id``; give it straight back if it is no longer wanted (then None)."""
        with self._case_io(case_id):
            return self._claim_in_order(backend, case_id, me)

    def _claim_in_order(self, backend: Backend, case_id: str, me: str) -> ClaimOut | None:
        claim = backend.claim(case_id)
        if claim.moderator.username != me or self._wants_claim(case_id):
            return claim
        if self._is_decided(case_id):
            return None  # kept for the decision on its way
        try:
            backend.release(case_id)
        except BackendError as error:  # the lease runs out by itself
            logger.info("Could not give back the claim on %s: %s", case_id, error)
        return None

    # --- answers ----------------------------------------------------------------------

    def _run(
        self,
        function: Callable[[], T],
        on_result: Callable[[T], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        self._runner.run(function, on_result, on_error, scope=CASE_SCOPE)

    def _on_detail(self, detail: CaseDetail, ahead: PrefetchedCase | None = None) -> None:
        self._remember(detail)
        self.detail_loaded.emit(detail)
        for attachment in detail.attachments:
            if ahead is not None and attachment.id in ahead.refused:
                self.image_failed.emit(attachment.id, ahead.refused[attachment.id])
                continue
            self._load_image(attachment, ahead.images.get(attachment.id) if ahead else None)
        self._settle(_DETAIL)

    def _load_image(self, attachment: Attachment, ready: LoadedEvidence | None = None) -> None:
        """Show ``attachment``: ``ready`` when it was read ahead, else load it on a worker."""
        backend = self._connection.backend
        part = f"image:{attachment.id}"
        self._pending.add(part)

        cache = self._evidence_cache

        def on_image(loaded: LoadedEvidence) -> None:
            self.image_loaded.emit(attachment.id, loaded)
            pending = loaded.full_pending
            if pending is not None:  # a preview: the full resolution follows from a worker
                self._after_paint(lambda: self._run(pending, on_image, on_image_failed))
                return
            write = loaded.cache_write
            if write is not None:  # not tied to the case: a verified file is kept anyway
                self._runner.run(write, _ignore, _log_evidence_cache_failure)
            self._settle(part)

        def on_image_failed(error: Exception) -> None:
            if self._connection.check_error(error, lambda: self._load_image(attachment)) is (
                Refusal.STALE
            ):
                return  # loading again with the new session
            message = str(error) if isinstance(error, EvidenceRefused) else describe_error(error)
            self.image_failed.emit(attachment.id, message)
            self._settle(part)

        if ready is not None:
            on_image(ready)
            return
        self._run(
            lambda: load_attachment_image(backend, attachment, cache), on_image, on_image_failed
        )

    def _after_paint(self, start: Callable[[], None]) -> None:
        """Run ``start`` once the event loop has painted what was just shown (same case only).

        The full resolution's decode then does not compete with painting the preview.
        """
        case_id = self._summary.id if self._summary is not None else None

        def still_here() -> None:
            if self._summary is not None and self._summary.id == case_id:
                start()

        QTimer.singleShot(0, self, still_here)

    def _remember(self, detail: CaseDetail) -> None:
        """Put a freshly read case in the cache (on a worker, not tied to this case).

        Never started before the event loop has painted what is on show: the
        worker's serialising never competes with that paint for the interpreter
        lock. A case shown from memory holds the runner until its paint (see
        :meth:`TaskRunner.hold_until_painted`; a zero timer alone fires before
        the paint, which Qt posts at a low priority); otherwise it starts on the
        next turn of the event loop.
        """
        cache = self._outbox.cache if self._outbox is not None else None
        if cache is not None:
            url = self._connection.base_url

            def start() -> None:
                if self._runner.closed:  # the desk shut down meanwhile
                    return
                self._runner.run(lambda: cache.put(url, detail), _ignore, _log_cache_failure)

            QTimer.singleShot(0, self, start)

    def _on_detail_failed(self, error: Exception) -> None:
        refusal = self._connection.check_error(error, self._read_detail_again)
        if refusal is Refusal.STALE:
            return
        cache = self._outbox.cache if self._outbox is not None else None
        if isinstance(error, ServiceUnavailable) and cache is not None and self._summary:
            url, case_id = self._connection.base_url, self._summary.id
            self._run(
                lambda: cache.get(url, case_id),
                lambda cached: self._on_cached(cached, error),
                lambda _cache_error: self._detail_unavailable(error, Refusal.NONE),
            )
            return
        self._detail_unavailable(error, refusal)

    def _read_detail_again(self) -> None:
        """The detail of the case shown, read again (its read was refused as stale)."""
        if self._summary is not None:
            backend, case_id = self._connection.backend, self._summary.id
            self._run(lambda: backend.get_case(case_id), self._on_detail, self._on_detail_failed)

    def _on_cached(self, cached: CachedCase | None, error: Exception) -> None:
        """Offline: show the copy read earlier, and say how old it is."""
        if cached is None:
            self._detail_unavailable(error, Refusal.NONE)
            return
        self.detail_loaded.emit(cached.detail)
        saved = format_timestamp(datetime.fromtimestamp(cached.fetched_at, UTC))
        self.problem.emit(
            ServiceUnavailable(
                f"{describe_error(error)} Showing the copy of this case saved at {saved}; "
                "you can decide it, and the decision waits in the outbox."
            ),
            self.reopen,
            BannerSource.CASE,
        )
        for attachment in cached.detail.attachments:
            self._load_image(attachment)
        self._settle(_DETAIL)

    def _detail_unavailable(self, error: Exception, refusal: Refusal) -> None:
        """The case cannot be read; ``refusal``: what the connection made of ``error``."""
        # A case the moderator cannot see cannot be decided: no claim on it.
        self._want_claim_for(None)
        self.release_claim()
        self.detail_failed.emit(error)
        if not refusal:
            assert self._summary is not None  # answers of a closed case are dropped
            case_id = self._summary.id
            self.problem.emit(error, lambda: self._retry_case(case_id), BannerSource.CASE)

    def _retry_case(self, case_id: str) -> None:
        """Load ``case_id`` again, if it is still the case shown (never another one)."""
        if self._summary is not None and self._summary.id == case_id:
            self.open(self._summary)

    def _on_claim(self, case_id: str, claim: ClaimOut | None) -> None:
        if claim is None:
            return  # granted after the moderator moved on, and already given back
        if claim.moderator.username != self._connection.moderator.username:
            if self._wants_claim(case_id):
                self.claim_refused.emit(claim_sentence(claim))
            return
        if not self._wants_claim(case_id):
            if not self._is_decided(case_id):
                self._release(case_id)  # moved on while the answer was on its way
            return
        self._claim = claim
        self._renewal.start(renewal_delay_ms(claim, datetime.now(UTC)))
        self.claim_obtained.emit(claim)

    def _on_claim_failed(self, case_id: str, error: Exception) -> None:
        if self._connection.check_error(error, lambda: self._retry_claim(case_id)):
            return
        if not self._wants_claim(case_id):
            return
        if isinstance(error, ClaimConflict):
            self.claim_refused.emit(str(error))
            return
        if isinstance(error, ServiceUnavailable):
            # Offline: deciding stays open; the outbox delivers later, and a
            # decision someone else made first comes back as a conflict.
            self.problem.emit(
                ServiceUnavailable(
                    f"The case could not be claimed. {describe_error(error)} You can still "
                    "decide it: your decision waits in the outbox."
                ),
                lambda: self._retry_claim(case_id),
                BannerSource.CLAIM,
            )
            return
        self.claim_refused.emit(
            f"The case could not be claimed, so it cannot be decided yet. {error}"
        )
        self.problem.emit(error, lambda: self._retry_claim(case_id), BannerSource.CLAIM)

    def _retry_claim(self, case_id: str) -> None:
        if self._wants_claim(case_id):
            self._claim_case(case_id)

    def _on_history(self, history: MemberHistory) -> None:
        self._history = history
        self._history_settled = True
        self.history_loaded.emit(history)
        self._settle(_HISTORY)
        self._offer_clauses()

    def _on_history_failed(self, error: Exception) -> None:
        if self._connection.check_error(error, self._read_history_again) is Refusal.STALE:
            return
        self._history_settled = True
        self.history_failed.emit(describe_error(error))
        self._settle(_HISTORY)
        self._offer_clauses()

    def _read_history_again(self) -> None:
        """The member's history read again (its read was refused as stale)."""
        if self._summary is not None:
            backend, member_id = self._connection.backend, self._summary.member_id
            self._run(
                lambda: backend.get_member_history(member_id),
                self._on_history,
                self._on_history_failed,
            )

    def _on_release_failed(self, case_id: str, error: Exception) -> None:
        self._connection.check_error(error, lambda: self._send_release(case_id))

    def _offer_clauses(self) -> None:
        if self._index is None or self._summary is None or not self._history_settled:
            return
        if _CLAUSES not in self._pending:
            return
        clauses = list(self._index.clauses_for(self._summary.category))
        self.clauses_ready.emit(clauses, suggestions_for(clauses, self._history, self._index))
        self._settle(_CLAUSES)

    def _settle(self, part: str) -> None:
        if part not in self._pending:
            return
        self._pending.discard(part)
        if not self._pending and self._summary is not None:
            self.fully_shown.emit(self._summary.id)


def renewal_delay_ms(claim: ClaimOut, now: datetime) -> int:
    """When to renew ``claim``: at two thirds of its remaining lease, at least 10 s away."""
    remaining = (claim.expires_at - now).total_seconds()
    return int(max(MIN_RENEWAL_S, remaining * 2 / 3) * 1000)


def claim_sentence(claim: ClaimOut) -> str:
    """ "Claimed by X until T" for a claim someone else holds."""
    until = format_timestamp(claim.expires_at)
    return f"Claimed by {claim.moderator.display_name} until {until}; you cannot decide it."


def _log_cache_failure(error: Exception) -> None:
    logger.warning("Could not keep the case in the cache: %s", error)


def _log_evidence_cache_failure(error: Exception) -> None:
    logger.warning("Could not keep the screenshot in the evidence cache: %s", error)


def _ignore(_result: object) -> None:
    """Result handler for calls whose answer carries nothing to show."""
