"""Appending to the hash-chained decision log, and reading entries back as the API shows them.

An entry's chained record is always built from the decision, review and
batch reversal rows themselves (never from copies), so a row changed behind the service's back
yields a record whose hash no longer matches the stored one.

Appending reads the last entry inside the write transaction the decision
already holds (SQLite serialises writers; elsewhere the unique
``prev_hash`` makes a concurrent fork fail and the request is retried).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Row, insert, select, text
from sqlalchemy.orm import Session

from reviewdesk.api.models import LogContext, LogEntry, LogRecord, PolicyCatalogue
from reviewdesk.domain.audit_enums import LogEntryKind, ReviewVerdict
from reviewdesk.domain.enums import Category, ReportSource
from reviewdesk.domain.log_chain import GENESIS_HASH, entry_hash
from reviewdesk.server.services.catalogue_versions import catalogue_by_id
from reviewdesk.server.services.plain_insert import LaterInserts, insert_row
from reviewdesk.server.services.wire import moderator_out
from reviewdesk.server.tables import (
    LOG_SEARCH_TABLE,
    AttachmentRow,
    BatchReversalRow,
    CaseRow,
    ContentRow,
    ConversationRow,
    DecisionRow,
    LogClauseRow,
    LogEntryRow,
    LogTextRow,
    MemberRow,
    MessageRow,
    ModeratorRow,
    ReportRow,
    ReviewRow,
)

#: Longest piece of one text (a message, a note) put in the search index.
MAX_INDEXED_CHARS = 200_000
#: An entry's words into the search index (SQLite's FTS5 table).
_INDEX_TEXT = text(f"INSERT INTO {LOG_SEARCH_TABLE}(rowid, body) VALUES (:seq, :body)")


@dataclass(frozen=True)
class EntrySources:
    """The rows an entry's record is built from."""

    entry: LogEntryRow | Row[Any]
    decision: DecisionRow | Row[Any]
    review: ReviewRow | None = None
    corrected: DecisionRow | Row[Any] | None = None
    reversal: BatchReversalRow | Row[Any] | None = None


def build_record(sources: EntrySources) -> LogRecord:
    """The chained record of an entry, from its decision (and review or reversal) rows."""
    entry, decision, review = sources.entry, sources.decision, sources.review
    if entry.kind is LogEntryKind.REVERSAL:
        return _reversal_record(sources)
    if entry.kind is LogEntryKind.DECISION or review is None:
        return LogRecord(
            seq=entry.seq,
            kind=LogEntryKind.DECISION,
            recorded_at=entry.recorded_at,
            acted_at=decision.decided_at,
            decision_id=str(decision.id),
            case_id=str(decision.case_id),
            actor_id=str(decision.moderator_id),
            outcome=decision.outcome,
            clause_ids=list(decision.clause_ids),
            duration_days=decision.duration_days,
            note=decision.note,
            member_message=decision.member_message,
            reporter_message=decision.reporter_message,
            revealed_attachment_ids=list(decision.revealed_attachment_ids or []),
        )
    in_force = sources.corrected if sources.corrected is not None else decision
    overturned = review.verdict is ReviewVerdict.OVERTURN and sources.corrected is not None
    return LogRecord(
        seq=entry.seq,
        kind=LogEntryKind.REVIEW,
        recorded_at=entry.recorded_at,
        acted_at=review.reviewed_at,
        decision_id=str(decision.id),
        case_id=str(decision.case_id),
        actor_id=str(review.reviewer_id),
        outcome=in_force.outcome,
        clause_ids=list(in_force.clause_ids),
        duration_days=in_force.duration_days,
        note=review.reason,
        member_message=in_force.member_message if overturned else "",
        reporter_message=in_force.reporter_message if overturned else "",
        review_id=str(review.id),
        verdict=review.verdict,
        corrected_decision_id=str(review.corrected_decision_id)
        if review.corrected_decision_id is not None
        else None,
    )


