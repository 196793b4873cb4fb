"""Past decisions: valid, by demo moderators, on the ladder; dismissed bad-faith reports."""

from __future__ import annotations

from collections import Counter, defaultdict

from demo_replay import NOW, replay

from reviewdesk.domain.decision_rules import decision_problems
from reviewdesk.domain.enums import (
    STRIKE_OUTCOMES,
    CaseStatus,
    Outcome,
    ReportSource,
    Role,
)
from reviewdesk.server.demo.generator import DemoPlan
from reviewdesk.server.demo.model import DemoDecision


def test_demo_accounts_and_platform_key_are_the_documented_ones(small_plan: DemoPlan) -> None:
    accounts = {(m.username, m.password, m.role) for m in small_plan.community.moderators}
    assert accounts == {
        ("agent", "agent-demo", Role.AGENT),
        ("agent2", "agent2-demo", Role.AGENT),
        ("senior", "senior-demo", Role.SENIOR),
        ("admin", "admin-demo", Role.ADMIN),
    }
    assert small_plan.community.platform_key == "demo-platform-key"


def test_every_decision_is_valid_and_cites_clauses_of_the_catalogue(full_plan: DemoPlan) -> None:
    community = full_plan.community
    known = {clause.id for clause in community.catalogue.clauses}
    moderators = {m.username for m in community.moderators}
    decisions = [e for e in community.events if isinstance(e, DemoDecision)]
    assert len(decisions) >= 100
    for event in decisions:
        d = event.decision
        assert decision_problems(d.outcome, d.clause_ids, d.duration_days, d.note, known) == []
        assert set(d.clause_ids) <= known
        assert event.moderator_username in moderators
    keys = [event.idempotency_key for event in decisions]
    assert len(set(keys)) == len(keys)


def test_every_decision_follows_reports_on_its_subject(small_plan: DemoPlan) -> None:
    # replay() asserts that each decision finds an undecided case with earlier reports.
    cases = replay(small_plan.community)
    decided = [case for case in cases if case.decisions]
    assert decided
    for case in decided:
        assert all(r.created_at is not None for r in case.reports)
        first = min(r.created_at for r in case.reports if r.created_at is not None)
        assert all(d.decided_at > first for d in case.decisions)
        assert all(d.decided_at < NOW for d in case.decisions)


def test_history_holds_sanctions_dismissals_and_senior_decisions(full_plan: DemoPlan) -> None:
    cases = replay(full_plan.community)
    finals = Counter(c.final_outcome for c in cases if c.final_outcome is not None)
    for outcome in (Outcome.NO_VIOLATION, Outcome.WARN, Outcome.SUSPEND, Outcome.TERMINATE):
        assert finals[outcome] >= 1, outcome
    escalated_then_decided = [
        c
        for c in cases
        if c.status is CaseStatus.DECIDED
        and any(d.decision.outcome is Outcome.ESCALATE for d in c.decisions)
    ]
    assert escalated_then_decided
    for case in escalated_then_decided:
        assert case.decisions[-1].moderator_username in ("senior", "admin")


def test_repeat_offenders_climb_the_ladder_and_are_back_in_the_queue(full_plan: DemoPlan) -> None:
    cases = replay(full_plan.community)
    catalogue = {c.id: c for c in full_plan.community.catalogue.clauses}
    strikes: dict[str, list[DemoDecision]] = defaultdict(list)
    for case in cases:
        for event in case.decisions:
            if event.decision.outcome in STRIKE_OUTCOMES:
                strikes[case.member_id].append(event)
    assert len(full_plan.repeat_offender_ids) >= 2
    for member in full_plan.repeat_offender_ids:
        record = strikes[member]
        assert len(record) >= 1
        rungs = [
            [step.outcome for step in catalogue[e.decision.clause_ids[0]].ladder].index(
                e.decision.outcome
            )
            for e in record
        ]
        assert rungs == sorted(rungs), "sanctions never step down the ladder"
        assert any(c.member_id == member and c.status is CaseStatus.OPEN for c in cases)
    assert max(len(strikes[m]) for m in full_plan.repeat_offender_ids) >= 2
    # Most people in the open queue have a clean record.
    queue_members = {c.member_id for c in cases if c.status is CaseStatus.OPEN}
    assert sum(1 for m in queue_members if not strikes[m]) > len(queue_members) // 2


def test_abusive_reporters_reports_all_end_as_no_violation(full_plan: DemoPlan) -> None:
    abusers = full_plan.abusive_reporter_ids
    assert abusers
    cases = replay(full_plan.community)
    filed: Counter[str] = Counter()
    for case in cases:
        reporters = {r.reporter.id for r in case.reports if r.reporter is not None}
        mine = reporters & abusers
        if not mine:
            continue
        filed.update(mine)
        assert case.status is not CaseStatus.DECIDED or case.final_outcome is Outcome.NO_VIOLATION
        assert reporters <= abusers, "abusers never join genuine reports"
    assert all(filed[a] >= 3 for a in abusers), "each abuser has a record of dismissed reports"


def test_good_faith_reporters_are_mostly_upheld(full_plan: DemoPlan) -> None:
    upheld = dismissed = 0
    for case in replay(full_plan.community):
        if case.final_outcome is None:
            continue
        if any(
            r.reporter is not None and r.reporter.id in full_plan.good_reporter_ids
            for r in case.reports
        ):
            if case.final_outcome is Outcome.NO_VIOLATION:
                dismissed += 1
            else:
                upheld += 1
    assert upheld > 3 * dismissed
    assert upheld >= 5


def test_no_violation_dismissals_also_happen_to_honest_reporters(full_plan: DemoPlan) -> None:
    abusers = full_plan.abusive_reporter_ids
    honest_dismissals = [
        case
        for case in replay(full_plan.community)
        if case.final_outcome is Outcome.NO_VIOLATION
        and all(
            r.source is ReportSource.DETECTOR or (r.reporter and r.reporter.id not in abusers)
            for r in case.reports
        )
    ]
    assert honest_dismissals


def test_notes_are_on_known_members_by_demo_moderators(full_plan: DemoPlan) -> None:
    community = full_plan.community
    moderators = {m.username for m in community.moderators}
    mentioned = set()
    for case in replay(community):
        mentioned.add(case.member_id)
        mentioned.update(r.reporter.id for r in case.reports if r.reporter is not None)
    noted = {note.member_id for note in community.notes}
    assert noted <= mentioned
    assert noted & full_plan.repeat_offender_ids
    assert noted & full_plan.abusive_reporter_ids
    for note in community.notes:
        assert note.author_username in moderators
        assert note.text.strip()
        assert note.created_at < NOW
