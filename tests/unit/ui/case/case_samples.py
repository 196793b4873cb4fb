"""Realistic, multilingual wire models for the case widget tests (all text written for them)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QBuffer, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from samples import member_profile

from reviewdesk.api.models import (
    Attachment,
    CaseDetail,
    CaseSummary,
    ClaimOut,
    ContentItem,
    Conversation,
    LadderStep,
    MemberHistory,
    Message,
    ModeratorNote,
    ModeratorOut,
    PolicyClause,
    PriorCase,
    Report,
    Strike,
)
from reviewdesk.domain.enums import (
    CaseStatus,
    Category,
    Outcome,
    ReportSource,
    Role,
    Severity,
    SubjectKind,
    Surface,
)
from reviewdesk.ui.evidence_images import LoadedEvidence, evidence_from_bytes

NOW = datetime(2024, 11, 5, 15, 30, tzinfo=UTC)
SUBJECT_ID = "m-40512"
SUBJECT_NAME = "Karim Haddad كريم"
REPORTER_ID = "m-7781"
REPORTER_NAME = "山本さくら Sakura"
ARABIC_THREAT = "إذا لم تردّي على رسائلي الليلة سأرسل صورك إلى كل مجموعات الدراسة."
HINDI_LINE = "मैं हिंदी सीख रहा हूँ, क्या आप मेरी मदद करेंगी?"
JAPANESE_LINE = "もう連絡しないでください。ブロックします。"
RUSSIAN_LINE = "Пожалуйста, прекрати писать ей в личку, это уже слишком."
EMOJI_LINE = "Thanks for the lesson today 🙏🇯🇵✨ see you Friday!"
SHA = "ab" * 32


def ago(**delta: float) -> datetime:
    """A moment before :data:`NOW`."""
    return NOW - timedelta(**delta)


def moderator(name: str = "Inès Moreau", role: Role = Role.AGENT) -> ModeratorOut:
    """A moderator account."""
    return ModeratorOut(id="mod-3", username="ines", display_name=name, role=role)


def summary(**changes: object) -> CaseSummary:
    """A harassment case about a chat message, claimed by Inès."""
    values: dict[str, object] = {
        "id": "case-2317",
        "subject_kind": SubjectKind.CONTENT,
        "member_id": SUBJECT_ID,
        "member_name": SUBJECT_NAME,
        "surface": Surface.CHAT,
        "category": Category.HARASSMENT,
        "severity": Severity.HIGH,
        "status": CaseStatus.OPEN,
        "report_count": 3,
        "priority": 3512.5,
        "language": "ar",
        "opened_at": ago(hours=5),
        "last_reported_at": ago(minutes=40),
        "preview": ARABIC_THREAT[:60],
        "claim": ClaimOut(case_id="case-2317", moderator=moderator(), expires_at=NOW),
    }
    values.update(changes)
    return CaseSummary.model_validate(values)


def reports() -> list[Report]:
    """A trusted member's report, a low-trust member's report, and a detector hit."""
    return [
        Report(
            id="r-1",
            source=ReportSource.MEMBER,
            reporter_id=REPORTER_ID,
            reporter_name=REPORTER_NAME,
            reporter_reliability=0.86,
            reason=Category.HARASSMENT,
            text="He writes to me every night although I asked him to stop. " + JAPANESE_LINE,
            surface=Surface.CHAT,
            created_at=ago(hours=5),
        ),
        Report(
            id="r-2",
            source=ReportSource.MEMBER,
            reporter_id="m-9120",
            reporter_name="Олег Петров",
            reporter_reliability=0.18,
            reason=Category.INSULTS,
            text=RUSSIAN_LINE,
            surface=Surface.CHAT,
            created_at=ago(hours=2),
        ),
        Report(
            id="r-3",
            source=ReportSource.DETECTOR,
            detector="repeat-contact-v2",
            score=0.91,
            reason=Category.HARASSMENT,
            surface=Surface.CHAT,
            created_at=ago(minutes=40),
        ),
    ]


def attachments() -> list[Attachment]:
    """Two screenshots sent with the first report and one from nowhere in particular."""
    return [
        Attachment(
            id="att-1",
            filename="chat_night_messages.png",
            media_type="image/png",
            size=421_888,
            sha256=SHA,
            width=1080,
            height=2340,
            report_id="r-1",
        ),
        Attachment(
            id="att-2",
            filename="profile_photo_copy.jpg",
            media_type="image/jpeg",
            size=96_512,
            sha256="cd" * 32,
            width=720,
            height=720,
            report_id="r-1",
        ),
        Attachment(
            id="att-3",
            filename="external_messenger.png",
            media_type="image/png",
            size=1_310_720,
            sha256="ef" * 32,
        ),
    ]


def chat_messages() -> list[Message]:
    """A one-to-one chat in several scripts, given out of order; m-3 is the reported one."""
    rows = [
        ("m-2", SUBJECT_ID, SUBJECT_NAME, 5, HINDI_LINE, False),
        ("m-1", REPORTER_ID, REPORTER_NAME, 0, EMOJI_LINE, False),
        ("m-4", REPORTER_ID, REPORTER_NAME, 15, JAPANESE_LINE, False),
        ("m-3", SUBJECT_ID, SUBJECT_NAME, 10, ARABIC_THREAT, True),
        ("m-5", SUBJECT_ID, SUBJECT_NAME, 20, "why you ignore me?? answer!!", False),
    ]
    return [
        Message(
            id=mid,
            sender_id=sender,
            sender_name=name,
            sent_at=ago(hours=6) + timedelta(minutes=minutes),
            text=text,
            reported=reported,
        )
        for mid, sender, name, minutes, text, reported in rows
    ]


def conversations() -> list[Conversation]:
    """The private chat plus a short group-chat excerpt in Russian."""
    group = Conversation(
        id="conv-g",
        surface=Surface.GROUP_CHAT,
        messages=[
            Message(
                id="g-1",
                sender_id="m-9120",
                sender_name="Олег Петров",
                sent_at=ago(hours=3),
                text=RUSSIAN_LINE,
            ),
            Message(
                id="g-2",
                sender_id=SUBJECT_ID,
                sender_name=SUBJECT_NAME,
                sent_at=ago(hours=2, minutes=55),
                text="mind your own business",
            ),
        ],
    )
    return [Conversation(id="conv-1", surface=Surface.CHAT, messages=chat_messages()), group]


def case_detail(**changes: object) -> CaseDetail:
    """The full harassment case."""
    values: dict[str, object] = {
        "summary": summary(),
        "content": ContentItem(
            id="msg-9913", surface=Surface.CHAT, text=ARABIC_THREAT, posted_at=ago(hours=5)
        ),
        "reports": reports(),
        "attachments": attachments(),
        "conversations": conversations(),
    }
    values.update(changes)
    return CaseDetail.model_validate(values)


def member_history(**changes: object) -> MemberHistory:
    """Karim's record: 3 strikes, 5 prior cases of which 2 upheld, 2 notes, 4 reports filed."""
    outcomes = [Outcome.WARN, Outcome.NO_VIOLATION, Outcome.RESTRICT, None, Outcome.NO_VIOLATION]
    prior = [
        PriorCase(
            case_id=f"case-{1000 + n}",
            category=Category.HARASSMENT if n % 2 == 0 else Category.DATING,
            surface=Surface.CHAT,
            opened_at=ago(days=30 * (n + 1)),
            status=CaseStatus.OPEN if outcome is None else CaseStatus.DECIDED,
            outcome=outcome,
            clause_ids=["HAR-2"] if outcome in (Outcome.WARN, Outcome.RESTRICT) else [],
            decided_at=None if outcome is None else ago(days=30 * (n + 1) - 1),
        )
        for n, outcome in enumerate(outcomes)
    ]
    strike_rows = [
        ("case-1000", "HAR-2", Outcome.WARN, 29),
        ("case-1002", "HAR-2", Outcome.RESTRICT, 89),
        ("case-0877", "DAT-1", Outcome.WARN, 400),
    ]
    strikes = [
        Strike(case_id=case_id, clause_id=clause, outcome=outcome, issued_at=ago(days=days))
        for case_id, clause, outcome, days in strike_rows
    ]
    notes = [
        ModeratorNote(
            author="ines",
            created_at=ago(days=29),
            text="Told him twice that repeated messages after a 'stop' count as harassment.",
        ),
        ModeratorNote(
            author="senior-dmitri",
            created_at=ago(days=88),
            text="Watch for new accounts with the same photo; he may try to come back.",
        ),
    ]
    values: dict[str, object] = {
        "member": member_profile(
            SUBJECT_ID,
            SUBJECT_NAME,
            country="EG",
            native=("ar",),
            learning=("ja", "en"),
            joined_at=ago(days=2 * 365 + 100),
            bio="أحب الأنمي واللغة اليابانية. Looking for partners to practise Japanese!",
        ),
        "prior_cases": prior,
        "strikes": strikes,
        "notes": notes,
        "reports_filed": 4,
        "reports_filed_upheld": 1,
    }
    values.update(changes)
    return MemberHistory.model_validate(values)


