"""Prefetching the cases the moderator will open next, so switching never waits on the network.

While a case is open, :class:`CasePrefetcher` reads the next few cases of
the queue (and the one before) in the background: each case's detail, its
member's history and a decoded preview of every screenshot, through the same
evidence pipeline opening a case uses. It never claims a case: a claim is
taken only when the case is opened. Its tasks run below every other task of
the runner, so the open case's own loads always go first, and a case no
longer wanted (the moderator jumped elsewhere) is skipped before its work
starts, or between its steps.

What it read lives in a :class:`PrefetchCache`, a least-recently-used store
capped by entries and by (estimated) bytes. Opening a case takes its entry
out of the cache; an entry is dropped when its case is decided or hidden, when
it is older than :data:`MAX_AGE_S`, or when the queue's fresher row says the
case changed (new reports, another status).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from reviewdesk.api.models import CaseDetail, CaseSummary, MemberHistory
from reviewdesk.backends.base import Backend
from reviewdesk.backends.errors import BackendError
from reviewdesk.evidence.disk_cache import EvidenceCache
from reviewdesk.evidence.language import model_loaded as language_model_loaded
from reviewdesk.ui.case.prepared_case import PreparedCase, prepare_case
from reviewdesk.ui.connection import Connection, Refusal
from reviewdesk.ui.evidence_images import EvidenceRefused, LoadedEvidence, load_attachment_image
from reviewdesk.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

PREFETCH_SCOPE = "prefetch"
#: Runner priority of prefetch tasks: below the open case's own (0).
PREFETCH_PRIORITY = -10
#: Cases read ahead after the open one, and behind it.
DEFAULT_AHEAD = 3
DEFAULT_BEHIND = 1
#: Cache caps: entries and estimated bytes.
DEFAULT_MAX_ENTRIES = 8
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: A prefetched case older than this is read again (seconds).
MAX_AGE_S = 120.0
#: Rough bytes of a case's fixed parts (summary, reports) beyond its texts.
_BASE_BYTES = 4096


@dataclass
class PrefetchedCase:
    """What was read ahead for one case; ``images`` holds decoded previews by attachment id."""

    summary: CaseSummary
    detail: CaseDetail
    history: MemberHistory | None
    images: dict[str, LoadedEvidence] = field(default_factory=dict)
    #: The texts, cards and language tags the desk shows, worked out on the worker.
    prepared: PreparedCase | None = None
    #: Screenshots the safe decoder refused: attachment id -> the sentence why.
    refused: dict[str, str] = field(default_factory=dict)
    fetched_at: float = field(default_factory=time.monotonic)
    byte_size: int = 0

    def changed_since(self, listed: CaseSummary) -> bool:
        """True when the queue's row says the case moved on since it was read."""
        read = self.detail.summary
        return (
            read.report_count != listed.report_count
            or read.last_reported_at != listed.last_reported_at
            or read.status != listed.status
        )


def _prepare(
    detail: CaseDetail, history: MemberHistory | None, detect_languages: bool = True
) -> PreparedCase | None:
    """The case's display texts, worked out here on the worker (None if that fails:
    opening the case then works them out itself)."""
    try:
        return prepare_case(detail, history, detect_languages=detect_languages)
    except Exception:  # reading ahead must never fail because of it
        logger.exception("Could not prepare case %s ahead", detail.summary.id)
        return None


def read_case_ahead(
    backend: Backend,
    summary: CaseSummary,
    evidence_cache: EvidenceCache | None,
    clock: Callable[[], float] = time.monotonic,
    wanted: Callable[[], bool] = lambda: True,
    *,
    detect_languages: bool = True,
) -> PrefetchedCase | None:
    """Detail, history and screenshot previews of one case (blocks); None once not ``wanted``.

    A screenshot that cannot be read is left out (opening the case tries it
    again, and says so). Without ``detect_languages`` the texts' languages are
    left for the case view to ask for (the language model may not be loaded
    yet: loading it takes most of a second).
    """
    if not wanted():
        return None
    detail = backend.get_case(summary.id)
    if not wanted():
        return None
    history = backend.get_member_history(detail.summary.member_id)
    entry = PrefetchedCase(summary, detail, history, fetched_at=clock())
    entry.prepared = _prepare(detail, history, detect_languages)
    size = case_bytes(detail, history)
    for attachment in detail.attachments:
        if not wanted():
            return None
        try:
            loaded = load_attachment_image(backend, attachment, evidence_cache)
        except EvidenceRefused as refused:
            entry.refused[attachment.id] = str(refused)
            continue
        except BackendError as error:
            logger.info("Could not read screenshot %s ahead: %s", attachment.id, error)
            continue
        entry.images[attachment.id] = loaded
        size += evidence_bytes(loaded)
    entry.byte_size = size
    return entry


