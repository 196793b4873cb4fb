"""The community's past: closed cases, the strikes they left, and moderators' notes.

Repeat offenders climb their clause's ladder case after case (with a note on
their file); a few accounts reach its end; most closed cases are a first
offence, some of them noted on the member's file (every critical one); some
reports are dismissed, among them every report filed by the members who abuse
the report button.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from reviewdesk.domain.enums import STRIKE_OUTCOMES, Category, Severity, SubjectKind, Surface
from reviewdesk.server.demo.cases import (
    CATEGORY_SURFACES,
    MISTAKEN_REASONS,
    CaseSpec,
    report_count,
)
from reviewdesk.server.demo.conversations import CHAT_SURFACES
from reviewdesk.server.demo.model import DemoNote
from reviewdesk.server.demo.people import Persona
from reviewdesk.server.demo.phrases.moderation import (
    ABUSIVE_REPORTER_NOTES,
    FIRST_OFFENCE_NOTES,
    GOOD_REPORTER_NOTES,
    REPEAT_OFFENDER_NOTES,
    SEVERE_OFFENCE_NOTES,
    TEACHER_NOTES,
)
from reviewdesk.server.demo.planning import Planner, PlanningTools
from reviewdesk.server.demo.plans import CasePlan, ReportPlan

#: History happens between these many days ago...
HISTORY_OLDEST_DAYS = 190.0
#: ...and these many days ago, before every open case.
HISTORY_NEWEST_DAYS = 20.0
#: Offenders in the history joined before it began.
VETERAN_DAYS = (HISTORY_OLDEST_DAYS + 20.0, 2000.0)
#: What repeat offenders keep doing (categories whose ladders have several rungs).
REPEAT_CATEGORIES = (
    Category.DATING, Category.OFF_PLATFORM, Category.SPAM, Category.INSULTS,
    Category.COMMERCIAL, Category.HARASSMENT, Category.SEXUAL_CONTENT, Category.HATE_SPEECH,
    Category.CAMPAIGNING,
)  # fmt: skip
#: Categories of ordinary closed cases, with how common they are.
CLOSED_WEIGHTS: dict[Category, int] = {
    Category.SPAM: 8, Category.COMMERCIAL: 6, Category.DATING: 7, Category.SEXUAL_CONTENT: 4,
    Category.HARASSMENT: 6, Category.IMPERSONATION: 2, Category.PERSONAL_DATA: 2,
    Category.OFF_PLATFORM: 6, Category.THREATS: 2, Category.HATE_SPEECH: 3, Category.INSULTS: 6,
    Category.PIRACY: 2, Category.SELF_HARM: 2, Category.DRUGS_ALCOHOL: 2,
    Category.VIOLENT_IMAGERY: 1, Category.SCAM: 4, Category.GROOMING: 1, Category.CAMPAIGNING: 3,
    Category.DEFAMATION: 1,
}  # fmt: skip
#: Where bad-faith reporters find things to report.
FRIVOLOUS_SURFACES = (Surface.NOTEBOOK, Surface.COMMENT, Surface.ANSWER, Surface.CHAT)
SELF_HARM_NOTE = "Member in distress rather than promoting harm; support resources sent."
#: Share of sanctioned first offences on which the moderator also notes something on the
#: member's file (after a critical one, the senior always does).
FIRST_OFFENCE_NOTE_SHARE = 0.3


@dataclass
class History:
    """Closed cases, notes, and the people the open queue continues with."""

    cases: list[CasePlan] = field(default_factory=list)
    notes: list[DemoNote] = field(default_factory=list)
    repeat_offenders: list[tuple[Persona, Category]] = field(default_factory=list)
    #: Members with one closed case against them who are still active.
    first_offenders: list[Persona] = field(default_factory=list)


class HistoryPlanner(Planner):
    """Plans the past of the community, oldest first per member."""

    def __init__(self, tools: PlanningTools) -> None:
        super().__init__(tools)
        self.history = History()

    def _days_ago(self, low: float, high: float) -> datetime:
        return (self._now - timedelta(days=self._rng.uniform(low, high))).replace(microsecond=0)

    def _later(self, when: datetime, low_hours: float, high_hours: float) -> datetime:
        return (when + timedelta(hours=self._rng.uniform(low_hours, high_hours))).replace(
            microsecond=0
        )

    def _note(
        self,
        member: Persona,
        when: datetime,
        texts: tuple[str, ...],
        senior: bool,
        author: str | None = None,
    ) -> None:
        """A note on ``member``'s file by ``author`` (default: a senior, or one of the agents)."""
        if author is None:
            author = "senior" if senior else self._rng.choice(("agent", "agent2"))
        self.history.notes.append(DemoNote(member.id, author, when, self._rng.choice(texts)))

    def _case(self, spec: CaseSpec) -> CasePlan:
        plan = self._builder.build(spec)
        self.history.cases.append(plan)
        return plan

    def _decide(self, plan: CasePlan, removal_first: bool = True) -> datetime:
        """Close ``plan`` the way its category is handled; returns when it closed."""
        decided = self._later(plan.last_report_at, 1, 40)
        category = plan.category
        if category is None:
            plan.decisions.append(self._decider.dismiss(plan, decided))
            return decided
        clause = self._decider.clause_for(plan)
        if category is Category.SELF_HARM and plan.surface in CHAT_SURFACES:
            plan.decisions.append(self._decider.escalate(plan, decided))
            decided = self._later(decided, 1, 12)
            plan.decisions.append(
                self._decider.dismiss(plan, decided, note=SELF_HARM_NOTE, senior=True)
            )
        elif clause.severity is Severity.CRITICAL:
            plan.decisions.append(self._decider.escalate(plan, decided))
            decided = self._later(decided, 2, 30)
            plan.decisions.append(self._decider.sanction(plan, decided, senior=True))
        else:
            plan.decisions.append(
                self._decider.sanction(plan, decided, removal_first=removal_first)
            )
        return decided

    def _history_end(self) -> datetime:
        """The newest moment of the history: every past case opens before it."""
        return self._now - timedelta(days=HISTORY_NEWEST_DAYS)

    def _offence(
        self, subject: Persona, category: Category, when: datetime, removal_first: bool
    ) -> datetime:
        """One more closed ``category`` case against ``subject`` from ``when``; when it closed."""
        surface = self._rng.choice(CATEGORY_SURFACES[category])
        spec = CaseSpec(
            category,
            category,
            surface,
            subject,
            when,
            self._history_end(),
            member_reports=report_count(self._rng),
        )
        return self._decide(self._case(spec), removal_first=removal_first)

    def repeat_offender(self, category: Category) -> None:
        """A member with two or three closed cases of one kind, climbing the ladder."""
        subject = self._factory.make(offence=category, joined_days_ago=VETERAN_DAYS)
        when = self._days_ago(HISTORY_OLDEST_DAYS - 30, HISTORY_OLDEST_DAYS)
        for number in range(self._rng.randint(2, 3)):
            if when > self._history_end():
                break
            decided = self._offence(subject, category, when, removal_first=number == 0)
            if number == 1:
                self._note(subject, self._later(decided, 0.1, 2), REPEAT_OFFENDER_NOTES, False)
            when = self._later(decided, 24 * 8, 24 * 35)
        self.history.repeat_offenders.append((subject, category))

    def terminated_account(self, category: Category) -> None:
        """An account whose offences ran to the end of its ladder."""
        subject = self._factory.make(offence=category, joined_days_ago=VETERAN_DAYS)
        when = self._days_ago(HISTORY_NEWEST_DAYS + 60, HISTORY_OLDEST_DAYS)
        for _ in range(4):  # no ladder of a terminating category is longer
            decided = self._offence(subject, category, when, removal_first=False)
            if subject.id in self._decider.terminated:
                return
            when = self._later(decided, 24 * 2, 24 * 10)

    def closed_case(self) -> None:
        """An ordinary closed case: a first offence, or a flag that broke no rule."""
        rng = self._rng
        benign = rng.random() < 0.15
        category = rng.choices(list(CLOSED_WEIGHTS), list(CLOSED_WEIGHTS.values()))[0]
        surface = rng.choice(CATEGORY_SURFACES[category])
        if benign:
            category = rng.choice(MISTAKEN_REASONS)
            subject = self._cast.ordinary(rng, 1, set())[0]
            surface = rng.choice(FRIVOLOUS_SURFACES)
        else:
            subject = self._factory.make(offence=category, joined_days_ago=VETERAN_DAYS)
        when = self._days_ago(HISTORY_NEWEST_DAYS + 5, HISTORY_OLDEST_DAYS)
        spec = CaseSpec(
            None if benign else category,
            category,
            surface,
            subject,
            when,
            self._history_end(),
            member_reports=report_count(rng),
        )
        if benign:  # honest mistakes come from ordinary members, not the trusted reporters
            spec.kind = SubjectKind.CONTENT
            spec.reporters = self._cast.ordinary(rng, min(spec.member_reports, 3), {subject.id})
        plan = self._case(spec)
        if not benign and rng.random() < 0.12 and plan.reports[0].reporter is not None:
            self._ask_first(plan)
        self._decide(plan)
        if not benign and subject.id not in self._decider.terminated:
            self.history.first_offenders.append(subject)
            self._first_offence_note(plan)

    def _first_offence_note(self, plan: CasePlan) -> None:
        """Now and then the moderator who gave ``plan``'s strike notes something on the file.

        After a critical offence (decided by a senior) the note is always written.
        """
        final = plan.decisions[-1]
        if final.outcome not in STRIKE_OUTCOMES:
            return
        critical = self._decider.clause_for(plan).severity is Severity.CRITICAL
        if not critical and self._rng.random() >= FIRST_OFFENCE_NOTE_SHARE:
            return
        texts = SEVERE_OFFENCE_NOTES if critical else FIRST_OFFENCE_NOTES
        when = self._later(final.decided_at, 0.05, 3)
        self._note(plan.subject, when, texts, critical, author=final.moderator)

    def _ask_first(self, plan: CasePlan) -> None:
        """The agent asks the reporter for more; the reporter answers with a new report."""
        asked = self._later(plan.last_report_at, 1, 20)
        plan.decisions.append(self._decider.request_info(plan, asked))
        first = plan.reports[0]
        answer = ReportPlan(
            created_at=self._later(asked, 2, 30),
            reason=first.reason,
            surface=first.surface,
            reporter=first.reporter,
            text="Here is the whole conversation, sorry for the missing part.",
            attachments=first.attachments,
        )
        plan.reports.append(answer)

    def frivolous_reports(self, abuser: Persona, count: int) -> None:
        """Bad-faith reports by ``abuser`` (now and then with another abuser); all dismissed."""
        rng = self._rng
        for _ in range(count):
            target = self._cast.ordinary(rng, 1, {abuser.id})[0]
            reporters = [abuser]
            partners = [a for a in self._cast.abusive_reporters if a.id != abuser.id]
            if partners and rng.random() < 0.25:
                reporters.append(rng.choice(partners))
            when = self._days_ago(HISTORY_NEWEST_DAYS + 2, HISTORY_OLDEST_DAYS)
            spec = CaseSpec(
                None,
                rng.choice(MISTAKEN_REASONS),
                rng.choice(FRIVOLOUS_SURFACES),
                target,
                when,
                self._history_end(),
                reporters=reporters,
                kind=SubjectKind.CONTENT,
                bad_faith=True,
                screenshot_share=0.0,
            )
            self._decide(self._case(spec))
        self._note(
            abuser,
            self._days_ago(HISTORY_NEWEST_DAYS, HISTORY_NEWEST_DAYS + 2),
            ABUSIVE_REPORTER_NOTES,
            True,
        )

    def file_notes(self, present: set[str]) -> None:
        """Notes on trusted reporters and a few teachers, among the members in ``present``.

        The service knows only members that events mention, so notes go to those.
        """
        reporters = [p for p in self._cast.good_reporters if p.id in present]
        teachers = [p for p in self._cast.teachers if p.id in present]
        for reporter in reporters[:3]:
            self._note(
                reporter, self._days_ago(HISTORY_NEWEST_DAYS, 120), GOOD_REPORTER_NOTES, True
            )
        for teacher in teachers[:2]:
            self._note(teacher, self._days_ago(HISTORY_NEWEST_DAYS, 150), TEACHER_NOTES, False)
