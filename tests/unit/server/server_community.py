"""A small hand-built community for the service's tests, and a clock tests move by hand.

Past decisions give Chen a good record as a reporter and Dora a bad one; the
open cases cover every status, a critical case with evidence, a case with a
member and a detector report, and an account case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from samples import member_flag, member_profile, png_attachment
from samples import png_bytes as colour_png

from reviewdesk.api.models import (
    ContentItem,
    DecisionIn,
    IntakeMessage,
    IntakeReport,
    LadderStep,
    MemberProfile,
    PolicyCatalogue,
    PolicyClause,
)
from reviewdesk.domain.enums import (
    Category,
    MemberRole,
    Outcome,
    ReportSource,
    Role,
    Severity,
    SubjectKind,
    Surface,
)
from reviewdesk.server.demo.model import DemoCommunity, DemoDecision, DemoModerator, DemoNote

#: "Now" for the seeded community and the fake clock at the start of each test.
NOW = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
PLATFORM_KEY = "test-platform-key-0123456789"
PASSWORDS = {"ana": "ana-pass-1", "bob": "bob-pass-1", "sam": "sam-pass-1", "ada": "ada-pass-1"}


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


def png_bytes(width: int, height: int) -> bytes:
    """A small real PNG image."""
    return colour_png(width, height, (200, 40, 40))


SCREENSHOT = png_bytes(48, 32)


def member(member_id: str, name: str, role: MemberRole = MemberRole.LEARNER) -> MemberProfile:
    return member_profile(member_id, name, role=role, joined_at=datetime(2025, 1, 1, tzinfo=UTC))


ALICE = member("m-alice", "Alice Wong")
BRUNO = member("m-bruno", "Bruno Keller", MemberRole.TEACHER)
CHEN = member("m-chen", "Chen Li")
DORA = member("m-dora", "Dora Flagwell")
EVE = member("m-eve", "Eve Promo")
FARID = member("m-farid", "Farid Haddad")
GITA = member("m-gita", "Gita Rao")
HUGO = member("m-hugo", "Hugo Brandt")
IRIS = member("m-iris", "Iris Novak")


def content(
    content_id: str, text: str, at: datetime, surface: Surface = Surface.MOMENT
) -> ContentItem:
    return ContentItem(id=content_id, surface=surface, text=text, posted_at=at)


def member_report(
    subject: MemberProfile,
    reporter: MemberProfile,
    reason: Category,
    at: datetime,
    item: ContentItem | None,
    *,
    text: str | None = None,
    **extra: object,
) -> IntakeReport:
    """A member's flag on ``item`` (or the account); its text names the reporter by default."""
    if text is None:
        text = f"Report by {reporter.display_name}"
    return member_flag(subject, reporter, reason, at, item, text=text, **extra)


def catalogue() -> PolicyCatalogue:
    def clause(clause_id: str, category: Category, severity: Severity) -> PolicyClause:
        return PolicyClause(
            id=clause_id,
            category=category,
            title=f"Clause {clause_id}",
            text=f"What {clause_id} forbids, in a sentence.",
            severity=severity,
            ladder=[LadderStep(outcome=Outcome.WARN)],
        )

    return PolicyCatalogue(
        version="test-1",
        clauses=[
            clause("spam-1", Category.SPAM, Severity.LOW),
            clause("harass-1", Category.HARASSMENT, Severity.MEDIUM),
            clause("harass-2", Category.HARASSMENT, Severity.MEDIUM),
            clause("scam-1", Category.SCAM, Severity.HIGH),
            clause("threat-1", Category.THREATS, Severity.CRITICAL),
        ],
    )


@dataclass(frozen=True)
class Subjects:
    """Subject keys of the seeded open cases, by what they are for."""

    threat: str = "c-threat"  # critical, with a conversation and a screenshot
    spam_pair: str = "c-spam"  # low, a member report and a detector report
    trusted: str = "c-trusted"  # medium, one report by a reliable reporter
    abused: str = "c-abused"  # medium, one report by an abusive reporter, same time
    scam_account: str = "m-hugo"  # an account case, Spanish
    escalated: str = "c-escalated"  # escalated by an agent
    awaiting: str = "c-awaiting"  # waiting for more information


SUBJECTS = Subjects()


