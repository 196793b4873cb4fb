"""Fuzzy matching for the command palette: a pure, case-insensitive ranking of texts.

A query matches a text in one of these ways, best first: the whole text, a
prefix of it, a run starting at the beginning of a word, every query word
starting a word of the text ("case next" finds "Next case"), the initials
of consecutive words ("dp" finds "Delivery problems"), anywhere inside it,
and finally as a tight scattered subsequence ("nxcs" finds "Next case"; a
match spread thin over a long sentence is chance, not a match). Ties go to
the earlier match, then to the shorter text. No Qt here: the palette calls it,
also from its worker thread.

Ranking many texts for one query is quicker with the query prepared once
(:class:`Query`), the texts normalised once, and the initials of short texts
worked out once (:func:`initials`): :func:`score_prepared` and
:func:`best_score_prepared` take them; :func:`score` and :func:`best_score`
give the same results from plain strings.
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
#: Every score of a text that does not start with the query is below this one.
BELOW_PREFIX = PREFIX * _BAND - 1
#: Longer texts (a post's preview) match only by words and runs: initials and
#: scattered letters found in a whole sentence are chance.
SHORT_TEXT = 60
#: A scattered match may skip at most this many characters per query character.
MAX_SPREAD = 1
#: The first character of a word: a letter or digit not right after another one.
_INITIAL = re.compile(r"(?<![^\W_])[^\W_]")


def normalise(text: str) -> str:
    """The comparable form of a text: case folded, runs of spaces made one."""
    return " ".join(text.casefold().split())


def initials(text: str) -> str:
    """The first character of every word of a normalised text, in order ("next case": "nc").

    Prepared once per text by callers that rank the same texts for many queries.
    """
    return "".join(_INITIAL.findall(text))


def _subsequence_gaps(letters: str, text: str) -> int | None:
    """How many characters a scattered match of ``letters`` skips in ``text``.

    None when there is no match, or when the match is spread so thin (more
    than :data:`MAX_SPREAD` characters per query character) that it is chance:
    "amira" is found in any long enough sentence.
    """
    if not letters:
        return None
    first, rest = letters[0], letters[1:]
    allowed = MAX_SPREAD * len(letters)
    best: int | None = None
    start = text.find(first)
    while start >= 0:  # the tightest match from each place the first letter occurs
        gaps, position = 0, start + 1
        for char in rest:
            found = text.find(char, position)
            if found < 0:
                return best
            gaps += found - position
            position = found + 1
            if gaps > allowed:
                break  # too thin already: no need to look further from here
        if gaps <= allowed and (best is None or gaps < best):
            best = gaps
            if gaps == 0:
                return 0  # nothing tighter exists
        start = text.find(first, start + 1)
    return best


def _first_word_start(text: str, part: str) -> int:
    """Where ``part`` first occurs at the start of a word of ``text`` (-1: nowhere)."""
    found = text.find(part)
    while found >= 0:
        if found == 0 or not text[found - 1].isalnum():
            return found
        found = text.find(part, found + 1)
    return -1


class Query:
    """A normalised query with the pieces every comparison needs, worked out once."""

    __slots__ = ("letters", "parts", "several", "text")

    def __init__(self, query: str, normalised: bool = False) -> None:
        self.text = query if normalised else normalise(query)
        #: The query without its spaces (initials and scattered letters ignore them).
        self.letters = self.text.replace(" ", "")
        #: Its words ("case next": "case", "next").
        self.parts = tuple(self.text.split(" "))
        self.several = len(self.parts) > 1


def score(query: str, text: str) -> int | None:
    """How well ``query`` matches ``text`` (higher is better), or None when it does not.

    An empty query matches everything with the lowest score.
    """
    return score_normalised(normalise(query), normalise(text))


def score_normalised(wanted: str, candidate: str) -> int | None:
    """:func:`score` for a query and a text already passed through :func:`normalise`."""
    return score_prepared(Query(wanted, normalised=True), candidate)


def score_prepared(
    query: Query, candidate: str, candidate_initials: str | None = None
) -> int | None:
    """:func:`score` for a prepared query and a normalised text.

    ``candidate_initials`` is :func:`initials` of ``candidate`` when the caller
    prepared it (worked out here, only if needed, otherwise). Cheap tests come
    first, so ranking many thousand texts stays quick.
    """
    wanted = query.text
    if not wanted:
        return 0
    if not candidate or wanted[0] not in candidate:
        return None
    tie_break = max(0, 999 - len(candidate))
    if candidate == wanted:
        return EXACT * _BAND + tie_break
    if candidate.startswith(wanted):
        return PREFIX * _BAND + tie_break
    inside = candidate.find(wanted)
    short = len(candidate) <= SHORT_TEXT
    several = query.several
    if inside < 0 and not several and not short:
        return None  # a long text matches only by words and runs
    if inside >= 0:
        at_word = _first_word_start(candidate, wanted)
        if at_word >= 0:
            return WORD_START * _BAND + max(0, 999 - at_word) * 10 + tie_break % 10
    if several and all(_first_word_start(candidate, part) >= 0 for part in query.parts):
        return ALL_WORDS * _BAND + tie_break
    if short and len(query.letters) > 1:
        found_initials = initials(candidate) if candidate_initials is None else candidate_initials
        if query.letters in found_initials:
            return INITIALS * _BAND + tie_break
    if inside >= 0:
        return SUBSTRING * _BAND + max(0, 999 - inside) * 10 + tie_break % 10
    gaps = _subsequence_gaps(query.letters, candidate) if short else None
    if gaps is None:
        return None
    return SUBSEQUENCE * _BAND + max(0, 9_999 - gaps * 10 - len(candidate))


def best_start_score(wanted: str, fields: Sequence[str]) -> int | None:
    """The best score among ``fields`` that equal or start with ``wanted`` (None: none does).

    The full :func:`best_score_prepared` when the other fields cannot reach
    :data:`BELOW_PREFIX`: no text that does not start with the query can.
    """
    best: int | None = None
    for place, field in enumerate(fields):
        if field.startswith(wanted):
            band = EXACT if len(field) == len(wanted) else PREFIX
            found = band * _BAND + max(0, 999 - len(field)) - place
            if best is None or found > best:
                best = found
    return best


def best_score_prepared(
    query: Query, fields: Sequence[str], field_initials: Sequence[str | None] | None = None
) -> int | None:
    """:func:`best_score` for a prepared query over normalised fields (and their initials)."""
    best: int | None = None
    for place, field in enumerate(fields):
        found = score_prepared(
            query, field, None if field_initials is None else field_initials[place]
        )
        if found is not None:
            weighted = found - place  # the first field wins a tie
            if best is None or weighted > best:
                best = weighted
    return best


def best_score(query: str, fields: Iterable[str], normalised: bool = False) -> int | None:
    """The best score of ``query`` over several texts of one item (None: none matches).

    Earlier fields weigh slightly more, so a match in a title beats the same
    match in an id or a group name. With ``normalised``, ``query`` and the
    fields were already passed through :func:`normalise`.
    """
    prepared = Query(query, normalised=normalised)
    texts = tuple(fields) if normalised else tuple(normalise(field) for field in fields)
    return best_score_prepared(prepared, texts)


def rank(
    query: str,
    items: Iterable[T],
    fields: Callable[[T], Iterable[str]],
    normalised: bool = False,
) -> list[T]:
    """The items ``query`` matches, best first; equally good ones keep their order.

    With ``normalised`` the fields are already normalised (the query is normalised here).
    """
    prepared = Query(query)
    scored: list[tuple[int, int, T]] = []
    for order, item in enumerate(items):
        texts = tuple(fields(item)) if normalised else tuple(normalise(f) for f in fields(item))
        found = best_score_prepared(prepared, texts)
        if found is not None:
            scored.append((-found, order, item))
    scored.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _score, _order, item in scored]
