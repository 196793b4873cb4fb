"""The closed vocabularies of moderation: roles, outcomes, categories, surfaces."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Role(StrEnum):
    """What a moderator account may do; each role includes the one before."""

    AGENT = "agent"
    SENIOR = "senior"
    ADMIN = "admin"


class Outcome(StrEnum):
    """What a moderator decides for a case."""

    NO_VIOLATION = "no_violation"
    REMOVE_CONTENT = "remove_content"
    WARN = "warn"
    RESTRICT = "restrict"
    SUSPEND = "suspend"
    TERMINATE = "terminate"
    REQUEST_INFO = "request_info"
    ESCALATE = "escalate"


class Category(StrEnum):
    """What a report says the subject did wrong (one per policy area)."""

    SPAM = "spam"
    COMMERCIAL = "commercial"
    DATING = "dating"
    SEXUAL_CONTENT = "sexual_content"
    HARASSMENT = "harassment"
    ENTANGLED_HARASSMENT = "entangled_harassment"
    IMPERSONATION = "impersonation"
    PERSONAL_DATA = "personal_data"
    OFF_PLATFORM = "off_platform"
    THREATS = "threats"
    HATE_SPEECH = "hate_speech"
    INSULTS = "insults"
    PIRACY = "piracy"
    SELF_HARM = "self_harm"
    DRUGS_ALCOHOL = "drugs_alcohol"
    VIOLENT_IMAGERY = "violent_imagery"
    SCAM = "scam"
    GROOMING = "grooming"
    CAMPAIGNING = "campaigning"
    MULTI_ACCOUNT = "multi_account"
    REPORT_ABUSE = "report_abuse"
    DEFAMATION = "defamation"


class Surface(StrEnum):
    """Where on the platform the reported thing happened."""

    CHAT = "chat"
    GROUP_CHAT = "group_chat"
    MOMENT = "moment"
    COMMENT = "comment"
    NOTEBOOK = "notebook"
    QUESTION = "question"
    ANSWER = "answer"
    DISCUSSION = "discussion"
    VOICE_ROOM = "voice_room"
    LIVE_STREAM = "live_stream"
    LESSON = "lesson"
    PROFILE = "profile"
    OFF_PLATFORM = "off_platform"


class SubjectKind(StrEnum):
    """A case is about one piece of content or one whole account."""

    CONTENT = "content"
    ACCOUNT = "account"


class ReportSource(StrEnum):
    """Who raised a report: a member's flag/report or an automated detector."""

    MEMBER = "member"
    DETECTOR = "detector"


class CaseStatus(StrEnum):
    """Where a case stands in the queue."""

    OPEN = "open"
    ESCALATED = "escalated"
    AWAITING_INFO = "awaiting_info"
    DECIDED = "decided"


class AppealStatus(StrEnum):
    """Where an appeal against a decision stands; every appeal starts open."""

    OPEN = "open"


class MemberRole(StrEnum):
    """What a community member is on the platform."""

    LEARNER = "learner"
    TEACHER = "teacher"


