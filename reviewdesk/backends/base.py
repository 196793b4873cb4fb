"""The Backend interface: everything the desk asks of a moderation service."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from reviewdesk.api.models import (
    AppealOut,
    BatchReversalOut,
    CaseDetail,
    CasePage,
    CatalogueVersion,
    CatalogueVersionList,
    ClaimOut,
    DecisionIn,
    DecisionOut,
    LogPage,
    MemberHistory,
    ModeratorAccount,
    ModeratorAccountList,
    ModeratorCreate,
    ModeratorNote,
    ModeratorOut,
    ModeratorUpdate,
    PolicyCatalogue,
    QualityReport,
    Replay,
    ReviewIn,
    ReviewOut,
    SampleIn,
    SampleItem,
    SampleList,
    SampleOut,
    SampleVerdictIn,
    TeamStats,
)
from reviewdesk.backends.errors import BackendError
from reviewdesk.domain.audit_enums import LogEntryKind, LogSort
from reviewdesk.domain.enums import (
    AppealStatus,
    CaseStatus,
    Category,
    Outcome,
    Severity,
    Surface,
)

#: One decision to post in a batch: (case id, decision, idempotency key).
BatchItem = tuple[str, DecisionIn, str]


@dataclass(frozen=True)
class CaseFilter:
    """Which cases a queue shows; empty fields do not filter."""

    statuses: tuple[CaseStatus, ...] = (CaseStatus.OPEN,)
    categories: tuple[Category, ...] = ()
    surfaces: tuple[Surface, ...] = ()
    languages: tuple[str, ...] = ()
    min_severity: Severity | None = None
    min_priority: float | None = None
    text: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LogFilter:
    """Which decision-log entries a page shows; empty fields do not filter.

    ``moderator_ids`` are who acted (decider or reviewer); ``reviewed`` keeps
    decisions with (True) or without (False) a second review; ``since`` is
    inclusive, ``until`` exclusive; ``text`` must match every word.
    """

    moderator_ids: tuple[str, ...] = ()
    kinds: tuple[LogEntryKind, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    clause_ids: tuple[str, ...] = ()
    categories: tuple[Category, ...] = ()
    surfaces: tuple[Surface, ...] = ()
    member_ids: tuple[str, ...] = ()
    reviewed: bool | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""
    sort: LogSort = LogSort.NEWEST
    #: Entries about decisions of these bulk-decision batches.
    batch_ids: tuple[str, ...] = ()


class Backend(Protocol):
    """A moderation service as the desk sees it.

    Every method blocks on I/O: call them from worker threads only. Every
    method raises a :class:`reviewdesk.backends.errors.BackendError` subclass
    on failure and returns validated wire models on success.
    """

    @property
    def moderator(self) -> ModeratorOut:
        """The signed-in moderator."""
        ...

    def list_cases(
        self, case_filter: CaseFilter, cursor: str | None = None, limit: int = 100
    ) -> CasePage:
        """One page of the queue, most urgent first."""
        ...

    def get_case(self, case_id: str) -> CaseDetail:
        """One case in full."""
        ...

    def get_attachment(self, attachment_id: str) -> bytes:
        """The bytes of one attachment, unchecked (the evidence layer checks them)."""
        ...

    def get_member_history(self, member_id: str) -> MemberHistory:
        """A member's account facts, prior cases, strikes and notes."""
        ...

    def get_policy(self) -> PolicyCatalogue:
        """The policy catalogue in force."""
        ...

    def claim(self, case_id: str) -> ClaimOut:
        """Claim (or renew the claim on) a case."""
        ...

    def release(self, case_id: str) -> None:
        """Give a claimed case back to the queue."""
        ...

    def decide(self, case_id: str, decision: DecisionIn, idempotency_key: str) -> DecisionOut:
        """Post a decision; a replay with the same key returns the first result."""
        ...

    def submit_decisions(self, items: Sequence[BatchItem]) -> list[DecisionOut | BackendError]:
        """Post several decisions at once; per item the recorded decision or its error.

        Each item's error is what :meth:`decide` would have raised for it.
        Raises a :class:`BackendError` when the request as a whole failed, and
        :class:`~reviewdesk.backends.errors.BatchUnsupported` when the service
        has no batch endpoint.
        """
        ...

    def reverse_batch(
        self, batch_id: str, reason: str, idempotency_key: str | None = None
    ) -> BatchReversalOut:
        """Reverse every decision of a batch (senior moderators and admins only)."""
        ...

    def add_note(self, member_id: str, text: str, case_id: str | None = None) -> ModeratorNote:
        """Leave a note on a member's file, perhaps about one case."""
        ...

    def file_appeal(
        self,
        case_id: str,
        decision_id: str,
        proposed: DecisionIn,
        reason: str,
        idempotency_key: str | None = None,
    ) -> AppealOut:
        """Ask for a second review of decision ``decision_id`` of a case, proposing another.

        With an ``idempotency_key``, a retry returns the appeal recorded first.
        """
        ...

    def list_appeals(self, status: AppealStatus | None = AppealStatus.OPEN) -> list[AppealOut]:
        """Appeals of ``status`` (None: all), oldest first; senior moderators and admins only."""
        ...

    # --- audit (senior moderators and admins; agents get Forbidden) -------------

    def list_log(
        self, log_filter: LogFilter, cursor: str | None = None, limit: int = 100
    ) -> LogPage:
        """One page of the decision log."""
        ...

    def log_chain(self, after: int = 0, limit: int = 500) -> LogPage:
        """The contiguous log entries after ``after``, oldest first, for chain checks."""
        ...

    def replay(self, decision_id: str) -> Replay:
        """A past decision with the case as its moderator saw it."""
        ...

    def review(self, decision_id: str, review: ReviewIn) -> ReviewOut:
        """Confirm or overturn a decision on second review."""
        ...

    def draw_sample(self, request: SampleIn) -> SampleOut:
        """Draw and store a quality sample of one moderator's decisions (blind items)."""
        ...

    def list_samples(self) -> SampleList:
        """Every stored sample, newest first, without items."""
        ...

    def get_sample(self, sample_id: str) -> SampleOut:
        """One sample; an item's original decision shows once its verdict is in."""
        ...

    def judge_sample_item(
        self, sample_id: str, position: int, verdict: SampleVerdictIn
    ) -> SampleItem:
        """Record the blind verdict on one sampled decision; the answer reveals the original."""
        ...

    def quality(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        moderator_id: str | None = None,
    ) -> QualityReport:
        """Agreement rates of judged sample items, per moderator and per clause."""
        ...

    def team_stats(self, since: datetime | None = None, until: datetime | None = None) -> TeamStats:
        """Team statistics (an agent gets only their own figures)."""
        ...

    # --- administration (admins only) ----------------------------------------------

    def list_moderators(self) -> ModeratorAccountList:
        """Every moderator account."""
        ...

    def create_moderator(self, account: ModeratorCreate) -> ModeratorAccount:
        """Add a moderator account."""
        ...

    def update_moderator(self, moderator_id: str, change: ModeratorUpdate) -> ModeratorAccount:
        """Change a moderator's role, or disable / enable the account."""
        ...

    def list_catalogue_versions(self) -> CatalogueVersionList:
        """Every stored policy catalogue version, newest (in force) first."""
        ...

    def publish_catalogue(self, catalogue: PolicyCatalogue) -> CatalogueVersion:
        """Put a new policy catalogue version in force (older ones stay stored)."""
        ...
