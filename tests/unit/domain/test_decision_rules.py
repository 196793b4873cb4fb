"""Decision rules: each invalid decision is refused with a sentence saying why."""

from __future__ import annotations

import pytest

from reviewdesk.domain.decision_rules import MAX_DURATION_DAYS, decision_problems
from reviewdesk.domain.enums import CLAUSE_OUTCOMES, Outcome, Role, role_allows

KNOWN = {"SPAM-1", "HAR-1"}


@pytest.mark.parametrize("outcome", sorted(CLAUSE_OUTCOMES))
def test_sanctions_must_cite_a_clause(outcome: Outcome) -> None:
    days = 3 if outcome in (Outcome.RESTRICT, Outcome.SUSPEND) else None
    problems = decision_problems(outcome, [], days, "")
    assert any("at least one policy clause" in p for p in problems)


def test_dismissal_needs_no_clause_and_is_valid() -> None:
    assert decision_problems(Outcome.NO_VIOLATION, [], None, "", KNOWN) == []


def test_restrict_needs_duration_in_range() -> None:
    missing = decision_problems(Outcome.RESTRICT, ["HAR-1"], None, "")
    assert any("duration in days" in p for p in missing)
    too_long = decision_problems(Outcome.SUSPEND, ["HAR-1"], MAX_DURATION_DAYS + 1, "")
    assert any("between 1 and" in p for p in too_long)
    assert decision_problems(Outcome.SUSPEND, ["HAR-1"], 7, "", KNOWN) == []


def test_duration_refused_where_it_means_nothing() -> None:
    assert any("takes no duration" in p for p in decision_problems(Outcome.WARN, ["HAR-1"], 3, ""))


def test_unknown_and_repeated_clauses_are_named() -> None:
    problems = decision_problems(Outcome.WARN, ["NOPE-9", "NOPE-9"], None, "", KNOWN)
    assert any("NOPE-9" in p for p in problems)
    assert any("cited twice" in p for p in problems)


@pytest.mark.parametrize("outcome", [Outcome.ESCALATE, Outcome.REQUEST_INFO])
def test_escalation_and_information_requests_need_a_note(outcome: Outcome) -> None:
    assert decision_problems(outcome, [], None, "   ")
    assert decision_problems(outcome, [], None, "Threat of violence, needs a senior.") == []


def test_role_ranks() -> None:
    assert role_allows(Role.ADMIN, Role.SENIOR)
    assert role_allows(Role.SENIOR, Role.SENIOR)
    assert not role_allows(Role.AGENT, Role.SENIOR)
