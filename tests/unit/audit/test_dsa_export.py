"""DSA statements of reasons: every outcome, every field, and the field rules."""

from __future__ import annotations

from typing import Any

import pytest
from audit_samples import context, entry

from reviewdesk.audit.dsa import (
    DSA_CATEGORY,
    DsaExportError,
    DsaSettings,
    export_statements,
    statement_for,
)
from reviewdesk.audit.dsa_fields import EEA_COUNTRIES, STATEMENT_CATEGORIES, statement_problems
from reviewdesk.domain.audit_enums import LogEntryKind, ReviewVerdict
from reviewdesk.domain.enums import Category, Outcome, SubjectKind, Surface


def test_a_removal_is_stated_field_by_field() -> None:
    statement = statement_for(entry())
    assert statement == {
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_visibility_other": None,
        "decision_monetary": None,
        "decision_monetary_other": None,
        "decision_provision": None,
        "decision_account": None,
        "account_type": None,
        "end_date_visibility_restriction": None,
        "end_date_monetary_restriction": None,
        "end_date_service_restriction": None,
        "end_date_account_restriction": None,
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "decision_ground_reference_url": None,
        "illegal_content_legal_ground": None,
        "illegal_content_explanation": None,
        "incompatible_content_ground": "Community policy, clause spam-1",
        "incompatible_content_explanation": "We removed your comment: adverts are not allowed.",
        "incompatible_content_illegal": "No",
        "content_type": ["CONTENT_TYPE_TEXT"],
        "content_type_other": None,
        "category": "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
        "category_addition": [],
        "territorial_scope": list(EEA_COUNTRIES),
        "content_date": "2026-03-09",
        "application_date": "2026-03-10",
        "decision_facts": (
            "A moderator reviewed content on the comment surface and decided: remove content.\n"
            "Policy clauses applied: spam-1.\n"
            "Advertising a paid course in a comment."
        ),
        "source_type": "SOURCE_ARTICLE_16",
        "source_identity": None,
        "automated_detection": "No",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "puid": "reviewdesk-decision-101",
    }
    assert statement_problems(statement) == []


def test_restrict_is_a_partial_service_suspension_until_its_end() -> None:
    statement = statement_for(entry(outcome=Outcome.RESTRICT, duration_days=7))
    assert statement["decision_provision"] == "DECISION_PROVISION_PARTIAL_SUSPENSION"
    assert statement["end_date_service_restriction"] == "2026-03-17"
    assert statement["decision_visibility"] is None
    assert statement["decision_account"] is None


