"""Chaining decisions recorded before the decision log existed, once, when a database is opened."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from reviewdesk.domain.audit_enums import LogEntryKind
from reviewdesk.server.services.audit_log import EntrySources, append_entry, case_search_text
from reviewdesk.server.tables import CaseRow, DecisionRow, LogEntryRow, ReviewRow


def backfill_log(session: Session) -> int:
    """Append a log entry for each decision that has none, oldest first; return how many.

    Corrected decisions of overturns are left out: their review entries chain them.
    Such entries have no snapshot or catalogue version (none was kept then).
    """
    missing = session.scalars(
        select(DecisionRow)
        .where(
            ~exists().where(LogEntryRow.decision_id == DecisionRow.id),
            ~exists().where(ReviewRow.corrected_decision_id == DecisionRow.id),
        )
        .order_by(DecisionRow.decided_at, DecisionRow.id)
    ).all()
    for decision in missing:
        case = session.get(CaseRow, decision.case_id)
        if case is None:
            continue
        append_entry(
            session,
            EntrySources(
                LogEntryRow(kind=LogEntryKind.DECISION, recorded_at=decision.decided_at), decision
            ),
            case,
            case_search_text(session, case),
            None,
        )
    return len(missing)
