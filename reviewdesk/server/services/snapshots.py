"""What a moderator saw when deciding, stored beside the decision for replay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.server.services.catalogue_versions import current_catalogue_id
from reviewdesk.server.services.history import member_history
from reviewdesk.server.tables import (
    AttachmentRow,
    CaseRow,
    DecisionRow,
    DecisionSnapshotRow,
    ModeratorRow,
    ReportRow,
)


@dataclass(frozen=True)
class Snapshot:
    """The case as the decider saw it just before deciding."""

    catalogue_id: int | None
    report_ids: list[int]
    evidence: list[dict[str, Any]]
    history: dict[str, Any]
    claimed_at: datetime | None


def take_snapshot(session: Session, case: CaseRow, moderator: ModeratorRow) -> Snapshot:
    """Read what ``moderator`` sees of ``case`` now (call before the decision changes anything)."""
    attachments = session.scalars(
        select(AttachmentRow).where(AttachmentRow.case_id == case.id).order_by(AttachmentRow.id)
    ).all()
    report_ids = list(
        session.scalars(
            select(ReportRow.id).where(ReportRow.case_id == case.id).order_by(ReportRow.id)
        )
    )
    own_claim = case.claim_moderator_id == moderator.id
    return Snapshot(
        catalogue_id=current_catalogue_id(session),
        report_ids=report_ids,
        evidence=[
            {
                "attachment_id": str(row.id),
                "filename": row.filename,
                "media_type": row.media_type,
                "size": row.size,
                "sha256": row.sha256,
            }
            for row in attachments
        ],
        history=member_history(session, case.member_id).model_dump(mode="json"),
        claimed_at=case.claimed_at if own_claim else None,
    )


def store_snapshot(session: Session, decision: DecisionRow, snapshot: Snapshot) -> None:
    """Keep ``snapshot`` as what the moderator saw for ``decision``."""
    session.add(
        DecisionSnapshotRow(
            decision_id=decision.id,
            catalogue_id=snapshot.catalogue_id,
            report_ids=snapshot.report_ids,
            evidence=snapshot.evidence,
            history=snapshot.history,
            claimed_at=snapshot.claimed_at,
        )
    )


def handling_seconds(snapshot: Snapshot, decided_at: datetime) -> float | None:
    """Seconds from the decider's claim to the decision, when they had claimed the case."""
    if snapshot.claimed_at is None or snapshot.claimed_at > decided_at:
        return None
    return round((decided_at - snapshot.claimed_at).total_seconds(), 3)
