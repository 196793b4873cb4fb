"""Check that planned cases can be replayed by intake without merging into each other.

Intake joins every report on a subject to that subject's undecided case, so two
planned cases on one subject must not overlap in time: the first must be
decided before the second's first report arrives.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime

from reviewdesk.domain.enums import FINAL_OUTCOMES
from reviewdesk.server.demo.plans import CasePlan


def closed_at(plan: CasePlan) -> datetime | None:
    """When the plan's case is decided for good, or None while it stays in a queue."""
    finals = [d.decided_at for d in plan.decisions if d.outcome in FINAL_OUTCOMES]
    return min(finals) if finals else None


def timeline_problems(plans: Sequence[CasePlan], now: datetime) -> list[str]:
    """Every way the plans would not replay as planned (empty when they would)."""
    problems: list[str] = []
    by_key: dict[str, list[CasePlan]] = {}
    for plan in plans:
        by_key.setdefault(plan.subject_key, []).append(plan)
        closed = closed_at(plan)
        times = [r.created_at for r in plan.reports] + [d.decided_at for d in plan.decisions]
        if any(t >= now for t in times):
            problems.append(f"Case on {plan.subject_key} has events at or after now.")
        if plan.decisions and plan.decisions[0].decided_at <= plan.first_report_at:
            problems.append(f"Case on {plan.subject_key} is decided before its first report.")
        if closed is not None and plan.last_report_at >= closed:
            problems.append(f"Case on {plan.subject_key} gets a report after it was closed.")
        if any(d.decided_at > closed for d in plan.decisions if closed is not None):
            problems.append(f"Case on {plan.subject_key} gets a decision after it was closed.")
    for key, group in by_key.items():
        group.sort(key=lambda p: p.first_report_at)
        for earlier, later in itertools.pairwise(group):
            ended = closed_at(earlier)
            if ended is None or ended >= later.first_report_at:
                problems.append(f"Two planned cases on {key} overlap and would merge.")
    return problems
