"""Pydantic models of every request and response body of the v1 API.

The server validates what it receives and declares what it returns with these
models; the desk client validates every answer against them, so a malformed
answer becomes a clear error instead of a crash deep in the UI.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from reviewdesk.domain.audit_enums import AgeBucket, LogEntryKind, ReviewVerdict
from reviewdesk.domain.enums import (
    AppealStatus,
    CaseStatus,
    Category,
    MemberRole,
    Outcome,
    ReportSource,
    Role,
    Severity,
    SubjectKind,
    Surface,
)

ShortText = Annotated[str, StringConstraints(max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=10_000)]
#: Most characters a message or a piece of content may hold. Members paste whole
#: documents into one message, and the desk must still see what was reported, so
#: this is far above :data:`LongText`. It is sized against the byte limits: one
#: message at this length, JSON-escaped at its worst (12 bytes for a character
#: outside the BMP written as two ``\u`` escapes), still fits a request body of
#: the service (100 MB by default), and a case answer carrying it (at most 6 bytes
#: a character as the service writes JSON) fits what the desk reads (64 MB).
MAX_MESSAGE_CHARS = 8_000_000
MessageText = Annotated[str, StringConstraints(max_length=MAX_MESSAGE_CHARS)]
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=100)]
#: A 64-bit perceptual image hash as 16 lowercase hex digits.
ImageHash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
#: Text that must say something: 1 to 10,000 characters (the service also refuses blanks).
RequiredText = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]


class WireModel(BaseModel):
    """Base of every wire model: unknown fields are refused, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- errors and auth -------------------------------------------------------


class ErrorBody(WireModel):
    """Every 4xx answer: a sentence a person can read."""

    detail: str


class LoginRequest(WireModel):
    """Credentials exchanged for a bearer token."""

    username: Identifier
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ModeratorOut(WireModel):
    """A moderator account as others see it."""

    id: Identifier
    username: Identifier
    display_name: ShortText
    role: Role


class TokenOut(WireModel):
    """A bearer token and who it belongs to."""

    token: str
    expires_at: datetime
    moderator: ModeratorOut


# --- policy catalogue --------------------------------------------------------


class LadderStep(WireModel):
    """One rung of a clause's sanction ladder: the n-th offence earns this."""

    outcome: Outcome
    duration_days: int | None = None


class PolicyClause(WireModel):
    """One clause of the community policy."""

    id: Identifier
    category: Category
    title: ShortText
    text: LongText
    acceptable: list[LongText] = Field(default_factory=list)
    unacceptable: list[LongText] = Field(default_factory=list)
    severity: Severity
    ladder: list[LadderStep] = Field(min_length=1)


class PolicyCatalogue(WireModel):
    """The whole catalogue at one version."""

    version: Identifier
    clauses: list[PolicyClause]


# --- members -------------------------------------------------------------------


class MemberProfile(WireModel):
    """The account facts of a community member."""

    id: Identifier
    display_name: ShortText
    role: MemberRole
    country: Annotated[str, StringConstraints(min_length=2, max_length=2)]
    native_languages: list[Identifier]
    learning_languages: list[Identifier]
    joined_at: datetime
    bio: LongText = ""


class PriorCase(WireModel):
    """A case about the member that came before, with what was decided."""

    case_id: Identifier
    category: Category
    surface: Surface
    opened_at: datetime
    status: CaseStatus
    outcome: Outcome | None = None
    clause_ids: list[Identifier] = Field(default_factory=list)
    decided_at: datetime | None = None


class Strike(WireModel):
    """A mark on the member's record left by a sanction."""

    case_id: Identifier
    clause_id: Identifier
    outcome: Outcome
    issued_at: datetime


class ModeratorNote(WireModel):
    """A note a moderator left on a member's file."""

    author: Identifier
    created_at: datetime
    text: LongText
    case_id: Identifier | None = None


