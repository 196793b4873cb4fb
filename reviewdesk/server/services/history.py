"""A member's file: profile, cases about them, strikes, notes, and their record as reporter."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.api.models import MemberHistory, PriorCase, Strike
from reviewdesk.server.services.decision_log import decisions_of_cases
from reviewdesk.server.services.members import moderator_note, require_member
from reviewdesk.server.services.track_record import ReporterRecord, reporter_records
from reviewdesk.server.services.wire import member_profile
from reviewdesk.server.tables import CaseRow, ModeratorRow, NoteRow, StrikeRow


def member_history(session: Session, member_id: str) -> MemberHistory:
    """Everything known about ``member_id``, newest first; raise 404 for an unknown member."""
    member = require_member(session, member_id)
    cases = session.scalars(
        select(CaseRow)
        .where(CaseRow.member_id == member_id)
        .order_by(CaseRow.opened_at.desc(), CaseRow.id.desc())
    ).all()
    decisions = decisions_of_cases(session, [case.id for case in cases])
    prior_cases: list[PriorCase] = []
    for case in cases:
        latest = decisions[case.id][-1] if decisions.get(case.id) else None
        prior_cases.append(
            PriorCase(
                case_id=str(case.id),
                category=case.category,
                surface=case.surface,
                opened_at=case.opened_at,
                status=case.status,
                outcome=latest.outcome if latest else None,
                clause_ids=list(latest.clause_ids) if latest else [],
                decided_at=latest.decided_at if latest else None,
            )
        )
    strikes = session.scalars(
        select(StrikeRow)
        .where(StrikeRow.member_id == member_id)
        .order_by(StrikeRow.issued_at.desc(), StrikeRow.id.desc())
    ).all()
    notes = session.execute(
        select(NoteRow, ModeratorRow.username)
        .join(ModeratorRow, ModeratorRow.id == NoteRow.author_id)
        .where(NoteRow.member_id == member_id)
        .order_by(NoteRow.created_at.desc(), NoteRow.id.desc())
    ).all()
    record = reporter_records(session, [member_id]).get(member_id, ReporterRecord())
    return MemberHistory(
        member=member_profile(member),
        prior_cases=prior_cases,
        strikes=[
            Strike(
                case_id=str(s.case_id),
                clause_id=s.clause_id,
                outcome=s.outcome,
                issued_at=s.issued_at,
            )
            for s in strikes
        ],
        notes=[moderator_note(note, author) for note, author in notes],
        reports_filed=record.filed,
        reports_filed_upheld=record.upheld,
    )
