"""An in-memory moderation service for the shell's unit tests (all data written for them).

:class:`FakeBackend` implements the ``Backend`` protocol over a list of cases,
with switches to make a call fail the way a real service can.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime, timedelta

from samples import member_profile

from reviewdesk.api.models import (
    Attachment,
    CaseDetail,
    CasePage,
    CaseSummary,
    ClaimOut,
    ContentItem,
    DecisionIn,
    DecisionOut,
    LadderStep,
    MemberHistory,
    ModeratorOut,
    PolicyCatalogue,
    PolicyClause,
    Report,
    Strike,
)
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.errors import ClaimConflict, DecisionConflict, NotFound, Rejected
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

NOW = datetime(2024, 11, 5, 15, 30, tzinfo=UTC)
AGENT = ModeratorOut(id="mod-1", username="agent", display_name="Agent Ana", role=Role.AGENT)
OTHER = ModeratorOut(id="mod-2", username="agent2", display_name="Bruno Costa", role=Role.AGENT)

MEMBER_NAMES = (
    "Lena Fischer",
    "王小明",
    "Ахмед Юсупов",
    "سارة الخطيب",
    "प्रिया शर्मा",
    "Kai 🌊 Nakamura",
)
CATEGORIES = (Category.HARASSMENT, Category.SPAM, Category.SCAM, Category.INSULTS)
SURFACES = (Surface.CHAT, Surface.MOMENT, Surface.COMMENT)
LANGUAGES = ("de", "zh", "ru", "ar", "hi", "ja")


def clause(
    clause_id: str, category: Category, severity: Severity = Severity.MEDIUM
) -> PolicyClause:
    """A clause with a three-rung ladder: warn, restrict 3 days, suspend 14 days."""
    return PolicyClause(
        id=clause_id,
        category=category,
        title=f"No {category.value.replace('_', ' ')}",
        text=f"Members must not engage in {category.value.replace('_', ' ')}.",
        severity=severity,
        ladder=[
            LadderStep(outcome=Outcome.WARN),
            LadderStep(outcome=Outcome.RESTRICT, duration_days=3),
            LadderStep(outcome=Outcome.SUSPEND, duration_days=14),
        ],
    )


CATALOGUE = PolicyCatalogue(
    version="test-1",
    clauses=[
        clause("HAR-1", Category.HARASSMENT, Severity.HIGH),
        clause("HAR-2", Category.HARASSMENT),
        clause("SPM-1", Category.SPAM, Severity.LOW),
        clause("SCM-1", Category.SCAM, Severity.CRITICAL),
        clause("INS-1", Category.INSULTS),
    ],
)


def make_summary(number: int, **changes: object) -> CaseSummary:
    """Case ``number`` of the fake queue; higher numbers are less urgent."""
    values: dict[str, object] = {
        "id": f"case-{number:03d}",
        "subject_kind": SubjectKind.CONTENT,
        "member_id": f"m-{number % len(MEMBER_NAMES)}",
        "member_name": MEMBER_NAMES[number % len(MEMBER_NAMES)],
        "surface": SURFACES[number % len(SURFACES)],
        "category": CATEGORIES[number % len(CATEGORIES)],
        "severity": Severity.HIGH if number < 5 else Severity.MEDIUM,
        "status": CaseStatus.OPEN,
        "report_count": 1 + number % 4,
        "priority": 4000.0 - number * 10,
        "language": LANGUAGES[number % len(LANGUAGES)],
        "opened_at": NOW - timedelta(hours=number + 1),
        "last_reported_at": NOW - timedelta(minutes=number + 5),
        "preview": f"Preview of case {number}",
    }
    values.update(changes)
    return CaseSummary.model_validate(values)


class FakeBackend:
    """A thread-safe in-memory service; ``failures[method]`` makes the next call raise."""

    def __init__(
        self,
        case_count: int = 12,
        moderator: ModeratorOut = AGENT,
        attachments: dict[str, bytes] | None = None,
    ) -> None:
        self._moderator = moderator
        self._lock = threading.Lock()
        self.cases = [make_summary(n) for n in range(case_count)]
        self.attachment_data = dict(attachments or {})
        self.failures: dict[str, Exception] = {}
        #: The next call of the method takes effect, then raises (its answer was lost).
        self.lost_answers: dict[str, Exception] = {}
        self.persistent_failures: dict[str, Exception] = {}
        self.claimed_by_other: set[str] = set()
        self.calls: list[tuple[str, str]] = []
        self.decisions: dict[str, DecisionOut] = {}
        self.by_key: dict[str, DecisionOut] = {}
        #: The idempotency key of every decision posted, in order (failed posts too).
        self.posted_keys: list[str] = []
        #: The body each idempotency key was first posted with.
        self.bodies: dict[str, DecisionIn] = {}
        self.released: list[str] = []
        #: (member id, text, case id) of every note added.
        self.notes: list[tuple[str, str, str | None]] = []
        #: (case id, appealed decision id, proposed decision, reason) by idempotency key.
        self.appeals: dict[str, tuple[str, str, DecisionIn, str]] = {}
        self.claims: dict[str, str] = {}
        #: Calls of a method wait for its event to be set.
        self.gates: dict[str, threading.Event] = {}
        #: Attachment names whose bytes arrive altered (the checksum no longer matches).
        self.tampered: set[str] = set()

    @property
    def moderator(self) -> ModeratorOut:
        return self._moderator

    def _enter(self, method: str, argument: str = "") -> None:
        gate = self.gates.get(method)
        if gate is not None:
            gate.wait(10)
        with self._lock:
            self.calls.append((method, argument))
            error = self.failures.pop(method, None) or self.persistent_failures.get(method)
        if error is not None:
            raise error

    def list_cases(
        self, case_filter: CaseFilter, cursor: str | None = None, limit: int = 100
    ) -> CasePage:
        self._enter("list_cases", cursor or "")
        with self._lock:
            matching = [
                c
                for c in self.cases
                if c.id not in self.decisions
                and (not case_filter.categories or c.category in case_filter.categories)
                and (not case_filter.surfaces or c.surface in case_filter.surfaces)
                and (not case_filter.languages or c.language in case_filter.languages)
                and (
                    not case_filter.text
                    or case_filter.text.lower() in (c.member_name + c.preview).lower()
                )
            ]
        start = int(cursor or 0)
        items = matching[start : start + limit]
        following = start + limit
        return CasePage(
            items=items,
            next_cursor=str(following) if following < len(matching) else None,
            total=len(matching),
        )

    def _summary(self, case_id: str) -> CaseSummary:
        for case in self.cases:
            if case.id == case_id:
                return case
        raise NotFound(f"There is no case {case_id}.")

    def get_case(self, case_id: str) -> CaseDetail:
        self._enter("get_case", case_id)
        summary = self._summary(case_id)
        attachments = [
            Attachment(
                id=f"{case_id}-{name}",
                filename=f"{name}.png",
                media_type="image/png",
                size=len(data),
                sha256=_sha(data),
            )
            for name, data in self.attachment_data.items()
        ]
        return CaseDetail(
            summary=summary,
            content=ContentItem(
                id=f"content-{case_id}",
                surface=summary.surface,
                text=f"The reported text of {case_id}.",
                posted_at=summary.opened_at,
            ),
            reports=[
                Report(
                    id=f"r-{case_id}",
                    source=ReportSource.MEMBER,
                    reporter_id="m-99",
                    reporter_name="Reporter Rosa",
                    reporter_reliability=0.8,
                    reason=summary.category,
                    text="Please look at this.",
                    surface=summary.surface,
                    created_at=summary.opened_at,
                )
            ],
            attachments=attachments,
            conversations=[],
            decisions=[d for d in self.decisions.values() if d.case_id == case_id],
        )

    def get_attachment(self, attachment_id: str) -> bytes:
        self._enter("get_attachment", attachment_id)
        name = attachment_id.rsplit("-", 1)[-1]
        data = self.attachment_data[name]
        return data + b"tampered" if name in self.tampered else data

    def get_member_history(self, member_id: str) -> MemberHistory:
        self._enter("get_member_history", member_id)
        index = int(member_id.split("-")[1])
        strikes = (
            [
                Strike(
                    case_id="old-1",
                    clause_id="HAR-1",
                    outcome=Outcome.WARN,
                    issued_at=NOW - timedelta(days=30),
                )
            ]
            if index == 0
            else []
        )
        return MemberHistory(
            member=member_profile(
                member_id, MEMBER_NAMES[index], joined_at=NOW - timedelta(days=400)
            ),
            prior_cases=[],
            strikes=strikes,
            notes=[],
        )

    def add_note(self, member_id: str, text: str, case_id: str | None = None) -> None:
        self._enter("add_note", member_id)
        with self._lock:
            self.notes.append((member_id, text, case_id))

    def file_appeal(
        self,
        case_id: str,
        decision_id: str,
        proposed: DecisionIn,
        reason: str,
        idempotency_key: str,
    ) -> None:
        self._enter("file_appeal", case_id)
        with self._lock:
            self.appeals.setdefault(idempotency_key, (case_id, decision_id, proposed, reason))

    def get_policy(self) -> PolicyCatalogue:
        self._enter("get_policy")
        return CATALOGUE

    def claim(self, case_id: str) -> ClaimOut:
        self._enter("claim", case_id)
        if case_id in self.claimed_by_other:
            raise ClaimConflict(f"Claimed by {OTHER.display_name} until 16:00.")
        with self._lock:
            self.claims[case_id] = self._moderator.username
        return ClaimOut(case_id=case_id, moderator=self._moderator, expires_at=NOW)

    def release(self, case_id: str) -> None:
        self._enter("release", case_id)
        with self._lock:
            self.released.append(case_id)
            self.claims.pop(case_id, None)

    def decide(self, case_id: str, decision: DecisionIn, idempotency_key: str) -> DecisionOut:
        with self._lock:
            self.posted_keys.append(idempotency_key)
        self._enter("decide", case_id)
        with self._lock:
            if self.bodies.setdefault(idempotency_key, decision) != decision:
                raise Rejected("This idempotency key was already used for another decision.", 422)
            if idempotency_key in self.by_key:
                return self.by_key[idempotency_key]
            if case_id in self.decisions:
                raise DecisionConflict("Already decided.", self.decisions[case_id])
            recorded = DecisionOut(
                id=f"d-{len(self.decisions) + 1}",
                case_id=case_id,
                moderator=self._moderator,
                outcome=decision.outcome,
                clause_ids=decision.clause_ids,
                duration_days=decision.duration_days,
                note=decision.note,
                member_message=decision.member_message,
                reporter_message=decision.reporter_message,
                decided_at=NOW,
                idempotency_key=idempotency_key,
            )
            self.decisions[case_id] = recorded
            self.by_key[idempotency_key] = recorded
            lost = self.lost_answers.pop("decide", None)
        if lost is not None:
            raise lost
        return recorded

    def count(self, method: str) -> int:
        """How many times ``method`` was called."""
        with self._lock:
            return sum(1 for name, _ in self.calls if name == method)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
