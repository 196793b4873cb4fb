"""What the command palette searches and how it ranks it, without Qt (safe on a worker).

The palette lists commands, the cases loaded in the queue and their members.
Commands are few and are ranked on the GUI thread with :func:`rank_entries`.
Cases and members can be a hundred thousand: a :class:`SnapshotBuilder`
turns the queue's rows into an immutable :class:`QueueSnapshot` of prepared
(normalised) texts, once per palette opening or queue change, reusing what it
prepared before for rows that did not change, and :func:`search_queue` ranks
a snapshot for one query on a worker. Both keep only the best ``limit``
matches (a heap, no full sort), count every match, and give up as soon as
``stale()`` says a newer query was typed.

Matching rules (as before the palette searched on a worker): a case is found
only by runs of its texts (id, member name, preview), by its id alone for a
one-character query, and "case 42" looks for the case with id 42; commands
and members go through the whole fuzzy ranking of :mod:`reviewdesk.ui.fuzzy`.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from reviewdesk.api.models import CaseSummary
from reviewdesk.domain.enums import CATEGORY_TITLES
from reviewdesk.ui.case.text_format import plural
from reviewdesk.ui.fuzzy import (
    BELOW_PREFIX,
    SHORT_TEXT,
    Query,
    best_score_prepared,
    best_start_score,
    initials,
    normalise,
)

#: At most this many matches are listed (typing narrows the rest down).
MAX_SHOWN = 200
#: How many candidates are ranked (or rows prepared) between two looks at ``stale()``.
STALE_CHECK_EVERY = 128
#: Cases given the quick first test at a time (then ``stale()`` is asked again).
SCAN_CHUNK = 2048


class EntryKind(Enum):
    """What an entry of the palette stands for."""

    COMMAND = "command"
    CASE = "case"
    MEMBER = "member"


@dataclass(frozen=True)
class PaletteEntry:
    """One line of the palette: what it is, how it reads and what is searched.

    ``title`` and ``detail`` may hold member text as typed: they are made
    one safe line (hidden characters as markers) only when shown.
    """

    kind: EntryKind
    #: The command id, case id or member id.
    key: str
    title: str
    detail: str
    #: Shown at the right: the command's keys, or what Enter does.
    hint: str
    #: The texts the query is matched against, the most telling first (normalised).
    fields: tuple[str, ...]
    #: For a case or a member: the case Enter opens (a member's first in the queue).
    case_id: str = ""

    @property
    def haystack(self) -> str:
        """Every searched text in one string, for a quick first test."""
        return "\n".join(self.fields)


#: One ranked match: (score, order among its source, entry); higher scores first.
Scored = tuple[int, int, PaletteEntry]


def searched(*texts: str) -> tuple[str, ...]:
    """The texts an entry is found by, normalised once."""
    return tuple(normalise(text) for text in texts)


def case_entry(summary: CaseSummary) -> PaletteEntry:
    """The palette line of one queued case."""
    category = CATEGORY_TITLES[summary.category]
    return PaletteEntry(
        EntryKind.CASE,
        summary.id,
        f"Case {summary.id} · {summary.member_name}",
        f"{category} · {summary.preview}" if summary.preview else category,
        "open case",
        searched(summary.id, summary.member_name, summary.preview),
        summary.id,
    )


def member_entry(member_id: str, name: str, first_case: str, count: int) -> PaletteEntry:
    """The palette line of a member with ``count`` cases in the queue (Enter: the first)."""
    return PaletteEntry(
        EntryKind.MEMBER,
        member_id,
        name,
        f"Member {member_id} · {plural(count, 'case')} in the queue",
        "open first case",
        searched(name, member_id),
        first_case,
    )


def case_query(wanted: str) -> str:
    """What cases are matched against: "case 42" looks for id 42; "case" alone is a word."""
    return wanted.removeprefix("case ").strip() if wanted != "case" else wanted


def _never() -> bool:
    return False


class PreparedCase:
    """A queued case with its texts normalised for matching (built on a worker).

    The initials of the id and preview are worked out on the first search
    that needs them (:meth:`all_initials`), on the worker, and kept.
    """

    __slots__ = ("fields", "haystack", "initials", "initials_done", "key", "summary")

    def __init__(self, summary: CaseSummary, name: tuple[str, str]) -> None:
        """``name`` is the member name normalised and its initials (shared by their cases)."""
        self.summary = summary
        #: The case id as the one-character test compares it.
        self.key = summary.id.casefold()
        self.fields = (normalise(summary.id), name[0], normalise(summary.preview))
        #: The member name's initials; those of the id and preview are found when needed.
        self.initials: tuple[str | None, ...] = (None, name[1], None)
        self.initials_done = False
        self.haystack = "\n".join(self.fields)

    def all_initials(self) -> tuple[str | None, ...]:
        """The initials of every short field (long ones never match by initials)."""
        if not self.initials_done:
            self.initials = tuple(
                initials(field) if len(field) <= SHORT_TEXT else "" for field in self.fields
            )
            self.initials_done = True
        return self.initials


class PreparedMember:
    """A member with a case in the queue, texts normalised, and the characters they hold."""

    __slots__ = ("chars", "count", "fields", "first_case", "initials", "member_id", "name")

    def __init__(
        self, member_id: str, name: str, first_case: str, count: int, prepared: tuple[str, str]
    ) -> None:
        """``prepared`` is the name normalised and its initials."""
        self.member_id = member_id
        self.name = name
        self.first_case = first_case
        self.count = count
        self.fields = (prepared[0], normalise(member_id))
        self.initials = (prepared[1], None)
        #: Every character of the texts: a query with a letter outside it cannot match.
        self.chars = frozenset("".join(self.fields))

    def entry(self) -> PaletteEntry:
        """This member's palette line."""
        return member_entry(self.member_id, self.name, self.first_case, self.count)


