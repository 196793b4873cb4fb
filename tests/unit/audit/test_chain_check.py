"""The chain verifier names the first entry that was changed, removed or reordered."""

from __future__ import annotations

from audit_samples import chain, entry, record

from reviewdesk.audit.chain_check import BreakKind, verify_chain, verify_entries
from reviewdesk.domain.audit_enums import LogEntryKind


def test_an_untouched_chain_is_intact() -> None:
    entries = chain(5)
    report = verify_chain(entries)
    assert report.intact
    assert (report.checked, report.first_seq, report.last_seq) == (5, 1, 5)


def test_a_changed_note_breaks_the_chain_at_that_entry() -> None:
    entries = chain(5)
    tampered = entries[2].model_copy(update={"record": record(3, note="Nothing happened")})
    entries[2] = tampered
    report = verify_chain(entries)
    assert report.broken is not None
    assert (report.broken.seq, report.broken.kind) == (3, BreakKind.CONTENT)
    assert "Entry 3" in report.broken.message
    assert verify_entries(entries) == report.broken


def test_a_removed_entry_breaks_the_order() -> None:
    entries = chain(5)
    del entries[1]
    broken = verify_chain(entries).broken
    assert broken is not None
    assert (broken.seq, broken.kind) == (3, BreakKind.ORDER)


def test_a_rewritten_link_is_found() -> None:
    entries = chain(3)
    entries[1] = entries[1].model_copy(update={"prev_hash": "f" * 64})
    broken = verify_chain(entries).broken
    assert broken is not None
    assert (broken.seq, broken.kind) == (2, BreakKind.LINK)


def test_a_range_in_the_middle_checks_against_the_hash_before_it() -> None:
    entries = chain(6)
    assert verify_chain(entries[3:], prev_hash=entries[2].hash).intact
    assert verify_chain(entries[3:]).intact
    wrong = verify_chain(entries[3:], prev_hash=entries[1].hash).broken
    assert wrong is not None
    assert (wrong.seq, wrong.kind) == (4, BreakKind.LINK)


def test_the_first_entry_must_follow_the_genesis_hash() -> None:
    entries = chain(2)
    entries[0] = entries[0].model_copy(update={"prev_hash": "a" * 64})
    broken = verify_chain(entries).broken
    assert broken is not None
    assert (broken.seq, broken.kind) == (1, BreakKind.LINK)


def test_a_reversal_entry_is_chained_and_a_changed_reason_breaks_it() -> None:
    first = entry(seq=1)
    reversal = entry(
        prev_hash=first.hash,
        seq=2,
        kind=LogEntryKind.REVERSAL,
        reversal_id="4",
        batch_id="batch-7",
        note="Undone: the wave was legitimate.",
    )
    assert verify_chain([first, reversal]).intact
    changed = reversal.model_copy(
        update={"record": reversal.record.model_copy(update={"batch_id": "batch-8"})}
    )
    report = verify_chain([first, changed])
    assert report.broken is not None
    assert (report.broken.seq, report.broken.kind) == (2, BreakKind.CONTENT)


def test_fields_of_reversals_stay_out_of_other_entries_hashes() -> None:
    decision = entry(seq=1)
    assert "reversal_id" not in decision.chained_fields()
    assert "batch_id" not in decision.chained_fields()
