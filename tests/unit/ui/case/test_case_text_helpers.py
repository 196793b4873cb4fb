"""Pure helpers of the case widgets: times, sizes, directions, ladders, record summaries."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from case_samples import NOW, member_history

from reviewdesk.api.models import LadderStep, PriorCase
from reviewdesk.domain.enums import CaseStatus, Category, Outcome, Surface
from reviewdesk.ui.case.bidi import (
    FIRST_STRONG_ISOLATE,
    POP_DIRECTIONAL_ISOLATE,
    embed,
    is_right_to_left,
)
from reviewdesk.ui.case.ladder import ladder_cards, offence_text, step_text, suggested_rung
from reviewdesk.ui.case.locale_names import country_name, language_name
from reviewdesk.ui.case.member_summary import history_summary, is_upheld, reporting_record
from reviewdesk.ui.case.text_format import (
    as_utc,
    format_age,
    format_byte_size,
    format_membership,
    now_utc,
    ordinal,
    plain_tooltip,
    plural,
    single_line,
)


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(hours=5, minutes=59), "5 h"),
        (timedelta(days=3, hours=2), "3 d"),
    ],
)
def test_age_is_short_and_rounds_down(elapsed: timedelta, expected: str) -> None:
    assert format_age(NOW - elapsed, NOW) == expected


def test_naive_times_are_taken_as_utc() -> None:
    naive = datetime(2024, 11, 5, 14, 30)
    assert as_utc(naive) == NOW - timedelta(hours=1)
    assert format_age(naive, NOW) == "1 h"


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "less than a day"),
        (12, "12 days"),
        (1, "1 day"),
        (95, "3 months"),
        (366, "1 year"),
        (830, "2 years, 3 months"),
    ],
)
def test_membership_reads_in_words(days: int, expected: str) -> None:
    assert format_membership(NOW - timedelta(days=days), NOW) == expected


def test_sizes_counts_and_ordinals() -> None:
    assert format_byte_size(512) == "512 B"
    assert format_byte_size(1536) == "1.5 KB"
    assert format_byte_size(3 * 1024 * 1024) == "3.0 MB"
    assert format_byte_size(5 * 1024**4) == "5,120.0 GB"
    assert plural(1, "strike") == "1 strike"
    assert plural(3, "strike") == "3 strikes"
    assert plural(2, "person", "people") == "2 people"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "111th",
    ]


def test_single_line_collapses_breaks_and_shortens() -> None:
    assert single_line("a\nb\t c") == "a b c"
    shortened = single_line("x" * 100, 10)
    assert len(shortened) == 10
    assert shortened.endswith("…")


def test_tooltip_shows_markup_literally() -> None:
    tip = plain_tooltip('<b>bold</b> <img src="file:///etc/passwd">')
    assert "<b>" not in tip
    assert "<img" not in tip
    assert "&lt;b&gt;bold&lt;/b&gt;" in tip


@pytest.mark.parametrize(
    ("text", "rtl"),
    [
        ("مرحبا بك", True),
        ("שלום לכולם", True),
        ("123, !! مرحبا", True),  # digits and punctuation are not strong
        ("Hello مرحبا", False),
        ("こんにちは", False),
        ("Привет", False),
        ("नमस्ते", False),
        ("🙏✨ 123", False),
        ("", False),
        ("\u2066Hello\u2069 مرحبا", True),  # text inside an isolate does not count
    ],
)
def test_paragraph_direction_follows_first_strong_character(text: str, rtl: bool) -> None:
    assert is_right_to_left(text) is rtl


def test_embed_isolates_and_flattens_member_text() -> None:
    embedded = embed("evil\u202eman\nname", 60)
    assert embedded.startswith(FIRST_STRONG_ISOLATE)
    assert embedded.endswith(POP_DIRECTIONAL_ISOLATE)
    assert "\n" not in embedded
    assert "evil⟦RLO⟧man name" in embedded  # the override is named, never obeyed
    assert "\u202e" not in embedded


def test_ladder_words_and_suggested_rung() -> None:
    ladder = [
        LadderStep(outcome=Outcome.WARN),
        LadderStep(outcome=Outcome.SUSPEND, duration_days=14),
        LadderStep(outcome=Outcome.TERMINATE),
    ]
    assert step_text(ladder[1]) == "Suspend for 14 days"
    assert offence_text(1, 3) == "1st offence"
    assert offence_text(3, 3) == "3rd offence and after"
    assert offence_text(1, 1) == "1st offence"
    assert suggested_rung(ladder, LadderStep(outcome=Outcome.SUSPEND, duration_days=14)) == 1
    assert suggested_rung(ladder, LadderStep(outcome=Outcome.SUSPEND, duration_days=7)) is None
    assert suggested_rung(ladder, None) is None
    cards = ladder_cards(ladder, LadderStep(outcome=Outcome.TERMINATE))
    assert [card.highlighted for card in cards] == [False, False, True]
    assert cards[2].marker == "Suggested"
    assert "Terminate" in cards[2].header


def _prior(outcome: Outcome | None) -> PriorCase:
    return PriorCase(
        case_id="c",
        category=Category.SPAM,
        surface=Surface.MOMENT,
        opened_at=NOW,
        status=CaseStatus.DECIDED if outcome else CaseStatus.ESCALATED,
        outcome=outcome,
    )


def test_upheld_means_a_violation_was_found() -> None:
    assert is_upheld(_prior(Outcome.REMOVE_CONTENT))
    assert is_upheld(_prior(Outcome.TERMINATE))
    assert not is_upheld(_prior(Outcome.NO_VIOLATION))
    assert not is_upheld(_prior(Outcome.ESCALATE))
    assert not is_upheld(_prior(None))


def test_history_summary_and_reporting_record() -> None:
    history = member_history()
    assert history_summary(history) == "3 strikes · 5 prior cases · 2 upheld"
    assert reporting_record(history) == "Filed 4 reports · 1 upheld (25%)"
    single = member_history(
        prior_cases=[_prior(Outcome.NO_VIOLATION)],
        strikes=history.strikes[:1],
        reports_filed=0,
        reports_filed_upheld=0,
    )
    assert history_summary(single) == "1 strike · 1 prior case · 0 upheld"
    assert reporting_record(single) == ""


def test_language_and_country_names_fall_back_to_codes() -> None:
    assert language_name("ja") == "Japanese (ja)"
    assert language_name("qqq") == "qqq"
    assert country_name("EG") == "Egypt (EG)"
    assert country_name("zz") == "ZZ"


def test_now_is_aware_utc() -> None:
    assert now_utc().utcoffset() == timedelta(0)
