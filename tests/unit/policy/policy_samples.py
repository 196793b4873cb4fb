"""A small policy catalogue for the policy tests."""

from __future__ import annotations

from reviewdesk.api.models import LadderStep, PolicyCatalogue, PolicyClause
from reviewdesk.domain.enums import Category, Outcome, Severity


def clause(
    clause_id: str,
    category: Category,
    title: str,
    ladder: list[LadderStep],
    severity: Severity = Severity.MEDIUM,
) -> PolicyClause:
    return PolicyClause(
        id=clause_id,
        category=category,
        title=title,
        text=f"The rule behind {title.lower()}.",
        severity=severity,
        ladder=ladder,
    )


MILD_LADDER = [
    LadderStep(outcome=Outcome.WARN),
    LadderStep(outcome=Outcome.RESTRICT, duration_days=3),
    LadderStep(outcome=Outcome.SUSPEND, duration_days=14),
    LadderStep(outcome=Outcome.TERMINATE),
]

SPAM_REPEAT = clause("SP-1", Category.SPAM, "Sending the same message to many members", MILD_LADDER)
SPAM_LINKS = clause("SP-2", Category.SPAM, "Posting link farms", MILD_LADDER)
INSULT = clause("IN-1", Category.INSULTS, "Insulting another learner", MILD_LADDER)
THREAT = clause(
    "TH-1",
    Category.THREATS,
    "Threatening violence",
    [LadderStep(outcome=Outcome.TERMINATE)],
    Severity.CRITICAL,
)


def catalogue() -> PolicyCatalogue:
    return PolicyCatalogue(version="2026-03", clauses=[SPAM_REPEAT, INSULT, SPAM_LINKS, THREAT])
