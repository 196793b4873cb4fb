"""Groups of alike cases: by reported member, near-identical text, screenshot or link domain.

Pure functions over :class:`GroupItem` (no Qt, no I/O). Text is compared in a
normalised form (:func:`normalise_text`): NFKC, links replaced by one token,
case folded, look-alike Cyrillic and Greek letters folded to Latin, invisible
characters dropped, every run of digits replaced by ``#`` and whitespace
collapsed; near-identical texts are those whose character-trigram sets have a
Jaccard similarity of at least :data:`TEXT_SIMILARITY` to the first text of
their group (leader clustering over an exact prefix-filtered index, so a wave of
a thousand variants costs a thousand comparisons).
Screenshots are alike when their 64-bit perceptual hashes differ in at most
:data:`IMAGE_DISTANCE` bits; those groups are built by union-find, so chains of
alike screenshots (a ~ b ~ c, re-encoded copies) end in one group.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from reviewdesk.domain.image_hash import NEAR_IDENTICAL_BITS
from reviewdesk.evidence.links import find_links

#: Minimal Jaccard similarity of trigram sets for two texts to count as near-identical.
TEXT_SIMILARITY = 0.6
#: Most group leaders one text is compared with (see :func:`leader_clusters`).
MAX_LEADERS_COMPARED = 48
#: Most bits two perceptual hashes may differ in for the screenshots to count as the same
#: (the domain's threshold: a re-encoded or resized copy stays within it).
IMAGE_DISTANCE = NEAR_IDENTICAL_BITS
#: What a link becomes in normalised text.
LINK_TOKEN = "\u27e8link\u27e9"
#: What a run of digits becomes in normalised text.
DIGIT_TOKEN = "#"


class GroupMode(StrEnum):
    """How the queue is grouped."""

    NONE = "none"
    MEMBER = "member"
    TEXT = "text"
    IMAGE = "image"
    LINK_DOMAIN = "link_domain"


GROUP_MODE_TITLES: Mapping[GroupMode, str] = MappingProxyType(
    {
        GroupMode.NONE: "No grouping",
        GroupMode.MEMBER: "Group by member",
        GroupMode.TEXT: "Group by alike text",
        GroupMode.IMAGE: "Group by alike screenshot",
        GroupMode.LINK_DOMAIN: "Group by link domain",
    }
)


def next_mode(mode: GroupMode) -> GroupMode:
    """The mode after ``mode`` in the cycle None, Member, Text, Screenshot, Link domain."""
    modes = list(GroupMode)
    return modes[(modes.index(mode) + 1) % len(modes)]


#: Lower-case Cyrillic and Greek letters that look like a Latin letter, folded to it.
CONFUSABLES: Mapping[str, str] = MappingProxyType(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "г": "r",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "п": "n",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ь": "b",
        "һ": "h",
        "ӏ": "l",
        "ү": "y",
        "ɡ": "g",
        # Greek
        "α": "a",
        "β": "b",
        "γ": "y",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ω": "w",
        "ς": "c",
        "σ": "o",
        "ϲ": "c",
        "ϳ": "j",
        # Latin look-alikes outside ASCII
        "ı": "i",
        "ȷ": "j",
        "ℓ": "l",
        "ɑ": "a",
    }
)
_CONFUSABLE_TABLE = {ord(k): v for k, v in CONFUSABLES.items() if len(k) == 1}
#: A group key and title for an item, or None when it has nothing to group by.
_KeyFunction = Callable[["GroupItem"], tuple[str, str] | None]
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class GroupItem:
    """What grouping looks at in one case."""

    case_id: str
    member_id: str
    member_name: str
    text: str
    image_hash: str | None = None


@dataclass(frozen=True)
class CaseGroup:
    """Cases alike in one way, in queue order; the first is the representative."""

    key: str
    title: str
    case_ids: tuple[str, ...]

    @property
    def size(self) -> int:
        """How many cases the group holds."""
        return len(self.case_ids)

    @property
    def representative(self) -> str:
        """The case shown for the group (the most urgent)."""
        return self.case_ids[0]


def _replace_links(text: str) -> str:
    parts: list[str] = []
    last = 0
    for link in find_links(text):
        parts.append(text[last : link.start])
        parts.append(f" {LINK_TOKEN} ")
        last = link.end
    parts.append(text[last:])
    return "".join(parts)


def fold_confusables(text: str) -> str:
    """Fold look-alike Cyrillic and Greek letters (lower case) to the Latin letter they mimic."""
    return text.translate(_CONFUSABLE_TABLE)


def normalise_text(text: str) -> str:
    """The form texts are compared in (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text)
    text = _replace_links(text)
    text = text.casefold()
    # Accents over look-alikes ("о́") are dropped with the other combining marks.
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(
        ch
        for ch in decomposed
        if unicodedata.category(ch) not in ("Mn", "Cf", "Cc", "Co") or ch in "\n\t"
    )
    text = unicodedata.normalize("NFC", fold_confusables(text))
    text = _DIGITS.sub(DIGIT_TOKEN, text)
    return _SPACE.sub(" ", text).strip()


