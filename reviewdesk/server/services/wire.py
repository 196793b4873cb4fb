"""Conversions from database rows to the wire models of the API."""

from __future__ import annotations

from datetime import datetime

from reviewdesk.api.models import (
    CaseSummary,
    ClaimOut,
    DecisionOut,
    MemberProfile,
    ModeratorOut,
)
from reviewdesk.domain.enums import Severity
from reviewdesk.server.tables import CaseRow, DecisionRow, MemberRow, ModeratorRow


def moderator_out(row: ModeratorRow) -> ModeratorOut:
    """A moderator account as the API shows it."""
    return ModeratorOut(
        id=str(row.id), username=row.username, display_name=row.display_name, role=row.role
    )


def decision_out(row: DecisionRow, moderator: ModeratorRow) -> DecisionOut:
    """A recorded decision as the API shows it."""
    return DecisionOut(
        id=str(row.id),
        case_id=str(row.case_id),
        moderator=moderator_out(moderator),
        outcome=row.outcome,
        clause_ids=list(row.clause_ids),
        duration_days=row.duration_days,
        note=row.note,
        member_message=row.member_message,
        reporter_message=row.reporter_message,
        decided_at=row.decided_at,
        idempotency_key=row.idempotency_key,
        revealed_attachment_ids=list(row.revealed_attachment_ids or []),
        batch_id=row.batch_id,
        reversal_id=str(row.reversal_id) if row.reversal_id is not None else None,
    )


def live_claim(case: CaseRow, holder: ModeratorRow | None, now: datetime) -> ClaimOut | None:
    """The claim on ``case`` if one is held and its lease has not run out."""
    if holder is None or case.claim_expires_at is None or case.claim_expires_at <= now:
        return None
    return ClaimOut(
        case_id=str(case.id), moderator=moderator_out(holder), expires_at=case.claim_expires_at
    )


def case_summary(
    case: CaseRow, member_name: str, holder: ModeratorRow | None, now: datetime
) -> CaseSummary:
    """One queue row for ``case``."""
    return CaseSummary(
        id=str(case.id),
        subject_kind=case.subject_kind,
        member_id=case.member_id,
        member_name=member_name,
        surface=case.surface,
        category=case.category,
        severity=Severity(case.severity),
        status=case.status,
        report_count=case.report_count,
        priority=case.priority,
        language=case.language,
        opened_at=case.opened_at,
        last_reported_at=case.last_reported_at,
        preview=case.preview,
        automated=case.automated,
        claim=live_claim(case, holder, now),
        image_hash=case.image_hash,
    )


def member_profile(row: MemberRow) -> MemberProfile:
    """A member's account facts as the API shows them."""
    return MemberProfile(
        id=row.id,
        display_name=row.display_name,
        role=row.role,
        country=row.country,
        native_languages=list(row.native_languages),
        learning_languages=list(row.learning_languages),
        joined_at=row.joined_at,
        bio=row.bio,
    )