class NoteIn(WireModel):
    """A note to leave on a member's file, perhaps about one case."""

    text: RequiredText
    case_id: Identifier | None = None


class MemberHistory(WireModel):
    """Everything the desk shows about a member beside a case."""

    member: MemberProfile
    prior_cases: list[PriorCase]
    strikes: list[Strike]
    notes: list[ModeratorNote]
    reports_filed: int = 0
    reports_filed_upheld: int = 0


# --- cases ---------------------------------------------------------------------


class ClaimOut(WireModel):
    """Who holds a case and until when."""

    case_id: Identifier
    moderator: ModeratorOut
    expires_at: datetime


class CaseSummary(WireModel):
    """One row of the queue."""

    id: Identifier
    subject_kind: SubjectKind
    member_id: Identifier
    member_name: ShortText
    surface: Surface
    category: Category
    severity: Severity
    status: CaseStatus
    report_count: int = Field(ge=0)
    priority: float
    language: Identifier | None = None
    opened_at: datetime
    last_reported_at: datetime
    preview: ShortText = ""
    automated: bool = False
    claim: ClaimOut | None = None
    #: 64-bit perceptual hash (16 hex digits) of the case's first image, to group alike ones.
    image_hash: ImageHash | None = None


class CasePage(WireModel):
    """A page of the queue; pass ``next_cursor`` back for the next one."""

    items: list[CaseSummary]
    next_cursor: str | None = None
    total: int = Field(ge=0)


class Report(WireModel):
    """One report filed against the case's subject."""

    id: Identifier
    source: ReportSource
    reporter_id: Identifier | None = None
    reporter_name: ShortText | None = None
    reporter_reliability: float | None = Field(default=None, ge=0.0, le=1.0)
    detector: ShortText | None = None
    score: float | None = Field(default=None, ge=0.0, le=1.0)
    reason: Category
    text: LongText = ""
    surface: Surface
    created_at: datetime


class Attachment(WireModel):
    """A piece of evidence stored as a file (a screenshot)."""

    id: Identifier
    filename: ShortText
    media_type: ShortText
    size: int = Field(ge=0)
    sha256: Sha256Hex
    width: int | None = Field(default=None, ge=0)
    height: int | None = Field(default=None, ge=0)
    report_id: Identifier | None = None


class Message(WireModel):
    """One message of a conversation excerpt."""

    id: Identifier
    sender_id: Identifier
    sender_name: ShortText
    sent_at: datetime
    text: MessageText
    reported: bool = False


class Conversation(WireModel):
    """Messages around a reported one, in the order they were sent."""

    id: Identifier
    surface: Surface
    messages: list[Message]


class ContentItem(WireModel):
    """The piece of content a content case is about."""

    id: Identifier
    surface: Surface
    text: MessageText
    posted_at: datetime


class DecisionOut(WireModel):
    """A recorded decision."""

    id: Identifier
    case_id: Identifier
    moderator: ModeratorOut
    outcome: Outcome
    clause_ids: list[Identifier]
    duration_days: int | None = None
    note: LongText = ""
    member_message: LongText = ""
    reporter_message: LongText = ""
    decided_at: datetime
    idempotency_key: Identifier
    #: Attachments the moderator chose to see unblurred before deciding.
    revealed_attachment_ids: list[Identifier] = Field(default_factory=list)
    #: The bulk decision this one was part of (an id the desk made), if any.
    batch_id: Identifier | None = None
    #: Set when a senior moderator reversed the decision's batch: that reversal's id.
    reversal_id: Identifier | None = None


class CaseDetail(WireModel):
    """One case in full: subject, reports, evidence, and its decisions so far."""

    summary: CaseSummary
    content: ContentItem | None = None
    reports: list[Report]
    attachments: list[Attachment]
    conversations: list[Conversation]
    decisions: list[DecisionOut] = Field(default_factory=list)


# --- decisions -------------------------------------------------------------


