"""Assemble the demo community: people, history, the open queue and a spam wave.

``generate_community(seed, open_cases, now)`` is deterministic: one
``random.Random(seed)`` drives every choice, and every time is an offset from
``now``, so the same seed and ``now`` give equal communities.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

from reviewdesk.api.models import DecisionIn, IntakeReport
from reviewdesk.domain.enums import Category, SubjectKind
from reviewdesk.server.demo.cases import CaseBuilder
from reviewdesk.server.demo.cast import build_cast
from reviewdesk.server.demo.catalogue import build_catalogue
from reviewdesk.server.demo.decisions import Decider
from reviewdesk.server.demo.handling import claim_time
from reviewdesk.server.demo.history import REPEAT_CATEGORIES, HistoryPlanner
from reviewdesk.server.demo.ids import IdMaker
from reviewdesk.server.demo.model import DemoCommunity, DemoDecision
from reviewdesk.server.demo.open_cases import OpenPlanner
from reviewdesk.server.demo.people import PLATFORM_KEY, MemberFactory, demo_moderators
from reviewdesk.server.demo.planning import PlanningTools
from reviewdesk.server.demo.plans import CasePlan, DecisionPlan, ReportPlan
from reviewdesk.server.demo.spam_wave import plan_spam_wave
from reviewdesk.server.demo.timeline import timeline_problems

MAX_OPEN_CASES = 5000
#: Members joined up to a few years before ``now``; much earlier dates do not exist.
EARLIEST_NOW = datetime(1980, 1, 1, tzinfo=UTC)
#: Open cases planned anyway: one per category, plus a few hostile-text cases.
_HOSTILE_CASES = 3
_BAD_FAITH_OPEN = 2

Event = IntakeReport | DemoDecision


@dataclass(frozen=True)
class DemoPlan:
    """The community plus facts about it that tests and benchmarks check."""

    community: DemoCommunity
    abusive_reporter_ids: frozenset[str]
    good_reporter_ids: frozenset[str]
    repeat_offender_ids: frozenset[str]
    spam_wave_subject_keys: frozenset[str]


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _utc_now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC).replace(microsecond=0)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("'now' must be timezone-aware (for example datetime.now(UTC)).")
    if now < EARLIEST_NOW:
        raise ValueError(
            f"'now' must be after {EARLIEST_NOW:%Y-%m-%d}: the history reaches years back."
        )
    return now.astimezone(UTC)


def _intake(plan: CasePlan, report: ReportPlan) -> IntakeReport:
    return IntakeReport(
        subject_kind=plan.kind,
        member=plan.subject.profile,
        content=plan.content if plan.kind is SubjectKind.CONTENT else None,
        source=report.source,
        reporter=report.reporter.profile if report.reporter is not None else None,
        detector=report.detector,
        score=report.score,
        reason=report.reason,
        text=report.text,
        surface=report.surface,
        created_at=report.created_at,
        language=plan.language,
        messages=report.messages,
        attachments=report.attachments,
    )


def _decision(plan: CasePlan, decision: DecisionPlan, ids: IdMaker) -> DemoDecision:
    return DemoDecision(
        subject_key=plan.subject_key,
        moderator_username=decision.moderator,
        decision=DecisionIn(
            outcome=decision.outcome,
            clause_ids=decision.clause_ids,
            duration_days=decision.duration_days,
            note=decision.note,
            member_message=decision.member_message,
            reporter_message=decision.reporter_message,
        ),
        decided_at=decision.decided_at,
        idempotency_key=ids.idempotency_key(),
        claimed_at=claim_time(
            plan.subject_key, decision.outcome, decision.decided_at, _work_starts(plan, decision)
        ),
    )


def _work_starts(plan: CasePlan, decision: DecisionPlan) -> datetime:
    """The earliest a decider could have claimed the case: after its first report and the
    decision before this one."""
    earlier = [d.decided_at for d in plan.decisions if d.decided_at < decision.decided_at]
    return max([plan.first_report_at, *earlier])


def _mentioned_members(plans: list[CasePlan]) -> set[str]:
    """Members the service will know: subjects and reporters."""
    present = {plan.subject.id for plan in plans}
    present.update(r.reporter.id for plan in plans for r in plan.reports if r.reporter is not None)
    return present


def to_events(plans: list[CasePlan], ids: IdMaker) -> list[Event]:
    """Every report and decision of ``plans``, in time order (ties keep plan order)."""
    timed: list[tuple[datetime, int, int, Event]] = []
    for number, plan in enumerate(plans):
        for index, report in enumerate(plan.reports):
            timed.append((report.created_at, number, index, _intake(plan, report)))
        for index, decision in enumerate(plan.decisions):
            event = _decision(plan, decision, ids)
            timed.append((decision.decided_at, number, len(plan.reports) + index, event))
    timed.sort(key=lambda item: item[:3])
    return [event for *_, event in timed]


def plan_community(
    seed: int = 7,
    open_cases: int = 300,
    now: datetime | None = None,
    spam_wave: int | None = None,
) -> DemoPlan:
    """Plan the community and keep the facts about who is who.

    ``spam_wave`` sets how many cases the spam wave adds (by default about 13 %
    of ``open_cases``, 4 to 45), e.g. a flood of hundreds for bulk triage.
    """
    if not 0 <= open_cases <= MAX_OPEN_CASES:
        raise ValueError(f"open_cases must be between 0 and {MAX_OPEN_CASES}, not {open_cases}.")
    now = _utc_now(now)
    rng = random.Random(seed)
    ids = IdMaker(rng)
    catalogue = build_catalogue()
    factory = MemberFactory(rng, ids, now)
    cast = build_cast(
        rng,
        factory,
        member_count=_clamp(open_cases + 60, 120, 400),
        good_reporters=_clamp(open_cases // 40, 3, 10),
        abusive_reporters=_clamp(open_cases // 80, 2, 4),
    )
    builder = CaseBuilder(rng, ids, cast, catalogue)
    decider = Decider(rng, catalogue)

    tools = PlanningTools(rng, factory, cast, builder, decider, now)
    past = HistoryPlanner(tools)
    repeat_count = _clamp(open_cases // 30, 2, 10)
    for index in range(repeat_count):
        past.repeat_offender(REPEAT_CATEGORIES[index % len(REPEAT_CATEGORIES)])
    past.terminated_account(Category.SCAM)
    if open_cases >= 100:
        past.terminated_account(Category.GROOMING)
    for _ in range(_clamp(open_cases // 4, 8, 90)):
        past.closed_case()
    for abuser in cast.abusive_reporters:
        past.frivolous_reports(abuser, rng.randint(4, 6))
    history = past.history

    queue = OpenPlanner(tools)
    queue.coverage()
    queue.repeat_offences(history.repeat_offenders)
    queue.hostile()
    queue.bad_faith(_BAD_FAITH_OPEN)
    wave_size = _clamp(round(open_cases * 0.13), 4, 45) if spam_wave is None else spam_wave
    if not 0 <= wave_size <= MAX_OPEN_CASES:
        raise ValueError(f"spam_wave must be between 0 and {MAX_OPEN_CASES}, not {wave_size}.")
    planned = len(queue.cases) + wave_size
    queue.filler(max(0, open_cases - planned), history.first_offenders)
    queue.escalated(_clamp(open_cases // 40, 1, 8))
    queue.awaiting_info(_clamp(open_cases // 60, 1, 5))
    wave = plan_spam_wave(rng, ids, factory, cast, wave_size, now)

    plans = [*history.cases, *queue.cases, *wave]
    past.file_notes(_mentioned_members(plans))
    problems = timeline_problems(plans, now)
    if problems:
        raise RuntimeError("The demo plan does not replay: " + " ".join(problems[:5]))
    community = DemoCommunity(
        moderators=demo_moderators(),
        platform_key=PLATFORM_KEY,
        catalogue=catalogue,
        events=to_events(plans, ids),
        notes=sorted(history.notes, key=lambda note: note.created_at),
    )
    return DemoPlan(
        community=community,
        abusive_reporter_ids=frozenset(p.id for p in cast.abusive_reporters),
        good_reporter_ids=frozenset(p.id for p in cast.good_reporters),
        repeat_offender_ids=frozenset(p.id for p, _ in history.repeat_offenders),
        spam_wave_subject_keys=frozenset(plan.subject_key for plan in wave),
    )


def generate_community(
    seed: int = 7,
    open_cases: int = 300,
    now: datetime | None = None,
    spam_wave: int | None = None,
) -> DemoCommunity:
    """A believable language-exchange community with at least ``open_cases`` open cases.

    The same ``seed`` and ``now`` always give an equal community; ``now``
    defaults to the current UTC time and must be timezone-aware. Every
    timestamp is timezone-aware UTC and lies before ``now``. Whatever
    ``open_cases`` (0 to 5000), the queue covers every category and surface,
    so it holds at least about 30 open cases. Raises ValueError on a naive
    ``now`` or an ``open_cases`` out of range.
    """
    return plan_community(seed, open_cases, now, spam_wave).community