def _reversal_record(sources: EntrySources) -> LogRecord:
    """A reversal entry's record: the reversal row's who, when and why, on the decision undone."""
    entry, decision, reversal = sources.entry, sources.decision, sources.reversal
    if reversal is None:
        raise ValueError(f"Log entry {entry.seq} is a reversal, but its reversal is missing.")
    return LogRecord(
        seq=entry.seq,
        kind=LogEntryKind.REVERSAL,
        recorded_at=entry.recorded_at,
        acted_at=reversal.reversed_at,
        decision_id=str(decision.id),
        case_id=str(decision.case_id),
        actor_id=str(reversal.moderator_id),
        outcome=decision.outcome,
        clause_ids=list(decision.clause_ids),
        note=reversal.reason,
        reversal_id=str(reversal.id),
        batch_id=reversal.batch_id,
    )


def _clip(value: str) -> str:
    return value[:MAX_INDEXED_CHARS]


def case_search_text(session: Session, case: CaseRow) -> list[str]:
    """The case's own words: the content, report texts and conversation messages."""
    return cases_search_texts(session, [case.id]).get(case.id, [])


def cases_search_texts(session: Session, case_ids: Collection[int]) -> dict[int, list[str]]:
    """:func:`case_search_text` of each case in ``case_ids``, read with three queries for all."""
    wanted = sorted(set(case_ids))
    parts: dict[int, list[str]] = {case_id: [] for case_id in wanted}
    if not wanted:
        return parts
    for case_id, content_text in session.execute(
        select(CaseRow.id, ContentRow.text)
        .join(ContentRow, ContentRow.id == CaseRow.content_id)
        .where(CaseRow.id.in_(wanted))
    ):
        if content_text:
            parts[case_id].append(_clip(content_text))
    for case_id, report_text in session.execute(
        select(ReportRow.case_id, ReportRow.text)
        .where(ReportRow.case_id.in_(wanted))
        .order_by(ReportRow.case_id, ReportRow.id)
    ):
        if report_text:
            parts[case_id].append(_clip(report_text))
    for case_id, message in session.execute(
        select(ConversationRow.case_id, MessageRow.text)
        .join(ConversationRow, ConversationRow.id == MessageRow.conversation_id)
        .where(ConversationRow.case_id.in_(wanted))
        .order_by(ConversationRow.case_id, ConversationRow.id, MessageRow.pk)
    ):
        if message and case_id is not None:
            parts[case_id].append(_clip(message))
    return parts


def is_sqlite(session: Session) -> bool:
    """True when the session talks to SQLite (which has the FTS5 search index)."""
    return session.get_bind().dialect.name == "sqlite"


@dataclass
class ChainTail:
    """The last entry of the log as the current transaction knows it (none yet: seq 0)."""

    seq: int = 0
    hash: str = GENESIS_HASH
    recorded_at: datetime | None = None


def read_chain_tail(session: Session) -> ChainTail:
    """The log's last entry, read inside the write transaction that will append after it."""
    last = session.execute(
        select(LogEntryRow.seq, LogEntryRow.hash, LogEntryRow.recorded_at)
        .order_by(LogEntryRow.seq.desc())
        .limit(1)
    ).first()
    if last is None:
        return ChainTail()
    return ChainTail(last.seq, last.hash, last.recorded_at)


