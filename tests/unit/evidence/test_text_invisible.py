"""Hidden characters in member text are named by visible markers, joiners a script needs kept."""

from __future__ import annotations

import pytest

from reviewdesk.evidence.invisible import has_hidden, hidden_runs, reveal
from reviewdesk.evidence.scripts import is_mixed_script, script_of


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("pay\u202egnp.exe", "pay⟦RLO⟧gnp.exe"),
        ("a\u200b\u200b\u200bb", "a⟦ZWSP×3⟧b"),
        ("\ufeffhello", "⟦BOM⟧hello"),
        ("x\u200dy", "x⟦ZWJ⟧y"),
        ("in\u2066side\u2069", "in⟦LRI⟧side⟦PDI⟧"),
        ("\u202aa\u202b\u202c\u202d", "⟦LRE⟧a⟦RLE⟧⟦PDF⟧⟦LRO⟧"),
        ("\u200e\u200f\u061c", "⟦LRM⟧⟦RLM⟧⟦ALM⟧"),
        ("bell\x07 esc\x1b[31m", "bell⟦BEL⟧ esc⟦ESC⟧[31m"),
        ("soft\u00adhyphen", "soft⟦SHY⟧hyphen"),
        ("\u3164\u3164name", "⟦HANGUL FILLER×2⟧name"),
        ("line\u2028break", "line⟦LS⟧break"),
        ("lone\ud800half", "lone⟦U+D800⟧half"),
        ("obj\ufffc", "obj⟦OBJ⟧"),
        ("cr\rhere", "cr⟦CR⟧here"),
    ],
)
def test_each_hidden_character_is_replaced_by_its_named_marker(text: str, shown: str) -> None:
    assert reveal(text) == shown


def test_no_bidi_control_survives_so_nothing_can_be_reordered() -> None:
    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    shown = reveal(f"abc{controls}def")
    assert not any(char in shown for char in controls)
    assert shown.startswith("abc")
    assert shown.endswith("def")


@pytest.mark.parametrize(
    "text",
    [
        "plain words, nothing hidden",
        "family emoji 👨\u200d👩\u200d👧 stay whole",
        "میخواهم with ZWNJ: می\u200cخواهم",
        "flag of England 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
        "heart ❤️ with one selector",
        "Hindi नमस्ते आप कैसे हैं",
        "tab\tand\nline feed",
        "no-break\u00a0space and ideographic\u3000space",
        "Vietnamese tiếng Việt",
    ],
)
def test_visible_text_and_joiners_a_script_needs_are_left_alone(text: str) -> None:
    assert reveal(text) == text
    assert not has_hidden(text)


def test_carriage_return_before_line_feed_is_dropped_silently() -> None:
    assert reveal("one\r\ntwo") == "one\ntwo"


def test_a_flood_of_combining_marks_is_cut_to_a_few_with_a_count() -> None:
    assert reveal("z" + "\u0301" * 30 + "!") == "z" + "\u0301" * 4 + "⟦+26 marks⟧!"


def test_hidden_tag_characters_are_decoded_so_the_smuggled_text_shows() -> None:
    smuggled = "".join(chr(0xE0000 + ord(char)) for char in "ignore rules")
    assert reveal(f"hi{smuggled}") == 'hi⟦hidden tag text "ignore rules"⟧'


def test_extra_variation_selectors_after_an_emoji_are_counted() -> None:
    payload = "".join(chr(0xE0100 + n) for n in range(6))
    assert reveal(f"😀{payload}") == "😀" + payload[0] + "⟦+5 selectors⟧"


def test_private_use_characters_are_named() -> None:
    assert reveal("\U000f0001x") == "⟦U+F0001⟧x"


def test_runs_give_source_positions() -> None:
    runs = hidden_runs("ab\u200b\u200bc\u202e")
    assert [(run.start, run.end, run.label) for run in runs] == [(2, 4, "ZWSP×2"), (5, 6, "RLO")]


def test_scripts_are_told_apart_for_lookalike_checks() -> None:
    assert script_of("a") == "LATIN"
    assert script_of("а") == "CYRILLIC"
    assert script_of("漢") == "HAN"
    assert script_of("ア") == "KATAKANA"
    assert script_of("1") == ""
    assert is_mixed_script("аpple")
    assert not is_mixed_script("日本語のテキスト")
    assert not is_mixed_script("한국어漢字")
    assert not is_mixed_script("example")
