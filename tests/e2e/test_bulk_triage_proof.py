"""Proof: a spam wave of over 100 cases is cleared keyboard-only, by groups and bulk decisions.

The real service on 127.0.0.1 serves a demo community whose spam wave holds
120 cases; the real window is driven by key presses only. The moderator
filters the queue to the wave ("/", a word of the advert, Return), groups it
by reported member ("g"), and decides each group at once ("Ctrl+Shift+G",
"2" for remove content, Return). The first batch is taken back with Ctrl+Z
within its grace time, comes back to the queue and is decided again. The
service's record then holds exactly one decision per case of the wave, each
"remove content" carrying the id of the batch that was sent, and nothing of
the batch taken back.
"""

from __future__ import annotations

import pytest
from e2e_support import SENIOR, WAIT_MS, RunningService, press, wait_outbox_open
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import Category, Outcome
from reviewdesk.queue.grouping import GroupMode
from reviewdesk.server.demo.generator import generate_community
from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.store.outbox import OutboxEntry, TakenBack
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.main_window import MainWindow

pytestmark = pytest.mark.e2e

WAVE = 120
#: Every variant of the wave's advert has this word (any case); nothing else in the demo does.
WAVE_WORD = "trial"
GRACE_S = 15.0
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(scope="module")
def community() -> DemoCommunity:
    """A small community hit by a spam wave of 120 messages."""
    return generate_community(seed=23, open_cases=40, spam_wave=WAVE)


def wave_case_ids(backend: HttpBackend) -> list[str]:
    """The open cases of the wave, as the service lists them (every page)."""
    ids: list[str] = []
    cursor: str | None = None
    while True:
        page = backend.list_cases(CaseFilter(text=WAVE_WORD), cursor, 100)
        assert all(item.category is Category.SPAM for item in page.items)
        ids += [item.id for item in page.items]
        cursor = page.next_cursor
        if cursor is None:
            return ids


def decide_current_group(qtbot: QtBot, window: MainWindow) -> list[OutboxEntry]:
    """Ctrl+Shift+G, 2, Return: the current group, removed; the entries saved."""
    saved: list[OutboxEntry] = []
    # The groups of the queue as it is now are in (the moderator sees them).
    qtbot.waitUntil(lambda: not window.queue_panel.group_model.computing, timeout=WAIT_MS)
    window.decision_saved.connect(saved.append)
    try:
        press(qtbot, window, "G", CTRL_SHIFT)
        qtbot.waitUntil(lambda: window.bulk_desk.dialog is not None, timeout=5000)
        dialog = window.bulk_desk.dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
        press(qtbot, window, "2")
        assert dialog.outcome() is Outcome.REMOVE_CONTENT
        count = len(dialog.drafts())
        assert dialog.question_label.text() == f"Remove content for {count} cases?" or count == 1
        press(qtbot, window, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(saved) == count, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.bulk_desk.last_message.startswith("Queued:"), timeout=5000)
    finally:
        window.decision_saved.disconnect(saved.append)
    assert len({entry.batch_id for entry in saved}) == 1, "one batch, one id"
    return saved


def take_back_last_batch(
    qtbot: QtBot, window: MainWindow, saved: list[OutboxEntry]
) -> TakenBack:
    """Ctrl+Z: the batch just saved is taken back and its cases come back, one current."""
    outbox = window.outbox
    assert outbox is not None
    with qtbot.waitSignal(outbox.taken_back, timeout=5000) as taken:
        press(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier)
    result = taken.args[0]
    assert isinstance(result, TakenBack)
    ids = {entry.case_id for entry in saved}
    assert set(result.case_ids) == ids
    assert result.batch_id == saved[0].batch_id
    assert window.bulk_desk.last_message.startswith(
        f"Taken back: Remove content for {len(ids)} cases"
    )
    model = window.queue_model
    qtbot.waitUntil(lambda: all(model.row_of(c) is not None for c in ids), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.queue_panel.current_summary() is not None, timeout=WAIT_MS)
    current = window.queue_panel.current_summary()
    assert current is not None
    assert current.id in ids, "the first case taken back is current again"
    return result


def test_a_spam_wave_is_cleared_by_keyboard_through_groups_bulk_decisions_and_an_undo(
    qtbot: QtBot, desk: Desk, service: RunningService
) -> None:
    window = desk.window
    with service.sign_in(SENIOR) as senior:
        wave = wave_case_ids(senior)
    assert len(wave) >= 100
    outbox = window.outbox
    assert outbox is not None
    # The moderator's grace time: each decision waits this long, and can be taken back.
    outbox.set_grace_s(GRACE_S)
    qtbot.waitUntil(lambda: window.queue_model.rowCount() > 0, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: window.case_loader is not None and window.case_loader.policy is not None,
        timeout=WAIT_MS,
    )
    # A batch is saved only once the desk's own database is open (it opens after the first case).
    wait_outbox_open(qtbot, window)

    # Filter the queue to the wave, by keyboard.
    press(qtbot, window, "/")
    qtbot.waitUntil(window.queue_panel.text_edit.hasFocus, timeout=5000)
    qtbot.keyClicks(window.queue_panel.text_edit, WAVE_WORD)
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.queue_model.total == len(wave), timeout=WAIT_MS)
    # Return applied the filter and went back to the queue: keys are commands again.
    qtbot.waitUntil(window.queue_panel.table.hasFocus, timeout=5000)

    # Group by reported member: a handful of senders, each a big group.
    press(qtbot, window, "g")
    assert window.queue_panel.group_model.mode is GroupMode.MEMBER
    qtbot.waitUntil(lambda: not window.queue_panel.group_model.computing, timeout=WAIT_MS)
    groups = window.queue_panel.group_model.groups()
    assert groups[0].size >= 10

    decided: dict[str, str] = {}  # case id -> batch id last saved for it
    taken_back: list[TakenBack] = []
    batches = 0
    while window.queue_model.total > 0:
        qtbot.waitUntil(lambda: window.queue_panel.current_summary() is not None, timeout=WAIT_MS)
        saved = decide_current_group(qtbot, window)
        batches += 1
        if batches == 2:  # the group of the cases taken back, decided again
            assert set(taken_back[0].case_ids) <= {entry.case_id for entry in saved}
        for entry in saved:
            decided[entry.case_id] = entry.batch_id or ""
        if not taken_back:
            # A slip: Ctrl+Z within the grace time takes the whole batch back.
            taken_back.append(take_back_last_batch(qtbot, window, saved))
            for entry in saved:
                del decided[entry.case_id]
        qtbot.waitUntil(
            lambda: window.queue_model.rowCount() > 0 or window.queue_model.total == 0,
            timeout=WAIT_MS,
        )
    assert batches >= 3
    assert set(decided) == set(wave)
    undone_batch = taken_back[0].batch_id
    assert undone_batch is not None
    assert undone_batch not in decided.values()

    # Wait until the service has every decision, then read its record of each case.
    with service.sign_in(SENIOR) as senior:
        qtbot.waitUntil(lambda: wave_case_ids(senior) == [], timeout=int(GRACE_S * 1000) + 60_000)
        for case_id in wave:
            decisions = senior.get_case(case_id).decisions
            assert len(decisions) == 1, f"{case_id}: exactly one decision"
            (decision,) = decisions
            assert decision.outcome is Outcome.REMOVE_CONTENT
            assert decision.clause_ids, "cites the spam clause the form would pick"
            assert decision.batch_id == decided[case_id]
            assert decision.batch_id != undone_batch
            assert decision.moderator.username == "agent"
