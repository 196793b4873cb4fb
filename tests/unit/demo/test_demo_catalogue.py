"""The policy catalogue covers every category with examples and a sanction ladder."""

from __future__ import annotations

from collections import Counter

from reviewdesk.domain.decision_rules import decision_problems
from reviewdesk.domain.enums import CLAUSE_OUTCOMES, Category, Outcome, Severity
from reviewdesk.server.demo.catalogue import build_catalogue, clauses_for

SEVERE = (Category.THREATS, Category.GROOMING, Category.SCAM)


def test_every_category_has_at_least_one_clause() -> None:
    catalogue = build_catalogue()
    assert {clause.category for clause in catalogue.clauses} == set(Category)
    for category in Category:
        assert clauses_for(catalogue, category)


def test_clause_ids_are_unique_and_readable() -> None:
    ids = Counter(clause.id for clause in build_catalogue().clauses)
    assert all(count == 1 for count in ids.values())
    assert all(clause_id.split("-")[-1].isdigit() for clause_id in ids)


def test_each_clause_explains_itself_with_examples_both_ways() -> None:
    for clause in build_catalogue().clauses:
        assert clause.title.strip()
        assert len(clause.text.split()) >= 25, clause.id
        assert 2 <= len(clause.acceptable) <= 3, clause.id
        assert 2 <= len(clause.unacceptable) <= 3, clause.id
        assert not set(clause.acceptable) & set(clause.unacceptable)


def test_every_ladder_is_a_valid_sequence_of_sanctions_ending_in_termination() -> None:
    catalogue = build_catalogue()
    known = {clause.id for clause in catalogue.clauses}
    for clause in catalogue.clauses:
        assert clause.ladder[-1].outcome is Outcome.TERMINATE, clause.id
        for step in clause.ladder:
            assert step.outcome in CLAUSE_OUTCOMES
            problems = decision_problems(step.outcome, [clause.id], step.duration_days, "", known)
            assert problems == [], (clause.id, problems)


def test_severe_categories_go_straight_to_suspension_or_termination() -> None:
    catalogue = build_catalogue()
    for category in SEVERE:
        for clause in clauses_for(catalogue, category):
            if clause.severity is Severity.CRITICAL:
                assert clause.ladder[0].outcome in (Outcome.SUSPEND, Outcome.TERMINATE)
    mild = [c for c in catalogue.clauses if c.severity is Severity.LOW]
    assert mild
    assert all(c.ladder[0].outcome is Outcome.WARN for c in mild)


def test_the_catalogue_is_the_same_at_every_call() -> None:
    assert build_catalogue() == build_catalogue()
    assert build_catalogue().version