def clauses() -> list[PolicyClause]:
    """The harassment clause and the threats-of-exposure clause."""
    return [
        PolicyClause(
            id="HAR-2",
            category=Category.HARASSMENT,
            title="Persistent unwanted contact",
            text=(
                "Once a member has asked you to stop, or has stopped answering, leave them "
                "alone. Writing again and again, from one account or several, is harassment "
                "whatever the words used."
            ),
            acceptable=["Sending one friendly follow-up after a conversation went quiet."],
            unacceptable=[
                "Messaging someone every night after they asked you to stop.",
                "Threatening to share someone's photos unless they reply.",
            ],
            severity=Severity.HIGH,
            ladder=[
                LadderStep(outcome=Outcome.WARN),
                LadderStep(outcome=Outcome.RESTRICT, duration_days=3),
                LadderStep(outcome=Outcome.SUSPEND, duration_days=14),
                LadderStep(outcome=Outcome.TERMINATE),
            ],
        ),
        PolicyClause(
            id="THR-1",
            category=Category.THREATS,
            title="Threats of harm or exposure",
            text="Threatening to hurt a member or to expose their private images is never allowed.",
            unacceptable=["Saying you will post someone's pictures if they do not obey."],
            severity=Severity.CRITICAL,
            ladder=[
                LadderStep(outcome=Outcome.SUSPEND, duration_days=30),
                LadderStep(outcome=Outcome.TERMINATE),
            ],
        ),
    ]


