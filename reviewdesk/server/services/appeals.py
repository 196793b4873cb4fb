"""Appeals: a moderator asks for a second review of a decision, seniors read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.api.models import AppealIn, AppealOut, DecisionIn
from reviewdesk.domain.decision_rules import decision_problems
from reviewdesk.domain.enums import AppealStatus, Role, role_allows
from reviewdesk.server.errors import Forbidden, NotFound, Unprocessable
from reviewdesk.server.services.catalogue import current_catalogue
from reviewdesk.server.services.idempotency import earlier_request, fingerprint_of
from reviewdesk.server.services.lookup import get_case, get_row
from reviewdesk.server.services.wire import moderator_out
from reviewdesk.server.tables import AppealRow, DecisionRow, ModeratorRow

APPEAL_KEY_REUSED = (
    "This Idempotency-Key was already used for a different appeal; "
    "send a new key with a new appeal."
)
NO_REASON = "An appeal needs a reason saying why the decision deserves a second review."
APPEALS_ARE_FOR_SENIORS = "Appeals are read by senior moderators and admins."


@dataclass(frozen=True)
class AppealResult:
    """A recorded appeal, and whether it was recorded earlier under the same key."""

    appeal: AppealOut
    replayed: bool


def appeal_fingerprint(shown_case_id: str, appeal: AppealIn) -> str:
    """Identifies one appeal request, so a replay can be told from a different appeal."""
    return fingerprint_of(shown_case_id, appeal)


def appeal_out(row: AppealRow, filer: ModeratorRow) -> AppealOut:
    """A recorded appeal as the API shows it."""
    return AppealOut(
        id=str(row.id),
        case_id=str(row.case_id),
        decision_id=str(row.decision_id),
        filed_by=moderator_out(filer),
        proposed=DecisionIn.model_validate(row.proposed),
        reason=row.reason,
        filed_at=row.filed_at,
        status=row.status,
    )


def _replay(
    session: Session, moderator: ModeratorRow, idempotency_key: str, fingerprint: str
) -> AppealResult | None:
    earlier = earlier_request(
        session, AppealRow, moderator, idempotency_key, fingerprint, APPEAL_KEY_REUSED
    )
    if earlier is None:
        return None
    return AppealResult(appeal_out(earlier, moderator), replayed=True)


def _appealed_decision(session: Session, case_id: int, shown_decision_id: str) -> DecisionRow:
    """The decision ``shown_decision_id`` of case ``case_id``; raise 422 when it is not one."""
    try:
        decision = get_row(session, DecisionRow, "decision", shown_decision_id)
    except NotFound:
        decision = None
    if decision is None or decision.case_id != case_id:
        raise Unprocessable(f"Decision '{shown_decision_id}' is not a decision on case {case_id}.")
    return decision


def file_appeal(
    session: Session,
    shown_case_id: str,
    moderator: ModeratorRow,
    appeal: AppealIn,
    idempotency_key: str | None,
    now: datetime,
) -> AppealResult:
    """Record an appeal of ``moderator`` against a decision of a case.

    Raises 404 for an unknown case, 422 when the decision is not one of the
    case's, the proposed decision is invalid, the reason is blank, or the key
    was used for another appeal. With an ``idempotency_key``, a replay of the
    same request returns the appeal recorded first.
    """
    fingerprint = appeal_fingerprint(shown_case_id, appeal)
    if idempotency_key is not None:
        replay = _replay(session, moderator, idempotency_key, fingerprint)
        if replay is not None:
            return replay
    case = get_case(session, shown_case_id)
    decision = _appealed_decision(session, case.id, appeal.decision_id)
    proposed = appeal.proposed
    known_clauses = {clause.id for clause in current_catalogue(session).clauses}
    problems = decision_problems(
        proposed.outcome,
        proposed.clause_ids,
        proposed.duration_days,
        proposed.note,
        known_clause_ids=known_clauses,
    )
    if not appeal.reason.strip():
        problems.append(NO_REASON)
    if problems:
        raise Unprocessable(" ".join(problems))
    row = AppealRow(
        case_id=case.id,
        decision_id=decision.id,
        moderator_id=moderator.id,
        proposed=proposed.model_dump(mode="json"),
        reason=appeal.reason,
        filed_at=now,
        status=AppealStatus.OPEN,
        idempotency_key=idempotency_key,
        fingerprint=fingerprint,
    )
    session.add(row)
    session.flush()
    return AppealResult(appeal_out(row, moderator), replayed=False)


def list_appeals(
    session: Session, reader: ModeratorRow, status: AppealStatus | None
) -> list[AppealOut]:
    """The appeals (of ``status``, or all), oldest first; raise 403 for an agent."""
    if not role_allows(reader.role, Role.SENIOR):
        raise Forbidden(APPEALS_ARE_FOR_SENIORS)
    query = (
        select(AppealRow, ModeratorRow)
        .join(ModeratorRow, ModeratorRow.id == AppealRow.moderator_id)
        .order_by(AppealRow.filed_at, AppealRow.id)
    )
    if status is not None:
        query = query.where(AppealRow.status == status)
    return [appeal_out(row, filer) for row, filer in session.execute(query).all()]
