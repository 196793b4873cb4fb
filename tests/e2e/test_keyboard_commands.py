"""The palette, skip, claim and rebinding on the real desk against the real server, by keys."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from e2e_support import (
    AGENT,
    AGENT2,
    FAST_RETRIES,
    SENIOR,
    WAIT_MS,
    RunningService,
    cases_after,
    current_case,
    press,
    wait_outbox_open,
    wait_until_decidable,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewdesk.domain.enums import Outcome
from reviewdesk.store.secrets import TokenStore
from reviewdesk.ui.command_palette import CommandPalette
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.keys_dialog import KeysDialog
from reviewdesk.ui.main_window import MainWindow
from reviewdesk.ui.settings import open_settings
from reviewdesk.ui.start_options import StartOptions

pytestmark = pytest.mark.e2e

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def open_palette(qtbot: QtBot, window: MainWindow) -> CommandPalette:
    press(qtbot, window, Qt.Key.Key_K, CTRL)
    palette = window.keyboard.palette
    assert palette is not None
    qtbot.waitUntil(lambda: palette.isVisible() and palette.search.hasFocus(), timeout=WAIT_MS)
    return palette


def back_to_window(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)


def test_skip_from_the_palette_gives_the_case_back_on_the_service(
    qtbot: QtBot, desk: Desk, service: RunningService
) -> None:
    window = desk.window
    first = wait_until_decidable(qtbot, window)
    (following,) = cases_after(window, first, 1)
    palette = open_palette(qtbot, window)
    qtbot.keyClicks(palette.search, "skip the case")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current_case(window) == following.id, timeout=WAIT_MS)
    assert wait_until_decidable(qtbot, window) == following.id
    with service.sign_in(SENIOR) as senior:
        qtbot.waitUntil(lambda: senior.get_case(first).summary.claim is None, timeout=WAIT_MS)
        skipped = senior.get_case(first)
        assert skipped.decisions == []
        assert senior.get_case(following.id).summary.claim is not None
    assert window.queue_model.row_of(first) is not None, "still in the queue for others"

    # Another moderator can take the skipped case at once.
    with service.sign_in(AGENT2) as other:
        assert other.claim(first).moderator.username == AGENT2[0]


def test_claim_takes_a_case_its_holder_let_go_and_it_is_decided_by_keys(
    qtbot: QtBot, desk: Desk, service: RunningService
) -> None:
    window = desk.window
    first = wait_until_decidable(qtbot, window)
    held, _after = cases_after(window, first, 2)
    other = service.sign_in(AGENT2)
    other.claim(held.id)
    palette = open_palette(qtbot, window)
    qtbot.keyClicks(palette.search, held.id)
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current_case(window) == held.id, timeout=WAIT_MS)
    back_to_window(qtbot, window)
    panel = window.decision_panel
    qtbot.waitUntil(lambda: panel.locked_reason != "", timeout=WAIT_MS)

    other.release(held.id)
    other.close()
    press(qtbot, window, "c")
    qtbot.waitUntil(lambda: panel.locked_reason == "", timeout=WAIT_MS)
    with service.sign_in(SENIOR) as senior:
        claim = senior.get_case(held.id).summary.claim
        assert claim is not None
        assert claim.moderator.username == AGENT[0]

    qtbot.waitUntil(lambda: window.policy_panel.current_clause_id() is not None, timeout=WAIT_MS)
    wait_outbox_open(qtbot, window)
    press(qtbot, window, "1")
    with qtbot.waitSignal(window.decision_recorded, timeout=WAIT_MS):
        press(qtbot, window, Qt.Key.Key_Return, CTRL)
    with service.sign_in(SENIOR) as senior:
        (decision,) = senior.get_case(held.id).decisions
    assert (decision.moderator.username, decision.outcome) == (AGENT[0], Outcome.NO_VIOLATION)


def rebind(qtbot: QtBot, window: MainWindow, title: str, key: str) -> KeysDialog:
    """Ctrl+Alt+K, find the command, record ``key``, press the "Use this key" button."""
    press(qtbot, window, Qt.Key.Key_K, CTRL | ALT)
    dialog = window.keyboard.keys_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.search.hasFocus(), timeout=WAIT_MS)
    qtbot.keyClicks(dialog.search, title)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.key_edit.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(QApplication.focusWidget(), key)
    qtbot.waitUntil(dialog.replace_button.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(dialog.replace_button, Qt.Key.Key_Space)
    return dialog


@contextmanager
def second_desk(qtbot: QtBot, service: RunningService, tmp_path: Path) -> Iterator[Desk]:
    """A new desk on the first one's settings file (a restart), signed in as the agent."""
    settings = open_settings(str(tmp_path / "desk.ini"))
    store = TokenStore()
    with service.sign_in(AGENT) as backend:
        store.save(service.url, AGENT[0], backend.token)
    started = Desk(
        StartOptions(url=service.url, database=str(tmp_path / "desk2.sqlite3")),
        settings,
        token_store_factory=lambda: store,
        retry_policy=FAST_RETRIES,
    )
    qtbot.addWidget(started.window)
    started.window.resize(1920, 1080)
    with qtbot.waitSignal(started.ready, timeout=15_000):
        started.start()
    qtbot.waitExposed(started.window)
    back_to_window(qtbot, started.window)
    try:
        yield started
    finally:
        started.window.close()
        started.shutdown()


def test_a_rebound_key_works_at_once_refuses_conflicts_and_survives_a_restart(
    qtbot: QtBot, desk: Desk, service: RunningService, tmp_path: Path
) -> None:
    window = desk.window
    first = wait_until_decidable(qtbot, window)
    (second,) = cases_after(window, first, 1)

    dialog = rebind(qtbot, window, "Next case", "l")
    assert dialog.message.text() == "“Next case” now answers to L."
    qtbot.keyClick(dialog.replace_button, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    back_to_window(qtbot, window)
    press(qtbot, window, "j")
    qtbot.wait(200)
    assert current_case(window) == first, "the old key does nothing now"
    press(qtbot, window, "l")
    qtbot.waitUntil(lambda: current_case(window) == second.id, timeout=WAIT_MS)
    assert window.decision_panel.submit_button.text().startswith("Ctrl+Return")

    dialog = rebind(qtbot, window, "Next case", "k")
    assert dialog.message.text() == (
        "K is already the key of “Previous case”. Choose another key, or give "
        "“Previous case” a different key first."
    )
    qtbot.keyClick(dialog.replace_button, Qt.Key.Key_Escape)
    back_to_window(qtbot, window)
    press(qtbot, window, "k")
    qtbot.waitUntil(lambda: current_case(window) == first, timeout=WAIT_MS)
    window.close()
    desk.shutdown()

    with second_desk(qtbot, service, tmp_path) as restarted:
        reopened = restarted.window
        qtbot.waitUntil(lambda: current_case(reopened) is not None, timeout=WAIT_MS)
        opened = current_case(reopened)
        assert opened is not None
        (following,) = cases_after(reopened, opened, 1)
        press(qtbot, reopened, "j")
        assert current_case(reopened) == opened
        press(qtbot, reopened, "l")
        qtbot.waitUntil(lambda: current_case(reopened) == following.id, timeout=WAIT_MS)
        assert reopened.registry.keys("case.next") == ("L",)
