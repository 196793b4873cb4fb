"""The CSV export of the log, checked column by column, streamed page by page."""

from __future__ import annotations

import csv
import io

from audit_samples import chain, context, entry

from reviewdesk.api.models import LogEntry, LogPage
from reviewdesk.audit.log_csv import CSV_COLUMNS, csv_row, iter_log, safe_cell, write_log_csv
from reviewdesk.domain.audit_enums import ReviewVerdict


def test_every_column_of_a_row() -> None:
    item = entry(
        entry_context=context(
            reviewed=True, review_verdict=ReviewVerdict.CONFIRM, handling_seconds=42.5
        ),
        clause_ids=["spam-1", "spam-2"],
        revealed_attachment_ids=["9", "10"],
        reporter_message="Thanks for the report.",
    )
    row = dict(zip(CSV_COLUMNS, csv_row(item), strict=True))
    assert row == {
        "seq": "1",
        "kind": "decision",
        "recorded_at": "2026-03-10T14:31:00+00:00",
        "acted_at": "2026-03-10T14:31:00+00:00",
        "decision_id": "101",
        "case_id": "201",
        "moderator_id": "7",
        "moderator_username": "agent7",
        "moderator_name": "Agent Seven",
        "outcome": "remove_content",
        "clause_ids": "spam-1;spam-2",
        "duration_days": "",
        "verdict": "",
        "corrected_decision_id": "",
        "reviewed": "yes",
        "review_verdict": "confirm",
        "member_id": "m-1",
        "member_name": "Mina Park",
        "subject_kind": "content",
        "category": "spam",
        "surface": "comment",
        "handling_seconds": "42.5",
        "note": "Advertising a paid course in a comment.",
        "member_message": "We removed your comment: adverts are not allowed.",
        "reporter_message": "Thanks for the report.",
        "revealed_attachment_ids": "9;10",
        "prev_hash": item.prev_hash,
        "hash": item.hash,
    }


def test_formulas_in_member_text_are_defused_and_everything_else_is_kept() -> None:
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("+1") == "'+1"
    assert safe_cell("@sum") == "'@sum"
    assert safe_cell('plain, "quoted"\nnew line') == 'plain, "quoted"\nnew line'
    item = entry(entry_context=context(member_name="=cmd|' /C calc'!A0"), note="-2+3")
    row = dict(zip(CSV_COLUMNS, csv_row(item), strict=True))
    assert row["member_name"] == "'=cmd|' /C calc'!A0"
    assert row["note"] == "'-2+3"


def test_the_file_reads_back_as_written() -> None:
    entries = chain(3)
    out = io.StringIO()
    assert write_log_csv(entries, out) == 3
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == list(CSV_COLUMNS)
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[2][CSV_COLUMNS.index("note")] == "Entry number 2"


def test_pages_are_fetched_only_as_entries_are_written() -> None:
    entries = chain(5)
    pages = {
        None: LogPage(items=entries[:2], next_cursor="2"),
        "2": LogPage(items=entries[2:4], next_cursor="4"),
        "4": LogPage(items=entries[4:]),
    }
    asked: list[str | None] = []

    def fetch(cursor: str | None) -> LogPage:
        asked.append(cursor)
        return pages[cursor]

    stream = iter_log(fetch)
    first: LogEntry = next(stream)
    assert first.record.seq == 1
    assert asked == [None]
    out = io.StringIO()
    assert write_log_csv(stream, out) == 4
    assert asked == [None, "2", "4"]
