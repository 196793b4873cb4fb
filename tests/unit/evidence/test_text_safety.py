"""Member text made safe to display: markers, defanged links with notes, contact spans."""

from __future__ import annotations

from reviewdesk.evidence.text_safety import SpanKind, make_safe, one_line


def spans_of(text: str, kind: SpanKind) -> list[str]:
    safe = make_safe(text)
    return [safe.display[s.start : s.end] for s in safe.spans if s.kind is kind]


def test_markup_passes_through_as_literal_characters() -> None:
    text = '<b>x</b> <img src="file:///etc/passwd"> <a href="x">y</a> <qt>&amp;</qt>'
    safe = make_safe(text)
    assert "<b>x</b>" in safe.display
    assert '<img src="' in safe.display
    assert "<qt>&amp;</qt>" in safe.display
    # The file URL inside the tag is a link like any other, and defanged.
    assert "file[:]///etc/passwd" in safe.display


def test_hidden_characters_become_marker_spans() -> None:
    safe = make_safe("abc\u202edef\u200b")
    assert safe.display == "abc⟦RLO⟧def⟦ZWSP⟧"
    assert spans_of("abc\u202edef\u200b", SpanKind.HIDDEN) == ["⟦RLO⟧", "⟦ZWSP⟧"]
    assert safe.hidden_count == 2


def test_a_link_is_replaced_by_its_defanged_form_and_a_note_of_its_real_site() -> None:
    text = "go to https://bank.com@evil.example/x now"
    safe = make_safe(text)
    assert "https://" not in safe.display
    assert spans_of(text, SpanKind.LINK) == ["hxxps://bank[.]com[@]evil[.]example/x"]
    (note,) = spans_of(text, SpanKind.LINK_NOTE)
    assert "real site evil.example" in note
    assert safe.display.endswith(" now")


def test_contacts_are_spanned_in_place_and_listed() -> None:
    text = "telegram @olga_k99 or +44 7700 900123"
    safe = make_safe(text)
    assert safe.display == text
    assert spans_of(text, SpanKind.MESSENGER) == ["telegram @olga_k99"]
    assert spans_of(text, SpanKind.PHONE) == ["+44 7700 900123"]
    assert [finding.label for finding in safe.findings] == ["Telegram ID", "phone number"]


def test_a_zero_width_space_does_not_hide_a_phone_number() -> None:
    text = "+44 7700\u200b900123"
    make_safe(text)
    assert spans_of(text, SpanKind.PHONE) == ["+44 7700⟦ZWSP⟧900123"]
    assert spans_of(text, SpanKind.HIDDEN) == ["⟦ZWSP⟧"]


def test_hidden_characters_inside_a_link_are_reported_in_its_note() -> None:
    (note,) = spans_of("https://pay\u200bpal.com/x", SpanKind.LINK_NOTE)
    assert "hidden characters removed: ZWSP" in note


def test_a_huge_text_is_looked_at_only_up_to_the_limit() -> None:
    text = "word " * 1_000_000  # 5 MB
    safe = make_safe(text, limit=4000)
    assert safe.shown_length == 4000
    assert safe.omitted == len(text) - 4000
    assert len(safe.display) == 4000


def test_one_line_names_hidden_characters_and_flattens_breaks() -> None:
    assert one_line("Anna\u202e\u200b <b>x</b>\n\tnext") == "Anna⟦RLO⟧⟦ZWSP⟧ <b>x</b> next"
    assert one_line("a" * 50, limit=10) == "a" * 9 + "…"
