"""The decision log as CSV, one row per entry, written as pages arrive (streaming).

Member-supplied text is written as typed, except that a cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from reviewdesk.api.models import LogEntry, LogPage

#: The columns, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "seq",
    "kind",
    "recorded_at",
    "acted_at",
    "decision_id",
    "case_id",
    "moderator_id",
    "moderator_username",
    "moderator_name",
    "outcome",
    "clause_ids",
    "duration_days",
    "verdict",
    "corrected_decision_id",
    "reviewed",
    "review_verdict",
    "member_id",
    "member_name",
    "subject_kind",
    "category",
    "surface",
    "handling_seconds",
    "note",
    "member_message",
    "reporter_message",
    "revealed_attachment_ids",
    "prev_hash",
    "hash",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it literally (formula-like starts get an apostrophe)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _optional(value: object) -> str:
    return "" if value is None else str(value)


def csv_row(entry: LogEntry) -> list[str]:
    """One entry as the cells of :data:`CSV_COLUMNS`."""
    record, context = entry.record, entry.context
    return [
        str(record.seq),
        record.kind.value,
        record.recorded_at.isoformat(),
        record.acted_at.isoformat(),
        record.decision_id,
        record.case_id,
        record.actor_id,
        safe_cell(context.actor.username),
        safe_cell(context.actor.display_name),
        record.outcome.value,
        ";".join(record.clause_ids),
        _optional(record.duration_days),
        record.verdict.value if record.verdict is not None else "",
        _optional(record.corrected_decision_id),
        "yes" if context.reviewed else "no",
        context.review_verdict.value if context.review_verdict is not None else "",
        safe_cell(context.member_id),
        safe_cell(context.member_name),
        context.subject_kind.value,
        context.category.value,
        context.surface.value,
        _optional(context.handling_seconds),
        safe_cell(record.note),
        safe_cell(record.member_message),
        safe_cell(record.reporter_message),
        ";".join(record.revealed_attachment_ids),
        entry.prev_hash,
        entry.hash,
    ]


def write_log_csv(entries: Iterable[LogEntry], out: TextIO) -> int:
    """Write the header and one row per entry as they come; return the number of rows."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for entry in entries:
        writer.writerow(csv_row(entry))
        count += 1
    return count


def iter_log(
    fetch_page: Callable[[str | None], LogPage], max_pages: int = 100_000
) -> Iterator[LogEntry]:
    """Every entry of a filtered log, page by page: ``fetch_page(cursor)`` reads one page.

    Pages are fetched only as the entries are consumed, so an export of a
    long log holds one page in memory at a time.
    """
    cursor: str | None = None
    for _page in range(max_pages):
        page = fetch_page(cursor)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor
    raise RuntimeError("The log did not end after the maximum number of pages.")