class DecisionIn(WireModel):
    """A moderator's decision on a case, as posted."""

    outcome: Outcome
    clause_ids: list[Identifier] = Field(default_factory=list)
    duration_days: int | None = None
    note: LongText = ""
    member_message: LongText = ""
    reporter_message: LongText = ""
    #: Attachments the moderator chose to see unblurred before deciding.
    revealed_attachment_ids: list[Identifier] = Field(default_factory=list)
    #: The bulk decision this one is part of: an id the desk made (a UUID), shared by the batch.
    batch_id: Identifier | None = None


class ConflictBody(WireModel):
    """The 409 answer: the case was already decided, by this decision."""

    detail: str
    decision: DecisionOut


#: Most decisions one ``POST /v1/decisions/batch`` may carry.
MAX_BATCH_DECISIONS = 200


class BatchDecisionItem(WireModel):
    """One decision of a batch post, with its own idempotency key."""

    case_id: Identifier
    idempotency_key: Annotated[str, StringConstraints(pattern=r"^[\x21-\x7e]{1,100}$")]
    decision: DecisionIn


class BatchDecisionsIn(WireModel):
    """Several decisions posted at once; each is recorded (or refused) on its own."""

    items: list[BatchDecisionItem] = Field(min_length=1, max_length=MAX_BATCH_DECISIONS)


#: What became of one decision of a batch post.
BatchItemStatus = Literal["recorded", "replayed", "conflict", "refused"]


class BatchItemResult(WireModel):
    """The answer for one decision of a batch, as the single endpoint would have given it.

    ``status_code`` is the HTTP status the single endpoint answers with (201
    recorded, 200 replayed, 409 conflict, 4xx refused). ``decision`` is the
    recorded decision (recorded, replayed) or the one that stands (a conflict
    over a decided case; None when someone else's claim stood in the way).
    """

    case_id: Identifier
    idempotency_key: str
    status: BatchItemStatus
    status_code: int
    detail: str = ""
    decision: DecisionOut | None = None


class BatchDecisionsOut(WireModel):
    """One result per posted decision, in the order posted."""

    items: list[BatchItemResult]


class BatchReversalIn(WireModel):
    """A senior moderator reverses every decision of a batch, saying why."""

    reason: RequiredText


class BatchReversalOut(WireModel):
    """A recorded reversal of a batch."""

    id: Identifier
    batch_id: Identifier
    reversed_by: ModeratorOut
    reversed_at: datetime
    reason: LongText
    #: The decisions reversed (each now carries ``reversal_id``).
    decisions: list[DecisionOut]
    #: Cases open again for review after the reversal.
    reopened_case_ids: list[Identifier] = Field(default_factory=list)


# --- appeals -----------------------------------------------------------------


class AppealIn(WireModel):
    """A request for a second review of a decision, with the decision proposed instead."""

    decision_id: Identifier
    proposed: DecisionIn
    reason: RequiredText


class AppealOut(WireModel):
    """A recorded appeal against a decision of a case."""

    id: Identifier
    case_id: Identifier
    decision_id: Identifier
    filed_by: ModeratorOut
    proposed: DecisionIn
    reason: LongText
    filed_at: datetime
    status: AppealStatus


class AppealList(WireModel):
    """Appeals, oldest first."""

    items: list[AppealOut]


# --- platform side -----------------------------------------------------------


class IntakeAttachment(WireModel):
    """A file sent with a report, base64-encoded."""

    filename: ShortText
    media_type: ShortText
    data_base64: str


class IntakeMessage(WireModel):
    """A message of the conversation around a reported one, as the platform sends it."""

    id: Identifier
    sender_id: Identifier
    sender_name: ShortText
    sent_at: datetime
    text: MessageText
    reported: bool = False