@dataclass(frozen=True)
class QueueSnapshot:
    """The queue's cases and members as prepared at one moment.

    Never changes once built (only the initials its cases work out on first
    need are filled in, by the one worker that searches it).
    """

    cases: tuple[PreparedCase, ...] = ()
    members: tuple[PreparedMember, ...] = ()

    @property
    def size(self) -> int:
        """How many entries (cases and members) the snapshot holds."""
        return len(self.cases) + len(self.members)

    def entries(self) -> list[PaletteEntry]:
        """Every case, then every member (each once), in queue order."""
        return [case_entry(case.summary) for case in self.cases] + [
            member.entry() for member in self.members
        ]


class SnapshotBuilder:
    """Builds queue snapshots, keeping what it prepared: a grown queue costs only its new rows.

    The same rows again give the same snapshot at once; rows appended to
    the last ones (the next page) are the only ones prepared. Use it from one
    thread at a time (the palette's single search worker).
    """

    def __init__(self) -> None:
        self._rows: tuple[CaseSummary, ...] = ()
        self._snapshot = QueueSnapshot()
        #: Per member id, in order of first case: (first case id, name, case count).
        self._tally: dict[str, tuple[str, str, int]] = {}
        self._cases: dict[str, PreparedCase] = {}
        self._members: dict[tuple[str, str, str, int], PreparedMember] = {}
        self._names: dict[str, tuple[str, str]] = {}

    def _name(self, name: str) -> tuple[str, str]:
        """A member name normalised, with its initials (worked out once per name)."""
        prepared = self._names.get(name)
        if prepared is None:
            text = normalise(name)
            prepared = self._names[name] = (text, initials(text))
        return prepared

    def build(
        self, rows: Sequence[CaseSummary], breathe: Callable[[], object] = _never
    ) -> QueueSnapshot:
        """The snapshot of ``rows`` (the queue's cases in order).

        ``breathe`` is called every few hundred rows (it may pause the worker).
        """
        rows = tuple(rows)
        known_rows = len(self._rows)
        if rows == self._rows:
            return self._snapshot
        if len(rows) > known_rows and rows[:known_rows] == self._rows:
            # The queue grew by pages: only the new rows are prepared.
            cases = list(self._snapshot.cases)
            tally = dict(self._tally)
            kept = self._cases
            fresh = rows[known_rows:]
        else:
            cases, tally, kept, fresh = [], {}, {}, rows
        known = self._cases
        for done, summary in enumerate(fresh):
            if done % STALE_CHECK_EVERY == 0:
                breathe()
            prepared = known.get(summary.id)
            if prepared is None or prepared.summary is not summary:
                prepared = PreparedCase(summary, self._name(summary.member_name))
            cases.append(prepared)
            kept[summary.id] = prepared
            first_case, name, count = tally.get(
                summary.member_id, (summary.id, summary.member_name, 0)
            )
            tally[summary.member_id] = (first_case, name, count + 1)
        self._cases = kept
        members: list[PreparedMember] = []
        known_members = self._members
        kept_members: dict[tuple[str, str, str, int], PreparedMember] = {}
        for member_id, (first_case, name, count) in tally.items():
            key = (member_id, name, first_case, count)
            member = known_members.get(key) or PreparedMember(
                member_id, name, first_case, count, self._name(name)
            )
            members.append(member)
            kept_members[key] = member
        self._members = kept_members
        if len(self._names) > 4 * len(kept_members) + 1024:  # forget names long gone
            current = {name for _first, name, _count in tally.values()}
            self._names = {k: v for k, v in self._names.items() if k in current}
        self._rows, self._tally = rows, tally
        self._snapshot = QueueSnapshot(tuple(cases), tuple(members))
        return self._snapshot


