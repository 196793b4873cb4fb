"""The sanction ladder climbs with prior strikes and stops at the top."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from policy_samples import INSULT, SPAM_LINKS, SPAM_REPEAT, THREAT, catalogue

from reviewdesk.api.models import LadderStep, Strike
from reviewdesk.domain.enums import Outcome
from reviewdesk.policy.catalogue import PolicyIndex
from reviewdesk.policy.ladder import prior_strikes, suggest_sanction


@pytest.mark.parametrize(
    ("strikes", "step"),
    [
        (0, LadderStep(outcome=Outcome.WARN)),
        (1, LadderStep(outcome=Outcome.RESTRICT, duration_days=3)),
        (2, LadderStep(outcome=Outcome.SUSPEND, duration_days=14)),
        (3, LadderStep(outcome=Outcome.TERMINATE)),
        (50, LadderStep(outcome=Outcome.TERMINATE)),
    ],
)
def test_each_prior_strike_climbs_one_rung_up_to_the_last(strikes: int, step: LadderStep) -> None:
    assert suggest_sanction(SPAM_REPEAT, strikes) == step


def test_a_severe_clause_goes_straight_to_the_top() -> None:
    assert suggest_sanction(THREAT, 0).outcome is Outcome.TERMINATE


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        suggest_sanction(SPAM_REPEAT, -1)


def _strike(clause_id: str) -> Strike:
    return Strike(
        case_id="c-" + clause_id,
        clause_id=clause_id,
        outcome=Outcome.WARN,
        issued_at=datetime(2026, 1, 5, tzinfo=UTC),
    )


def test_prior_strikes_count_the_clause_and_its_category_only() -> None:
    index = PolicyIndex(catalogue())
    record = [_strike("SP-1"), _strike("SP-2"), _strike("IN-1"), _strike("GONE-7")]
    assert prior_strikes(record, SPAM_REPEAT, index) == 2
    assert prior_strikes(record, SPAM_LINKS, index) == 2
    assert prior_strikes(record, INSULT, index) == 1
    assert prior_strikes(record, THREAT, index) == 0
    assert prior_strikes([_strike("GONE-7")], SPAM_REPEAT, index) == 0