class IntakeReport(WireModel):
    """A report filed by the platform: from a member's flag or a detector.

    Reports on the same subject (the same content id, or the same account for
    account reports) join one open case.
    """

    subject_kind: SubjectKind
    member: MemberProfile
    content: ContentItem | None = None
    source: ReportSource
    reporter: MemberProfile | None = None
    detector: ShortText | None = None
    score: float | None = Field(default=None, ge=0.0, le=1.0)
    reason: Category
    text: LongText = ""
    surface: Surface
    created_at: datetime | None = None
    language: Identifier | None = None
    messages: list[IntakeMessage] = Field(default_factory=list)
    attachments: list[IntakeAttachment] = Field(default_factory=list)


class IntakeReceipt(WireModel):
    """The answer to an intake: the report and the case it joined."""

    report_id: Identifier
    case_id: Identifier


class FeedReversal(WireModel):
    """Why a decision the platform enforced was reversed: undo its enforcement."""

    id: Identifier
    batch_id: Identifier
    reversed_by: ModeratorOut
    reversed_at: datetime
    reason: LongText


class FeedEntry(WireModel):
    """One entry of the enforcement feed the platform reads to carry decisions out.

    ``kind`` is ``decision`` (carry ``decision`` out) or ``reversal`` (undo
    what ``decision`` did; ``reversal`` says who reversed it and why).
    """

    seq: int
    kind: Literal["decision", "reversal"] = "decision"
    member_id: Identifier
    content_id: Identifier | None = None
    decision: DecisionOut
    reversal: FeedReversal | None = None
    #: Set when this decision corrects an earlier one (a second review overturned it).
    replaces_decision_id: Identifier | None = None


class FeedPage(WireModel):
    """Feed entries after a sequence number."""

    entries: list[FeedEntry]
    last_seq: int


# --- audit: the decision log, replay, second review, quality, statistics -------------


class LogRecord(WireModel):
    """The chained fields of one decision-log entry: what its hash covers.

    A ``decision`` entry holds the decision as recorded. A ``reversal`` entry
    holds a senior's reversal of the decision's batch. A ``review`` entry
    holds the second review of decision ``decision_id``: its ``verdict``, the
    reviewer as ``actor_id``, the reason as ``note``, and the outcome in force
    after it (the corrected decision of an overturn, recorded as
    ``corrected_decision_id``; the confirmed one's for a confirmation).
    """

    seq: int = Field(ge=1)
    kind: LogEntryKind
    #: When the log recorded it (never decreases along ``seq``).
    recorded_at: datetime
    #: When the decision was made or the review given, as its own row says.
    acted_at: datetime
    decision_id: Identifier
    case_id: Identifier
    actor_id: Identifier
    outcome: Outcome
    clause_ids: list[Identifier] = Field(default_factory=list)
    duration_days: int | None = None
    note: LongText = ""
    member_message: LongText = ""
    reporter_message: LongText = ""
    revealed_attachment_ids: list[Identifier] = Field(default_factory=list)
    review_id: Identifier | None = None
    verdict: ReviewVerdict | None = None
    corrected_decision_id: Identifier | None = None
    #: A ``reversal`` entry: the reversal (``actor_id`` reversed batch ``batch_id``
    #: with ``note`` as the reason; ``outcome`` is the outcome undone). Left out
    #: of the record (and so of its hash) on every other entry.
    reversal_id: Identifier | None = Field(default=None, exclude_if=lambda value: value is None)
    batch_id: Identifier | None = Field(default=None, exclude_if=lambda value: value is None)


