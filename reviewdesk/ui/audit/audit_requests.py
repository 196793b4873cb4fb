"""The audit desk's calls to the service, each run on a worker, and the chain check.

The pages build what the senior chose; these functions turn it into backend
calls (blocking: call them only from the task runner) and into the rows the
paged models hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reviewdesk.api.models import (
    LogEntry,
    QualityReport,
    Replay,
    ReviewIn,
    ReviewOut,
    SampleIn,
    SampleItem,
    SampleOut,
    SampleVerdictIn,
    TeamStats,
)
from reviewdesk.backends.base import Backend, LogFilter
from reviewdesk.domain.audit_enums import LogSort
from reviewdesk.domain.log_chain import GENESIS_HASH, entry_hash
from reviewdesk.ui.audit.log_filters import LogFilterState
from reviewdesk.ui.audit.paged_model import PageResult

LogPageResult = PageResult[LogEntry]
#: The widest run of the log fetched to check the links around the entries shown.
CHAIN_RUN_LIMIT = 5_000
CHAIN_PAGE = 500


def empty_page() -> LogPageResult:
    """No rows (signed out)."""
    return PageResult(items=[])


def log_filter(state: LogFilterState, newest_first: bool) -> LogFilter:
    """The backend filter of what the filter bar says."""
    return LogFilter(
        moderator_ids=(state.moderator,) if state.moderator else (),
        outcomes=(state.outcome,) if state.outcome else (),
        clause_ids=(state.clause_id,) if state.clause_id else (),
        categories=(state.category,) if state.category else (),
        surfaces=(state.surface,) if state.surface else (),
        member_ids=(state.member_id,) if state.member_id else (),
        reviewed=state.reviewed,
        since=state.since,
        until=state.until,
        text=state.text,
        sort=LogSort.NEWEST if newest_first else LogSort.OLDEST,
    )


def fetch_log_page(
    backend: Backend,
    state: LogFilterState,
    newest_first: bool,
    cursor: str | None,
    limit: int,
) -> LogPageResult:
    """One page of the filtered log (blocks)."""
    page = backend.list_log(log_filter(state, newest_first), cursor, limit)
    return PageResult(items=list(page.items), next_cursor=page.next_cursor)


def fetch_replay(backend: Backend, decision_id: str) -> Replay:
    """The replay of one decision (blocks)."""
    return backend.replay(decision_id)


def post_review(backend: Backend, decision_id: str, review: ReviewIn) -> ReviewOut:
    """Record a second review (blocks)."""
    return backend.review(decision_id, review)


def fetch_stats(backend: Backend, since: datetime | None, until: datetime | None) -> TeamStats:
    """Team statistics over a period (blocks)."""
    return backend.team_stats(since, until)


def draw_sample(backend: Backend, request: SampleIn) -> SampleOut:
    """Draw a quality sample (blocks)."""
    return backend.draw_sample(request)


def record_verdict(
    backend: Backend, sample_id: str, position: int, verdict: SampleVerdictIn
) -> SampleItem:
    """Record a blind verdict; the answer carries the original (blocks)."""
    return backend.judge_sample_item(sample_id, position, verdict)


def fetch_quality(backend: Backend) -> QualityReport:
    """Agreement rates per moderator and per clause (blocks)."""
    return backend.quality()


# --- the hash chain -------------------------------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    """The verdict on the entries shown: the first broken one (None when all hold)."""

    checked: int
    broken_seq: int | None
    message: str


def first_break(entries: Sequence[LogEntry]) -> tuple[int, str] | None:
    """The first entry (lowest sequence number) whose hash or link is wrong, with why.

    Each entry's hash must be the hash of its predecessor's hash and its own
    record; where two entries with consecutive sequence numbers are both
    present, the later one's ``prev_hash`` must be the earlier one's hash; the
    first entry of the log must follow the genesis hash.
    """
    ordered = sorted(entries, key=lambda e: e.record.seq)
    previous: LogEntry | None = None
    for entry in ordered:
        seq = entry.record.seq
        if entry_hash(entry.prev_hash, entry.chained_fields()) != entry.hash:
            return (
                seq,
                "its contents do not match its hash (the entry was changed after it was recorded)",
            )
        if seq == 1 and entry.prev_hash != GENESIS_HASH:
            return seq, "the first entry of the log does not start the chain"
        if (
            previous is not None
            and previous.record.seq == seq - 1
            and entry.prev_hash != previous.hash
        ):
            return seq, (
                f"it does not follow entry #{seq - 1:,} (an entry was changed, removed or inserted)"
            )
        previous = entry
    return None


def _chain_run(backend: Backend, low: int, high: int) -> list[LogEntry]:
    """Entries ``low``..``high`` in log order, as the chain endpoint returns them."""
    run: list[LogEntry] = []
    after = low - 1
    while after < high:
        page = backend.log_chain(after, min(CHAIN_PAGE, high - after))
        if not page.items:
            break
        run.extend(page.items)
        after = page.items[-1].record.seq
    return run


def check_chain(entries: Sequence[LogEntry], backend: Backend | None = None) -> ChainCheck:
    """Check the entries shown, and (with ``backend``) the unbroken run of the log around them.

    Blocks when ``backend`` is given (call it on a worker). The run reaches
    from the entry before the lowest shown to the highest shown, at most
    :data:`CHAIN_RUN_LIMIT` entries, so the links between entries a filter
    left out are checked too.
    """
    if not entries:
        return ChainCheck(0, None, "")
    seqs = [entry.record.seq for entry in entries]
    low, high = min(seqs), max(seqs)
    checked: list[LogEntry] = list(entries)
    run_note = ""
    if backend is not None:
        start = max(1, low - 1)
        if high - start + 1 <= CHAIN_RUN_LIMIT:
            checked = list(
                {e.record.seq: e for e in (*_chain_run(backend, start, high), *entries)}.values()
            )
            run_note = f" and the unbroken run #{start:,}–#{high:,} around them"
    broken = first_break(checked)
    if broken is None:
        return ChainCheck(
            len(entries),
            None,
            f"Hash chain verified for the {len(entries):,} entries shown{run_note}: "
            "no entry was changed after it was recorded.",
        )
    seq, why = broken
    culprit = next((e for e in checked if e.record.seq == seq), None)
    about = (
        f" (decision {culprit.record.decision_id}, case {culprit.record.case_id})"
        if culprit is not None
        else ""
    )
    return ChainCheck(
        len(entries),
        seq,
        f"TAMPERING DETECTED: the decision log's hash chain breaks at entry #{seq:,}{about}: "
        f"{why}. Entries from #{seq:,} on cannot be trusted.",
    )


# --- exports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportProblem:
    """A decision left out of an export, and the field that cannot be expressed."""

    decision_id: str
    case_id: str
    field: str
    message: str


@dataclass(frozen=True)
class ExportOutcome:
    """What an export wrote: where, how many decisions, and those left out."""

    path: str
    written: int
    problems: list[ExportProblem]


def all_entries(backend: Backend, log_filter: LogFilter, page_size: int = 500) -> list[LogEntry]:
    """Every entry of the filtered log, page after page (blocks)."""
    entries: list[LogEntry] = []
    cursor: str | None = None
    while True:
        page = backend.list_log(log_filter, cursor, page_size)
        entries.extend(page.items)
        cursor = page.next_cursor
        if not cursor or not page.items:
            return entries


def write_csv_export(backend: Backend, log_filter: LogFilter, path: str) -> ExportOutcome:
    """Write the filtered log to ``path`` as CSV (blocks)."""
    raise NotImplementedError


def write_dsa_export(backend: Backend, log_filter: LogFilter, path: str) -> ExportOutcome:
    """Write the filtered log's decisions as DSA statements of reasons (blocks)."""
    raise NotImplementedError
