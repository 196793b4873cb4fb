"""Finding the characters a reader cannot see, and naming them.

Member text may carry zero-width spaces and joiners, byte-order marks, bidi
embeddings, overrides and isolates, control characters, invisible fillers,
stacks of combining marks that spill over neighbouring lines, and hidden
"tag" or variation-selector payloads. :func:`hidden_runs` finds every such run
and gives it a short visible label (``RLO``, ``ZWSP×3``, ``+12 marks``) to be
shown instead of it; nothing it finds is left in the text, so no bidi control
can reorder what is around it.

Joiners that a script needs are kept: a zero-width joiner between two emoji
(family and profession emoji) and a joiner or non-joiner between two letters
of the same non-Latin script (Persian, Devanagari...).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from reviewdesk.evidence.scripts import script_of

MARKER_OPEN = "⟦"
MARKER_CLOSE = "⟧"
#: Combining marks allowed on one base character before the rest are folded away.
MAX_MARKS_PER_BASE = 4
#: Variation selectors allowed after one base character.
MAX_SELECTORS_PER_BASE = 1

ZWJ = "\u200d"
ZWNJ = "\u200c"
_BLACK_FLAG = "\U0001f3f4"
_CANCEL_TAG = "\U000e007f"

#: Short names of the invisible characters a moderator meets most.
NAMES: dict[str, str] = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\x0b": "VT",
    "\x0c": "FF",
    "\r": "CR",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\u00ad": "SHY",
    "\u034f": "CGJ",
    "\u061c": "ALM",
    "\u115f": "HANGUL FILLER",
    "\u1160": "HANGUL FILLER",
    "\u17b4": "KHMER INHERENT",
    "\u17b5": "KHMER INHERENT",
    "\u180e": "MVS",
    "\u200b": "ZWSP",
    ZWNJ: "ZWNJ",
    ZWJ: "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u2028": "LS",
    "\u2029": "PS",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2060": "WJ",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u2800": "BRAILLE BLANK",
    "\u3164": "HANGUL FILLER",
    "\ufeff": "BOM",
    "\uffa0": "HANGUL FILLER",
    "\ufffc": "OBJ",
}
#: Visible characters that still hide something: fillers and the object placeholder.
_ALWAYS_HIDDEN = frozenset(
    {"\u115f", "\u1160", "\u17b4", "\u17b5", "\u2800", "\u3164", "\uffa0", "\ufffc"}
)
#: Characters that are never replaced even though ``str.isprintable`` says no.
_KEPT = frozenset({"\n", "\t", " "})
#: Scripts whose writing never needs a joiner between letters.
_JOINERLESS_SCRIPTS = frozenset({"", "LATIN", "CYRILLIC", "GREEK"})

_MARK_LABEL = "MARK"
_SELECTOR_LABEL = "VS"
_TAG_LABEL = "TAG"


@dataclass(frozen=True)
class HiddenRun:
    """Characters ``text[start:end]``, to be shown as :attr:`label` in a marker."""

    start: int
    end: int
    label: str

    @property
    def marker(self) -> str:
        """The visible stand-in, for example ``⟦RLO⟧``."""
        return f"{MARKER_OPEN}{self.label}{MARKER_CLOSE}"


def char_label(char: str) -> str:
    """The short name of one character: ``RLO``, ``ZWSP``, or ``U+E0041``."""
    return NAMES.get(char) or f"U+{ord(char):04X}"


def _is_selector(char: str) -> bool:
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _is_tag(char: str) -> bool:
    return 0xE0000 <= ord(char) <= 0xE007F


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) == "So" or 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF
    )


def _emoji_base_before(text: str, index: int) -> str:
    """The character before ``index``, skipping variation selectors and skin tones."""
    position = index - 1
    while position >= 0 and (
        _is_selector(text[position]) or 0x1F3FB <= ord(text[position]) <= 0x1F3FF
    ):
        position -= 1
    return text[position] if position >= 0 else ""


def _joiner_is_needed(text: str, index: int) -> bool:
    """True for a ZWJ inside an emoji sequence, or a joiner between letters of one script."""
    if index == 0 or index + 1 >= len(text):
        return False
    after = text[index + 1]
    if text[index] == ZWJ:
        before = _emoji_base_before(text, index)
        if before and _is_emoji(before) and _is_emoji(after):
            return True
    script = script_of(text[index - 1])
    return script not in _JOINERLESS_SCRIPTS and script == script_of(after)


def _flag_tag_end(text: str, index: int) -> int:
    """End of a subdivision flag's tag letters that start at ``index`` (else ``index``)."""
    if index == 0 or text[index - 1] != _BLACK_FLAG:
        return index
    position = index
    while position < len(text) and position - index <= 7 and _is_tag(text[position]):
        if text[position] == _CANCEL_TAG:
            return position + 1
        position += 1
    return index


def _label_at(text: str, index: int) -> str | None:
    """The label of ``text[index]`` when it is hidden on its own, else None."""
    char = text[index]
    if char in _KEPT:
        return None
    if char == "\r":
        return "" if text[index + 1 : index + 2] == "\n" else NAMES["\r"]
    if char in _ALWAYS_HIDDEN:
        return NAMES[char]
    if char.isprintable() or char == "\u00a0" or unicodedata.category(char) == "Zs":
        return None
    if char in (ZWJ, ZWNJ) and _joiner_is_needed(text, index):
        return None
    if _is_tag(char):
        return _TAG_LABEL
    return char_label(char)