class LogContext(WireModel):
    """Facts shown beside a log entry; not chained, since some change (e.g. ``reviewed``)."""

    actor: ModeratorOut
    member_id: Identifier
    member_name: ShortText
    subject_kind: SubjectKind
    category: Category
    surface: Surface
    preview: ShortText = ""
    content_id: Identifier | None = None
    content_posted_at: datetime | None = None
    #: The case came from (or also from) an automated detector.
    automated_detection: bool = False
    #: Some report came from a member (a notice), not only from detectors.
    member_reported: bool = False
    #: The case holds screenshots.
    has_images: bool = False
    #: Categories of the cited clauses in the catalogue version in force then.
    clause_categories: list[Category] = Field(default_factory=list)
    #: Version of the policy catalogue in force when the entry was recorded.
    catalogue_version: Identifier | None = None
    #: For a decision entry: a senior has reviewed it (see ``review_verdict``).
    reviewed: bool = False
    review_verdict: ReviewVerdict | None = None
    #: Seconds from the decider's claim to the decision, when they had claimed it.
    handling_seconds: float | None = Field(default=None, ge=0)
    #: The batch the decision was made in, when it was part of a bulk decision.
    batch_id: Identifier | None = None
    #: For a decision entry: a senior reversed its batch (see ``reversal_id``).
    reversed: bool = False
    reversal_id: Identifier | None = None


class LogEntry(WireModel):
    """One entry of the decision log: chained record, hashes, and context.

    ``hash`` = SHA-256 of ``prev_hash``, a newline, and the canonical JSON of
    ``record`` (see :mod:`reviewdesk.domain.log_chain`).
    """

    record: LogRecord
    prev_hash: Sha256Hex
    hash: Sha256Hex
    context: LogContext

    def chained_fields(self) -> dict[str, object]:
        """The record as the JSON object the hash covers."""
        return self.record.model_dump(mode="json")


class LogPage(WireModel):
    """A page of the decision log; pass ``next_cursor`` back for the next one."""

    items: list[LogEntry]
    next_cursor: str | None = None


class EvidenceRecord(WireModel):
    """An attachment as it was when the decision was made, with its SHA-256 then."""

    attachment_id: Identifier
    filename: ShortText
    media_type: ShortText
    size: int = Field(ge=0)
    sha256: Sha256Hex
    revealed: bool = False


class Replay(WireModel):
    """A past decision with the case as its moderator saw it when deciding.

    ``evidence`` lists the attachments (with their SHA-256 at decision time);
    download each with ``GET /v1/attachments/{id}`` and compare hashes.
    ``history`` is the member's file as it stood just before the decision
    (None when the decision predates snapshots). ``clauses`` are the cited
    clauses as the catalogue version then in force worded them. ``entry`` is
    the decision's log entry; ``reviews`` are later review entries of it.
    """

    entry: LogEntry
    decision: DecisionOut
    summary: CaseSummary
    content: ContentItem | None = None
    reports: list[Report]
    conversations: list[Conversation]
    evidence: list[EvidenceRecord]
    history: MemberHistory | None = None
    catalogue_version: Identifier | None = None
    catalogue_installed_at: datetime | None = None
    clauses: list[PolicyClause] = Field(default_factory=list)
    snapshot_recorded: bool = True
    reviews: list[LogEntry] = Field(default_factory=list)


class ReviewIn(WireModel):
    """A senior's second review of a decision: confirm it, or overturn it with the correction.

    ``corrected`` is required for an overturn (a final outcome, with the
    messages to send to the member and reporter) and refused for a confirmation.
    """

    verdict: ReviewVerdict
    reason: RequiredText
    corrected: DecisionIn | None = None


class ReviewOut(WireModel):
    """A recorded second review, its log entry, and the corrected decision of an overturn."""

    id: Identifier
    decision_id: Identifier
    verdict: ReviewVerdict
    reason: LongText
    reviewer: ModeratorOut
    reviewed_at: datetime
    corrected: DecisionOut | None = None
    entry: LogEntry


class SampleIn(WireModel):
    """Draw a quality sample of one moderator's decisions: ``count`` of them, or a ``share``.

    ``since``/``until`` bound the decision time, ``clause_id`` keeps decisions
    citing that clause. The same ``seed`` over the same decisions draws the
    same sample; without one the service picks a seed and stores it.
    """

    moderator_id: Identifier
    count: int | None = Field(default=None, ge=1, le=10_000)
    share: float | None = Field(default=None, gt=0.0, le=1.0)
    since: datetime | None = None
    until: datetime | None = None
    clause_id: Identifier | None = None
    seed: int | None = Field(default=None, ge=0, le=2**62)


