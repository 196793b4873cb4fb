"""Lay out and draw text of any script with Pillow: font runs, bidi order, wrapping.

Pillow draws one font at a time and has no font fallback, so a message is cut
into *runs* that each use one script's font (see :mod:`.fonts`). Arabic runs
are shaped and drawn right to left by Raqm; a paragraph whose first strong
letter is Arabic is laid out right to left, with its Latin, digit and emoji runs
kept left to right inside it. Colour emoji come from a bitmap font drawn at its
native size and scaled down once per emoji and size.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageDraw

from reviewdesk.server.demo.fonts import Script, emoji_scale, get_font, raqm_available

#: Characters that always belong to the run before them (joiners, selectors, keycaps).
_JOINERS = frozenset({0x200C, 0x200D, 0xFE0E, 0xFE0F, 0x20E3})
#: Bidi controls are dropped: member text must not reorder the screenshot around it.
_BIDI_CONTROLS = frozenset({*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F})
#: CJK characters after which a line may break without a space.
_NO_LINE_START = frozenset("。、，．！？）」』】〉》〕ー…・：；,.!?)")

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                  (0xFE70, 0xFEFF))  # fmt: skip
_DEVANAGARI_RANGES = ((0x0900, 0x097F), (0xA8E0, 0xA8FF))
_CJK_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x2FFF), (0x3000, 0x33FF), (0x3400, 0x4DBF),
               (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
               (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x2FFFF))  # fmt: skip
_EMOJI_RANGES = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x2300, 0x23FF),
                 (0xE0020, 0xE007F))  # fmt: skip
#: Ideographs and kana break anywhere; Hangul uses spaces like Latin.
_BREAK_ANYWHERE_RANGES = ((0x2E80, 0x2FFF), (0x3000, 0x30FF), (0x3400, 0x4DBF),
                          (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
                          (0x20000, 0x2FFFF))  # fmt: skip


def _in(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


@functools.lru_cache(maxsize=8192)
def script_of(ch: str) -> Script | None:
    """The script whose font draws ``ch``, or None for spaces, punctuation and digits."""
    cp = ord(ch)
    if _in(cp, _EMOJI_RANGES):
        return Script.EMOJI
    if _in(cp, _ARABIC_RANGES):
        return Script.ARABIC
    if _in(cp, _DEVANAGARI_RANGES):
        return Script.DEVANAGARI
    if _in(cp, _CJK_RANGES):
        return Script.CJK
    category = unicodedata.category(ch)
    if category[0] in "PNZS":
        return None
    return Script.LATIN


def clean_for_drawing(text: str) -> str:
    """Drop control and bidi-override characters that would garble a drawing."""
    kept: list[str] = []
    for ch in text:
        cp = ord(ch)
        if ch == "\n" or cp in _JOINERS:
            kept.append(ch)
        elif cp in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            continue
        else:
            kept.append(ch)
    return "".join(kept)


@functools.lru_cache(maxsize=4096)
def _has_glyph(script: Script, ch: str) -> bool:
    font = get_font(script, 16)
    missing = font.getmask("\U0010fffd")
    mask = font.getmask(ch)
    return mask.size != missing.size or bytes(mask) != bytes(missing)


@dataclass(frozen=True)
class Run:
    """A stretch of text drawn with one font in one direction."""

    text: str
    script: Script
    rtl: bool


def paragraph_is_rtl(text: str) -> bool:
    """True when the first letter that decides direction is right-to-left."""
    for ch in text:
        script = script_of(ch)
        if script is Script.ARABIC:
            return True
        if script in (Script.LATIN, Script.CJK, Script.DEVANAGARI):
            return False
    return False


def split_runs(text: str, rtl_paragraph: bool) -> list[Run]:
    """Cut ``text`` into runs in logical order."""
    pieces: list[tuple[Script, list[str]]] = []
    for ch in text:
        script = script_of(ch)
        if ord(ch) in _JOINERS or unicodedata.category(ch) in ("Mn", "Me"):
            if pieces:
                pieces[-1][1].append(ch)
                continue
            script = Script.LATIN
        if script is None:
            if pieces and _has_glyph(pieces[-1][0], ch):
                pieces[-1][1].append(ch)
                continue
            script = Script.LATIN
        if pieces and pieces[-1][0] is script:
            pieces[-1][1].append(ch)
        else:
            pieces.append((script, [ch]))
    runs: list[Run] = []
    for number, (script, chars) in enumerate(pieces):
        rtl = script is Script.ARABIC or (script is Script.EMOJI and rtl_paragraph)
        text = "".join(chars)
        body = text.rstrip()
        if body and rtl != rtl_paragraph and body != text and number + 1 < len(pieces):
            # A space between runs of opposite directions takes the paragraph's.
            runs.append(Run(body, script, rtl))
            runs.append(Run(text[len(body) :], Script.LATIN, rtl_paragraph))
        else:
            runs.append(Run(text, script, rtl))
    return runs


@functools.lru_cache(maxsize=2048)
def _emoji_image(text: str, size: int) -> Image.Image:
    """The emoji run drawn in colour and scaled to ``size`` pixels high."""
    font = get_font(Script.EMOJI, size)
    ascent, descent = font.getmetrics()
    width = max(1, int(font.getlength(text)))
    canvas = Image.new("RGBA", (width, ascent + descent), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((0, 0), text, font=font, embedded_color=True)
    scale = emoji_scale(size)
    if scale == 1.0:
        return canvas
    target = (max(1, round(width * scale)), max(1, round((ascent + descent) * scale)))
    return canvas.resize(target, Image.Resampling.LANCZOS)


@functools.lru_cache(maxsize=8192)
def _run_mask(run: Run, size: int, bold: bool) -> tuple[Image.Image, int, int]:
    """The run drawn once as a greyscale mask, with its offset from (left, baseline).

    Chats repeat phrases, names and times, so masks are reused across screenshots.
    """
    font = get_font(run.script, size, bold)
    text, direction = _basic_text(run), _direction(run)
    x0, y0, x1, y1 = (round(v) for v in font.getbbox(text, anchor="ls", direction=direction))
    mask = Image.new("L", (max(1, x1 - x0), max(1, y1 - y0)), 0)
    ImageDraw.Draw(mask).text(
        (-x0, -y0), text, font=font, fill=255, anchor="ls", direction=direction
    )
    return mask, x0, y0


def _direction(run: Run) -> str | None:
    if not raqm_available():
        return None
    return "rtl" if run.script is Script.ARABIC else "ltr"


def _basic_text(run: Run) -> str:
    """Without Raqm, Arabic is at least put in right-to-left order (unshaped)."""
    if run.script is Script.ARABIC and not raqm_available():
        return run.text[::-1]
    return run.text


@functools.lru_cache(maxsize=65536)
def run_width(run: Run, size: int, bold: bool) -> float:
    """Advance width of ``run`` in pixels."""
    if run.script is Script.EMOJI:
        return float(_emoji_image(run.text, size).width)
    font = get_font(run.script, size, bold)
    return float(font.getlength(_basic_text(run), direction=_direction(run)))


@functools.lru_cache(maxsize=65536)
def text_width(text: str, size: int, bold: bool = False) -> float:
    """Advance width of one line of text."""
    rtl = paragraph_is_rtl(text)
    return sum(run_width(r, size, bold) for r in split_runs(text, rtl))


@dataclass(frozen=True)
class LaidLine:
    """One wrapped line: its runs in visual (left-to-right) order and its width."""

    runs: tuple[Run, ...]
    width: float
    rtl: bool


def _visual_order(runs: list[Run], rtl_paragraph: bool) -> list[Run]:
    groups: list[list[Run]] = []
    for run in runs:
        if groups and groups[-1][0].rtl == run.rtl:
            groups[-1].append(run)
        else:
            groups.append([run])
    if rtl_paragraph:
        groups.reverse()
    ordered: list[Run] = []
    for group in groups:
        ordered.extend(reversed(group) if group[0].rtl else group)
    return ordered


@functools.lru_cache(maxsize=8192)
def _breaks_anywhere(ch: str) -> bool:
    return _in(ord(ch), _BREAK_ANYWHERE_RANGES)


def _break_tokens(text: str) -> Iterator[str]:
    """Pieces of ``text`` after which a line may break."""
    start = 0
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if nxt in _NO_LINE_START or ord(nxt) in _JOINERS:
            continue
        after_space = ch.isspace() and not nxt.isspace()
        if after_space or _breaks_anywhere(ch) or _breaks_anywhere(nxt):
            yield text[start : i + 1]
            start = i + 1
    if start < len(text):
        yield text[start:]


def _lay_line(text: str, rtl: bool, size: int, bold: bool) -> LaidLine:
    text = text.rstrip()
    runs = split_runs(text, rtl)
    width = sum(run_width(r, size, bold) for r in runs)
    return LaidLine(tuple(_visual_order(runs, rtl)), width, rtl)


def wrap_paragraph(text: str, size: int, max_width: float, bold: bool = False) -> list[LaidLine]:
    """Wrap one paragraph (no newlines) into lines no wider than ``max_width``."""
    rtl = paragraph_is_rtl(text)
    lines: list[str] = []
    current = ""
    current_width = 0.0
    for token in _break_tokens(text):
        width = text_width(token.rstrip(), size, bold)
        if current and current_width + width > max_width:
            lines.append(current)
            current, current_width = "", 0.0
        if width > max_width:  # a URL or a run of letters longer than a line
            for ch in token:
                ch_width = text_width(ch, size, bold)
                if current and current_width + ch_width > max_width:
                    lines.append(current)
                    current, current_width = "", 0.0
                current += ch
                current_width += ch_width
            continue
        current += token
        current_width += text_width(token, size, bold)
    if current.strip() or not lines:
        lines.append(current)
    return [_lay_line(line, rtl, size, bold) for line in lines]


def wrap_text(text: str, size: int, max_width: float, bold: bool = False) -> list[LaidLine]:
    """Wrap text with newlines into laid-out lines."""
    lines: list[LaidLine] = []
    for paragraph in clean_for_drawing(text).split("\n"):
        lines.extend(wrap_paragraph(paragraph, size, max_width, bold))
    return lines


def draw_line(
    image: Image.Image,
    line: LaidLine,
    left: float,
    baseline: float,
    size: int,
    fill: tuple[int, int, int],
    bold: bool = False,
) -> None:
    """Draw ``line`` with its left edge at ``left`` and its baseline at ``baseline``."""
    draw = ImageDraw.Draw(image)
    x = left
    for run in line.runs:
        width = run_width(run, size, bold)
        if run.script is Script.EMOJI:
            glyphs = _emoji_image(run.text, size)
            top = round(baseline - glyphs.height * 0.8)
            image.paste(glyphs, (round(x), top), glyphs)
        else:
            mask, dx, dy = _run_mask(run, size, bold)
            draw.bitmap((round(x + dx), round(baseline + dy)), mask, fill=fill)
        x += width


def render_text(
    text: str, size: int, fill: tuple[int, int, int] = (0, 0, 0), bold: bool = False
) -> Image.Image:
    """Draw one line of text on a white image just large enough for it."""
    line = _lay_line(clean_for_drawing(text), paragraph_is_rtl(text), size, bold)
    image = Image.new("RGB", (max(1, round(line.width) + 4), round(size * 1.8)), "white")
    draw_line(image, line, 2, round(size * 1.3), size, fill, bold)
    return image