def shingles(normalised: str, size: int = 3) -> frozenset[str]:
    """Character ``size``-grams of a normalised text (the text itself when shorter)."""
    if len(normalised) <= size:
        return frozenset({normalised})
    return frozenset(normalised[i : i + size] for i in range(len(normalised) - size + 1))


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    """|A ∩ B| / |A ∪ B| (1.0 for two empty sets)."""
    if not first and not second:
        return 1.0
    return len(first & second) / len(first | second)


def similar_pairs(sets: Sequence[frozenset[str]], threshold: float) -> list[tuple[int, int]]:
    """Every pair (i, j), i < j, whose Jaccard similarity is at least ``threshold``.

    Exact prefix filtering: tokens are ordered rarest first; two sets this
    similar always share one of the first ``|s| - ceil(t·|s|) + 1`` tokens of
    each. A length filter drops candidates too short or too long to be that
    similar before their overlap is counted.
    """
    frequency = Counter(token for tokens in sets for token in tokens)
    index: dict[str, list[int]] = {}
    pairs: list[tuple[int, int]] = []
    for i, tokens in enumerate(sets):
        size = len(tokens)
        ordered = sorted(tokens, key=lambda token: (frequency[token], token))
        prefix = ordered[: size - math.ceil(threshold * size) + 1]
        candidates: set[int] = set()
        for token in prefix:
            found = index.get(token)
            if found is not None:
                candidates.update(found)
        smallest = threshold * size
        for j in sorted(candidates):
            other = sets[j]
            other_size = len(other)
            if other_size < smallest or size < threshold * other_size:
                continue
            overlap = len(tokens & other)
            if overlap >= threshold * (size + other_size - overlap):
                pairs.append((j, i))
        for token in prefix:
            index.setdefault(token, []).append(i)
    return pairs


def hamming(first: int, second: int) -> int:
    """How many bits two hashes differ in."""
    return (first ^ second).bit_count()


def parse_hash(text: str | None) -> int | None:
    """A hex perceptual hash as an integer (None when absent or unreadable)."""
    if not text:
        return None
    try:
        return int(text, 16)
    except ValueError:
        return None


def near_hashes(hashes: Sequence[int], distance: int, bits: int = 64) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of hashes at most ``distance`` bits apart.

    The hash is cut into ``distance + 1`` bands: two hashes that close agree
    exactly on at least one band, so only hashes sharing a band are compared.
    """
    bands = distance + 1
    width = math.ceil(bits / bands)
    buckets: dict[tuple[int, int], list[int]] = {}
    for i, value in enumerate(hashes):
        for band in range(bands):
            key = (band, (value >> (band * width)) & ((1 << width) - 1))
            buckets.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                if hamming(hashes[a], hashes[b]) <= distance:
                    pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def link_sites(text: str) -> tuple[str, ...]:
    """The registrable domains (sites) the links in ``text`` lead to, sorted, without repeats."""
    return tuple(sorted({link.site for link in find_links(text) if link.site}))


def group_items(items: Sequence[GroupItem], mode: GroupMode) -> list[CaseGroup]:
    """Group ``items`` (in queue order) by ``mode``; biggest groups first, then queue order.

    A case with nothing to group by (no screenshot, no link) is a group of its own.
    With :attr:`GroupMode.NONE` every case is a group of its own.
    """
    if mode is GroupMode.MEMBER:
        return _by_key(items, lambda item: (item.member_id, item.member_name))
    if mode is GroupMode.LINK_DOMAIN:

        def by_site(item: GroupItem) -> tuple[str, str] | None:
            sites = link_sites(item.text)
            return (" ".join(sites), ", ".join(sites)) if sites else None

        return _by_key(items, by_site, lacking="No link")
    if mode is GroupMode.TEXT:
        return _by_text(items)
    if mode is GroupMode.IMAGE:
        return _by_image(items)
    return _singletons(items, range(len(items)))


def _title_of(item: GroupItem) -> str:
    return item.text or item.member_name


def _singletons(
    items: Sequence[GroupItem], positions: Iterable[int], lacking: str = ""
) -> list[CaseGroup]:
    """A group per case; ``lacking`` names what it has nothing of ("No link")."""
    return [
        CaseGroup(
            f"case:{items[p].case_id}",
            f"{lacking}: {_title_of(items[p])}" if lacking else _title_of(items[p]),
            (items[p].case_id,),
        )
        for p in positions
    ]


def _finish(groups: list[CaseGroup], first_seen: Mapping[str, int]) -> list[CaseGroup]:
    return sorted(groups, key=lambda group: (-group.size, first_seen[group.key]))


def _by_key(
    items: Sequence[GroupItem], key_of: _KeyFunction, lacking: str = ""
) -> list[CaseGroup]:
    members: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    loose: list[int] = []
    for position, item in enumerate(items):
        found = key_of(item)
        if found is None:
            loose.append(position)
            continue
        key, title = found
        members.setdefault(key, []).append(item.case_id)
        titles.setdefault(key, title)
        first_seen.setdefault(key, position)
    groups = [CaseGroup(key, titles[key], tuple(ids)) for key, ids in members.items()]
    singles = _singletons(items, loose, lacking)
    first_seen.update({group.key: p for group, p in zip(singles, loose, strict=True)})
    return _finish(groups + singles, first_seen)


def _clusters(count: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected positions, each cluster in ascending order, clusters by first position."""
    union = _UnionFind(count)
    for first, second in pairs:
        union.union(first, second)
    clusters: dict[int, list[int]] = {}
    for position in range(count):
        clusters.setdefault(union.find(position), []).append(position)
    return list(clusters.values())


