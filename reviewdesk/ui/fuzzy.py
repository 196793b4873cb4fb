"""Fuzzy matching for the command palette: a pure, case-insensitive ranking of texts.

A query matches a text in one of these ways, best first: the whole text, a
prefix of it, a run starting at the beginning of a word, every query word
starting a word of the text ("case next" finds "Next case"), the initials
of consecutive words ("dp" finds "Delivery problems"), anywhere inside it,
and finally as a tight scattered subsequence ("nxcs" finds "Next case"; a
match spread thin over a long sentence is chance, not a match). Ties go to
the earlier match, then to the shorter text. No Qt here: the palette's model calls it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Score bands, one per kind of match; a better kind always outranks a worse one.
EXACT = 7
PREFIX = 6
WORD_START = 5
ALL_WORDS = 4
INITIALS = 3
SUBSTRING = 2
SUBSEQUENCE = 1

_BAND = 100_000
#: Longer texts (a post's preview) match only by words and runs: initials and
#: scattered letters found in a whole sentence are chance.
SHORT_TEXT = 60
#: A scattered match may skip at most this many characters per query character.
MAX_SPREAD = 2
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """The comparable form of a text: case folded, runs of spaces made one."""
    return " ".join(text.casefold().split())


def _word_starts(text: str) -> list[int]:
    return [match.start() for match in _WORD.finditer(text)]


def _is_initials(query: str, words: Sequence[str]) -> bool:
    """True when ``query``'s letters are the initials of consecutive words of the text."""
    letters = query.replace(" ", "")
    initials = "".join(word[0] for word in words)
    return len(letters) > 1 and letters in initials


def _subsequence_gaps(query: str, text: str) -> int | None:
    """How many characters a scattered match of ``query`` skips in ``text``.

    None when there is no match, or when the match is spread so thin (more
    than :data:`MAX_SPREAD` characters per query character) that it is chance:
    "amira" is found in any long enough sentence.
    """
    letters = query.replace(" ", "")
    best: int | None = None
    start = text.find(letters[0]) if letters else -1
    while start >= 0:  # the tightest match from each place the first letter occurs
        gaps, position = 0, start + 1
        for char in letters[1:]:
            found = text.find(char, position)
            if found < 0:
                return best
            gaps += found - position
            position = found + 1
        if gaps <= MAX_SPREAD * len(letters) and (best is None or gaps < best):
            best = gaps
        start = text.find(letters[0], start + 1)
    return best


def score(query: str, text: str) -> int | None:
    """How well ``query`` matches ``text`` (higher is better), or None when it does not.

    An empty query matches everything with the lowest score.
    """
    wanted, candidate = normalise(query), normalise(text)
    if not wanted:
        return 0
    if not candidate:
        return None
    tie_break = max(0, 999 - len(candidate))
    if candidate == wanted:
        return EXACT * _BAND + tie_break
    if candidate.startswith(wanted):
        return PREFIX * _BAND + tie_break
    starts = _word_starts(candidate)
    at_word = [s for s in starts if candidate.startswith(wanted, s)]
    if at_word:
        return WORD_START * _BAND + max(0, 999 - at_word[0]) * 10 + tie_break % 10
    words = [candidate[s:].split(" ", 1)[0] for s in starts]
    query_words = wanted.split(" ")
    if len(query_words) > 1 and all(
        any(word.startswith(part) for word in words) for part in query_words
    ):
        return ALL_WORDS * _BAND + tie_break
    short = len(candidate) <= SHORT_TEXT
    if short and _is_initials(wanted, words):
        return INITIALS * _BAND + tie_break
    inside = candidate.find(wanted)
    if inside >= 0:
        return SUBSTRING * _BAND + max(0, 999 - inside) * 10 + tie_break % 10
    gaps = _subsequence_gaps(wanted, candidate) if short else None
    if gaps is None:
        return None
    return SUBSEQUENCE * _BAND + max(0, 9_999 - gaps * 10 - len(candidate))


def best_score(query: str, fields: Iterable[str]) -> int | None:
    """The best score of ``query`` over several texts of one item (None: none matches).

    Earlier fields weigh slightly more, so a match in a title beats the same
    match in an id or a group name.
    """
    best: int | None = None
    for rank, field in enumerate(fields):
        found = score(query, field)
        if found is not None:
            weighted = found - rank  # the first field wins a tie
            best = weighted if best is None else max(best, weighted)
    return best


def rank(query: str, items: Iterable[T], fields: Callable[[T], Iterable[str]]) -> list[T]:
    """The items ``query`` matches, best first; equally good ones keep their order."""
    scored: list[tuple[int, int, T]] = []
    for order, item in enumerate(items):
        found = best_score(query, fields(item))
        if found is not None:
            scored.append((-found, order, item))
    scored.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _score, _order, item in scored]
