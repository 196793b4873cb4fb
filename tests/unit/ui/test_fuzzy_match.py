"""The palette's fuzzy matcher: which texts match and in what order they rank."""

from __future__ import annotations

from reviewdesk.ui.fuzzy import (
    ALL_WORDS,
    EXACT,
    INITIALS,
    PREFIX,
    SUBSEQUENCE,
    SUBSTRING,
    WORD_START,
    best_score,
    normalise,
    rank,
    score,
)

TITLES = [
    "Next evidence",
    "Previous case",
    "Next case",
    "Delivery problems (conflicts and refusals)",
    "Skip the case (give back the claim)",
    "Reload the queue",
]


def band(query: str, text: str) -> int:
    found = score(query, text)
    assert found is not None, f"{query!r} should match {text!r}"
    return found // 100_000


def test_each_kind_of_match_lands_in_its_band() -> None:
    assert band("next case", "Next case") == EXACT
    assert band("nex", "Next case") == PREFIX
    assert band("case", "Previous case") == WORD_START
    assert band("case next", "Next case") == ALL_WORDS
    assert band("dp", "Delivery problems") == INITIALS
    assert band("ext ca", "Next case") == SUBSTRING
    assert band("nxcs", "Next case") == SUBSEQUENCE


def test_matching_ignores_case_and_extra_spaces() -> None:
    assert normalise("  Next\tCASE ") == "next case"
    assert score("NEXT   case", "next Case") == score("next case", "Next case")
    assert band("ÉCOLE", "école") == EXACT


def test_no_match_is_none() -> None:
    assert score("zz", "Next case") is None
    assert score("casex", "Next case") is None
    assert score("a", "") is None


def test_empty_query_matches_everything_in_order() -> None:
    assert score("", "anything") == 0
    assert rank("", TITLES, lambda title: [title]) == TITLES


def test_better_kinds_of_match_rank_first() -> None:
    ranked = rank("ne", TITLES, lambda title: [title])
    # Prefixes of "Next ..." first (shorter first), then nothing else starts a word with "ne".
    assert ranked[:2] == ["Next case", "Next evidence"]
    # A word start earlier in the text first; at the same place, the shorter text.
    assert rank("case", TITLES, lambda title: [title])[:3] == [
        "Next case",
        "Previous case",
        "Skip the case (give back the claim)",
    ]


def test_the_exact_title_wins_over_a_longer_one_sharing_its_start() -> None:
    assert rank("next case", TITLES, lambda title: [title])[0] == "Next case"
    assert rank("reload the queue", TITLES, lambda title: [title]) == ["Reload the queue"]


def test_a_word_start_beats_a_match_inside_a_word() -> None:
    # "re" starts "Reload" and "refusals" but only sits inside "Previous".
    ranked = rank("re", TITLES, lambda title: [title])
    assert ranked[0] == "Reload the queue"
    assert ranked.index("Previous case") > ranked.index(
        "Delivery problems (conflicts and refusals)"
    )


def test_a_title_match_beats_the_same_match_in_a_later_field() -> None:
    title_hit = best_score("queue", ["Queue reload", "x"])
    id_hit = best_score("queue", ["Reload", "queue.reload"])
    assert title_hit is not None
    assert id_hit is not None
    assert title_hit > id_hit
    assert best_score("zz", ["a", "b"]) is None


def test_rank_searches_every_field_of_an_item() -> None:
    items = [("Next case", "case.next", "Queue"), ("Zoom in", "evidence.zoom_in", "Evidence")]
    assert rank("evidence", items, lambda item: item) == [items[1]]
    assert rank("case.n", items, lambda item: item) == [items[0]]


def test_a_thinly_spread_subsequence_is_no_match() -> None:
    sentence = "Ask for more information about the case"
    assert score("amira", sentence) is None
    assert score("sk", "Sharing personal data and a kind word") is None
    assert band("nxcs", "Next case") == SUBSEQUENCE
    # The tightest of several places wins: "ca" then "se" close together later on.
    assert band("cse", "cxxxxxxxxx case") == SUBSEQUENCE


def test_initials_must_be_of_neighbouring_words() -> None:
    assert band("dp", "Open delivery problems") == INITIALS
    assert score("dw", "Delivery of the problems word") is None


def test_a_long_text_matches_only_by_words_and_runs() -> None:
    preview = "Her address is 14 Harbour Lane; everyone should know what kind of person she is"
    assert score("sk", preview) is None  # "should know": initials, but of a long sentence
    assert band("harbour", preview) == WORD_START
    assert band("arbour la", preview) == SUBSTRING


def test_scattered_letters_need_to_sit_close_together() -> None:
    assert score("case", "Actual size") is None
    assert score("rldq", "Reload the queue") is None
    assert band("nxt cs", "Next case") == SUBSEQUENCE