class SampleVerdictIn(WireModel):
    """A senior's blind verdict on one sampled decision: what they would have decided."""

    outcome: Outcome
    clause_ids: list[Identifier] = Field(default_factory=list)
    note: LongText = ""


class SampleItem(WireModel):
    """One decision of a sample; ``original`` stays hidden until the verdict is recorded."""

    position: int = Field(ge=1)
    decision_id: Identifier
    case_id: Identifier
    category: Category
    surface: Surface
    preview: ShortText = ""
    decided_at: datetime
    verdict: SampleVerdictIn | None = None
    judged_by: ModeratorOut | None = None
    judged_at: datetime | None = None
    agrees: bool | None = None
    original: DecisionOut | None = None


class SampleOut(WireModel):
    """A stored quality sample and its items (blind until judged)."""

    id: Identifier
    moderator: ModeratorOut
    drawn_by: ModeratorOut
    drawn_at: datetime
    seed: int
    count: int | None = None
    share: float | None = None
    since: datetime | None = None
    until: datetime | None = None
    clause_id: Identifier | None = None
    population: int = Field(ge=0)
    items: list[SampleItem]


class SampleList(WireModel):
    """Samples, newest first, without their items."""

    items: list[SampleOut]


class AgreementRate(WireModel):
    """Agreement of blind verdicts with original decisions for one moderator or clause."""

    key: Identifier
    judged: int = Field(ge=0)
    agreed: int = Field(ge=0)
    rate: float | None = None


class QualityReport(WireModel):
    """Agreement rates per moderator (by id) and per clause cited by the original decision."""

    per_moderator: list[AgreementRate]
    per_clause: list[AgreementRate]


class TeamFigures(WireModel):
    """Volume and rates of one moderator or one clause over the period."""

    key: Identifier
    label: ShortText = ""
    decisions: int = Field(ge=0)
    median_handling_seconds: float | None = None
    reviewed: int = Field(ge=0, default=0)
    overturned: int = Field(ge=0, default=0)
    overturn_rate: float | None = None
    escalations: int = Field(ge=0, default=0)
    escalation_rate: float | None = None


class BacklogBucket(WireModel):
    """How many undecided cases have waited this long."""

    bucket: AgeBucket
    cases: int = Field(ge=0)


class TeamStats(WireModel):
    """Team statistics over a period; an agent gets only their own row and no clause table."""

    since: datetime | None = None
    until: datetime | None = None
    per_moderator: list[TeamFigures]
    per_clause: list[TeamFigures]
    backlog: int = Field(ge=0)
    oldest_open_hours: float | None = None
    backlog_by_age: list[BacklogBucket]


class CatalogueVersion(WireModel):
    """One stored version of the policy catalogue and when it came into force."""

    id: Identifier
    version: Identifier
    effective_at: datetime
    clauses: int = Field(ge=0)
    in_force: bool = False


class CatalogueVersionList(WireModel):
    """Every stored catalogue version, newest first."""

    items: list[CatalogueVersion]


class ModeratorAccount(WireModel):
    """A moderator account as admins manage it."""

    moderator: ModeratorOut
    disabled: bool = False


class ModeratorAccountList(WireModel):
    """Every moderator account."""

    items: list[ModeratorAccount]


class ModeratorCreate(WireModel):
    """A new moderator account."""

    username: Identifier
    display_name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    password: Annotated[str, StringConstraints(min_length=8, max_length=200)]
    role: Role = Role.AGENT


class ModeratorUpdate(WireModel):
    """A change to a moderator account: role, disabled, or both."""

    role: Role | None = None
    disabled: bool | None = None
