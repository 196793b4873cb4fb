"""The generator's working objects: planned reports, decisions and cases.

A :class:`CasePlan` becomes intake events and demo decisions only at the end,
so history, open cases and the spam wave can be planned independently and
then put in time order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reviewdesk.api.models import ContentItem, IntakeAttachment, IntakeMessage
from reviewdesk.domain.enums import Category, Outcome, ReportSource, SubjectKind, Surface
from reviewdesk.server.demo.people import Persona


@dataclass(frozen=True)
class ReportPlan:
    """One report to file: by a member or a detector."""

    created_at: datetime
    reason: Category
    surface: Surface
    reporter: Persona | None = None
    detector: str | None = None
    score: float | None = None
    text: str = ""
    messages: list[IntakeMessage] = field(default_factory=list)
    attachments: list[IntakeAttachment] = field(default_factory=list)

    @property
    def source(self) -> ReportSource:
        """Member or detector."""
        return ReportSource.MEMBER if self.reporter is not None else ReportSource.DETECTOR


@dataclass(frozen=True)
class DecisionPlan:
    """One decision to record on the case's subject."""

    decided_at: datetime
    moderator: str
    outcome: Outcome
    clause_ids: list[str] = field(default_factory=list)
    duration_days: int | None = None
    note: str = ""
    member_message: str = ""
    reporter_message: str = ""


@dataclass
class CasePlan:
    """A case as planned: subject, what it is about, its reports and decisions."""

    kind: SubjectKind
    subject: Persona
    category: Category | None  # None: reported, but breaks no rule
    surface: Surface
    content: ContentItem | None
    language: str | None
    reports: list[ReportPlan]
    decisions: list[DecisionPlan] = field(default_factory=list)

    @property
    def subject_key(self) -> str:
        """The key intake joins reports by: content id or member id."""
        if self.kind is SubjectKind.CONTENT and self.content is not None:
            return self.content.id
        return self.subject.id

    @property
    def first_report_at(self) -> datetime:
        """When the first report arrived."""
        return min(report.created_at for report in self.reports)

    @property
    def last_report_at(self) -> datetime:
        """When the latest report arrived."""
        return max(report.created_at for report in self.reports)