def _ranges(codes: list[int]) -> str:
    """A regular-expression character class body covering ``codes`` (sorted)."""
    parts: list[str] = []
    first = previous = -2
    for code in [*codes, -1]:
        if code == previous + 1:
            previous = code
            continue
        if first >= 0:
            parts.append(re.escape(chr(first)))
            if previous > first:
                parts.append("-" + re.escape(chr(previous)))
        first = previous = code
    return "".join(parts)


@dataclass(frozen=True)
class _Patterns:
    hidden: re.Pattern[str]
    mark_flood: re.Pattern[str]
    selector_flood: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """Character classes built once from the Unicode database (a few tens of ms).

    The classes cover the Basic Multilingual Plane only, so the regular
    expression engine can test them with a bitmap; any character above it is
    matched as a candidate and judged one by one (:func:`_astral_is_hidden`).
    """
    hidden: list[int] = []
    marks: list[int] = []
    for code in range(0x10000):
        char = chr(code)
        if _is_selector(char):
            continue
        category = unicodedata.category(char)
        if category in ("Mn", "Me"):
            marks.append(code)
        elif char in _ALWAYS_HIDDEN or (
            not char.isprintable() and char not in _KEPT and category != "Zs"
        ):
            hidden.append(code)
    return _Patterns(
        hidden=re.compile(f"[{_ranges(hidden)}]|[\\U00010000-\\U0010ffff]"),
        mark_flood=re.compile(f"[{_ranges(marks)}]{{{MAX_MARKS_PER_BASE + 1},}}"),
        selector_flood=re.compile(
            f"[\\ufe00-\\ufe0f\\U000e0100-\\U000e01ef]{{{MAX_SELECTORS_PER_BASE + 1},}}"
        ),
    )


def _astral_is_hidden(char: str) -> bool:
    """True for a character above the BMP that hides (tags, private use, format...)."""
    return not _is_selector(char) and (_is_tag(char) or not char.isprintable())


def warm_up() -> None:
    """Build the character classes now (call from a worker thread at start-up)."""
    _patterns()


def _scan(text: str) -> Iterator[tuple[int, str]]:
    """Each hidden character's index and label, in order (labels merged into runs later)."""
    patterns = _patterns()
    found: list[tuple[int, str]] = []
    for match in patterns.mark_flood.finditer(text):
        found.extend(
            (i, _MARK_LABEL) for i in range(match.start() + MAX_MARKS_PER_BASE, match.end())
        )
    for match in patterns.selector_flood.finditer(text):
        found.extend(
            (i, _SELECTOR_LABEL) for i in range(match.start() + MAX_SELECTORS_PER_BASE, match.end())
        )
    skip_to = 0
    for match in patterns.hidden.finditer(text):
        index = match.start()
        if index < skip_to:
            continue
        if ord(text[index]) > 0xFFFF and not _astral_is_hidden(text[index]):
            continue
        if _is_tag(text[index]):
            flag_end = _flag_tag_end(text, index)
            if flag_end > index:
                skip_to = flag_end
                continue
        label = _label_at(text, index)
        if label is not None:
            found.append((index, label))
    found.sort()
    return iter(found)


def _run_label(label: str, chars: str) -> str:
    count = len(chars)
    if label == _MARK_LABEL:
        return f"+{count} mark" + ("s" if count > 1 else "")
    if label == _SELECTOR_LABEL:
        return f"+{count} selector" + ("s" if count > 1 else "")
    if label == _TAG_LABEL:
        hidden = "".join(
            chr(ord(c) - 0xE0000) if 0x20 <= ord(c) - 0xE0000 < 0x7F else "?" for c in chars
        )
        return f'hidden tag text "{hidden}"'
    return label if count == 1 else f"{label}×{count}"


def hidden_runs(text: str) -> list[HiddenRun]:
    """Every run of hidden characters in ``text``, in order.

    Neighbouring characters with the same label form one run (``ZWSP×3``). A
    carriage return before a line feed gets an empty label: it is dropped
    silently, as part of the line break.
    """
    runs: list[HiddenRun] = []
    current: tuple[int, int, str] | None = None
    for index, label in _scan(text):
        if current is not None and current[1] == index and current[2] == label:
            current = (current[0], index + 1, label)
            continue
        if current is not None:
            runs.append(_make_run(text, current))
        current = (index, index + 1, label)
    if current is not None:
        runs.append(_make_run(text, current))
    return runs


def _make_run(text: str, run: tuple[int, int, str]) -> HiddenRun:
    start, end, label = run
    if not label:
        return HiddenRun(start, end, "")
    return HiddenRun(start, end, _run_label(label, text[start:end]))


def reveal(text: str) -> str:
    """``text`` with every hidden run replaced by its marker (CR before LF dropped)."""
    runs = hidden_runs(text)
    if not runs:
        return text
    pieces: list[str] = []
    position = 0
    for run in runs:
        pieces.append(text[position : run.start])
        if run.label:
            pieces.append(run.marker)
        position = run.end
    pieces.append(text[position:])
    return "".join(pieces)


def has_hidden(text: str) -> bool:
    """True when :func:`reveal` would change ``text``."""
    return bool(hidden_runs(text))
