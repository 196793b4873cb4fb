"""Reports from the platform: each joins the undecided case of its subject or opens one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.api.models import IntakeMessage, IntakeReceipt, IntakeReport
from reviewdesk.domain.enums import CaseStatus, ReportSource, Severity, SubjectKind
from reviewdesk.server.errors import Unprocessable
from reviewdesk.server.services.catalogue import (
    category_severities,
    current_catalogue,
    severity_of,
)
from reviewdesk.server.services.evidence import DecodedFile, decode_attachment
from reviewdesk.server.services.members import upsert_content, upsert_member
from reviewdesk.server.services.priority import update_case_priority
from reviewdesk.server.settings import ServerSettings, as_utc
from reviewdesk.server.tables import (
    AttachmentBlobRow,
    AttachmentRow,
    CaseRow,
    ConversationRow,
    MessageRow,
    ReportRow,
)

MAX_MESSAGES = 500
MAX_ATTACHMENTS = 20
PREVIEW_LENGTH = 500


def report_problems(report: IntakeReport) -> list[str]:
    """Every reason ``report`` cannot be filed, as sentences (empty when it can)."""
    problems: list[str] = []
    if report.subject_kind is SubjectKind.CONTENT and report.content is None:
        problems.append("A report on content must include the content item.")
    if report.source is ReportSource.MEMBER:
        if report.reporter is None:
            problems.append("A member report must name its reporter.")
        if report.detector is not None or report.score is not None:
            problems.append("A member report carries no detector name or score.")
    else:
        if report.detector is None or report.score is None:
            problems.append("A detector report must give the detector's name and its score.")
        if report.reporter is not None:
            problems.append("A detector report names no reporter.")
    if len(report.messages) > MAX_MESSAGES:
        problems.append(f"A report may carry at most {MAX_MESSAGES} messages.")
    if len(report.attachments) > MAX_ATTACHMENTS:
        problems.append(f"A report may carry at most {MAX_ATTACHMENTS} attachments.")
    return problems


def open_case_of(session: Session, subject_kind: SubjectKind, subject_key: str) -> CaseRow | None:
    """The undecided case of a subject, if there is one."""
    return session.scalar(
        select(CaseRow).where(
            CaseRow.subject_kind == subject_kind, CaseRow.open_subject_key == subject_key
        )
    )


def _store_messages(report: ReportRow, messages: list[IntakeMessage]) -> list[MessageRow]:
    """The report's messages as one conversation, in the order they were sent.

    Each message refers to the new conversation, which refers to the report,
    so adding the messages to the session adds the whole chain.
    """
    if not messages:
        return []
    conversation = ConversationRow(case=report.case, report=report, surface=report.surface)
    in_order = sorted(messages, key=lambda message: as_utc(message.sent_at))
    return [
        MessageRow(
            conversation=conversation,
            position=position,
            message_id=message.id,
            sender_id=message.sender_id,
            sender_name=message.sender_name,
            sent_at=as_utc(message.sent_at),
            text=message.text,
            reported=message.reported,
        )
        for position, message in enumerate(in_order)
    ]


def _store_files(report: ReportRow, files: list[DecodedFile]) -> list[AttachmentBlobRow]:
    """The report's attachments, each with its bytes (adding a blob adds its attachment)."""
    return [
        AttachmentBlobRow(
            data=decoded.data,
            attachment=AttachmentRow(
                case=report.case,
                report=report,
                filename=decoded.filename,
                media_type=decoded.media_type,
                size=len(decoded.data),
                sha256=decoded.sha256,
                width=decoded.width,
                height=decoded.height,
                image_hash=decoded.image_hash,
            ),
        )
        for decoded in files
    ]


def _new_case(
    report: IntakeReport, subject_key: str, severity: Severity, created_at: datetime
) -> CaseRow:
    return CaseRow(
        subject_kind=report.subject_kind,
        subject_key=subject_key,
        open_subject_key=subject_key,
        member_id=report.member.id,
        surface=report.content.surface if report.content is not None else report.surface,
        category=report.reason,
        severity=int(severity),
        status=CaseStatus.OPEN,
        language=report.language,
        report_count=0,
        priority=0.0,
        opened_at=created_at,
        last_reported_at=created_at,
        preview="",
        automated=True,
    )


def _count_report(
    case: CaseRow, report: IntakeReport, severity: Severity, created_at: datetime
) -> None:
    """Fold one more report into the case's summary fields."""
    if int(severity) > case.severity:
        case.severity = int(severity)
        case.category = report.reason
    if case.content_id is None and report.content is not None:
        case.content_id = report.content.id
    if not case.preview:
        preview_source = report.content.text if report.content is not None else report.text
        case.preview = preview_source[:PREVIEW_LENGTH]
    case.language = case.language or report.language
    case.report_count += 1
    case.opened_at = min(case.opened_at, created_at)
    case.last_reported_at = max(case.last_reported_at, created_at)
    case.automated = case.automated and report.source is ReportSource.DETECTOR


def intake_report(
    session: Session,
    report: IntakeReport,
    now: datetime,
    settings: ServerSettings,
    *,
    refresh_priority: bool = True,
) -> IntakeReceipt:
    """File ``report``: upsert the people and content, join or open its case, store evidence.

    With ``refresh_priority`` false the case's priority is left for a later
    :func:`~reviewdesk.server.services.priority.refresh_priorities` (bulk seeding).
    """
    problems = report_problems(report)
    if problems:
        raise Unprocessable(" ".join(problems))
    files = [
        decode_attachment(item, settings.max_attachment_bytes, settings.max_image_pixels)
        for item in report.attachments
    ]
    severity = severity_of(report.reason, category_severities(current_catalogue(session)))
    created_at = as_utc(report.created_at) if report.created_at is not None else now
    with session.no_autoflush:
        upsert_member(session, report.member)
        if report.reporter is not None and report.reporter.id != report.member.id:
            upsert_member(session, report.reporter)
        subject_key = report.member.id
        if report.content is not None:
            upsert_content(session, report.content, report.member.id)
            if report.subject_kind is SubjectKind.CONTENT:
                subject_key = report.content.id
        case = open_case_of(session, report.subject_kind, subject_key)
        if case is None:
            case = _new_case(report, subject_key, severity, created_at)
            session.add(case)
        _count_report(case, report, severity, created_at)
        row = ReportRow(
            case=case,
            source=report.source,
            reporter_id=report.reporter.id if report.reporter is not None else None,
            detector=report.detector,
            score=report.score,
            reason=report.reason,
            text=report.text,
            surface=report.surface,
            created_at=created_at,
        )
        session.add(row)
        session.add_all(_store_messages(row, report.messages))
        session.add_all(_store_files(row, files))
        if case.image_hash is None:
            case.image_hash = next((f.image_hash for f in files if f.image_hash), None)
        session.flush()
        if refresh_priority:
            update_case_priority(session, case, now)
    return IntakeReceipt(report_id=str(row.id), case_id=str(row.case_id))
