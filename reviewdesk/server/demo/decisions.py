"""Decide planned cases as demo moderators would: the ladder, dismissals, escalations."""

from __future__ import annotations

import random
from datetime import datetime

from reviewdesk.api.models import PolicyCatalogue, PolicyClause
from reviewdesk.domain.decision_rules import decision_problems
from reviewdesk.domain.enums import STRIKE_OUTCOMES, Category, Outcome, Severity, SubjectKind
from reviewdesk.server.demo.conversations import CHAT_SURFACES
from reviewdesk.server.demo.phrases.moderation import (
    DECISION_NOTES,
    MEMBER_MESSAGES,
    REPORTER_ACTION,
    REPORTER_MORE_INFO,
    REPORTER_NO_ACTION,
)
from reviewdesk.server.demo.plans import CasePlan, DecisionPlan

#: Who takes everyday decisions, and how often.
AGENT_WEIGHTS = {"agent": 48, "agent2": 40, "senior": 10, "admin": 2}
#: Who decides escalated cases.
SENIOR_WEIGHTS = {"senior": 85, "admin": 15}
#: In chats, these categories rest on the clause about behaviour towards a person.
CHAT_CLAUSES = {Category.SEXUAL_CONTENT: "SEX-2", Category.HARASSMENT: "HAR-2"}


class Decider:
    """Makes valid decisions and keeps each member's strike count for the ladder."""

    def __init__(self, rng: random.Random, catalogue: PolicyCatalogue) -> None:
        self._rng = rng
        self._by_id = {clause.id: clause for clause in catalogue.clauses}
        self._by_category: dict[Category, list[PolicyClause]] = {}
        for clause in catalogue.clauses:
            self._by_category.setdefault(clause.category, []).append(clause)
        self._strikes: dict[str, int] = {}
        self.terminated: set[str] = set()

    def strikes(self, member_id: str) -> int:
        """Strikes the member has collected so far in the plan."""
        return self._strikes.get(member_id, 0)

    def clause_for(self, case: CasePlan) -> PolicyClause:
        """The clause a decision on ``case`` cites."""
        if case.category is None:
            raise ValueError("A case that breaks no rule has no clause.")
        preferred = CHAT_CLAUSES.get(case.category)
        if preferred is not None and case.surface in CHAT_SURFACES:
            return self._by_id[preferred]
        return self._by_category[case.category][0]

    def _moderator(self, weights: dict[str, int]) -> str:
        return self._rng.choices(list(weights), list(weights.values()))[0]

    def _reporter_message(self, case: CasePlan, text: str) -> str:
        return text if any(r.reporter is not None for r in case.reports) else ""

    def _checked(self, plan: DecisionPlan) -> DecisionPlan:
        problems = decision_problems(
            plan.outcome, plan.clause_ids, plan.duration_days, plan.note, self._by_id
        )
        if problems:
            raise ValueError(
                "The demo generator planned an invalid decision: " + " ".join(problems)
            )
        return plan

    def sanction(
        self, case: CasePlan, when: datetime, *, senior: bool = False, removal_first: bool = True
    ) -> DecisionPlan:
        """The ladder's step for the subject's record (a first mild post may only be removed)."""
        clause = self.clause_for(case)
        strikes = self.strikes(case.subject.id)
        step = clause.ladder[min(strikes, len(clause.ladder) - 1)]
        outcome, days = step.outcome, step.duration_days
        mild = clause.severity <= Severity.MEDIUM
        first_post = removal_first and strikes == 0 and case.kind is SubjectKind.CONTENT
        if first_post and mild and self._rng.random() < 0.45:
            outcome, days = Outcome.REMOVE_CONTENT, None
        if outcome in STRIKE_OUTCOMES:
            self._strikes[case.subject.id] = strikes + 1
        if outcome is Outcome.TERMINATE:
            self.terminated.add(case.subject.id)
        cited = f"{clause.id} ({clause.title})"
        return self._checked(
            DecisionPlan(
                decided_at=when,
                moderator=self._moderator(SENIOR_WEIGHTS if senior else AGENT_WEIGHTS),
                outcome=outcome,
                clause_ids=[clause.id],
                duration_days=days,
                note=self._rng.choice(DECISION_NOTES[outcome]),
                member_message=MEMBER_MESSAGES[outcome].format(clause=cited, days=days),
                reporter_message=self._reporter_message(case, REPORTER_ACTION),
            )
        )

    def dismiss(
        self, case: CasePlan, when: datetime, *, note: str | None = None, senior: bool = False
    ) -> DecisionPlan:
        """No violation; the reporter is told how to block."""
        return self._checked(
            DecisionPlan(
                decided_at=when,
                moderator=self._moderator(SENIOR_WEIGHTS if senior else AGENT_WEIGHTS),
                outcome=Outcome.NO_VIOLATION,
                note=note or self._rng.choice(DECISION_NOTES[Outcome.NO_VIOLATION]),
                reporter_message=self._reporter_message(case, REPORTER_NO_ACTION),
            )
        )

    def escalate(self, case: CasePlan, when: datetime) -> DecisionPlan:
        """An agent hands the case to a senior, saying why."""
        return self._checked(
            DecisionPlan(
                decided_at=when,
                moderator=self._rng.choice(("agent", "agent2")),
                outcome=Outcome.ESCALATE,
                note=self._rng.choice(DECISION_NOTES[Outcome.ESCALATE]),
            )
        )

    def request_info(self, case: CasePlan, when: datetime) -> DecisionPlan:
        """An agent asks the reporter for more evidence."""
        return self._checked(
            DecisionPlan(
                decided_at=when,
                moderator=self._rng.choice(("agent", "agent2")),
                outcome=Outcome.REQUEST_INFO,
                note=self._rng.choice(DECISION_NOTES[Outcome.REQUEST_INFO]),
                reporter_message=self._reporter_message(case, REPORTER_MORE_INFO),
            )
        )