def append_entry(
    session: Session,
    sources_for: EntrySources,
    case: CaseRow,
    search_parts: Sequence[str],
    catalogue_id: int | None,
    handling_seconds: float | None = None,
    tail: ChainTail | None = None,
    later: LaterInserts | None = None,
) -> LogEntryRow:
    """Chain a new entry after the last one; ``sources_for.entry`` is filled in and stored.

    The entry row passed in needs only ``kind``, ``review_id`` and
    ``recorded_at`` (the moment of the act); this sets its place in the chain.
    ``tail``, when given, is the log's last entry as this transaction knows it
    (it is not read again) and is moved onto the new entry; a caller passing
    one must restore it when it rolls the entry back. With ``later`` (a
    batch's), the entry's search text is queued there, stored with the
    transaction's others.
    """
    row = sources_for.entry
    if not isinstance(row, LogEntryRow):
        raise TypeError("append_entry needs a new LogEntryRow to fill in.")
    last = tail if tail is not None else read_chain_tail(session)
    prev_hash = last.hash
    row.seq = last.seq + 1
    if last.recorded_at is not None and last.recorded_at > row.recorded_at:
        row.recorded_at = last.recorded_at
    row.decision_id = sources_for.decision.id
    row.case_id = case.id
    row.category = case.category
    row.surface = case.surface
    row.member_id = case.member_id
    row.catalogue_id = catalogue_id
    row.handling_seconds = handling_seconds
    row.reviewed = False
    record = build_record(sources_for)
    row.actor_id = int(record.actor_id)
    row.outcome = record.outcome
    row.prev_hash = prev_hash
    row.hash = entry_hash(prev_hash, record.model_dump(mode="json"))
    session.flush()  # what the act added through the session (strikes, a review) goes first
    insert_row(session, row)  # a plain INSERT: ``row`` is returned, not read back
    if record.clause_ids:
        session.execute(
            insert(LogClauseRow),
            [{"clause_id": clause, "seq": row.seq} for clause in sorted(set(record.clause_ids))],
        )
    body = "\n".join(
        part for part in (record.note, record.member_message, record.reporter_message) if part
    )
    body = "\n".join([body, *search_parts]) if search_parts else body
    if is_sqlite(session) and later is not None:
        later.add(_INDEX_TEXT, {"seq": row.seq, "body": body})
    elif is_sqlite(session):
        session.execute(_INDEX_TEXT, {"seq": row.seq, "body": body})
    else:
        session.add(LogTextRow(seq=row.seq, body=body))
    session.flush()
    last.seq, last.hash, last.recorded_at = row.seq, row.hash, row.recorded_at
    return row


# --- reading entries back ------------------------------------------------------------


RowT = TypeVar("RowT")


def _by_id(rows: Sequence[RowT], key: str) -> dict[Any, RowT]:
    return {getattr(row, key): row for row in rows}


#: The log's columns, selected as plain rows (cheaper than ORM objects for pages).
LOG_COLUMNS = tuple(LogEntryRow.__table__.c)
_DECISION_COLUMNS = tuple(DecisionRow.__table__.c)