def build_community() -> DemoCommunity:
    """Past decisions that give Chen a good and Dora a bad record, then open cases."""
    t0 = NOW - timedelta(days=10)
    events: list[IntakeReport | DemoDecision] = []

    def decide(key: str, moderator: str, decision: DecisionIn, at: datetime) -> None:
        events.append(DemoDecision(key, moderator, decision, at, f"seed-{key}"))

    no_violation = DecisionIn(outcome=Outcome.NO_VIOLATION)
    for n in range(3):
        old = content(f"c-old-dora-{n}", f"An ordinary post {n}", t0)
        events.append(member_report(ALICE, DORA, Category.HARASSMENT, t0 + timedelta(hours=n), old))
        decide(old.id, "ana", no_violation, t0 + timedelta(hours=n, minutes=30))
    spam_old = content("c-old-spam", "Buy followers now", t0)
    events.append(member_report(EVE, CHEN, Category.SPAM, t0 + timedelta(hours=5), spam_old))
    decide(
        spam_old.id,
        "ana",
        DecisionIn(outcome=Outcome.WARN, clause_ids=["spam-1"], member_message="Please stop."),
        t0 + timedelta(hours=6),
    )

    opened = NOW - timedelta(hours=2)
    threat = content(SUBJECTS.threat, "I know where you live.", opened, Surface.CHAT)
    events.append(
        member_report(
            BRUNO,
            CHEN,
            Category.THREATS,
            opened,
            threat,
            messages=[
                IntakeMessage(
                    id="msg-2",
                    sender_id=BRUNO.id,
                    sender_name=BRUNO.display_name,
                    sent_at=opened - timedelta(minutes=1),
                    text="I know where you live.",
                    reported=True,
                ),
                IntakeMessage(
                    id="msg-1",
                    sender_id=CHEN.id,
                    sender_name=CHEN.display_name,
                    sent_at=opened - timedelta(minutes=5),
                    text="Please stop writing to me.",
                ),
            ],
            attachments=[png_attachment("chat.png", SCREENSHOT)],
            language="en",
        )
    )
    spam = content(SUBJECTS.spam_pair, "Cheap lessons at spam.example", opened, Surface.COMMENT)
    events.append(member_report(EVE, CHEN, Category.SPAM, opened, spam))
    events.append(
        IntakeReport(
            subject_kind=SubjectKind.CONTENT,
            member=EVE,
            content=spam,
            source=ReportSource.DETECTOR,
            detector="link-burst",
            score=0.9,
            reason=Category.SPAM,
            surface=Surface.COMMENT,
            created_at=opened + timedelta(minutes=3),
        )
    )
    same_time = NOW - timedelta(hours=3)
    trusted = content(SUBJECTS.trusted, "You are useless at this language", same_time)
    events.append(member_report(FARID, CHEN, Category.HARASSMENT, same_time, trusted))
    abused = content(SUBJECTS.abused, "Nice weather today", same_time)
    events.append(member_report(GITA, DORA, Category.HARASSMENT, same_time, abused))
    events.append(
        member_report(HUGO, ALICE, Category.SCAM, opened, None, language="es", text="Pidió dinero")
    )
    escalated = content(SUBJECTS.escalated, "Send me money or else", opened)
    events.append(member_report(IRIS, ALICE, Category.SCAM, opened, escalated))
    decide(
        escalated.id,
        "ana",
        DecisionIn(outcome=Outcome.ESCALATE, note="Looks like extortion."),
        opened + timedelta(minutes=10),
    )
    awaiting = content(SUBJECTS.awaiting, "Meet me elsewhere", opened)
    events.append(member_report(IRIS, ALICE, Category.HARASSMENT, opened, awaiting))
    decide(
        awaiting.id,
        "bob",
        DecisionIn(outcome=Outcome.REQUEST_INFO, note="Which messages?"),
        opened + timedelta(minutes=20),
    )
    return DemoCommunity(
        moderators=[
            DemoModerator("ana", PASSWORDS["ana"], "Ana Agent", Role.AGENT),
            DemoModerator("bob", PASSWORDS["bob"], "Bob Agent", Role.AGENT),
            DemoModerator("sam", PASSWORDS["sam"], "Sam Senior", Role.SENIOR),
            DemoModerator("ada", PASSWORDS["ada"], "Ada Admin", Role.ADMIN),
        ],
        platform_key=PLATFORM_KEY,
        catalogue=catalogue(),
        events=events,
        notes=[DemoNote(BRUNO.id, "sam", NOW - timedelta(days=1), "Was rude to a teacher before.")],
    )