@dataclass(frozen=True)
class SearchAnswer:
    """The best matches of one query among the queue's cases and members."""

    #: Which query this answers (the palette drops answers of an older generation).
    generation: int
    #: The query as typed.
    query: str
    #: The best matches, best first (at most the limit asked for).
    matches: tuple[Scored, ...]
    #: How many entries match in all.
    count: int


class _Best:
    """The ``limit`` best (score, order) seen so far, in a min-heap, and how many matched."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.heap: list[tuple[int, int, int]] = []
        self.count = 0

    def offer(self, score: int, order: int, index: int) -> None:
        self.count += 1
        item = (score, -order, index)
        if len(self.heap) < self.limit:
            heapq.heappush(self.heap, item)
        elif item > self.heap[0]:
            heapq.heapreplace(self.heap, item)

    def floor(self) -> int:
        """The score a match must beat to be kept (-1 while there is room)."""
        return self.heap[0][0] if len(self.heap) >= self.limit else -1

    def best_first(self) -> list[tuple[int, int, int]]:
        return sorted(self.heap, reverse=True)


def search_queue(
    snapshot: QueueSnapshot,
    query: str,
    generation: int = 0,
    limit: int = MAX_SHOWN,
    stale: Callable[[], bool] = _never,
) -> SearchAnswer | None:
    """The best ``limit`` cases and members for ``query``, or None when ``stale()`` turned true.

    Pure and read-only over the snapshot: meant for a worker thread.
    """
    wanted = normalise(query)
    cases, members = snapshot.cases, snapshot.members
    member_base = len(cases)
    if not wanted:
        first = [(0, order, case_entry(case.summary)) for order, case in enumerate(cases[:limit])]
        rest = [
            (0, member_base + order, member.entry())
            for order, member in enumerate(members[: limit - len(first)])
        ]
        return SearchAnswer(generation, query, tuple(first + rest), snapshot.size)
    best = _Best(limit)
    looked_for = case_query(wanted)
    prepared = Query(looked_for, normalised=True)
    # A query of one word is in every case the quick test lets through: each one matches.
    one_word = " " not in looked_for
    by_initials = len(prepared.letters) > 1
    for start in range(0, len(cases), SCAN_CHUNK):
        if stale():
            return None
        chunk = cases[start : start + SCAN_CHUNK]
        if len(looked_for) < 2:
            found_in = [n for n, case in enumerate(chunk, start) if case.key.startswith(looked_for)]
        else:
            parts = looked_for.split(" ")
            found_in = [n for n, case in enumerate(chunk, start) if parts[0] in case.haystack]
            for part in parts[1:]:
                found_in = [n for n in found_in if part in cases[n].haystack]
        for done, n in enumerate(found_in, 1):
            if done % STALE_CHECK_EVERY == 0 and stale():
                return None
            case = cases[n]
            if one_word and best.floor() >= BELOW_PREFIX:
                # Only a text starting with the query could still beat the best listed.
                found = best_start_score(looked_for, case.fields)
                if found is None:
                    best.count += 1  # a match all the same, only not among the best
                else:
                    best.offer(found, n, n)
                continue
            found = best_score_prepared(
                prepared, case.fields, case.all_initials() if by_initials else case.initials
            )
            if found is not None:
                best.offer(found, n, n)
    member_query = Query(wanted, normalised=True)
    needed = frozenset(member_query.letters)
    for n, member in enumerate(members):
        if n % STALE_CHECK_EVERY == 0 and stale():
            return None
        if not needed <= member.chars:
            continue  # a letter the member's texts do not hold: no kind of match is possible
        found = best_score_prepared(member_query, member.fields, member.initials)
        if found is not None:
            best.offer(found, member_base + n, member_base + n)
    matches: list[Scored] = []
    for score, negative_order, index in best.best_first():
        entry = (
            case_entry(cases[index].summary)
            if index < member_base
            else members[index - member_base].entry()
        )
        matches.append((score, -negative_order, entry))
    return SearchAnswer(generation, query, tuple(matches), best.count)


class QueueSearcher:
    """The palette's worker side: loads snapshots of the queue and answers queries.

    :meth:`load` and :meth:`search` run on a worker; :attr:`newest` is set
    on the GUI thread to the generation of the latest query, and a search of
    an older generation gives up early (it returns None). :meth:`pause`,
    called on the GUI thread at a keystroke, makes the worker step aside for
    a moment, so the interpreter lock is the GUI thread's while it echoes.
    """

    def __init__(self) -> None:
        self._builder = SnapshotBuilder()
        self._lock = threading.Lock()
        #: The snapshot searched; replaced whole by :meth:`load`.
        self.snapshot = QueueSnapshot()
        #: The generation of the newest query asked for.
        self.newest = 0
        #: The worker waits until then (``time.monotonic``) before going on.
        self._resume_at = 0.0

    def pause(self, seconds: float) -> None:
        """Have the worker wait ``seconds`` from now at its next look (GUI thread)."""
        self._resume_at = time.monotonic() + seconds

    def _breathe(self) -> None:
        """Wait while paused (the lock is released while sleeping)."""
        delay = self._resume_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def load(self, rows: Sequence[CaseSummary]) -> QueueSnapshot:
        """Prepare the queue's ``rows`` and search them from now on."""
        with self._lock:
            snapshot = self._builder.build(rows, self._breathe)
        self.snapshot = snapshot
        return snapshot

    def search(self, query: str, generation: int) -> SearchAnswer | None:
        """The answer for ``query`` over the current snapshot (None: a newer query came)."""

        def stale() -> bool:
            self._breathe()
            return generation != self.newest

        if stale():
            return None
        return search_queue(self.snapshot, query, generation, stale=stale)


