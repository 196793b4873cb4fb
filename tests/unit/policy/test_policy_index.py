"""Clause lookup in the policy catalogue."""

from __future__ import annotations

import pytest
from policy_samples import INSULT, SPAM_LINKS, SPAM_REPEAT, THREAT, catalogue

from reviewdesk.api.models import PolicyCatalogue
from reviewdesk.domain.enums import Category
from reviewdesk.policy.catalogue import CatalogueError, PolicyIndex, UnknownClause


def test_clauses_are_found_by_id_and_by_category_in_catalogue_order() -> None:
    index = PolicyIndex(catalogue())
    assert index.version == "2026-03"
    assert index.all_ids == ("SP-1", "IN-1", "SP-2", "TH-1")
    assert index.clause("IN-1") == INSULT
    assert index.clauses_for(Category.SPAM) == [SPAM_REPEAT, SPAM_LINKS]
    assert index.clauses_for(Category.GROOMING) == []
    assert "TH-1" in index
    assert "XX-9" not in index
    assert list(index) == [SPAM_REPEAT, INSULT, SPAM_LINKS, THREAT]
    assert len(index) == 4


def test_an_unknown_clause_is_a_clear_error() -> None:
    index = PolicyIndex(catalogue())
    with pytest.raises(UnknownClause) as caught:
        index.clause("XX-9")
    assert str(caught.value) == "Unknown policy clause: XX-9."
    assert caught.value.clause_id == "XX-9"
    assert index.get("XX-9") is None


def test_callers_cannot_change_the_index_through_returned_lists() -> None:
    index = PolicyIndex(catalogue())
    index.clauses_for(Category.SPAM).clear()
    assert index.clauses_for(Category.SPAM) == [SPAM_REPEAT, SPAM_LINKS]


def test_a_clause_listed_twice_is_refused() -> None:
    doubled = PolicyCatalogue(version="bad", clauses=[SPAM_REPEAT, INSULT, SPAM_REPEAT])
    with pytest.raises(CatalogueError, match="lists clause SP-1 twice"):
        PolicyIndex(doubled)


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("", ["SP-1", "IN-1", "SP-2", "TH-1"]),
        ("sp-", ["SP-1", "SP-2"]),
        ("LINK", ["SP-2"]),
        ("insulting learner", ["IN-1"]),
        ("learner violence", []),
    ],
)
def test_matching_finds_clauses_by_every_word_of_id_or_title(query: str, ids: list[str]) -> None:
    assert [c.id for c in PolicyIndex(catalogue()).matching(query)] == ids
