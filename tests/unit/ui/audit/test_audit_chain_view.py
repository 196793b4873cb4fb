"""The chain check of the entries shown, and the log model's red rows at a break."""

from __future__ import annotations

import pytest
from desk_log_samples import chained_log, with_note
from PySide6.QtCore import Qt

from reviewdesk.api.models import LogPage
from reviewdesk.domain.log_chain import entry_hash
from reviewdesk.ui.audit import audit_requests
from reviewdesk.ui.audit.audit_requests import check_chain
from reviewdesk.ui.audit.log_model import AFTER_BREAK_COLOUR, BROKEN_COLOUR, LogModel
from reviewdesk.ui.audit.paged_model import PageResult
from reviewdesk.ui.tasks import TaskRunner


class ChainOnly:
    """A backend answering only the chain endpoint, from a fixed run of entries."""

    def __init__(self, entries: list) -> None:  # type: ignore[type-arg]
        self.entries = entries
        self.asked: list[tuple[int, int]] = []

    def log_chain(self, after: int = 0, limit: int = 500) -> LogPage:
        self.asked.append((after, limit))
        run = [e for e in self.entries if e.record.seq > after][:limit]
        return LogPage(items=run)


def test_an_intact_run_is_verified() -> None:
    entries = chained_log(6)
    check = check_chain(entries)
    assert check.broken_seq is None
    assert check.checked == 6
    assert "verified" in check.message


def test_a_changed_entry_is_named_as_the_first_break() -> None:
    entries = chained_log(6)
    entries[3] = with_note(entries[3], "Rewritten after the fact")
    check = check_chain(list(reversed(entries)))  # newest first, as the log shows them
    assert check.broken_seq == 4
    assert "TAMPERING DETECTED" in check.message
    assert "#4" in check.message
    assert "decision 104" in check.message


def test_a_rehashed_entry_hidden_by_a_filter_is_found_through_the_run() -> None:
    """The attacker fixed entry 3's own hash: only its successor's link shows it."""
    entries = chained_log(6)
    forged = with_note(entries[2], "Quietly changed")
    forged = forged.model_copy(
        update={"hash": entry_hash(forged.prev_hash, forged.record.model_dump(mode="json"))}
    )
    entries[2] = forged
    shown = [entries[1], entries[5]]  # a filter shows entries 2 and 6 only
    assert check_chain(shown).broken_seq is None  # each shown entry holds on its own
    backend = ChainOnly(entries)
    check = check_chain(shown, backend)  # type: ignore[arg-type]
    assert check.broken_seq == 4
    assert backend.asked[0][0] == 0  # the run starts just before entry 2


def test_rows_from_the_break_on_are_tinted(runner: TaskRunner, qtbot: object) -> None:
    model = LogModel(runner)
    entries = list(reversed(chained_log(5)))
    with qtbot.waitSignal(model.reloaded):  # type: ignore[attr-defined]
        model.set_fetcher(lambda _cursor: PageResult(entries))
    model.mark_break(3)
    colours = {
        model.index(row, 0).data(Qt.ItemDataRole.UserRole + 1).record.seq: model.index(row, 0).data(
            Qt.ItemDataRole.BackgroundRole
        )
        for row in range(model.rowCount())
    }
    assert colours[3].color() == BROKEN_COLOUR
    assert colours[5].color() == AFTER_BREAK_COLOUR
    assert colours[2] is None
    # Member text stays plain: the note's markup is shown as typed.
    note_column = model.columnCount() - 1
    assert model.index(0, note_column).data() == "Note 5: <b>not bold</b>"


def test_a_run_too_long_to_fetch_is_not_fetched_and_the_status_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(audit_requests, "CHAIN_RUN_LIMIT", 3)
    entries = chained_log(6)
    backend = ChainOnly(entries)
    check = check_chain([entries[0], entries[5]], backend)  # type: ignore[arg-type]
    assert backend.asked == []
    assert check.broken_seq is None
    assert "each on its own" in check.message
