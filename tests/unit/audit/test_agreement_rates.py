"""Agreement rates the desk computes from judged sample items."""

from __future__ import annotations

from datetime import UTC, datetime

from audit_samples import AGENT

from reviewdesk.api.models import DecisionOut, SampleItem
from reviewdesk.audit.quality import agreement_rates
from reviewdesk.domain.enums import Category, Outcome, Surface

AT = datetime(2026, 3, 1, tzinfo=UTC)


def item(position: int, agrees: bool | None, clauses: list[str]) -> SampleItem:
    original = DecisionOut(
        id=str(position),
        case_id=str(position),
        moderator=AGENT,
        outcome=Outcome.WARN,
        clause_ids=clauses,
        decided_at=AT,
        idempotency_key=f"k{position}",
    )
    return SampleItem(
        position=position,
        decision_id=str(position),
        case_id=str(position),
        category=Category.SPAM,
        surface=Surface.CHAT,
        decided_at=AT,
        agrees=agrees,
        original=original if agrees is not None else None,
    )


def test_rates_per_moderator_and_clause_skip_unjudged_items() -> None:
    report = agreement_rates(
        [item(1, True, ["a"]), item(2, False, ["a", "b"]), item(3, True, ["b"]), item(4, None, [])]
    )
    assert [(r.key, r.judged, r.agreed, r.rate) for r in report.per_moderator] == [
        ("7", 3, 2, 0.6667)
    ]
    assert [(r.key, r.judged, r.agreed, r.rate) for r in report.per_clause] == [
        ("a", 2, 1, 0.5),
        ("b", 2, 1, 0.5),
    ]
