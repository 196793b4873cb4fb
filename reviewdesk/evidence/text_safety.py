"""Member text made safe to show: hidden characters named, links defanged, contacts marked.

:func:`make_safe` turns member text into :class:`SafeText`: the text to
display (plain text, never markup) and the spans a widget colours. In the
display text

- every hidden run (zero-width characters, bidi controls, control characters,
  fillers, floods of combining marks) is replaced by a visible marker such as
  ``⟦RLO⟧``, so no bidi control is left to reorder the text around it;
- every link is replaced by its defanged form followed by a note naming the
  site it really leads to (``hxxps://bank[.]com[@]evil[.]example/ ⟨real site
  evil.example · decoy before @: bank.com⟩``);
- phone numbers, e-mail addresses, messenger IDs and payment details keep
  their text but are covered by a span saying what they are.

Links and contacts are looked for with the hidden characters taken out, so a
zero-width space inside a phone number does not hide it. Only the first
``limit`` characters are looked at; :attr:`SafeText.omitted` says how many
more the text has.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum

from reviewdesk.evidence.contacts import ContactKind, RangeSet, find_contacts
from reviewdesk.evidence.invisible import HiddenRun, hidden_runs, reveal
from reviewdesk.evidence.links import Link, find_links

#: How much of a text is looked at and shown by default.
DEFAULT_LIMIT = 20_000
NOTE_OPEN = " ⟨"
NOTE_CLOSE = "⟩"


class SpanKind(StrEnum):
    """What a coloured stretch of display text is."""

    HIDDEN = "hidden"
    LINK = "link"
    LINK_NOTE = "link_note"
    EMAIL = "email"
    PHONE = "phone"
    MESSENGER = "messenger"
    PAYMENT = "payment"


_CONTACT_SPANS: dict[ContactKind, SpanKind] = {
    ContactKind.EMAIL: SpanKind.EMAIL,
    ContactKind.PHONE: SpanKind.PHONE,
    ContactKind.MESSENGER: SpanKind.MESSENGER,
    ContactKind.PAYMENT: SpanKind.PAYMENT,
}


@dataclass(frozen=True)
class Span:
    """``display[start:end]`` is of ``kind``; ``detail`` says more (for a tooltip or list)."""

    start: int
    end: int
    kind: SpanKind
    detail: str = ""


@dataclass(frozen=True)
class Finding:
    """A link or contact detail found, for a summary line: ``("phone number", "+44 …")``."""

    kind: SpanKind
    label: str
    text: str


@dataclass(frozen=True)
class SafeText:
    """What to display for one piece of member text, and how to colour it."""

    display: str
    spans: tuple[Span, ...] = ()
    findings: tuple[Finding, ...] = ()
    source_length: int = 0
    shown_length: int = 0
    links: tuple[Link, ...] = field(default=(), repr=False)

    @property
    def omitted(self) -> int:
        """How many characters of the source are not shown."""
        return self.source_length - self.shown_length

    @property
    def hidden_count(self) -> int:
        """How many hidden-character markers the display carries."""
        return sum(1 for span in self.spans if span.kind is SpanKind.HIDDEN)


class _IndexMap:
    """Maps positions in the text without hidden runs back to the source text."""

    def __init__(self, source: str, runs: list[HiddenRun]) -> None:
        pieces: list[str] = []
        self._clean_starts: list[int] = []
        self._source_starts: list[int] = []
        position = 0
        clean_length = 0
        for run in [*runs, HiddenRun(len(source), len(source), "")]:
            segment = source[position : run.start]
            if segment:
                self._clean_starts.append(clean_length)
                self._source_starts.append(position)
                pieces.append(segment)
                clean_length += len(segment)
            position = run.end
        self.clean = "".join(pieces)

    def source_index(self, clean_index: int) -> int:
        """The source position of the clean character at ``clean_index``."""
        slot = bisect.bisect_right(self._clean_starts, clean_index) - 1
        return self._source_starts[slot] + clean_index - self._clean_starts[slot]

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """The source range covering clean ``[start, end)`` (``end > start``)."""
        return self.source_index(start), self.source_index(end - 1) + 1


#: A source range covered by a link or contact: start, end, kind, detail, the link if one.
_Covered = tuple[int, int, SpanKind, str, Link | None]


class _Builder:
    """Collects display text and spans piece by piece."""

    def __init__(self, source: str, runs: list[HiddenRun]) -> None:
        self.source = source
        self.runs = runs
        self.run_starts = [run.start for run in runs]
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[Span] = []

    def add(self, text: str, kind: SpanKind | None = None, detail: str = "") -> None:
        if not text:
            return
        if kind is not None:
            self.spans.append(Span(self.length, self.length + len(text), kind, detail))
        self.parts.append(text)
        self.length += len(text)

    def add_source(self, start: int, end: int) -> None:
        """Copy ``source[start:end]`` with its hidden runs shown as markers."""
        source = self.source
        position = start
        first = bisect.bisect_left(self.run_starts, start)
        for run in self.runs[first:]:
            if run.start >= end:
                break
            self.add(source[position : run.start])
            if run.label:
                self.add(run.marker, SpanKind.HIDDEN, run.label)
            position = run.end
        self.add(source[position:end])


def make_safe(text: str, limit: int = DEFAULT_LIMIT) -> SafeText:
    """The display text and spans for ``text``, looking at its first ``limit`` characters."""
    if not text:  # nothing to check: the tables of the checks are not even needed
        return SafeText(display="")
    source = text[:limit]
    runs = hidden_runs(source)
    index = _IndexMap(source, runs)
    clean = index.clean
    findings: list[Finding] = []
    covered: list[_Covered] = []
    links = find_links(clean)
    link_ranges = RangeSet()
    for found_link in links:
        start, end = index.source_range(found_link.start, found_link.end)
        link_ranges.add(start, end)
        covered.append((start, end, SpanKind.LINK, found_link.note, found_link))
        findings.append(Finding(SpanKind.LINK, found_link.note, found_link.defanged))
    for contact in find_contacts(clean):
        start, end = index.source_range(contact.start, contact.end)
        if link_ranges.overlaps(start, end):
            continue  # inside a link: the link's note says where it goes
        kind = _CONTACT_SPANS[contact.kind]
        covered.append((start, end, kind, contact.label, None))
        findings.append(Finding(kind, contact.label, clean[contact.start : contact.end]))
    covered.sort(key=lambda item: item[0])

    builder = _Builder(source, runs)
    position = 0
    for start, end, kind, detail, link in covered:
        builder.add_source(position, start)
        span_start = builder.length
        if link is not None:
            builder.add(link.defanged, SpanKind.LINK, detail)
            hidden = [run.label for run in runs if start <= run.start < end and run.label]
            note = detail + (f" · hidden characters removed: {', '.join(hidden)}" if hidden else "")
            builder.add(f"{NOTE_OPEN}{note}{NOTE_CLOSE}", SpanKind.LINK_NOTE, note)
        else:
            builder.add_source(start, end)
            if builder.length > span_start:
                # Markers inside keep their own span; the contact span covers them all.
                builder.spans.append(Span(span_start, builder.length, kind, detail))
        position = end
    builder.add_source(position, len(source))
    spans = sorted(builder.spans, key=lambda span: (span.start, -span.end))
    return SafeText(
        display="".join(builder.parts),
        spans=tuple(spans),
        findings=tuple(findings),
        source_length=len(text),
        shown_length=len(source),
        links=tuple(links),
    )


def one_line(text: str, limit: int = 200) -> str:
    """Member text for a single-line label (a name, a title): hidden runs as markers.

    Line breaks and tabs become spaces and the result is cut to ``limit``
    characters with an ellipsis. Links are left as written: a label never
    opens one, and message bodies go through :func:`make_safe` instead.
    """
    flat = " ".join(reveal(text[: limit + 1]).split())
    if len(text) > limit or len(flat) > limit:
        return flat[: max(1, limit - 1)] + "…"
    return flat