def _may_match(entry: PaletteEntry, wanted: str) -> bool:
    """A quick first test: a case is found only by runs of its texts (an id from 1 character).

    Commands and members (a few hundred at most) always go on to the full ranking.
    """
    if entry.kind is not EntryKind.CASE:
        return True
    if len(wanted) < 2:
        return entry.key.casefold().startswith(wanted)
    haystack = entry.haystack
    return all(part in haystack for part in wanted.split(" "))


def rank_entries(
    query: str, entries: Sequence[PaletteEntry], limit: int = MAX_SHOWN
) -> tuple[list[Scored], int]:
    """The best ``limit`` of a few entries for ``query``, best first, and how many match."""
    wanted = normalise(query)
    if not wanted:
        return [(0, order, entry) for order, entry in enumerate(entries[:limit])], len(entries)
    looked_for = case_query(wanted)
    plain, for_cases = Query(wanted, normalised=True), Query(looked_for, normalised=True)
    best = _Best(limit)
    for order, entry in enumerate(entries):
        is_case = entry.kind is EntryKind.CASE
        if is_case and not _may_match(entry, looked_for):
            continue
        found = best_score_prepared(for_cases if is_case else plain, entry.fields)
        if found is not None:
            best.offer(found, order, order)
    ranked = [(score, -negative, entries[index]) for score, negative, index in best.best_first()]
    return ranked, best.count