def _from_clusters(
    items: Sequence[GroupItem],
    clusters: list[list[int]],
    prefix: str,
    lacking: Callable[[GroupItem], str] | None = None,
) -> list[CaseGroup]:
    groups: list[CaseGroup] = []
    first_seen: dict[str, int] = {}
    for cluster in clusters:
        first = items[cluster[0]]
        key = f"{prefix}:{first.case_id}" if len(cluster) > 1 else f"case:{first.case_id}"
        title = _title_of(first)
        missing = lacking(first) if lacking is not None else ""
        if missing:
            title = f"{missing}: {title}"
        groups.append(CaseGroup(key, title, tuple(items[p].case_id for p in cluster)))
        first_seen[key] = cluster[0]
    return _finish(groups, first_seen)


def leader_clusters(sets: Sequence[frozenset[str]], threshold: float) -> list[list[int]]:
    """Cluster sets around leaders: each set joins the first leader at least ``threshold``
    similar (Jaccard), or leads a cluster of its own.

    Only leaders are indexed (by their prefix tokens, rarest first), so a wave of a
    thousand variants of one advert costs a thousand comparisons with one leader, and
    there is no chaining: every member is near-identical to its group's first text.
    """
    frequency = Counter(token for tokens in sets for token in tokens)
    index: dict[str, list[int]] = {}
    clusters: list[list[int]] = []
    leader_sets: list[frozenset[str]] = []
    for i, tokens in enumerate(sets):
        size = len(tokens)
        ordered = sorted(tokens, key=lambda token: (frequency[token], token))
        prefix = ordered[: size - math.ceil(threshold * size) + 1]
        candidates: set[int] = set()
        for token in prefix:
            found = index.get(token)
            if found is not None:
                candidates.update(found)
        joined = False
        # Bounded work per text: a text alike to none of the first leaders leads its own
        # group (more groups, never a wrong one), so even a queue of look-alike chatter
        # groups in about a second.
        for number in sorted(candidates)[:MAX_LEADERS_COMPARED]:
            other = leader_sets[number]
            other_size = len(other)
            if other_size < threshold * size or size < threshold * other_size:
                continue
            overlap = len(tokens & other)
            if overlap >= threshold * (size + other_size - overlap):
                clusters[number].append(i)
                joined = True
                break
        if not joined:
            number = len(clusters)
            clusters.append([i])
            leader_sets.append(tokens)
            for token in prefix:
                index.setdefault(token, []).append(number)
    return clusters


def _by_text(items: Sequence[GroupItem]) -> list[CaseGroup]:
    normalised = [normalise_text(item.text) for item in items]
    distinct = list(dict.fromkeys(text for text in normalised if text))
    sets = [shingles(text) for text in distinct]
    cluster_of = {
        distinct[text_index]: number
        for number, cluster in enumerate(leader_clusters(sets, TEXT_SIMILARITY))
        for text_index in cluster
    }
    # Items sharing a normalised text, or near-identical to one leader, are joined.
    pairs: list[tuple[int, int]] = []
    anchor: dict[int, int] = {}
    for position, text in enumerate(normalised):
        if not text:
            continue
        number = cluster_of[text]
        if number in anchor:
            pairs.append((anchor[number], position))
        else:
            anchor[number] = position
    return _from_clusters(items, _clusters(len(items), pairs), "text")


def _by_image(items: Sequence[GroupItem]) -> list[CaseGroup]:
    positions = [p for p, item in enumerate(items) if parse_hash(item.image_hash) is not None]
    hashes = [parse_hash(items[p].image_hash) or 0 for p in positions]
    pairs = [(positions[a], positions[b]) for a, b in near_hashes(hashes, IMAGE_DISTANCE)]
    def lacking(item: GroupItem) -> str:
        return "" if parse_hash(item.image_hash) is not None else "No screenshot"

    return _from_clusters(items, _clusters(len(items), pairs), "image", lacking)
