"""Verifying the decision log's hash chain over a contiguous run of entries.

Pure: it recomputes each entry's hash from its record (as the service sent
it) and checks that each entry names its predecessor's hash, and reports the
first entry where either fails. A changed row shows as its own entry's hash
mismatch; a removed or inserted entry shows as a broken link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from reviewdesk.api.models import LogEntry
from reviewdesk.domain.log_chain import GENESIS_HASH, entry_hash


class BreakKind(StrEnum):
    """How the chain broke at an entry."""

    CONTENT = "content"
    LINK = "link"
    ORDER = "order"


@dataclass(frozen=True)
class ChainBreak:
    """The first entry where the chain does not hold, and why, in a sentence."""

    seq: int
    decision_id: str
    kind: BreakKind
    message: str


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking a run of entries: how many were checked, the first break."""

    checked: int
    first_seq: int | None
    last_seq: int | None
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        """True when every checked entry holds."""
        return self.broken is None


def _break(entry: LogEntry, kind: BreakKind, message: str) -> ChainBreak:
    return ChainBreak(entry.record.seq, entry.record.decision_id, kind, message)


def verify_chain(entries: Sequence[LogEntry], prev_hash: str | None = None) -> ChainReport:
    """Check a contiguous run of entries in log order.

    ``prev_hash`` is the hash of the entry before the first one, when known;
    an entry with ``seq`` 1 must follow the genesis hash. Without it, the
    first entry's link is taken as given (its content is still checked).
    """
    expected_prev = prev_hash
    previous_seq: int | None = None
    for entry in entries:
        record = entry.record
        if record.seq == 1 and expected_prev is None:
            expected_prev = GENESIS_HASH
        if previous_seq is not None and record.seq != previous_seq + 1:
            broken = _break(
                entry,
                BreakKind.ORDER,
                f"Entry {record.seq} follows entry {previous_seq}: "
                "the run is not contiguous (an entry is missing or out of order).",
            )
            return _report(entries, broken)
        if expected_prev is not None and entry.prev_hash != expected_prev:
            broken = _break(
                entry,
                BreakKind.LINK,
                f"Entry {record.seq} (decision {record.decision_id}) does not name the "
                "hash of the entry before it: an entry was removed, inserted or rewritten.",
            )
            return _report(entries, broken)
        if entry_hash(entry.prev_hash, entry.chained_fields()) != entry.hash:
            broken = _break(
                entry,
                BreakKind.CONTENT,
                f"Entry {record.seq} (decision {record.decision_id}) was changed after it "
                "was recorded: its contents no longer match its hash.",
            )
            return _report(entries, broken)
        expected_prev = entry.hash
        previous_seq = record.seq
    return _report(entries, None)


def verify_entries(entries: Sequence[LogEntry]) -> ChainBreak | None:
    """Check each entry's own hash only (for a filtered page, which is not contiguous)."""
    for entry in entries:
        if entry_hash(entry.prev_hash, entry.chained_fields()) != entry.hash:
            return _break(
                entry,
                BreakKind.CONTENT,
                f"Entry {entry.record.seq} (decision {entry.record.decision_id}) was changed "
                "after it was recorded: its contents no longer match its hash.",
            )
    return None


def _report(entries: Sequence[LogEntry], broken: ChainBreak | None) -> ChainReport:
    return ChainReport(
        checked=len(entries),
        first_seq=entries[0].record.seq if entries else None,
        last_seq=entries[-1].record.seq if entries else None,
        broken=broken,
    )
