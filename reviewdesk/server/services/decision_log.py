"""Reading recorded decisions back as wire models."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.api.models import DecisionOut
from reviewdesk.domain.enums import FINAL_OUTCOMES
from reviewdesk.server.services.wire import decision_out
from reviewdesk.server.tables import DecisionRow, ModeratorRow


def decisions_of_cases(session: Session, case_ids: Collection[int]) -> dict[int, list[DecisionOut]]:
    """The decisions of each case, oldest first."""
    if not case_ids:
        return {}
    rows = session.execute(
        select(DecisionRow, ModeratorRow)
        .join(ModeratorRow, ModeratorRow.id == DecisionRow.moderator_id)
        .where(DecisionRow.case_id.in_(sorted(set(case_ids))))
        .order_by(DecisionRow.decided_at, DecisionRow.id)
    ).all()
    by_case: dict[int, list[DecisionOut]] = defaultdict(list)
    for decision, moderator in rows:
        by_case[decision.case_id].append(decision_out(decision, moderator))
    return by_case


def closing_decision(session: Session, case_id: int) -> DecisionOut | None:
    """The final decision that closed a case, if it is closed (a reversed one closes nothing)."""
    finals = [
        decision
        for decision in decisions_of_cases(session, [case_id]).get(case_id, [])
        if decision.outcome in FINAL_OUTCOMES and decision.reversal_id is None
    ]
    return finals[-1] if finals else None