def evidence_bytes(loaded: LoadedEvidence) -> int:
    """Estimated memory of one decoded screenshot: pixel levels, thumbnail and file bytes."""
    size = len(loaded.data)
    if loaded.pictures is not None:
        size += sum(int(level.sizeInBytes()) for level in loaded.pictures.levels)
    if loaded.thumbnail is not None:
        size += int(loaded.thumbnail.sizeInBytes())
    return size


def case_bytes(detail: CaseDetail, history: MemberHistory | None) -> int:
    """Estimated memory of a case's text: content, reports, messages, history (UTF-8-ish)."""
    size = _BASE_BYTES + len(detail.summary.preview)
    if detail.content is not None:
        size += len(detail.content.text)
    size += sum(len(report.text) + 256 for report in detail.reports)
    size += sum(
        len(message.text) + 128
        for conversation in detail.conversations
        for message in conversation.messages
    )
    if history is not None:
        size += _BASE_BYTES + len(history.member.bio) + 256 * len(history.prior_cases)
    return size


class PrefetchCache:
    """Prefetched cases, least recently used first out, within an entry and a byte cap."""

    def __init__(
        self, max_entries: int = DEFAULT_MAX_ENTRIES, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, PrefetchedCase] = OrderedDict()
        self._bytes = 0

    def __contains__(self, case_id: object) -> bool:
        return case_id in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def byte_size(self) -> int:
        """Estimated bytes held now."""
        return self._bytes

    def case_ids(self) -> list[str]:
        """The cases held, least recently used first."""
        return list(self._entries)

    def put(self, case_id: str, entry: PrefetchedCase) -> bool:
        """Keep ``entry``, dropping the least recently used ones to stay within the caps.

        False (and nothing kept) when the entry alone is larger than the byte cap.
        """
        self.drop(case_id)
        if entry.byte_size > self.max_bytes or self.max_entries <= 0:
            return False
        self._entries[case_id] = entry
        self._bytes += entry.byte_size
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            _oldest, dropped = self._entries.popitem(last=False)
            self._bytes -= dropped.byte_size
        return True

    def take(self, case_id: str) -> PrefetchedCase | None:
        """Remove and return the entry of ``case_id`` (None when not held)."""
        entry = self._entries.pop(case_id, None)
        if entry is not None:
            self._bytes -= entry.byte_size
        return entry

    def get(self, case_id: str) -> PrefetchedCase | None:
        """The entry of ``case_id``, left in the cache (None when not held)."""
        return self._entries.get(case_id)

    def touch(self, case_id: str) -> None:
        """Mark ``case_id`` as wanted again (it leaves last)."""
        if case_id in self._entries:
            self._entries.move_to_end(case_id)

    def drop(self, case_id: str) -> None:
        """Forget ``case_id`` if held."""
        self.take(case_id)

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()
        self._bytes = 0


