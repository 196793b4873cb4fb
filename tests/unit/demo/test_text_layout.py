"""Text of every script is shaped, ordered and wrapped as a phone would show it."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageOps

from reviewdesk.server.demo.fonts import Script, find_font_file
from reviewdesk.server.demo.text_layout import (
    clean_for_drawing,
    paragraph_is_rtl,
    render_text,
    text_width,
    wrap_text,
)


def saturated_pixels(image: Image.Image) -> int:
    """How many pixels carry a clear colour (not black, white or grey)."""
    saturation = image.convert("RGB").convert("HSV").getchannel("S")
    return sum(saturation.histogram()[100:])


def _ink_box(image: Image.Image) -> tuple[int, int, int, int]:
    ink = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 60 else 0)
    box = ink.getbbox()
    assert box is not None, "something was drawn"
    return box


def test_arabic_letters_join_into_shaped_words() -> None:
    word = "سلام"
    isolated = sum(text_width(letter, 32) for letter in word)
    # Joined (initial/medial/final) forms are narrower than the isolated letters.
    assert text_width(word, 32) < 0.9 * isolated


def test_arabic_runs_right_to_left() -> None:
    # Alef is tall, beh is short: written alef-space-beh, alef must end up on the right.
    image = render_text("ا ب", 64)
    left, _top, right, _bottom = _ink_box(image)
    middle = (left + right) // 2
    left_half = _ink_box(image.crop((0, 0, middle, image.height)))
    right_half = _ink_box(image.crop((middle, 0, image.width, image.height)))
    assert right_half[1] < left_half[1]


def test_latin_inside_arabic_keeps_its_place_and_direction() -> None:
    text = "أنا أتعلم English منذ 3 سنوات"
    assert paragraph_is_rtl(text)
    (line,) = wrap_text(text, 20, 2000)
    assert line.rtl
    visual = [run.text.strip() for run in line.runs if run.text.strip()]
    assert visual[-1].startswith("أنا"), "the first words are at the right end"
    assert "English" in visual
    assert visual.index("English") < len(visual) - 1


def test_devanagari_clusters_are_shaped() -> None:
    cluster = "क्षि"
    assert text_width(cluster, 32) < 0.6 * sum(text_width(ch, 32) for ch in cluster)


def test_cjk_and_hangul_draw_real_glyphs_not_boxes() -> None:
    missing = render_text("\U0010fffd\U0010fffd", 32)
    for text in ("日本", "한국"):
        drawn = render_text(text, 32)
        assert drawn.size != missing.size or ImageChops.difference(drawn, missing).getbbox()


def test_emoji_are_drawn_in_colour() -> None:
    image = render_text("🌻", 40)
    colourful = saturated_pixels(image)
    face = find_font_file(Script.EMOJI)
    if face is not None and "color" in face.family.lower():
        assert colourful > 50
    else:  # without a colour emoji font the emoji still takes room
        assert image.width > 10


def test_wrapping_keeps_lines_within_the_width() -> None:
    text = (
        "Visit https://fluent-club.example/a-very-long-path-that-never-ends-anywhere-at-all now "
        "今日はいい天気ですね。日本語を勉強しています！明日は東京へ行きます。"
    )
    lines = wrap_text(text, 18, 220)
    assert len(lines) >= 4
    assert all(line.width <= 220 for line in lines)
    joined = "".join(run.text for line in lines for run in line.runs)
    assert joined.replace(" ", "") == text.replace(" ", "")


def test_control_and_bidi_override_characters_are_dropped_before_drawing() -> None:
    cleaned = clean_for_drawing("\u202eevil\u202c\u200b name\x07\nnext line")
    assert cleaned == "evil name\nnext line"
    assert len(wrap_text("a\nb\nc", 14, 100)) == 3
