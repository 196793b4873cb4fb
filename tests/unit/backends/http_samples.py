"""Valid wire models for the HTTP client tests, and JSON documents made from them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from samples import member_profile

from reviewdesk.api.models import (
    AppealOut,
    CaseDetail,
    CasePage,
    CaseSummary,
    ClaimOut,
    ContentItem,
    DecisionIn,
    DecisionOut,
    LadderStep,
    MemberHistory,
    ModeratorNote,
    ModeratorOut,
    PolicyCatalogue,
    PolicyClause,
    Report,
    TokenOut,
)
from reviewdesk.domain.enums import (
    AppealStatus,
    CaseStatus,
    Category,
    Outcome,
    ReportSource,
    Role,
    Severity,
    SubjectKind,
    Surface,
)

WHEN = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
TOKEN = "tok-SECRET-7f3a9c0d2e"


def document(model: BaseModel) -> Any:
    """The JSON document of a model, as a plain structure a test can break."""
    return json.loads(model.model_dump_json())


def moderator() -> ModeratorOut:
    return ModeratorOut(id="m-1", username="ines", display_name="Inès Duarte", role=Role.AGENT)


def token_out(token: str = TOKEN) -> TokenOut:
    return TokenOut(token=token, expires_at=WHEN + timedelta(hours=8), moderator=moderator())


def case_summary(number: int) -> CaseSummary:
    return CaseSummary(
        id=f"c-{number}",
        subject_kind=SubjectKind.CONTENT,
        member_id=f"u-{number}",
        member_name=f"member {number}",
        surface=Surface.MOMENT,
        category=Category.SPAM,
        severity=Severity.LOW,
        status=CaseStatus.OPEN,
        report_count=number + 1,
        priority=1000.0 + number,
        opened_at=WHEN,
        last_reported_at=WHEN,
        preview="Buy followers now",
    )


def case_page(count: int) -> CasePage:
    return CasePage(items=[case_summary(i) for i in range(count)], next_cursor="n2", total=40)


def case_detail(number: int = 1) -> CaseDetail:
    return CaseDetail(
        summary=case_summary(number),
        content=ContentItem(id="p-9", surface=Surface.MOMENT, text="Buy now", posted_at=WHEN),
        reports=[
            Report(
                id="r-1",
                source=ReportSource.MEMBER,
                reporter_id="u-77",
                reporter_name="Keiko",
                reporter_reliability=0.8,
                reason=Category.SPAM,
                text="Same link everywhere.",
                surface=Surface.MOMENT,
                created_at=WHEN,
            )
        ],
        attachments=[],
        conversations=[],
    )


def member_history() -> MemberHistory:
    return MemberHistory(
        member=member_profile(
            "u-1", "member 1", country="BR", native=("pt",), learning=("ja",), joined_at=WHEN
        ),
        prior_cases=[],
        strikes=[],
        notes=[],
    )


def catalogue() -> PolicyCatalogue:
    return PolicyCatalogue(
        version="2026-03",
        clauses=[
            PolicyClause(
                id="SP-1",
                category=Category.SPAM,
                title="Repeated promotional messages",
                text="Do not send the same promotion to many members.",
                severity=Severity.LOW,
                ladder=[LadderStep(outcome=Outcome.WARN)],
            )
        ],
    )


def claim_out(case_id: str = "c-1") -> ClaimOut:
    return ClaimOut(case_id=case_id, moderator=moderator(), expires_at=WHEN + timedelta(minutes=15))


def decision_in() -> DecisionIn:
    return DecisionIn(outcome=Outcome.WARN, clause_ids=["SP-1"], note="First offence.")


def decision_out(case_id: str = "c-1", key: str = "key-1") -> DecisionOut:
    return DecisionOut(
        id="d-1",
        case_id=case_id,
        moderator=moderator(),
        outcome=Outcome.WARN,
        clause_ids=["SP-1"],
        note="First offence.",
        decided_at=WHEN,
        idempotency_key=key,
    )


def moderator_note(case_id: str | None = "c-1") -> ModeratorNote:
    return ModeratorNote(
        author="ines", created_at=WHEN, text="Lost the race on c-1.", case_id=case_id
    )


def appeal_out(appeal_id: str = "a-1", case_id: str = "c-1") -> AppealOut:
    return AppealOut(
        id=appeal_id,
        case_id=case_id,
        decision_id="d-1",
        filed_by=moderator(),
        proposed=DecisionIn(outcome=Outcome.NO_VIOLATION),
        reason="The link is a school the member teaches at.",
        filed_at=WHEN,
        status=AppealStatus.OPEN,
    )