def entries_out(
    session: Session, rows: Sequence[LogEntryRow] | Sequence[Row[Any]]
) -> list[LogEntry]:
    """The API form of log entry rows, in the order given, loading what they need at once."""
    if not rows:
        return []
    page_decisions = sorted({row.decision_id for row in rows})
    reviews_of = _by_id(
        session.scalars(select(ReviewRow).where(ReviewRow.decision_id.in_(page_decisions))).all(),
        "decision_id",
    )
    reviews = {review.id: review for review in reviews_of.values()}
    verdicts = {decision_id: review.verdict for decision_id, review in reviews_of.items()}
    decision_ids = set(page_decisions) | {
        review.corrected_decision_id
        for review in reviews.values()
        if review.corrected_decision_id is not None
    }
    decisions = _by_id(
        session.execute(
            select(*_DECISION_COLUMNS).where(DecisionRow.id.in_(sorted(decision_ids)))
        ).all(),
        "id",
    )
    case_ids = sorted({row.case_id for row in rows})
    cases = _by_id(
        session.execute(
            select(
                CaseRow.id,
                CaseRow.member_id,
                CaseRow.subject_kind,
                CaseRow.category,
                CaseRow.surface,
                CaseRow.preview,
                CaseRow.content_id,
                MemberRow.display_name,
                ContentRow.posted_at,
            )
            .outerjoin(MemberRow, MemberRow.id == CaseRow.member_id)
            .outerjoin(ContentRow, ContentRow.id == CaseRow.content_id)
            .where(CaseRow.id.in_(case_ids))
        ).all(),
        "id",
    )
    actors = _by_id(
        session.scalars(
            select(ModeratorRow).where(ModeratorRow.id.in_(sorted({row.actor_id for row in rows})))
        ).all(),
        "id",
    )
    sources = _report_sources(session, case_ids)
    with_images = set(
        session.scalars(
            select(AttachmentRow.case_id).where(AttachmentRow.case_id.in_(case_ids)).distinct()
        )
    )
    reversal_ids = sorted({row.reversal_id for row in rows if row.reversal_id is not None})
    reversals = _by_id(
        session.scalars(
            select(BatchReversalRow).where(BatchReversalRow.id.in_(reversal_ids))
        ).all(),
        "id",
    )
    catalogues: dict[int, PolicyCatalogue | None] = {}
    out: list[LogEntry] = []
    for row in rows:
        review = reviews.get(row.review_id) if row.review_id is not None else None
        corrected = (
            decisions.get(review.corrected_decision_id)
            if review is not None and review.corrected_decision_id is not None
            else None
        )
        decision = decisions[row.decision_id]
        reversal = reversals.get(row.reversal_id) if row.reversal_id is not None else None
        record = build_record(EntrySources(row, decision, review, corrected, reversal))
        case = cases[row.case_id]
        catalogue = None
        if row.catalogue_id is not None:
            if row.catalogue_id not in catalogues:
                catalogues[row.catalogue_id] = catalogue_by_id(session, row.catalogue_id)
            catalogue = catalogues[row.catalogue_id]
        out.append(
            LogEntry(
                record=record,
                prev_hash=row.prev_hash,
                hash=row.hash,
                context=LogContext(
                    actor=moderator_out(actors[row.actor_id]),
                    member_id=case.member_id,
                    member_name=case.display_name or case.member_id,
                    subject_kind=case.subject_kind,
                    category=case.category,
                    surface=case.surface,
                    preview=case.preview,
                    content_id=case.content_id,
                    content_posted_at=case.posted_at,
                    automated_detection=ReportSource.DETECTOR in sources.get(case.id, ()),
                    member_reported=ReportSource.MEMBER in sources.get(case.id, ()),
                    has_images=case.id in with_images,
                    clause_categories=_clause_categories(catalogue, record.clause_ids),
                    catalogue_version=catalogue.version if catalogue is not None else None,
                    reviewed=row.kind is LogEntryKind.DECISION and row.decision_id in verdicts,
                    review_verdict=verdicts.get(row.decision_id)
                    if row.kind is LogEntryKind.DECISION
                    else record.verdict,
                    handling_seconds=row.handling_seconds,
                    batch_id=decision.batch_id,
                    reversed=decision.reversal_id is not None,
                    reversal_id=str(decision.reversal_id)
                    if decision.reversal_id is not None
                    else None,
                ),
            )
        )
    return out


def _report_sources(session: Session, case_ids: Collection[int]) -> dict[int, set[ReportSource]]:
    found: dict[int, set[ReportSource]] = defaultdict(set)
    for case_id, source in session.execute(
        select(ReportRow.case_id, ReportRow.source)
        .where(ReportRow.case_id.in_(sorted(case_ids)))
        .distinct()
    ).all():
        found[case_id].add(source)
    return found


def _clause_categories(
    catalogue: PolicyCatalogue | None, clause_ids: Sequence[str]
) -> list[Category]:
    if catalogue is None:
        return []
    by_id = {clause.id: clause.category for clause in catalogue.clauses}
    return [by_id[clause] for clause in clause_ids if clause in by_id]


def entry_rows_of_decision(session: Session, decision_id: int) -> list[LogEntryRow]:
    """Every log entry about one decision (its own, then its reviews), in log order."""
    return list(
        session.scalars(
            select(LogEntryRow)
            .where(LogEntryRow.decision_id == decision_id)
            .order_by(LogEntryRow.seq)
        ).all()
    )


def last_hash(session: Session) -> tuple[int, str] | None:
    """The last entry's place and hash, if the log has any entry."""
    last = session.execute(
        select(LogEntryRow.seq, LogEntryRow.hash).order_by(LogEntryRow.seq.desc()).limit(1)
    ).first()
    return None if last is None else (last.seq, last.hash)
