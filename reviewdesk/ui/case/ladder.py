"""A clause's sanction ladder in words, with the suggested rung found and marked."""

from __future__ import annotations

from collections.abc import Sequence

from reviewdesk.api.models import LadderStep
from reviewdesk.domain.enums import OUTCOME_TITLES
from reviewdesk.ui.case.card_model import Card
from reviewdesk.ui.case.text_format import ordinal, plural

SUGGESTED_MARKER = "Suggested"


def step_text(step: LadderStep) -> str:
    """``Warn`` or ``Suspend for 30 days``."""
    title = OUTCOME_TITLES[step.outcome]
    if step.duration_days is None:
        return title
    return f"{title} for {plural(step.duration_days, 'day')}"


def offence_text(position: int, rung_count: int) -> str:
    """``1st offence``; the last rung of a longer ladder also covers later offences."""
    text = f"{ordinal(position)} offence"
    if position == rung_count and rung_count > 1:
        text += " and after"
    return text


def suggested_rung(ladder: Sequence[LadderStep], suggested: LadderStep | None) -> int | None:
    """Index of the first rung equal to ``suggested``, or None."""
    if suggested is None:
        return None
    for position, step in enumerate(ladder):
        if step == suggested:
            return position
    return None


def ladder_cards(ladder: Sequence[LadderStep], suggested: LadderStep | None) -> list[Card]:
    """One single-line card per rung; the suggested one highlighted and marked."""
    chosen = suggested_rung(ladder, suggested)
    return [
        Card(
            header=f"{offence_text(position + 1, len(ladder))}: {step_text(step)}",
            marker=SUGGESTED_MARKER if position == chosen else "",
            highlighted=position == chosen,
            key=str(position),
        )
        for position, step in enumerate(ladder)
    ]
