"""The four panels a case fills, and the one way a case is put in them.

The window shows a case in the case view, the member panel, the policy
panel and the decision panel. :class:`CasePanels` holds the four and fills
them, step by step as the parts of a case arrive. The window's own panels
and the stage (see :mod:`reviewdesk.ui.case_stage`), which draws the next
case ahead in panels of its own, both fill through it, so a case drawn
ahead looks exactly as it will once it is open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QWidget

from reviewdesk.api.models import (
    CaseDetail,
    CaseSummary,
    LadderStep,
    MemberHistory,
    PolicyClause,
)
from reviewdesk.ui.case.after_paint import AfterPaint
from reviewdesk.ui.case.case_view import CaseView
from reviewdesk.ui.case.member_panel import MemberPanel
from reviewdesk.ui.case.policy_panel import PolicyPanel
from reviewdesk.ui.case.prepared_case import PreparedCase
from reviewdesk.ui.decision_panel import DecisionPanel
from reviewdesk.ui.evidence_images import LoadedEvidence


@dataclass(frozen=True)
class CasePanels:
    """The case view, member, policy and decision panels of one window (or of the stage)."""

    case_view: CaseView
    member: MemberPanel
    policy: PolicyPanel
    decision: DecisionPanel

    def __post_init__(self) -> None:
        self.policy.clause_selected.connect(self.decision.select_clause)

    def widgets(self) -> tuple[QWidget, ...]:
        """The four panels, in reading order."""
        return (self.case_view, self.member, self.policy, self.decision)

    def start_draft(self, summary: CaseSummary) -> None:
        """A case opens: its decision starts empty."""
        self.decision.start_draft(summary)

    def show_detail(
        self,
        detail: CaseDetail,
        now: datetime,
        prepared: PreparedCase | None,
        images: Mapping[str, LoadedEvidence] | None,
    ) -> None:
        """Show the case itself; the decision form may be used from now on."""
        self.case_view.show_case(detail, now=now, prepared=prepared, images=images)
        self.decision.case_shown()

    def show_history(
        self,
        history: MemberHistory,
        current_case_id: str | None,
        prepared: PreparedCase | None,
        rows_later: AfterPaint | None,
    ) -> None:
        """Show the reported member's history (see :meth:`MemberPanel.show_history`)."""
        self.member.show_history(
            history,
            current_case_id=current_case_id,
            prepared=prepared.member if prepared is not None else None,
            rows_later=rows_later,
        )

    def show_clauses(
        self,
        clauses: Sequence[PolicyClause],
        suggested: dict[str, LadderStep],
        examples_later: AfterPaint | None,
        *,
        follow_policy: bool = True,
    ) -> None:
        """Show the clauses of the case's category; the form offers them first.

        ``follow_policy`` False leaves the form's clause as it is (a rejected
        decision being corrected keeps the clause it was sent with).
        """
        self.policy.show_clauses(clauses, suggested, examples_later=examples_later)
        self.decision.set_category_clauses([clause.id for clause in clauses])
        self.decision.set_suggestions(suggested)
        if follow_policy:
            self.decision.select_clause(self.policy.current_clause_id())
