"""The audit desk's calls to the service, each run on a worker, and the chain check.

The pages build what the senior chose; these functions turn it into backend
calls (blocking: call them only from the task runner) and into the rows the
paged models hold.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

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
from reviewdesk.audit.chain_check import ChainBreak, verify_chain, verify_entries
from reviewdesk.audit.dsa import export_statements
from reviewdesk.audit.log_csv import iter_log, write_log_csv
from reviewdesk.backends.base import Backend, LogFilter
from reviewdesk.domain.audit_enums import LogSort
from reviewdesk.ui.audit.log_filters import LogFilterState
from reviewdesk.ui.audit.paged_model import PageResult

LogPageResult = PageResult[LogEntry]
#: The widest run of the log fetched to check the links around the entries shown.
CHAIN_RUN_LIMIT = 5_000
CHAIN_PAGE = 500
#: Log entries per request while exporting.
EXPORT_PAGE = 500


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

    Each entry shown must match its own hash (:func:`verify_entries`). With a
    ``backend`` (blocks: call it on a worker) the contiguous run from the
    entry before the lowest shown to the highest shown, at most
    :data:`CHAIN_RUN_LIMIT` entries, is fetched and verified link by link
    (:func:`verify_chain`), so the links between entries a filter left out
    are checked too. The first break, by sequence number, is reported.
    """
    if not entries:
        return ChainCheck(0, None, "")
    seqs = [entry.record.seq for entry in entries]
    low, high = min(seqs), max(seqs)
    breaks: list[ChainBreak] = []
    own = verify_entries(sorted(entries, key=lambda e: e.record.seq))
    if own is not None:
        breaks.append(own)
    run_note = ""
    if backend is not None:
        start = max(1, low - 1)
        if high - start + 1 <= CHAIN_RUN_LIMIT:
            report = verify_chain(_chain_run(backend, start, high))
            if report.broken is not None:
                breaks.append(report.broken)
            run_note = f" and the unbroken run #{start:,}–#{high:,} around them"
        else:
            run_note = (
                f" (each on its own: the run #{start:,}–#{high:,} around them is longer than "
                f"{CHAIN_RUN_LIMIT:,} entries; narrow the period to check their links too)"
            )
    if not breaks:
        return ChainCheck(
            len(entries),
            None,
            f"Hash chain verified for the {len(entries):,} entries shown{run_note}: "
            "no entry was changed after it was recorded.",
        )
    first = min(breaks, key=lambda b: b.seq)
    return ChainCheck(
        len(entries),
        first.seq,
        f"TAMPERING DETECTED: the decision log's hash chain breaks at entry #{first.seq:,} "
        f"(decision {first.decision_id}). {first.message} "
        f"Entries from #{first.seq:,} on cannot be trusted.",
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


def _log_pages(backend: Backend, log_filter: LogFilter) -> Iterator[LogEntry]:
    return iter_log(lambda cursor: backend.list_log(log_filter, cursor, EXPORT_PAGE))


def _write_atomically(path: str, write: Callable[[TextIO], None]) -> None:
    """Write through a temporary file beside ``path``, renamed over it only when complete."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_csv_export(backend: Backend, log_filter: LogFilter, path: str) -> ExportOutcome:
    """Write the filtered log to ``path`` as CSV, page by page as it arrives (blocks)."""
    written = 0

    def write(out: TextIO) -> None:
        nonlocal written
        written = write_log_csv(_log_pages(backend, log_filter), out)

    _write_atomically(path, write)
    return ExportOutcome(path, written, [])


def write_dsa_export(backend: Backend, log_filter: LogFilter, path: str) -> ExportOutcome:
    """Write the filtered log's decisions as DSA statements of reasons in JSON (blocks).

    Decisions that cannot be stated (nothing was restricted, not settled yet,
    a field the rules refuse) are left out and returned, each naming the field.
    """
    cases: dict[str, str] = {}

    def remembered() -> Iterator[LogEntry]:
        for entry in _log_pages(backend, log_filter):
            cases[entry.record.decision_id] = entry.record.case_id
            if entry.record.corrected_decision_id:
                cases[entry.record.corrected_decision_id] = entry.record.case_id
            yield entry

    export = export_statements(remembered())

    def write(out: TextIO) -> None:
        json.dump({"statements": export.statements}, out, ensure_ascii=False, indent=2)
        out.write("\n")

    _write_atomically(path, write)
    problems = [
        ExportProblem(
            error.decision_id, cases.get(error.decision_id, ""), error.field, error.reason
        )
        for error in export.refused
    ]
    return ExportOutcome(path, len(export.statements), problems)