class CasePrefetcher(QObject):
    """Reads the cases around the open one ahead of need, on low-priority workers."""

    #: A case's prefetch finished and is in the cache (case id).
    prefetched = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        connection: Connection,
        cache: PrefetchCache | None = None,
        evidence_cache: EvidenceCache | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._connection = connection
        self.cache = cache or PrefetchCache()
        self._evidence_cache = evidence_cache
        self._clock = clock
        self._lock = threading.Lock()
        #: Cases wanted now (read by workers to skip stale work).
        self._wanted: set[str] = set()
        #: Cases with a prefetch task on its way.
        self._running: set[str] = set()
        self.enabled = True

    # --- what to read -------------------------------------------------------------

    def want(self, summaries: Iterable[CaseSummary]) -> None:
        """Read these cases ahead, nearest first; stop caring for every other one."""
        wanted = [summary for summary in summaries if summary is not None]
        enabled = self.enabled and not self._runner.closed
        with self._lock:
            self._wanted = {summary.id for summary in wanted} if enabled else set()
        if not enabled:
            return
        for summary in reversed(wanted):  # the nearest ends most recently used
            self.cache.touch(summary.id)
        for summary in wanted:
            self._start(summary)

    @property
    def busy(self) -> bool:
        """True while a case is being read ahead."""
        return bool(self._running)

    def is_wanted(self, case_id: str) -> bool:
        """True while ``case_id`` is among the cases to read ahead (any thread)."""
        with self._lock:
            return case_id in self._wanted

    def take(self, summary: CaseSummary) -> PrefetchedCase | None:
        """The prefetched entry of ``summary``'s case, taken out of the cache, if still good."""
        entry = self.cache.take(summary.id)
        return entry if self._still_good(entry, summary) else None

    def peek(self, summary: CaseSummary) -> PrefetchedCase | None:
        """What :meth:`take` would give for ``summary`` now, left in the cache."""
        entry = self.cache.get(summary.id)
        return entry if self._still_good(entry, summary) else None

    def _still_good(self, entry: PrefetchedCase | None, summary: CaseSummary) -> bool:
        """True when ``entry`` is young enough and the queue's row says nothing changed."""
        if entry is None:
            return False
        return self._clock() - entry.fetched_at <= MAX_AGE_S and not entry.changed_since(summary)

    def offer(self, entry: PrefetchedCase) -> None:
        """Keep a case read elsewhere (the first case, read with the saved sign-in)."""
        self.cache.put(entry.summary.id, entry)

    def drop(self, case_ids: Iterable[str]) -> None:
        """Forget these cases (decided, hidden, or changed on the service)."""
        with self._lock:
            for case_id in case_ids:
                self._wanted.discard(case_id)
                self.cache.drop(case_id)

    def clear(self) -> None:
        """Forget everything and stop every prefetch (signing out, turning prefetch off)."""
        with self._lock:
            self._wanted = set()
        self._runner.invalidate(PREFETCH_SCOPE)
        self._running.clear()
        self.cache.clear()

    def set_enabled(self, enabled: bool) -> None:
        """Turn prefetching on or off (off also forgets what was read)."""
        self.enabled = enabled
        if not enabled:
            self.clear()

    # --- reading ------------------------------------------------------------------

    def _start(self, summary: CaseSummary) -> None:
        case_id = summary.id
        if case_id in self._running or case_id in self.cache:
            return
        self._running.add(case_id)
        backend = self._connection.backend
        cache = self._evidence_cache
        self._runner.run(
            lambda: self._read(backend, summary, cache),
            lambda entry: self._on_read(case_id, entry),
            lambda error: self._on_failed(summary, error),
            scope=PREFETCH_SCOPE,
            priority=PREFETCH_PRIORITY,
        )

    def _read(
        self, backend: Backend, summary: CaseSummary, cache: EvidenceCache | None
    ) -> PrefetchedCase | None:
        """Detail, history and screenshot previews of one case (worker); None once unwanted.

        Languages are detected here only once the model is loaded: a read
        ahead never waits for the model to load (most of a second, right
        after the start), or the case the moderator moves to next would not
        be ready. The case view asks for the languages when it shows the case.
        """
        return read_case_ahead(
            backend,
            summary,
            cache,
            self._clock,
            lambda: self.is_wanted(summary.id),
            detect_languages=language_model_loaded(),
        )

    def _on_read(self, case_id: str, entry: PrefetchedCase | None) -> None:
        self._running.discard(case_id)
        if entry is None or not self.is_wanted(case_id):
            return
        if self.cache.put(case_id, entry):
            self.prefetched.emit(case_id)

    def _on_failed(self, summary: CaseSummary, error: Exception) -> None:
        # Read ahead only: opening the case reads it again and reports what fails
        # (a refusal of the session in use still asks for a sign-in, once).
        case_id = summary.id
        self._running.discard(case_id)
        if self._connection.check_error(error, lambda: self._read_again(summary)) is (
            Refusal.STALE
        ):
            return
        logger.info("Could not read case %s ahead: %s", case_id, error)

    def _read_again(self, summary: CaseSummary) -> None:
        """Read ``summary``'s case again (refused as stale), if it is still wanted."""
        if self.is_wanted(summary.id):
            self._start(summary)
