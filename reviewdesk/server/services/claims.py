"""Claims: a lease that keeps two moderators from working one case."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, bindparam, literal, or_, update
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from reviewdesk.api.models import ClaimOut
from reviewdesk.domain.enums import CaseStatus, Role, role_allows
from reviewdesk.server.errors import Conflict, Forbidden
from reviewdesk.server.services.lookup import get_case
from reviewdesk.server.services.wire import moderator_out
from reviewdesk.server.tables import CaseRow, ModeratorRow

ESCALATIONS_ARE_FOR_SENIORS = (
    "Escalated cases are handled by senior moderators; leave this one to them."
)


def format_moment(moment: datetime) -> str:
    """A timestamp as people read it in messages, e.g. '2026-11-01 12:05:00 UTC'."""
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def free_for(moderator: ModeratorRow, now: datetime) -> ColumnElement[bool]:
    """SQL condition: the case has no live claim by anyone but ``moderator``."""
    return or_(
        CaseRow.claim_moderator_id.is_(None),
        CaseRow.claim_moderator_id == moderator.id,
        CaseRow.claim_expires_at <= now,
    )


def free_for_bound() -> ColumnElement[bool]:
    """:func:`free_for` with the moderator's id and the moment as bound parameters.

    Execute it with ``moderator_id`` and ``now`` (a statement built once and reused).
    """
    cases = CaseRow.__table__.c
    return or_(
        cases.claim_moderator_id.is_(None),
        cases.claim_moderator_id == bindparam("moderator_id"),
        cases.claim_expires_at <= bindparam("now"),
    )


def held_by_other(case: CaseRow, moderator: ModeratorRow, now: datetime) -> bool:
    """True when someone other than ``moderator`` holds a live claim on ``case``."""
    return (
        case.claim_moderator_id is not None
        and case.claim_moderator_id != moderator.id
        and case.claim_expires_at is not None
        and case.claim_expires_at > now
    )


def claim_conflict(session: Session, case: CaseRow) -> Conflict:
    """The 409 naming who holds ``case`` and until when."""
    holder = session.get(ModeratorRow, case.claim_moderator_id)
    who = f"{holder.display_name} ({holder.username})" if holder else "another moderator"
    until = format_moment(case.claim_expires_at) if case.claim_expires_at else "further notice"
    return Conflict(f"Case {case.id} is claimed by {who} until {until}.")


def _decided_conflict(case: CaseRow) -> Conflict:
    return Conflict(f"Case {case.id} is already decided; there is nothing left to claim.")


def _claimed_at(moderator: ModeratorRow, now: datetime) -> ColumnElement[datetime | None]:
    """Keep the start of ``moderator``'s own live claim when renewing; otherwise ``now``."""
    renewing = and_(
        CaseRow.claim_moderator_id == moderator.id,
        CaseRow.claim_expires_at > now,
        CaseRow.claimed_at.is_not(None),
    )
    return sql_case((renewing, CaseRow.claimed_at), else_=literal(now, CaseRow.claimed_at.type))


def claim_case(
    session: Session, shown_id: str, moderator: ModeratorRow, now: datetime, lease_seconds: int
) -> ClaimOut:
    """Claim a case, or renew one's own claim; raise 409 while another holds it."""
    case = get_case(session, shown_id)
    if case.status is CaseStatus.ESCALATED and not role_allows(moderator.role, Role.SENIOR):
        raise Forbidden(ESCALATIONS_ARE_FOR_SENIORS)
    expires_at = now + timedelta(seconds=lease_seconds)
    result = session.execute(
        update(CaseRow)
        .where(
            CaseRow.id == case.id,
            CaseRow.status != CaseStatus.DECIDED,
            free_for(moderator, now),
        )
        .values(
            claim_moderator_id=moderator.id,
            claim_expires_at=expires_at,
            claimed_at=_claimed_at(moderator, now),
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(case)
    if result.rowcount == 0:  # type: ignore[attr-defined]
        if case.status is CaseStatus.DECIDED:
            raise _decided_conflict(case)
        raise claim_conflict(session, case)
    return ClaimOut(case_id=str(case.id), moderator=moderator_out(moderator), expires_at=expires_at)


def release_case(session: Session, shown_id: str, moderator: ModeratorRow, now: datetime) -> None:
    """Give a case back to the queue: its holder may, and so may any senior moderator."""
    case = get_case(session, shown_id)
    if held_by_other(case, moderator, now) and not role_allows(moderator.role, Role.SENIOR):
        holder = session.get(ModeratorRow, case.claim_moderator_id)
        who = holder.display_name if holder else "another moderator"
        raise Forbidden(
            f"Case {case.id} is claimed by {who}; only they or a senior moderator may release it."
        )
    case.claim_moderator_id = None
    case.claim_expires_at = None
