"""One case in full: its subject, reports, evidence, conversations and decisions."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.api.models import (
    Attachment,
    CaseDetail,
    ContentItem,
    Conversation,
    Message,
    Report,
)
from reviewdesk.server.services.decision_log import decisions_of_cases
from reviewdesk.server.services.lookup import get_case
from reviewdesk.server.services.track_record import reporter_records
from reviewdesk.server.services.wire import case_summary
from reviewdesk.server.tables import (
    AttachmentRow,
    CaseRow,
    ContentRow,
    ConversationRow,
    MemberRow,
    MessageRow,
    ModeratorRow,
    ReportRow,
)


def _reports(session: Session, case_id: int) -> list[Report]:
    rows = session.scalars(
        select(ReportRow)
        .where(ReportRow.case_id == case_id)
        .order_by(ReportRow.created_at, ReportRow.id)
    ).all()
    reporter_ids = {row.reporter_id for row in rows if row.reporter_id is not None}
    name_query = select(MemberRow.id, MemberRow.display_name).where(
        MemberRow.id.in_(sorted(reporter_ids))
    )
    names = dict(session.execute(name_query).all())
    records = reporter_records(session, reporter_ids)
    return [
        Report(
            id=str(row.id),
            source=row.source,
            reporter_id=row.reporter_id,
            reporter_name=names.get(row.reporter_id) if row.reporter_id else None,
            reporter_reliability=(
                round(records[row.reporter_id].reliability, 4)
                if row.reporter_id in records
                else None
            ),
            detector=row.detector,
            score=row.score,
            reason=row.reason,
            text=row.text,
            surface=row.surface,
            created_at=row.created_at,
        )
        for row in rows
    ]


def _attachments(session: Session, case_id: int) -> list[Attachment]:
    rows = session.scalars(
        select(AttachmentRow).where(AttachmentRow.case_id == case_id).order_by(AttachmentRow.id)
    ).all()
    return [
        Attachment(
            id=str(row.id),
            filename=row.filename,
            media_type=row.media_type,
            size=row.size,
            sha256=row.sha256,
            width=row.width,
            height=row.height,
            report_id=str(row.report_id),
        )
        for row in rows
    ]


def _conversations(session: Session, case_id: int) -> list[Conversation]:
    conversations = session.scalars(
        select(ConversationRow)
        .where(ConversationRow.case_id == case_id)
        .order_by(ConversationRow.id)
    ).all()
    messages: dict[int, list[Message]] = defaultdict(list)
    rows = session.scalars(
        select(MessageRow)
        .where(MessageRow.conversation_id.in_([c.id for c in conversations]))
        .order_by(MessageRow.conversation_id, MessageRow.position)
    ).all()
    for row in rows:
        messages[row.conversation_id].append(
            Message(
                id=row.message_id,
                sender_id=row.sender_id,
                sender_name=row.sender_name,
                sent_at=row.sent_at,
                text=row.text,
                reported=row.reported,
            )
        )
    return [
        Conversation(id=str(c.id), surface=c.surface, messages=messages[c.id])
        for c in conversations
    ]


def _content(session: Session, case: CaseRow) -> ContentItem | None:
    if case.content_id is None:
        return None
    row = session.get(ContentRow, case.content_id)
    if row is None:
        return None
    return ContentItem(id=row.id, surface=row.surface, text=row.text, posted_at=row.posted_at)


def case_detail(session: Session, shown_id: str, now: datetime) -> CaseDetail:
    """The case whose API id is ``shown_id``, in full; raise 404 when there is none."""
    case = get_case(session, shown_id)
    member = session.get(MemberRow, case.member_id)
    holder = (
        session.get(ModeratorRow, case.claim_moderator_id)
        if case.claim_moderator_id is not None
        else None
    )
    return CaseDetail(
        summary=case_summary(case, member.display_name if member else case.member_id, holder, now),
        content=_content(session, case),
        reports=_reports(session, case.id),
        attachments=_attachments(session, case.id),
        conversations=_conversations(session, case.id),
        decisions=decisions_of_cases(session, [case.id]).get(case.id, []),
    )
