"""The open queue: every category on every surface, repeat offenders, escalations.

Coverage comes first (one case per category, on surfaces chosen so every
surface appears), then the queue is filled up to the requested size with
common offences. A few cases are already escalated or waiting for the
reporter, and a few carry deliberately hostile text.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from reviewdesk.domain.enums import Category, MemberRole, SubjectKind, Surface
from reviewdesk.server.demo.cases import (
    CATEGORY_SURFACES,
    MISTAKEN_REASONS,
    TEACHER_OFFENCES,
    CaseSpec,
    report_count,
)
from reviewdesk.server.demo.people import Persona
from reviewdesk.server.demo.phrases.hostile import HOSTILE_NAMES, MARKUP_POSTS, flood_post
from reviewdesk.server.demo.planning import Planner, PlanningTools
from reviewdesk.server.demo.plans import CasePlan

#: How common each category is in the open queue beyond the coverage cases.
OPEN_WEIGHTS: dict[Category, int] = {
    Category.SPAM: 10, Category.COMMERCIAL: 7, Category.DATING: 9, Category.SEXUAL_CONTENT: 5,
    Category.HARASSMENT: 9, Category.ENTANGLED_HARASSMENT: 2, Category.IMPERSONATION: 3,
    Category.PERSONAL_DATA: 3, Category.OFF_PLATFORM: 8, Category.THREATS: 3,
    Category.HATE_SPEECH: 4, Category.INSULTS: 8, Category.PIRACY: 2, Category.SELF_HARM: 2,
    Category.DRUGS_ALCOHOL: 2, Category.VIOLENT_IMAGERY: 2, Category.SCAM: 6,
    Category.GROOMING: 2, Category.CAMPAIGNING: 3, Category.MULTI_ACCOUNT: 2,
    Category.REPORT_ABUSE: 1, Category.DEFAMATION: 2,
}  # fmt: skip
#: Categories a senior has already been asked to look at.
ESCALATED_CATEGORIES = (Category.THREATS, Category.GROOMING, Category.SCAM, Category.SELF_HARM)
#: Categories where the agent has asked the reporter for more.
AWAITING_CATEGORIES = (Category.HARASSMENT, Category.IMPERSONATION, Category.OFF_PLATFORM,
                       Category.SCAM)  # fmt: skip
#: What a repeat offender's conduct turns into when they are reported again: harassment
#: that grows into threats, insults into harassment, flirting into explicit messages,
#: and luring partners to another app into asking them for money.
WORSENS_TO: dict[Category, Category] = {
    Category.HARASSMENT: Category.THREATS, Category.INSULTS: Category.HARASSMENT,
    Category.DATING: Category.SEXUAL_CONTENT, Category.OFF_PLATFORM: Category.SCAM,
}  # fmt: skip
#: Share of the filler cases that are harmless flags, and that come from past offenders.
BENIGN_SHARE = 0.07
RETURNING_SHARE = 0.2
#: The newest report arrives at least this long before ``now``.
SETTLE = timedelta(minutes=2)
#: Open cases are at most this old.
QUEUE_DAYS = 14.0
#: Surfaces where a case can be about one piece of content.
_CONTENT_SURFACES = frozenset(Surface) - {Surface.PROFILE, Surface.OFF_PLATFORM}


def coverage_pairs(rng: random.Random) -> list[tuple[Category, Surface]]:
    """One (category, surface) per category such that every surface is used."""
    uncovered = list(Surface)
    rng.shuffle(uncovered)
    pairs: list[tuple[Category, Surface]] = []
    categories = sorted(Category, key=lambda c: len(CATEGORY_SURFACES[c]))
    for category in categories:
        allowed = CATEGORY_SURFACES[category]
        fresh = [s for s in uncovered if s in allowed]
        surface = fresh[0] if fresh else rng.choice(allowed)
        if surface in uncovered:
            uncovered.remove(surface)
        pairs.append((category, surface))
    if uncovered:  # cannot happen with the table above; keep the promise anyway
        raise ValueError("No category covers surfaces: " + ", ".join(s.value for s in uncovered))
    return pairs


class OpenPlanner(Planner):
    """Plans cases that are still in the queue at ``now``."""

    def __init__(self, tools: PlanningTools) -> None:
        super().__init__(tools)
        self.cases: list[CasePlan] = []

    def _opened_at(self, max_days: float = QUEUE_DAYS) -> datetime:
        """Skewed towards the last hours: queues hold mostly fresh reports."""
        hours = 0.25 + max_days * 24 * self._rng.random() ** 2.2
        return (self._now - timedelta(hours=hours)).replace(microsecond=0)

    def _offender(self, category: Category, surface: Surface, name: str | None = None) -> Persona:
        if category is Category.MULTI_ACCOUNT:
            return self._factory.make(offence=category, joined_days_ago=(QUEUE_DAYS + 1, 30))
        role = MemberRole.LEARNER
        if surface is Surface.LESSON and category in TEACHER_OFFENCES:
            role = MemberRole.TEACHER
        return self._factory.make(
            role=role, offence=category, joined_days_ago=(QUEUE_DAYS + 1, 1500), display_name=name
        )

    def _spec(self, category: Category, surface: Surface, subject: Persona) -> CaseSpec:
        spec = CaseSpec(
            category,
            category,
            surface,
            subject,
            self._opened_at(),
            self._now - SETTLE,
            member_reports=report_count(self._rng),
        )
        if surface is Surface.LESSON and subject.profile.role is MemberRole.LEARNER:
            spec.reporters = [self._cast.teacher(self._rng, {subject.id})]
        return spec

    def _add(self, spec: CaseSpec) -> CasePlan:
        plan = self._builder.build(spec)
        self.cases.append(plan)
        return plan

    def coverage(self) -> None:
        """One open case for every category, together touching every surface."""
        for category, surface in coverage_pairs(self._rng):
            if category is Category.REPORT_ABUSE and self._cast.abusive_reporters:
                subject = self._cast.abusive_reporters[0]
                spec = self._spec(category, surface, subject)
                spec.kind = SubjectKind.ACCOUNT
                spec.detector_reports = 1
            else:
                spec = self._spec(category, surface, self._offender(category, surface))
            self._add(spec)

    def repeat_offences(self, offenders: list[tuple[Persona, Category]]) -> None:
        """Each repeat offender is at it again, worse than before where conduct escalates."""
        for subject, past in offenders:
            category = WORSENS_TO.get(past, past)
            surface = self._rng.choice(CATEGORY_SURFACES[category])
            self._add(self._spec(category, surface, subject))

    def filler(self, count: int, returning: list[Persona]) -> None:
        """``count`` cases of common offences, some by members with a past case."""
        rng = self._rng
        for _ in range(count):
            category = rng.choices(list(OPEN_WEIGHTS), list(OPEN_WEIGHTS.values()))[0]
            surface = rng.choice(CATEGORY_SURFACES[category])
            if rng.random() < BENIGN_SHARE:
                subject = self._cast.ordinary(rng, 1, set())[0]
                spec = self._spec(rng.choice(MISTAKEN_REASONS), Surface.COMMENT, subject)
                spec.category, spec.kind = None, SubjectKind.CONTENT
                spec.reporters = self._cast.ordinary(rng, 1, {subject.id})
            elif returning and rng.random() < RETURNING_SHARE:
                surfaces = [s for s in CATEGORY_SURFACES[category] if s in _CONTENT_SURFACES]
                if not surfaces:
                    surfaces = [Surface.COMMENT]
                spec = self._spec(category, rng.choice(surfaces), rng.choice(returning))
                spec.kind = SubjectKind.CONTENT
            else:
                spec = self._spec(category, surface, self._offender(category, surface))
            self._add(spec)

    def bad_faith(self, count: int) -> None:
        """Open flags by report-button abusers on harmless content."""
        rng = self._rng
        for index in range(min(count, len(self._cast.abusive_reporters))):
            abuser = self._cast.abusive_reporters[-1 - index]
            target = self._cast.ordinary(rng, 1, {abuser.id})[0]
            spec = self._spec(Category.INSULTS, Surface.NOTEBOOK, target)
            spec.category, spec.kind, spec.bad_faith = None, SubjectKind.CONTENT, True
            spec.reporters = [abuser]
            self._add(spec)

    def hostile(self) -> None:
        """Cases whose texts carry markup, bidi tricks and flooding."""
        flooder = self._offender(Category.SPAM, Surface.MOMENT, HOSTILE_NAMES[0])
        flood = self._spec(Category.SPAM, Surface.MOMENT, flooder)
        plan = self._add(flood)
        self._replace_text(plan, flood_post())
        for name, post in zip(HOSTILE_NAMES[1:], MARKUP_POSTS, strict=False):
            spec = self._spec(
                Category.SPAM,
                Surface.DISCUSSION,
                self._offender(Category.SPAM, Surface.DISCUSSION, name),
            )
            self._replace_text(self._add(spec), post)

    @staticmethod
    def _replace_text(plan: CasePlan, text: str) -> None:
        if plan.content is not None:
            plan.content = plan.content.model_copy(update={"text": text})

    def escalated(self, count: int) -> None:
        """Cases an agent has handed to a senior."""
        for index in range(count):
            category = ESCALATED_CATEGORIES[index % len(ESCALATED_CATEGORIES)]
            surface = self._rng.choice(CATEGORY_SURFACES[category])
            spec = self._spec(category, surface, self._offender(category, surface))
            spec.first_at = self._opened_at(max_days=4.0)
            plan = self._add(spec)
            self._act_before_now(plan, escalate=True)

    def awaiting_info(self, count: int) -> None:
        """Cases where the agent waits for the reporter's answer."""
        for index in range(count):
            category = AWAITING_CATEGORIES[index % len(AWAITING_CATEGORIES)]
            surface = self._rng.choice(CATEGORY_SURFACES[category])
            spec = self._spec(category, surface, self._offender(category, surface))
            spec.first_at = self._opened_at(max_days=4.0)
            spec.detector_reports = 0
            plan = self._add(spec)
            self._act_before_now(plan, escalate=False)

    def _act_before_now(self, plan: CasePlan, escalate: bool) -> None:
        room = self._now - SETTLE - plan.last_report_at
        when = (plan.last_report_at + room * self._rng.uniform(0.2, 0.8)).replace(microsecond=0)
        action = self._decider.escalate if escalate else self._decider.request_info
        plan.decisions.append(action(plan, when))