def suggested_steps() -> dict[str, LadderStep]:
    """Karim has 2 strikes under HAR-2, so his third offence earns the third rung."""
    return {"HAR-2": LadderStep(outcome=Outcome.SUSPEND, duration_days=14)}


def phone_screenshot(width: int = 1080, height: int = 2340) -> QImage:
    """A drawn stand-in for a phone screenshot of a chat (bubbles with text)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#f2f2f7"))
    painter = QPainter(image)
    try:
        font = QFont()
        font.setPixelSize(max(12, width // 22))
        painter.setFont(font)
        lines = [EMOJI_LINE, HINDI_LINE, ARABIC_THREAT, JAPANESE_LINE, "answer!!"]
        bubble_height = height // 10
        for row, line in enumerate(lines):
            left = row % 2 == 0
            rect = QRect(
                width // 20 if left else width // 3,
                height // 12 + row * (bubble_height + height // 40),
                width * 19 // 30,
                bubble_height,
            )
            painter.setBrush(QColor("#ffffff") if left else QColor("#cde8ff"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(rect, 24, 24)
            painter.setPen(QColor("#111111"))
            painter.drawText(
                rect.adjusted(20, 10, -20, -10),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
                line,
            )
    finally:
        painter.end()
    return image


def loaded_screenshot(attachment_id: str, image: QImage) -> LoadedEvidence:
    """``image`` as the desk's loader hands it over: encoded, verified and decoded."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    data = bytes(buffer.data().data())
    attachment = Attachment(
        id=attachment_id,
        filename=f"{attachment_id}.png",
        media_type="image/png",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return evidence_from_bytes(attachment, data)
