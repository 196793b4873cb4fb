"""The open queue: every category and surface, enough subjects, believable evidence."""

from __future__ import annotations

import re
from collections import Counter

from demo_replay import SMALL_OPEN_CASES, open_cases, replay

from reviewdesk.api.models import IntakeReport
from reviewdesk.domain.enums import (
    CaseStatus,
    Category,
    ReportSource,
    SubjectKind,
    Surface,
)
from reviewdesk.server.demo.conversations import CHAT_SURFACES
from reviewdesk.server.demo.generator import DemoPlan


def test_every_category_and_surface_is_in_the_small_open_queue(small_plan: DemoPlan) -> None:
    queue = open_cases(small_plan.community)
    assert {case.category for case in queue} == set(Category)
    assert {case.surface for case in queue} == set(Surface)


def test_every_category_and_surface_is_in_the_full_open_queue(full_plan: DemoPlan) -> None:
    queue = open_cases(full_plan.community)
    assert {case.category for case in queue} == set(Category)
    assert {case.surface for case in queue} == set(Surface)


def test_at_least_the_requested_number_of_distinct_open_subjects(
    small_plan: DemoPlan, full_plan: DemoPlan
) -> None:
    for plan, wanted in ((small_plan, SMALL_OPEN_CASES), (full_plan, 300)):
        queue = open_cases(plan.community)
        keys = [case.key for case in queue]
        assert len(set(keys)) == len(keys) >= wanted


def test_queue_holds_content_and_account_cases_escalations_and_waiting_ones(
    full_plan: DemoPlan,
) -> None:
    cases = replay(full_plan.community)
    undecided = [case for case in cases if case.status is not CaseStatus.DECIDED]
    assert {case.kind for case in undecided} == set(SubjectKind)
    statuses = Counter(case.status for case in undecided)
    assert statuses[CaseStatus.ESCALATED] >= 1
    assert statuses[CaseStatus.AWAITING_INFO] >= 1
    automated = [c for c in undecided if all(r.source is ReportSource.DETECTOR for r in c.reports)]
    assert automated, "some cases come from detectors alone"


def test_report_counts_range_from_one_to_a_dozen_and_are_skewed(full_plan: DemoPlan) -> None:
    counts = Counter(
        sum(r.source is ReportSource.MEMBER for r in case.reports)
        for case in open_cases(full_plan.community)
    )
    assert counts[1] > counts[3] > 0
    assert max(counts) <= 12
    assert sum(n for c, n in counts.items() if c >= 6) >= 3


def test_detector_reports_carry_a_detector_and_score_and_no_reporter(full_plan: DemoPlan) -> None:
    reports = [e for e in full_plan.community.events if isinstance(e, IntakeReport)]
    detected = [r for r in reports if r.source is ReportSource.DETECTOR]
    assert {"spam-burst", "phishing-link", "signup-cluster"} <= {r.detector for r in detected}
    for report in detected:
        assert report.reporter is None
        assert report.score is not None
        assert 0.0 < report.score <= 1.0
    for report in reports:
        if report.source is ReportSource.MEMBER:
            assert report.reporter is not None
            assert report.detector is None


def test_chat_content_cases_come_with_the_conversation_around_the_reported_message(
    full_plan: DemoPlan,
) -> None:
    seen = 0
    for case in open_cases(full_plan.community):
        if case.kind is not SubjectKind.CONTENT or case.surface not in CHAT_SURFACES:
            continue
        with_messages = [r for r in case.reports if r.messages]
        assert len(with_messages) == 1, "the conversation is sent once per case"
        messages = with_messages[0].messages
        assert 4 <= len(messages) <= 12
        reported = [m for m in messages if m.reported]
        assert len(reported) == 1
        content = case.reports[0].content
        assert content is not None
        assert reported[0].id == content.id
        assert reported[0].text == content.text
        assert reported[0].sender_id == case.member_id
        assert [m.sent_at for m in messages] == sorted(m.sent_at for m in messages)
        seen += 1
    assert seen >= 30


def test_posts_are_content_items_without_messages(full_plan: DemoPlan) -> None:
    posts = [
        case
        for case in open_cases(full_plan.community)
        if case.surface in (Surface.MOMENT, Surface.NOTEBOOK, Surface.DISCUSSION)
    ]
    assert posts
    for case in posts:
        assert case.kind is SubjectKind.CONTENT
        assert all(r.content is not None and not r.messages for r in case.reports)


def test_off_platform_conduct_arrives_only_as_screenshots_and_pasted_text(
    full_plan: DemoPlan,
) -> None:
    reports = [
        e
        for e in full_plan.community.events
        if isinstance(e, IntakeReport)
        and e.surface is Surface.OFF_PLATFORM
        and e.source is ReportSource.MEMBER
    ]
    assert reports
    with_evidence = [r for r in reports if r.attachments]
    assert with_evidence
    for report in reports:
        assert not report.messages
    for report in with_evidence:
        assert "Pasted from" in report.text
        assert all(a.media_type.startswith("image/") for a in report.attachments)


def _skeleton(text: str) -> str:
    """Text with case, digits and link paths removed: what a spam variant keeps."""
    text = re.sub(r"https?://\S+", "URL", text.lower())
    return re.sub(r"\d+", "#", text)


def test_a_spam_wave_of_near_identical_messages_from_a_handful_of_accounts(
    full_plan: DemoPlan,
) -> None:
    wave = [
        case
        for case in open_cases(full_plan.community)
        if case.key in full_plan.spam_wave_subject_keys
    ]
    assert 30 <= len(wave) <= 50
    assert 3 <= len({case.member_id for case in wave}) <= 5
    texts = [case.reports[0].content.text for case in wave if case.reports[0].content]
    assert len(set(texts)) > len(texts) // 2, "the messages vary a little"
    skeletons = Counter(_skeleton(t) for t in texts)
    # Near-identical: once case, digits and links are ignored only a few shapes remain.
    assert len(skeletons) <= len(texts) // 3
    for case in wave:
        assert any(r.detector == "spam-burst" for r in case.reports)
        assert case.category is Category.SPAM


def test_reports_never_precede_the_people_or_content_they_mention(full_plan: DemoPlan) -> None:
    for event in full_plan.community.events:
        if not isinstance(event, IntakeReport):
            continue
        assert event.created_at is not None
        assert event.member.joined_at <= event.created_at
        if event.reporter is not None:
            assert event.reporter.joined_at <= event.created_at
        if event.content is not None:
            assert event.content.posted_at <= event.created_at
        assert all(m.sent_at <= event.created_at for m in event.messages)
