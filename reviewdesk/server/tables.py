"""The service's database tables as typed SQLAlchemy ORM models.

The many-to-one relationships exist so intake can add a whole report (people,
content, case, report, evidence) and write it in one flush, in key order;
they never load lazily (``lazy="raise"``): queries join explicitly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
)
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from reviewdesk.domain.audit_enums import LogEntryKind, ReviewVerdict
from reviewdesk.domain.enums import (
    AppealStatus,
    CaseStatus,
    Category,
    MemberRole,
    Outcome,
    ReportSource,
    Role,
    SubjectKind,
    Surface,
)


class UtcDateTime(TypeDecorator[datetime]):
    """Stores UTC without a zone (SQLite keeps none) and always returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum_type(enum_class: type[StrEnum]) -> SqlEnum:
    """A portable (non-native) enum column that stores the members' values."""
    return SqlEnum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Declarative base of every table of the service."""

    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012  (SQLAlchemy's own hook)
        datetime: UtcDateTime(),
        AppealStatus: _enum_type(AppealStatus),
        CaseStatus: _enum_type(CaseStatus),
        Category: _enum_type(Category),
        MemberRole: _enum_type(MemberRole),
        Outcome: _enum_type(Outcome),
        ReportSource: _enum_type(ReportSource),
        Role: _enum_type(Role),
        SubjectKind: _enum_type(SubjectKind),
        Surface: _enum_type(Surface),
    }


# --- moderators and credentials ------------------------------------------------


class ModeratorRow(Base):
    """A moderator account."""

    __tablename__ = "moderators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(500))
    role: Mapped[Role]
    password_hash: Mapped[str] = mapped_column(String(300))
    #: A disabled account cannot sign in and its tokens stop working (NULL: enabled).
    disabled: Mapped[bool | None] = mapped_column(default=False)


class TokenRow(Base):
    """A bearer token of a moderator, stored only as its SHA-256."""

    __tablename__ = "tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("moderators.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class PlatformKeyRow(Base):
    """A key the platform uses for intake and the feed, stored only as its SHA-256."""

    __tablename__ = "platform_keys"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class CatalogueRow(Base):
    """One installed version of the policy catalogue; the newest row is in force."""

    __tablename__ = "catalogues"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(100))
    document: Mapped[str] = mapped_column(Text)
    installed_at: Mapped[datetime]


# --- the community ---------------------------------------------------------------


class MemberRow(Base):
    """A community member as the platform last described them."""

    __tablename__ = "members"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(500))
    role: Mapped[MemberRole]
    country: Mapped[str] = mapped_column(String(2))
    native_languages: Mapped[list[str]] = mapped_column(JSON)
    learning_languages: Mapped[list[str]] = mapped_column(JSON)
    joined_at: Mapped[datetime]
    bio: Mapped[str] = mapped_column(Text, default="")


class ContentRow(Base):
    """A piece of content (post, comment, message...) that was reported."""

    __tablename__ = "contents"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    surface: Mapped[Surface]
    text: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime]

    member: Mapped[MemberRow] = relationship(lazy="raise")


# --- cases and their evidence ------------------------------------------------------


class CaseRow(Base):
    """One subject (a content item or an account) with all its reports.

    ``open_subject_key`` equals ``subject_key`` while the case is not decided
    and is cleared when it is, so the unique constraint allows exactly one
    undecided case per subject even under concurrent intake.
    """

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("subject_kind", "open_subject_key", name="uq_cases_open_subject"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_kind: Mapped[SubjectKind]
    subject_key: Mapped[str] = mapped_column(String(100), index=True)
    open_subject_key: Mapped[str | None] = mapped_column(String(100))
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    content_id: Mapped[str | None] = mapped_column(ForeignKey("contents.id"))
    surface: Mapped[Surface]
    category: Mapped[Category]
    severity: Mapped[int] = mapped_column(Integer)
    status: Mapped[CaseStatus]
    language: Mapped[str | None] = mapped_column(String(100))
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[float] = mapped_column(Float, default=0.0)
    opened_at: Mapped[datetime]
    last_reported_at: Mapped[datetime]
    preview: Mapped[str] = mapped_column(String(500), default="")
    automated: Mapped[bool] = mapped_column(default=True)
    claim_moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"))
    claim_expires_at: Mapped[datetime | None]
    #: When the current holder first claimed it (for handling times).
    claimed_at: Mapped[datetime | None]
    outcome: Mapped[Outcome | None]
    decided_at: Mapped[datetime | None]
    #: Perceptual hash (16 hex digits) of the case's first image, for grouping alike cases.
    image_hash: Mapped[str | None] = mapped_column(String(16), index=True)

    member: Mapped[MemberRow] = relationship(lazy="raise")
    content: Mapped[ContentRow | None] = relationship(lazy="raise")


#: The queue's order (priority highest first, then id) within a status: a page is a
#: range walk of this index, never a scan and sort (see ``services/queue.py``).
Index("ix_cases_open_queue", CaseRow.status, CaseRow.priority.desc(), CaseRow.id)
#: The same within one category, for the category filter.
Index(
    "ix_cases_category_queue",
    CaseRow.status,
    CaseRow.category,
    CaseRow.priority.desc(),
    CaseRow.id,
)


class ReportRow(Base):
    """One report against a case's subject, by a member or a detector."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    source: Mapped[ReportSource]
    reporter_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"), index=True)
    detector: Mapped[str | None] = mapped_column(String(500))
    score: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[Category]
    text: Mapped[str] = mapped_column(Text, default="")
    surface: Mapped[Surface]
    created_at: Mapped[datetime]

    case: Mapped[CaseRow] = relationship(lazy="raise")
    reporter: Mapped[MemberRow | None] = relationship(lazy="raise")


