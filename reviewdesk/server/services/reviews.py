"""Second review: a senior confirms a decision, or overturns it with a corrected one.

An overturn records the corrected decision (by the reviewer), moves the
case's outcome and the member's strikes over to it, and posts it to the
platform feed as replacing the first. Every review is chained into the log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from reviewdesk.api.models import DecisionIn, ReviewIn, ReviewOut
from reviewdesk.domain.audit_enums import LogEntryKind, ReviewVerdict
from reviewdesk.domain.decision_rules import decision_problems
from reviewdesk.domain.enums import FINAL_OUTCOMES, STRIKE_OUTCOMES, CaseStatus
from reviewdesk.domain.permissions import Permission
from reviewdesk.server.errors import Conflict, NotFound, Unprocessable
from reviewdesk.server.services.audit_log import (
    EntrySources,
    append_entry,
    entries_out,
    entry_rows_of_decision,
)
from reviewdesk.server.services.catalogue import current_catalogue
from reviewdesk.server.services.catalogue_versions import current_catalogue_id
from reviewdesk.server.services.decisions import decision_row
from reviewdesk.server.services.idempotency import fingerprint_of
from reviewdesk.server.services.lookup import get_row
from reviewdesk.server.services.roles import require
from reviewdesk.server.services.wire import decision_out, moderator_out
from reviewdesk.server.tables import (
    CaseRow,
    DecisionRow,
    FeedRow,
    LogEntryRow,
    ModeratorRow,
    ReviewRow,
    StrikeRow,
)

OWN_DECISION = "A second review must come from someone else: you made this decision."
NEEDS_CORRECTION = "An overturn needs the corrected decision ('corrected')."
CONFIRM_TAKES_NO_CORRECTION = "A confirmation takes no corrected decision."
NOT_FINAL = (
    "Only a final decision can be overturned; an escalation or a request for "
    "information is settled by deciding the case."
)
CORRECTION_NOT_FINAL = "The corrected decision must be a final outcome (not escalate or ask)."
SAME_AS_ORIGINAL = "The corrected decision is the same as the original; confirm it instead."
BLANK_REASON = "A review needs a reason."


def _already_reviewed(session: Session, decision: DecisionRow) -> Conflict | None:
    earlier = session.execute(
        select(ReviewRow, ModeratorRow)
        .join(ModeratorRow, ModeratorRow.id == ReviewRow.reviewer_id)
        .where(ReviewRow.decision_id == decision.id)
    ).first()
    if earlier is None:
        return None
    review, reviewer = earlier
    return Conflict(
        f"Decision {decision.id} was already reviewed by {reviewer.display_name} "
        f"({review.verdict.value})."
    )


def _problems(session: Session, decision: DecisionRow, review: ReviewIn) -> list[str]:
    problems: list[str] = []
    if not review.reason.strip():
        problems.append(BLANK_REASON)
    corrected = review.corrected
    if review.verdict is ReviewVerdict.CONFIRM:
        if corrected is not None:
            problems.append(CONFIRM_TAKES_NO_CORRECTION)
        return problems
    if corrected is None:
        return [*problems, NEEDS_CORRECTION]
    if decision.outcome not in FINAL_OUTCOMES:
        problems.append(NOT_FINAL)
    if corrected.outcome not in FINAL_OUTCOMES:
        problems.append(CORRECTION_NOT_FINAL)
    known = {clause.id for clause in current_catalogue(session).clauses}
    problems.extend(
        decision_problems(
            corrected.outcome,
            corrected.clause_ids,
            corrected.duration_days,
            corrected.note,
            known_clause_ids=known,
        )
    )
    if (
        corrected.outcome is decision.outcome
        and set(corrected.clause_ids) == set(decision.clause_ids)
        and corrected.duration_days == decision.duration_days
    ):
        problems.append(SAME_AS_ORIGINAL)
    return problems


def _overturn(
    session: Session,
    decision: DecisionRow,
    case: CaseRow,
    reviewer: ModeratorRow,
    corrected: DecisionIn,
    now: datetime,
) -> DecisionRow:
    """Record the corrected decision and carry its effects; return its row."""
    row = decision_row(
        case.id,
        reviewer.id,
        corrected,
        now,
        (f"review-of-{decision.id}", fingerprint_of(str(decision.id), corrected)),
    )
    session.add(row)
    session.flush()
    session.execute(
        update(CaseRow)
        .where(CaseRow.id == case.id)
        .values(outcome=corrected.outcome, status=CaseStatus.DECIDED, open_subject_key=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(StrikeRow).where(StrikeRow.decision_id == decision.id))
    if corrected.outcome in STRIKE_OUTCOMES:
        session.add_all(
            StrikeRow(
                member_id=case.member_id,
                case_id=case.id,
                decision_id=row.id,
                clause_id=clause_id,
                outcome=corrected.outcome,
                issued_at=now,
            )
            for clause_id in corrected.clause_ids
        )
    session.add(
        FeedRow(
            decision_id=row.id,
            member_id=case.member_id,
            content_id=case.content_id,
            replaces_decision_id=decision.id,
        )
    )
    session.flush()
    return row


def review_decision(
    session: Session, shown_id: str, reviewer: ModeratorRow, review: ReviewIn, now: datetime
) -> ReviewOut:
    """Confirm or overturn decision ``shown_id`` as ``reviewer``.

    Raises 403 for an agent, 404 for an unknown or unlogged decision, 409
    when it was reviewed already, 422 for a review that breaks a rule (own
    decision, blank reason, a missing, needless or invalid correction).
    """
    require(reviewer, Permission.REVIEW)
    decision = get_row(session, DecisionRow, "decision", shown_id)
    logged = [
        row
        for row in entry_rows_of_decision(session, decision.id)
        if row.kind is LogEntryKind.DECISION
    ]
    if not logged:
        raise NotFound(f"Decision {decision.id} is not a logged decision; it cannot be reviewed.")
    conflict = _already_reviewed(session, decision)
    if conflict is not None:
        raise conflict
    problems = _problems(session, decision, review)
    if decision.moderator_id == reviewer.id:
        problems.insert(0, OWN_DECISION)
    if problems:
        raise Unprocessable(" ".join(problems))
    case = session.get(CaseRow, decision.case_id)
    assert case is not None
    corrected_row: DecisionRow | None = None
    if review.verdict is ReviewVerdict.OVERTURN and review.corrected is not None:
        corrected_row = _overturn(session, decision, case, reviewer, review.corrected, now)
    row = ReviewRow(
        decision_id=decision.id,
        reviewer_id=reviewer.id,
        verdict=review.verdict,
        reason=review.reason,
        corrected_decision_id=corrected_row.id if corrected_row is not None else None,
        reviewed_at=now,
    )
    session.add(row)
    session.flush()
    session.execute(
        update(LogEntryRow)
        .where(LogEntryRow.seq == logged[0].seq)
        .values(reviewed=True)
        .execution_options(synchronize_session=False)
    )
    entry_row = append_entry(
        session,
        EntrySources(
            LogEntryRow(kind=LogEntryKind.REVIEW, review_id=row.id, recorded_at=now),
            decision,
            row,
            corrected_row,
        ),
        case,
        [],
        current_catalogue_id(session),
    )
    original_moderator = session.get(ModeratorRow, decision.moderator_id)
    assert original_moderator is not None
    return ReviewOut(
        id=str(row.id),
        decision_id=str(decision.id),
        verdict=row.verdict,
        reason=row.reason,
        reviewer=moderator_out(reviewer),
        reviewed_at=now,
        corrected=decision_out(corrected_row, reviewer) if corrected_row is not None else None,
        entry=entries_out(session, [entry_row])[0],
    )
