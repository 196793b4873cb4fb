"""Replaying a past decision: the case as its moderator saw it when deciding."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.api.models import EvidenceRecord, MemberHistory, Replay
from reviewdesk.domain.audit_enums import LogEntryKind
from reviewdesk.server.errors import NotFound
from reviewdesk.server.services.audit_log import entries_out, entry_rows_of_decision
from reviewdesk.server.services.case_detail import case_detail
from reviewdesk.server.services.catalogue_versions import catalogue_by_id, catalogue_row
from reviewdesk.server.services.lookup import get_row
from reviewdesk.server.services.wire import decision_out
from reviewdesk.server.tables import (
    ConversationRow,
    DecisionRow,
    DecisionSnapshotRow,
    ModeratorRow,
)

NOT_LOGGED = "Decision {id} has no entry in the decision log."


def replay_decision(session: Session, shown_id: str, now: datetime) -> Replay:
    """Decision ``shown_id`` with its case as seen then; 404 for an unknown or unlogged one."""
    decision = get_row(session, DecisionRow, "decision", shown_id)
    rows = entry_rows_of_decision(session, decision.id)
    own = [row for row in rows if row.kind is LogEntryKind.DECISION]
    if not own:
        raise NotFound(NOT_LOGGED.format(id=decision.id))
    entries = entries_out(session, rows)
    entry = entries[rows.index(own[0])]
    reviews = [e for e in entries if e.record.kind is LogEntryKind.REVIEW]
    moderator = session.get(ModeratorRow, decision.moderator_id)
    assert moderator is not None
    detail = case_detail(session, str(decision.case_id), now)
    snapshot = session.get(DecisionSnapshotRow, decision.id)
    if snapshot is None:
        return Replay(
            entry=entry,
            decision=decision_out(decision, moderator),
            summary=detail.summary,
            content=detail.content,
            reports=detail.reports,
            conversations=detail.conversations,
            evidence=[
                EvidenceRecord(
                    attachment_id=a.id,
                    filename=a.filename,
                    media_type=a.media_type,
                    size=a.size,
                    sha256=a.sha256,
                    revealed=a.id in (decision.revealed_attachment_ids or []),
                )
                for a in detail.attachments
            ],
            snapshot_recorded=False,
            reviews=reviews,
        )
    seen_reports = {str(report_id) for report_id in snapshot.report_ids}
    seen_conversations = {
        str(conversation_id)
        for conversation_id in session.scalars(
            select(ConversationRow.id).where(
                ConversationRow.case_id == decision.case_id,
                ConversationRow.report_id.in_(snapshot.report_ids),
            )
        )
    }
    revealed = set(decision.revealed_attachment_ids or [])
    catalogue = (
        catalogue_by_id(session, snapshot.catalogue_id)
        if snapshot.catalogue_id is not None
        else None
    )
    stored = catalogue_row(session, snapshot.catalogue_id) if snapshot.catalogue_id else None
    cited = set(decision.clause_ids)
    return Replay(
        entry=entry,
        decision=decision_out(decision, moderator),
        summary=detail.summary,
        content=detail.content,
        reports=[report for report in detail.reports if report.id in seen_reports],
        conversations=[c for c in detail.conversations if c.id in seen_conversations],
        evidence=[
            EvidenceRecord.model_validate({**item, "revealed": item["attachment_id"] in revealed})
            for item in snapshot.evidence
        ],
        history=MemberHistory.model_validate(snapshot.history) if snapshot.history else None,
        catalogue_version=catalogue.version if catalogue is not None else None,
        catalogue_installed_at=stored.installed_at if stored is not None else None,
        clauses=[c for c in catalogue.clauses if c.id in cited] if catalogue is not None else [],
        snapshot_recorded=True,
        reviews=reviews,
    )