def test_suspend_is_an_account_suspension_until_its_end() -> None:
    statement = statement_for(entry(outcome=Outcome.SUSPEND, duration_days=30))
    assert statement["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"
    assert statement["end_date_account_restriction"] == "2026-04-09"
    assert statement["decision_facts"].startswith(  # type: ignore[union-attr]
        "A moderator reviewed content on the comment surface and decided: suspend for 30 days."
    )


def test_terminate_is_an_account_termination_without_end() -> None:
    statement = statement_for(entry(outcome=Outcome.TERMINATE))
    assert statement["decision_account"] == "DECISION_ACCOUNT_TERMINATED"
    assert statement["end_date_account_restriction"] is None


@pytest.mark.parametrize(
    "outcome", [Outcome.NO_VIOLATION, Outcome.WARN, Outcome.ESCALATE, Outcome.REQUEST_INFO]
)
def test_outcomes_that_restrict_nothing_are_refused_naming_the_field(outcome: Outcome) -> None:
    changes: dict[str, Any] = {"outcome": outcome}
    if outcome in (Outcome.NO_VIOLATION, Outcome.ESCALATE, Outcome.REQUEST_INFO):
        changes["clause_ids"] = []
    with pytest.raises(DsaExportError) as refused:
        statement_for(entry(**changes))
    assert refused.value.field == "decision_visibility"
    assert refused.value.decision_id == "101"
    assert str(refused.value).startswith("Decision 101: decision_visibility: ")


def test_every_outcome_is_either_stated_or_refused() -> None:
    stated = {Outcome.REMOVE_CONTENT, Outcome.RESTRICT, Outcome.SUSPEND, Outcome.TERMINATE}
    entries = [
        entry(
            seq=index,
            outcome=outcome,
            duration_days=3 if outcome in (Outcome.RESTRICT, Outcome.SUSPEND) else None,
        )
        for index, outcome in enumerate(Outcome, start=1)
    ]
    export = export_statements(entries)
    assert len(export.statements) == len(stated)
    assert {error.decision_id for error in export.refused} == {
        str(100 + index) for index, o in enumerate(Outcome, start=1) if o not in stated
    }
    assert all(statement_problems(s) == [] for s in export.statements)


def test_an_overturn_states_its_corrected_decision_and_a_confirmation_nothing() -> None:
    overturn = entry(
        kind=LogEntryKind.REVIEW,
        verdict=ReviewVerdict.OVERTURN,
        review_id="5",
        corrected_decision_id="900",
        outcome=Outcome.TERMINATE,
    )
    assert statement_for(overturn)["puid"] == "reviewdesk-decision-900"
    confirm = entry(kind=LogEntryKind.REVIEW, verdict=ReviewVerdict.CONFIRM, review_id="6")
    with pytest.raises(DsaExportError) as refused:
        statement_for(confirm)
    assert refused.value.field == "decision_visibility"


def test_content_types_follow_the_subject_surface_and_images() -> None:
    with_images = statement_for(entry(entry_context=context(has_images=True)))
    assert with_images["content_type"] == ["CONTENT_TYPE_TEXT", "CONTENT_TYPE_IMAGE"]
    voice = statement_for(entry(entry_context=context(surface=Surface.VOICE_ROOM)))
    assert voice["content_type"] == ["CONTENT_TYPE_AUDIO"]
    account = statement_for(
        entry(
            entry_context=context(subject_kind=SubjectKind.ACCOUNT, content_posted_at=None),
            outcome=Outcome.TERMINATE,
        )
    )
    assert account["content_type"] == ["CONTENT_TYPE_OTHER"]
    assert account["content_type_other"] == "A member account and its profile"
    assert account["content_date"] == "2026-03-10"


def test_detection_source_and_categories() -> None:
    detected = statement_for(
        entry(entry_context=context(automated_detection=True, member_reported=False))
    )
    assert detected["automated_detection"] == "Yes"
    assert detected["source_type"] == "SOURCE_VOLUNTARY"
    several = statement_for(
        entry(
            entry_context=context(
                category=Category.HARASSMENT,
                clause_categories=[Category.THREATS, Category.HARASSMENT],
            ),
            clause_ids=["threat-1", "harass-1"],
        )
    )
    assert several["category"] == "STATEMENT_CATEGORY_VIOLENCE"
    assert several["category_addition"] == ["STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"]


def test_every_policy_category_maps_to_a_dsa_category() -> None:
    assert set(DSA_CATEGORY) == set(Category)
    assert set(DSA_CATEGORY.values()) <= STATEMENT_CATEGORIES


def test_a_statement_that_breaks_a_field_rule_names_the_field() -> None:
    with pytest.raises(DsaExportError) as refused:
        statement_for(entry(), DsaSettings(puid_prefix="desk prefix"))
    assert refused.value.field == "puid"
    with pytest.raises(DsaExportError) as outside:
        statement_for(entry(), DsaSettings(territorial_scope=("US",)))
    assert outside.value.field == "territorial_scope"


def test_each_field_rule() -> None:
    valid = statement_for(entry(outcome=Outcome.SUSPEND, duration_days=3))

    def fields_of(**changes: object) -> list[str]:
        return [p.field for p in statement_problems({**valid, **changes})]

    assert fields_of() == []
    assert fields_of(decision_account=None) == ["decision_visibility"]
    assert fields_of(decision_visibility=["DECISION_VISIBILITY_OTHER"]) == [
        "decision_visibility_other"
    ]
    assert fields_of(decision_account="DECISION_ACCOUNT_GONE") == ["decision_account"]
    assert fields_of(decision_ground=None) == ["decision_ground"]
    assert fields_of(incompatible_content_explanation="") == ["incompatible_content_explanation"]
    assert fields_of(incompatible_content_ground="x" * 501) == ["incompatible_content_ground"]
    assert fields_of(
        decision_ground="DECISION_GROUND_ILLEGAL_CONTENT",
        incompatible_content_ground=None,
        incompatible_content_explanation=None,
        incompatible_content_illegal=None,
    ) == ["illegal_content_legal_ground", "illegal_content_explanation"]
    assert fields_of(content_type=[]) == ["content_type"]
    assert fields_of(content_type=["CONTENT_TYPE_OTHER"]) == ["content_type_other"]
    assert fields_of(category="STATEMENT_CATEGORY_SPAM") == ["category"]
    assert fields_of(content_date="1999-12-31") == ["content_date"]
    assert fields_of(application_date="10-03-2026") == ["application_date"]
    assert fields_of(application_date="2019-12-31") == ["application_date"]
    assert fields_of(end_date_account_restriction="2038-01-02") == ["end_date_account_restriction"]
    assert fields_of(end_date_account_restriction="2026-03-01") == ["end_date_account_restriction"]
    assert fields_of(decision_facts=" ") == ["decision_facts"]
    assert fields_of(decision_facts="x" * 5001) == ["decision_facts"]
    assert fields_of(source_type="SOURCE_RUMOUR") == ["source_type"]
    assert fields_of(automated_detection=True) == ["automated_detection"]
    assert fields_of(automated_decision=None) == ["automated_decision"]
    assert fields_of(puid="a/b") == ["puid"]
    assert fields_of(puid="x" * 501) == ["puid"]


def test_a_reversal_entry_is_refused_and_restates_nothing() -> None:
    reversal = entry(
        kind=LogEntryKind.REVERSAL, reversal_id="3", batch_id="batch-1", outcome=Outcome.SUSPEND
    )
    with pytest.raises(DsaExportError) as refused:
        statement_for(reversal)
    assert refused.value.field == "decision_visibility"
    assert "reversal" in str(refused.value)
