"""Replay a demo community the way intake joins reports, to check what the queue holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from reviewdesk.api.models import IntakeReport, PolicyCatalogue
from reviewdesk.domain.enums import (
    STATUS_AFTER,
    CaseStatus,
    Category,
    Outcome,
    Severity,
    SubjectKind,
    Surface,
)
from reviewdesk.server.demo.model import DemoCommunity, DemoDecision

#: A fixed "now" so that every run generates the same communities.
NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
SMALL_OPEN_CASES = 20


@dataclass
class ReplayedCase:
    """One case as intake would build it from the events."""

    key: str
    kind: SubjectKind
    member_id: str
    surface: Surface
    category: Category
    severity: Severity
    reports: list[IntakeReport] = field(default_factory=list)
    decisions: list[DemoDecision] = field(default_factory=list)
    status: CaseStatus = CaseStatus.OPEN

    @property
    def final_outcome(self) -> Outcome | None:
        """The outcome that closed the case, if any."""
        if self.status is CaseStatus.DECIDED:
            return self.decisions[-1].decision.outcome
        return None


def severities(catalogue: PolicyCatalogue) -> dict[Category, Severity]:
    """Severity of each category: that of its gravest clause."""
    result: dict[Category, Severity] = {}
    for clause in catalogue.clauses:
        result[clause.category] = max(result.get(clause.category, Severity.LOW), clause.severity)
    return result


def subject_key(report: IntakeReport) -> str:
    """The key intake joins a report by."""
    if report.subject_kind is SubjectKind.CONTENT and report.content is not None:
        return report.content.id
    return report.member.id


def replay(community: DemoCommunity) -> list[ReplayedCase]:
    """All cases, oldest first; raises AssertionError when an event cannot be replayed."""
    grade = severities(community.catalogue)
    cases: list[ReplayedCase] = []
    undecided: dict[str, ReplayedCase] = {}
    last_time: datetime | None = None
    for event in community.events:
        when = event.decided_at if isinstance(event, DemoDecision) else event.created_at
        assert when is not None, "every demo report carries its time"
        assert last_time is None or when >= last_time, "events are in time order"
        last_time = when
        if isinstance(event, DemoDecision):
            case = undecided.get(event.subject_key)
            assert case is not None, f"decision on {event.subject_key} finds no undecided case"
            assert case.reports
            assert case.reports[0].created_at is not None
            assert case.reports[0].created_at < event.decided_at
            case.decisions.append(event)
            case.status = STATUS_AFTER[event.decision.outcome]
            if case.status is CaseStatus.DECIDED:
                del undecided[event.subject_key]
            continue
        key = subject_key(event)
        case = undecided.get(key)
        severity = grade[event.reason]
        if case is None:
            surface = event.content.surface if event.content is not None else event.surface
            case = ReplayedCase(
                key, event.subject_kind, event.member.id, surface, event.reason, severity
            )
            undecided[key] = case
            cases.append(case)
        elif severity > case.severity:
            case.category, case.severity = event.reason, severity
        case.reports.append(event)
    return cases


def open_cases(community: DemoCommunity) -> list[ReplayedCase]:
    """Cases still waiting in the queue with status open."""
    return [case for case in replay(community) if case.status is CaseStatus.OPEN]
