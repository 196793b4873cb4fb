"""A member's file: profile, cases about them, strikes, notes, and their record as reporter."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, select
from sqlalchemy.orm import Session

from reviewdesk.api.models import DecisionOut, MemberHistory, ModeratorNote, Strike
from reviewdesk.domain.enums import CaseStatus, Category, Surface
from reviewdesk.server.services.decision_log import decisions_of_cases
from reviewdesk.server.services.members import moderator_note, require_member
from reviewdesk.server.services.track_record import ReporterRecord, reporter_records
from reviewdesk.server.services.wire import member_profile
from reviewdesk.server.tables import CaseRow, MemberRow, ModeratorRow, NoteRow, StrikeRow

#: What a member's history shows of each case about them.
_CaseFacts = Row[int, str, Category, Surface, datetime, CaseStatus]
_CASES = cast(Table, CaseRow.__table__)
#: Most case ids put in one ``IN (...)`` when reading many members' decisions at once.
_CASE_IDS_PER_QUERY = 5000


def member_history(session: Session, member_id: str) -> MemberHistory:
    """Everything known about ``member_id``, newest first; raise 404 for an unknown member."""
    require_member(session, member_id)
    return member_histories(session, [member_id])[member_id]


def member_histories(session: Session, member_ids: Collection[str]) -> dict[str, MemberHistory]:
    """The history of each known member of ``member_ids``, read with a few queries for all.

    Each history is exactly what :func:`member_history` answers for that
    member; unknown members are left out.
    """
    wanted = sorted(set(member_ids))
    if not wanted:
        return {}
    members = session.scalars(select(MemberRow).where(MemberRow.id.in_(wanted))).all()
    known = sorted(member.id for member in members)
    cases_of: dict[str, list[_CaseFacts]] = defaultdict(list)
    cases = _CASES.c  # the table's columns: plain rows, without the ORM's loading
    for case in session.connection().execute(
        select(
            cases.id, cases.member_id, cases.category, cases.surface, cases.opened_at, cases.status
        )
        .where(cases.member_id.in_(known))
        .order_by(cases.opened_at.desc(), cases.id.desc())
    ):
        cases_of[case.member_id].append(case)
    decisions = _decisions_of(session, [case.id for cases in cases_of.values() for case in cases])
    strikes_of: dict[str, list[Strike]] = defaultdict(list)
    for strike in session.scalars(
        select(StrikeRow)
        .where(StrikeRow.member_id.in_(known))
        .order_by(StrikeRow.issued_at.desc(), StrikeRow.id.desc())
    ):
        strikes_of[strike.member_id].append(
            Strike(
                case_id=str(strike.case_id),
                clause_id=strike.clause_id,
                outcome=strike.outcome,
                issued_at=strike.issued_at,
            )
        )
    notes_of: dict[str, list[ModeratorNote]] = defaultdict(list)
    for note, author in session.execute(
        select(NoteRow, ModeratorRow.username)
        .join(ModeratorRow, ModeratorRow.id == NoteRow.author_id)
        .where(NoteRow.member_id.in_(known))
        .order_by(NoteRow.created_at.desc(), NoteRow.id.desc())
    ).all():
        notes_of[note.member_id].append(moderator_note(note, author))
    records = reporter_records(session, known)
    histories: dict[str, MemberHistory] = {}
    for member in members:
        record = records.get(member.id, ReporterRecord())
        # Validated as one document: the prior cases (often dozens) are built by
        # pydantic's core in one go, not one model construction at a time.
        histories[member.id] = MemberHistory.model_validate(
            {
                "member": member_profile(member),
                "prior_cases": [
                    _prior_case(case, decisions) for case in cases_of.get(member.id, [])
                ],
                "strikes": strikes_of.get(member.id, []),
                "notes": notes_of.get(member.id, []),
                "reports_filed": record.filed,
                "reports_filed_upheld": record.upheld,
            }
        )
    return histories


def _decisions_of(session: Session, case_ids: Sequence[int]) -> dict[int, list[DecisionOut]]:
    found: dict[int, list[DecisionOut]] = {}
    for start in range(0, len(case_ids), _CASE_IDS_PER_QUERY):
        found.update(decisions_of_cases(session, case_ids[start : start + _CASE_IDS_PER_QUERY]))
    return found


def _prior_case(case: _CaseFacts, decisions: dict[int, list[DecisionOut]]) -> dict[str, Any]:
    """A :class:`PriorCase`'s fields (validated with the history they belong to)."""
    latest = decisions[case.id][-1] if decisions.get(case.id) else None
    return {
        "case_id": str(case.id),
        "category": case.category,
        "surface": case.surface,
        "opened_at": case.opened_at,
        "status": case.status,
        "outcome": latest.outcome if latest else None,
        "clause_ids": list(latest.clause_ids) if latest else [],
        "decided_at": latest.decided_at if latest else None,
    }
