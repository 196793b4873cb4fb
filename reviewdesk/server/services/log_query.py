"""Filtering, searching and paging the decision log, fast on a million entries.

Every page is read in log order (``seq``, newest or oldest first) with a
keyset cursor. A period becomes a range of ``seq`` (``recorded_at`` never
decreases along the log), so each filter can walk its own index in log
order and stop after one page. A full-text search walks the SQLite FTS5
index in rowid order (the rowid is the ``seq``); on other databases it
falls back to LIKE over a plain text table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, column, select, table, text
from sqlalchemy.orm import Session

from reviewdesk.api.models import LogPage
from reviewdesk.domain.audit_enums import LogEntryKind, LogSort
from reviewdesk.domain.enums import Category, Outcome, Surface
from reviewdesk.server.errors import BadRequest
from reviewdesk.server.services.audit_log import LOG_COLUMNS, entries_out, is_sqlite
from reviewdesk.server.tables import (
    LOG_SEARCH_TABLE,
    DecisionRow,
    LogClauseRow,
    LogEntryRow,
    LogTextRow,
)

_WORD = re.compile(r"\w+", re.UNICODE)
#: Most words of a search used (the rest are ignored).
MAX_SEARCH_WORDS = 12
BAD_CURSOR = "The cursor is not one this service handed out; start again from the first page."

_search = table(LOG_SEARCH_TABLE, column("rowid"), column("body"))


@dataclass(frozen=True)
class LogQuery:
    """Which log entries a page shows; empty fields do not filter."""

    actor_ids: Sequence[int] = ()
    kinds: Sequence[LogEntryKind] = ()
    outcomes: Sequence[Outcome] = ()
    clause_ids: Sequence[str] = ()
    categories: Sequence[Category] = ()
    surfaces: Sequence[Surface] = ()
    member_ids: Sequence[str] = ()
    #: Entries about decisions made in these batches (bulk decisions).
    batch_ids: Sequence[str] = ()
    reviewed: bool | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""
    sort: LogSort = LogSort.NEWEST
    cursor: str | None = None
    limit: int = 100


def search_words(query: str) -> list[str]:
    """The words of a search, in order, without duplicates (at most :data:`MAX_SEARCH_WORDS`)."""
    words: list[str] = []
    for word in _WORD.findall(query.lower()):
        if word not in words:
            words.append(word)
    return words[:MAX_SEARCH_WORDS]


def fts_expression(words: Sequence[str]) -> str:
    """An FTS5 query matching entries holding every word (each quoted, so none is an operator)."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _cursor_seq(cursor: str | None) -> int | None:
    if cursor is None or cursor == "":
        return None
    if not cursor.isdigit() or len(cursor) > 18:
        raise BadRequest(BAD_CURSOR)
    return int(cursor)


def _seq_bounds(session: Session, query: LogQuery) -> tuple[int, int] | None:
    """The range of ``seq`` recorded within the period; None when nothing was."""
    low, high = 1, 2**62
    if query.since is not None:
        first = session.scalar(
            select(LogEntryRow.seq)
            .where(LogEntryRow.recorded_at >= query.since)
            .order_by(LogEntryRow.recorded_at, LogEntryRow.seq)
            .limit(1)
        )
        if first is None:
            return None
        low = first
    if query.until is not None:
        last = session.scalar(
            select(LogEntryRow.seq)
            .where(LogEntryRow.recorded_at < query.until)
            .order_by(LogEntryRow.recorded_at.desc(), LogEntryRow.seq.desc())
            .limit(1)
        )
        if last is None:
            return None
        high = last
    return (low, high) if low <= high else None


def _filters(query: LogQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.actor_ids:
        conditions.append(LogEntryRow.actor_id.in_(sorted(set(query.actor_ids))))
    if query.kinds:
        conditions.append(LogEntryRow.kind.in_(sorted(set(query.kinds))))
    if query.outcomes:
        conditions.append(LogEntryRow.outcome.in_(sorted(set(query.outcomes))))
    if query.categories:
        conditions.append(LogEntryRow.category.in_(sorted(set(query.categories))))
    if query.surfaces:
        conditions.append(LogEntryRow.surface.in_(sorted(set(query.surfaces))))
    if query.member_ids:
        conditions.append(LogEntryRow.member_id.in_(sorted(set(query.member_ids))))
    if query.batch_ids:
        conditions.append(
            LogEntryRow.decision_id.in_(
                select(DecisionRow.id).where(DecisionRow.batch_id.in_(sorted(set(query.batch_ids))))
            )
        )
    if query.reviewed is not None:
        conditions.append(
            and_(LogEntryRow.kind == LogEntryKind.DECISION, LogEntryRow.reviewed == query.reviewed)
        )
    return conditions


def _page_statement(session: Session, query: LogQuery, bounds: tuple[int, int]) -> Select[Any]:
    """The statement of one page, driven by the search index, a clause, or the log itself."""
    words = search_words(query.text)
    conditions = _filters(query)
    clauses = sorted(set(query.clause_ids))
    statement = select(*LOG_COLUMNS)
    if words and is_sqlite(session):
        driver: Any = _search.c.rowid
        statement = statement.join(_search, _search.c.rowid == LogEntryRow.seq).where(
            text(f"{LOG_SEARCH_TABLE} MATCH :match").bindparams(match=fts_expression(words))
        )
        if clauses:
            conditions.append(
                LogEntryRow.seq.in_(
                    select(LogClauseRow.seq).where(LogClauseRow.clause_id.in_(clauses))
                )
            )
    elif len(clauses) == 1:
        driver = LogClauseRow.seq
        statement = statement.join(LogClauseRow, LogClauseRow.seq == LogEntryRow.seq).where(
            LogClauseRow.clause_id == clauses[0]
        )
    else:
        driver = LogEntryRow.seq
        if clauses:
            conditions.append(
                LogEntryRow.seq.in_(
                    select(LogClauseRow.seq).where(LogClauseRow.clause_id.in_(clauses))
                )
            )
    if words and not is_sqlite(session):
        for word in words:
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conditions.append(
                LogEntryRow.seq.in_(
                    select(LogTextRow.seq).where(LogTextRow.body.ilike(pattern, escape="\\"))
                )
            )
    low, high = bounds
    after = _cursor_seq(query.cursor)
    newest = query.sort is LogSort.NEWEST
    if after is not None:
        if newest:
            high = min(high, after - 1)
        else:
            low = max(low, after + 1)
    if low > 1:
        conditions.append(driver >= low)
    if high < 2**62:
        conditions.append(driver <= high)
    return (
        statement.where(*conditions)
        .order_by(driver.desc() if newest else driver.asc())
        .limit(query.limit + 1)
    )


def list_log(session: Session, query: LogQuery) -> LogPage:
    """One page of the decision log matching ``query``, in log order."""
    bounds = _seq_bounds(session, query)
    if bounds is None:
        return LogPage(items=[], next_cursor=None)
    rows = list(session.execute(_page_statement(session, query, bounds)).all())
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    next_cursor = str(rows[-1].seq) if more and rows else None
    return LogPage(items=entries_out(session, rows), next_cursor=next_cursor)


def chain_range(session: Session, after: int, limit: int) -> LogPage:
    """The contiguous run of entries after ``after``, oldest first, for verifying the chain."""
    rows = list(
        session.execute(
            select(*LOG_COLUMNS)
            .where(LogEntryRow.seq > after)
            .order_by(LogEntryRow.seq)
            .limit(limit + 1)
        ).all()
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return LogPage(
        items=entries_out(session, rows), next_cursor=str(rows[-1].seq) if more else None
    )