class AttachmentRow(Base):
    """The facts of one stored file; its bytes live in :class:`AttachmentBlobRow`."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    filename: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    #: Perceptual hash (16 hex digits) when the file is an image Pillow can read.
    image_hash: Mapped[str | None] = mapped_column(String(16))

    case: Mapped[CaseRow] = relationship(lazy="raise")
    report: Mapped[ReportRow] = relationship(lazy="raise")


class AttachmentBlobRow(Base):
    """The bytes of one attachment, kept apart so listings never load them."""

    __tablename__ = "attachment_blobs"

    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)

    attachment: Mapped[AttachmentRow] = relationship(lazy="raise")


class ConversationRow(Base):
    """The messages sent with one report."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    surface: Mapped[Surface]

    case: Mapped[CaseRow] = relationship(lazy="raise")
    report: Mapped[ReportRow] = relationship(lazy="raise")


class MessageRow(Base):
    """One message of a conversation, at its position in sending order."""

    __tablename__ = "messages"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[str] = mapped_column(String(100))
    sender_id: Mapped[str] = mapped_column(String(100))
    sender_name: Mapped[str] = mapped_column(String(500))
    sent_at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    reported: Mapped[bool] = mapped_column(default=False)

    conversation: Mapped[ConversationRow] = relationship(lazy="raise")


# --- decisions and their effects -------------------------------------------------------


class DecisionRow(Base):
    """A recorded decision; ``fingerprint`` identifies the request for idempotent replay."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("moderator_id", "idempotency_key", name="uq_decisions_idempotency"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("moderators.id"))
    outcome: Mapped[Outcome]
    clause_ids: Mapped[list[str]] = mapped_column(JSON)
    duration_days: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    member_message: Mapped[str] = mapped_column(Text, default="")
    reporter_message: Mapped[str] = mapped_column(Text, default="")
    #: Nullable so databases made before it gain the column (read as no reveals).
    revealed_attachment_ids: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    decided_at: Mapped[datetime]
    idempotency_key: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))
    #: The bulk decision it was part of (an id the desk made), if any.
    batch_id: Mapped[str | None] = mapped_column(String(100), index=True)
    #: Set when a senior moderator reversed its batch.
    reversal_id: Mapped[int | None] = mapped_column(ForeignKey("batch_reversals.id"))


class BatchReversalRow(Base):
    """A senior moderator's reversal of every decision of one batch (one per batch)."""

    __tablename__ = "batch_reversals"
    __table_args__ = (
        UniqueConstraint("moderator_id", "idempotency_key", name="uq_reversals_idempotency"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(100), unique=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("moderators.id"))
    reversed_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))


class StrikeRow(Base):
    """A mark on a member's record: one per clause of a sanctioning decision."""

    __tablename__ = "strikes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    clause_id: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[Outcome]
    issued_at: Mapped[datetime]