class Severity(IntEnum):
    """How grave a category or clause is; drives priority and the ladder."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4


#: Outcomes that close a case (the others keep it in a queue).
FINAL_OUTCOMES: frozenset[Outcome] = frozenset(
    {
        Outcome.NO_VIOLATION,
        Outcome.REMOVE_CONTENT,
        Outcome.WARN,
        Outcome.RESTRICT,
        Outcome.SUSPEND,
        Outcome.TERMINATE,
    }
)

#: Outcomes that need a number of days.
TIMED_OUTCOMES: frozenset[Outcome] = frozenset({Outcome.RESTRICT, Outcome.SUSPEND})

#: Outcomes that must cite at least one clause.
CLAUSE_OUTCOMES: frozenset[Outcome] = frozenset(
    {
        Outcome.REMOVE_CONTENT,
        Outcome.WARN,
        Outcome.RESTRICT,
        Outcome.SUSPEND,
        Outcome.TERMINATE,
    }
)

#: Outcomes that put a strike on the member's record.
STRIKE_OUTCOMES: frozenset[Outcome] = frozenset(
    {Outcome.WARN, Outcome.RESTRICT, Outcome.SUSPEND, Outcome.TERMINATE}
)

#: Outcome a case status moves to after a decision.
STATUS_AFTER: dict[Outcome, CaseStatus] = {
    **dict.fromkeys(FINAL_OUTCOMES, CaseStatus.DECIDED),
    Outcome.ESCALATE: CaseStatus.ESCALATED,
    Outcome.REQUEST_INFO: CaseStatus.AWAITING_INFO,
}

OUTCOME_TITLES: dict[Outcome, str] = {
    Outcome.NO_VIOLATION: "No violation",
    Outcome.REMOVE_CONTENT: "Remove content",
    Outcome.WARN: "Warn",
    Outcome.RESTRICT: "Restrict",
    Outcome.SUSPEND: "Suspend",
    Outcome.TERMINATE: "Terminate",
    Outcome.REQUEST_INFO: "Ask for more information",
    Outcome.ESCALATE: "Escalate",
}

CATEGORY_TITLES: dict[Category, str] = {
    Category.SPAM: "Spam",
    Category.COMMERCIAL: "Commercial solicitation",
    Category.DATING: "Dating or sexual partners",
    Category.SEXUAL_CONTENT: "Sexual content / harassment",
    Category.HARASSMENT: "Harassment, bullying, stalking",
    Category.ENTANGLED_HARASSMENT: "Harassment via several accounts",
    Category.IMPERSONATION: "Impersonation",
    Category.PERSONAL_DATA: "Sharing personal data",
    Category.OFF_PLATFORM: "Luring off the platform",
    Category.THREATS: "Threats / terrorism",
    Category.HATE_SPEECH: "Hate speech",
    Category.INSULTS: "Insults and cursing",
    Category.PIRACY: "Pirated content",
    Category.SELF_HARM: "Self-harm / suicide",
    Category.DRUGS_ALCOHOL: "Drugs and alcohol",
    Category.VIOLENT_IMAGERY: "Violent or gory imagery",
    Category.SCAM: "Scam, phishing, fraud",
    Category.GROOMING: "Grooming",
    Category.CAMPAIGNING: "Political / religious campaigning",
    Category.MULTI_ACCOUNT: "Multiple accounts / scripting",
    Category.REPORT_ABUSE: "Abusing report or block",
    Category.DEFAMATION: "Defaming the platform",
}

SURFACE_TITLES: dict[Surface, str] = {
    Surface.CHAT: "Chat",
    Surface.GROUP_CHAT: "Group chat",
    Surface.MOMENT: "Moment",
    Surface.COMMENT: "Comment",
    Surface.NOTEBOOK: "Notebook",
    Surface.QUESTION: "Question",
    Surface.ANSWER: "Answer",
    Surface.DISCUSSION: "Discussion",
    Surface.VOICE_ROOM: "Voice room",
    Surface.LIVE_STREAM: "Live stream",
    Surface.LESSON: "Lesson",
    Surface.PROFILE: "Profile",
    Surface.OFF_PLATFORM: "Off platform",
}

STATUS_TITLES: dict[CaseStatus, str] = {
    CaseStatus.OPEN: "Open",
    CaseStatus.ESCALATED: "Escalated",
    CaseStatus.AWAITING_INFO: "Awaiting information",
    CaseStatus.DECIDED: "Decided",
}

SEVERITY_TITLES: dict[Severity, str] = {
    Severity.LOW: "Low",
    Severity.MEDIUM: "Medium",
    Severity.HIGH: "High",
    Severity.CRITICAL: "Critical",
}

ROLE_RANK: dict[Role, int] = {Role.AGENT: 1, Role.SENIOR: 2, Role.ADMIN: 3}


def role_allows(actual: Role, needed: Role) -> bool:
    """True when a moderator of role ``actual`` may do what needs ``needed``."""
    return ROLE_RANK[actual] >= ROLE_RANK[needed]
