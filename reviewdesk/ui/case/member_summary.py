"""What a member's history says at a glance: counts, rows and cards for the panel."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from reviewdesk.api.models import MemberHistory, ModeratorNote, PriorCase, Strike
from reviewdesk.domain.enums import (
    CATEGORY_TITLES,
    CLAUSE_OUTCOMES,
    OUTCOME_TITLES,
    STATUS_TITLES,
    SURFACE_TITLES,
    CaseStatus,
)
from reviewdesk.ui.case.bidi import embed
from reviewdesk.ui.case.card_model import Card
from reviewdesk.ui.case.text_format import (
    as_utc,
    format_date,
    format_percent,
    format_timestamp,
    plural,
)

PRIOR_CASE_COLUMNS = ("Opened", "Category", "Where", "Outcome", "Clauses")
STRIKE_COLUMNS = ("Issued", "Outcome", "Clause", "Case")

T = TypeVar("T")


def is_upheld(case: PriorCase) -> bool:
    """True when the earlier case found a violation (an outcome that cites a clause)."""
    return case.outcome in CLAUSE_OUTCOMES


def history_summary(history: MemberHistory) -> str:
    """``3 strikes · 5 prior cases · 2 upheld``."""
    upheld = sum(1 for case in history.prior_cases if is_upheld(case))
    return " · ".join(
        [
            plural(len(history.strikes), "strike"),
            plural(len(history.prior_cases), "prior case"),
            f"{upheld:,} upheld",
        ]
    )


def reporting_record(history: MemberHistory) -> str:
    """``Filed 12 reports · 3 upheld (25%)``, or "" for a member who never reported."""
    filed = history.reports_filed
    if filed <= 0:
        return ""
    upheld = history.reports_filed_upheld
    return f"Filed {plural(filed, 'report')} · {upheld:,} upheld ({format_percent(upheld / filed)})"


def prior_case_row(case: PriorCase) -> tuple[str, ...]:
    """One row of the prior-cases table (see :data:`PRIOR_CASE_COLUMNS`)."""
    if case.outcome is not None:
        outcome = OUTCOME_TITLES[case.outcome]
    elif case.status is CaseStatus.DECIDED:
        outcome = "Decided"
    else:
        outcome = f"{STATUS_TITLES[case.status]} (pending)"
    return (
        format_date(case.opened_at),
        CATEGORY_TITLES[case.category],
        SURFACE_TITLES[case.surface],
        outcome,
        ", ".join(case.clause_ids) or "—",
    )


def strike_row(strike: Strike) -> tuple[str, ...]:
    """One row of the strikes table (see :data:`STRIKE_COLUMNS`)."""
    return (
        format_date(strike.issued_at),
        OUTCOME_TITLES[strike.outcome],
        strike.clause_id,
        strike.case_id,
    )


def note_card(note: ModeratorNote) -> Card:
    """A moderator's note as a card: author and time over the text."""
    header = f"{embed(note.author)} · {format_timestamp(note.created_at)}"
    return Card(header=header, body=note.text)


def newest_first(items: Iterable[T], moment: Callable[[T], datetime]) -> list[T]:
    """``items`` sorted with the most recent ``moment`` first."""
    return sorted(items, key=lambda item: as_utc(moment(item)), reverse=True)