class NoteRow(Base):
    """A moderator's note on a member's file, perhaps about one case."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("moderators.id"))
    created_at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))


class AppealRow(Base):
    """A moderator's request for a second review of a decision.

    ``proposed`` holds the decision the moderator proposes instead (a
    ``DecisionIn`` as JSON). ``fingerprint`` identifies the request so a retry
    with the same idempotency key can be told from a different appeal.
    """

    __tablename__ = "appeals"
    __table_args__ = (
        UniqueConstraint("moderator_id", "idempotency_key", name="uq_appeals_idempotency"),
        Index("ix_appeals_status", "status", "filed_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    moderator_id: Mapped[int] = mapped_column(ForeignKey("moderators.id"))
    proposed: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime]
    status: Mapped[AppealStatus]
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))


class FeedRow(Base):
    """One entry of the enforcement feed: a final decision for the platform to carry out.

    With ``reversal_id`` set, the entry says instead that the decision was
    reversed and its enforcement must be undone (a decision then has two entries).
    """

    __tablename__ = "feed"
    __table_args__ = (
        UniqueConstraint("decision_id", "reversal_id", name="uq_feed_decision_reversal"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    member_id: Mapped[str] = mapped_column(String(100))
    content_id: Mapped[str | None] = mapped_column(String(100))
    reversal_id: Mapped[int | None] = mapped_column(ForeignKey("batch_reversals.id"))
    #: The decision this one corrects (an overturn on second review).
    replaces_decision_id: Mapped[int | None] = mapped_column(Integer)


# --- audit: the decision log, snapshots, reviews, samples ----------------------------

#: The SQLite FTS5 table indexing each log entry's notes and the case's messages.
LOG_SEARCH_TABLE = "decision_log_search"


class LogEntryRow(Base):
    """One entry of the hash-chained decision log (a decision or a second review).

    The chained fields are read from the decision and review rows themselves;
    the copies here (outcome, actor, category...) exist only to filter fast.
    ``seq`` is the log order; ``recorded_at`` never decreases along it.
    """

    __tablename__ = "decision_log"
    __table_args__ = (
        Index("ix_decision_log_actor", "actor_id"),
        Index("ix_decision_log_outcome", "outcome"),
        Index("ix_decision_log_category", "category"),
        Index("ix_decision_log_surface", "surface"),
        Index("ix_decision_log_member", "member_id"),
        Index("ix_decision_log_reviewed", "kind", "reviewed"),
        Index("ix_decision_log_recorded", "recorded_at"),
        Index("ix_decision_log_decision", "decision_id"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[LogEntryKind] = mapped_column(_enum_type(LogEntryKind))
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    review_id: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int] = mapped_column(ForeignKey("moderators.id"))
    outcome: Mapped[Outcome]
    category: Mapped[Category]
    surface: Mapped[Surface]
    member_id: Mapped[str] = mapped_column(String(100))
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime]
    catalogue_id: Mapped[int | None] = mapped_column(Integer)
    handling_seconds: Mapped[float | None] = mapped_column(Float)
    #: A ``reversal`` entry's batch reversal (the chained fields are read from it).
    reversal_id: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))


class LogClauseRow(Base):
    """A clause cited by a log entry, for filtering the log by clause."""

    __tablename__ = "decision_log_clauses"

    clause_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    seq: Mapped[int] = mapped_column(ForeignKey("decision_log.seq"), primary_key=True)


class LogTextRow(Base):
    """The searchable text of a log entry, on databases without SQLite's FTS5."""

    __tablename__ = "decision_log_text"

    seq: Mapped[int] = mapped_column(ForeignKey("decision_log.seq"), primary_key=True)
    body: Mapped[str] = mapped_column(Text)


class DecisionSnapshotRow(Base):
    """What the moderator saw when deciding: evidence hashes, member history, catalogue."""

    __tablename__ = "decision_snapshots"

    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), primary_key=True)
    catalogue_id: Mapped[int | None] = mapped_column(Integer)
    report_ids: Mapped[list[int]] = mapped_column(JSON)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    history: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    claimed_at: Mapped[datetime | None]


class ReviewRow(Base):
    """A senior's second review of a decision (at most one per decision)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), unique=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("moderators.id"))
    verdict: Mapped[ReviewVerdict] = mapped_column(_enum_type(ReviewVerdict))
    reason: Mapped[str] = mapped_column(Text)
    corrected_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    reviewed_at: Mapped[datetime]


class SampleRow(Base):
    """A stored quality sample of one moderator's decisions."""

    __tablename__ = "samples"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("moderators.id"))
    drawn_by_id: Mapped[int] = mapped_column(ForeignKey("moderators.id"))
    drawn_at: Mapped[datetime]
    seed: Mapped[int] = mapped_column(BigInteger)
    count: Mapped[int | None] = mapped_column(Integer)
    share: Mapped[float | None] = mapped_column(Float)
    since: Mapped[datetime | None]
    until: Mapped[datetime | None]
    clause_id: Mapped[str | None] = mapped_column(String(100))
    population: Mapped[int] = mapped_column(Integer)


class SampleItemRow(Base):
    """One decision of a sample and the blind verdict on it, once given."""

    __tablename__ = "sample_items"

    sample_id: Mapped[int] = mapped_column(ForeignKey("samples.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    verdict_outcome: Mapped[Outcome | None]
    verdict_clause_ids: Mapped[list[str] | None] = mapped_column(JSON)
    verdict_note: Mapped[str | None] = mapped_column(Text)
    judged_by_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"))
    judged_at: Mapped[datetime | None]
    agrees: Mapped[bool | None] = mapped_column(Boolean)


event.listen(
    LogEntryRow.__table__,
    "after_create",
    DDL(  # type: ignore[no-untyped-call]
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {LOG_SEARCH_TABLE} USING fts5("
        "body, content='', tokenize='unicode61 remove_diacritics 2')"
    ).execute_if(dialect="sqlite"),
)
