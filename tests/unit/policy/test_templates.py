"""Member and reporter messages: every outcome, literal values, clear refusals."""

from __future__ import annotations

import pytest
from policy_samples import INSULT, SPAM_REPEAT

from reviewdesk.domain.enums import CLAUSE_OUTCOMES, TIMED_OUTCOMES, Outcome
from reviewdesk.policy.templates import (
    MESSAGE_TEMPLATES,
    PLACEHOLDERS,
    MessageTemplate,
    days_phrase,
    fill,
    missing_placeholders,
    render_messages,
)


def test_every_outcome_has_a_template() -> None:
    assert set(MESSAGE_TEMPLATES) == set(Outcome)


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_outcome_renders_without_leftover_placeholders(outcome: Outcome) -> None:
    member_message, reporter_message = render_messages(outcome, INSULT, "Mateus", "c-42", 7)
    for text in (member_message, reporter_message):
        assert not any("{" + name + "}" in text for name in PLACEHOLDERS)
    assert reporter_message, "the reporter always hears back"
    if outcome in CLAUSE_OUTCOMES:
        assert "Mateus" in member_message
        assert "IN-1" in member_message
        assert "Insulting another learner" in member_message
        assert "c-42" in member_message
    else:
        assert member_message == ""
    if outcome in TIMED_OUTCOMES:
        assert "7 days" in member_message


def test_a_suspension_names_the_clause_the_days_and_the_case() -> None:
    member_message, reporter_message = render_messages(
        Outcome.SUSPEND, SPAM_REPEAT, "Ana", "c-7", 1
    )
    assert member_message.startswith("Hello Ana. Your account is suspended for 1 day ")
    assert "clause SP-1" in member_message
    assert "“Sending the same message to many members”" in member_message
    assert "case c-7" in member_message
    assert "c-7" in reporter_message
    assert "Ana" not in reporter_message  # the reporter is not told who was sanctioned how


@pytest.mark.parametrize(
    "name",
    ["{case_id}", "{clause_title}{days}", "{0.__class__}", "{", "}}{{", "%s $member"],
)
def test_braces_in_a_member_name_are_kept_literally(name: str) -> None:
    member_message, reporter_message = render_messages(
        Outcome.NO_VIOLATION, None, name, "c-9", None
    )
    assert member_message == ""
    assert reporter_message.count(name) == 2
    assert reporter_message.startswith(f"Thank you for your report about {name} (case c-9).")


def test_hostile_names_in_any_script_are_inserted_unchanged() -> None:
    name = "<b>Пётр</b> 李雷 مريم \u202e" + "x" * 500
    member_message, _ = render_messages(Outcome.WARN, INSULT, name, "c-1", None)
    assert member_message.startswith(f"Hello {name}. ")


def test_without_a_clause_its_placeholders_stay_visible_and_are_reported() -> None:
    member_message, _ = render_messages(Outcome.WARN, None, "Ana", "c-1", None)
    assert "clause {clause_id} of our community guidelines (“{clause_title}”)" in member_message
    assert missing_placeholders(Outcome.WARN, None, None) == ["clause_id", "clause_title"]
    assert missing_placeholders(Outcome.WARN, INSULT, None) == []


@pytest.mark.parametrize("days", [None, 0, -3])
def test_without_a_usable_duration_days_stays_visible_and_is_reported(days: int | None) -> None:
    member_message, _ = render_messages(Outcome.RESTRICT, INSULT, "Ana", "c-1", days)
    assert "for {days}." in member_message
    assert missing_placeholders(Outcome.RESTRICT, INSULT, days) == ["days"]
    assert missing_placeholders(Outcome.RESTRICT, None, days) == [
        "clause_id",
        "clause_title",
        "days",
    ]


def test_outcomes_that_cite_nothing_miss_nothing() -> None:
    for outcome in (Outcome.NO_VIOLATION, Outcome.REQUEST_INFO, Outcome.ESCALATE):
        assert missing_placeholders(outcome, None, None) == []


def test_custom_templates_use_the_same_placeholders() -> None:
    custom = {Outcome.WARN: MessageTemplate(member="{member}: {clause_id} {unknown}", reporter="")}
    assert render_messages(Outcome.WARN, INSULT, "Ana", "c-1", None, templates=custom) == (
        "Ana: IN-1 {unknown}",
        "",
    )


def test_fill_is_a_single_literal_pass() -> None:
    assert fill("{member} / {case_id}", {"member": "{case_id}", "case_id": "c-1"}) == (
        "{case_id} / c-1"
    )
    assert fill("{days} {member}", {"member": "M"}) == "{days} M"


@pytest.mark.parametrize(("days", "phrase"), [(1, "1 day"), (2, "2 days"), (365, "365 days")])
def test_days_are_worded(days: int, phrase: str) -> None:
    assert days_phrase(days) == phrase
