"""A moderator works the real desk against the real reference server, by keyboard."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from e2e_support import (
    AGENT,
    AGENT2,
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
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import DecisionIn
from reviewdesk.backends.errors import Rejected
from reviewdesk.domain.enums import Outcome
from reviewdesk.store.local_db import open_local_database
from reviewdesk.store.outbox import Outbox, OutboxState
from reviewdesk.ui.decision_panel import DecisionDraft
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.error_banner import BannerSource
from reviewdesk.ui.queue_model import Column
from reviewdesk.ui.sign_in import SignInDialog

pytestmark = pytest.mark.e2e


def test_a_decision_made_by_keyboard_is_recorded_once_and_the_next_case_opens(
    qtbot: QtBot, desk: Desk, service: RunningService
) -> None:
    window = desk.window
    first = wait_until_decidable(qtbot, window)
    wait_outbox_open(qtbot, window)
    press(qtbot, window, "j")  # move on: the first case goes back to the queue
    qtbot.waitUntil(lambda: current_case(window) not in (None, first), timeout=WAIT_MS)
    case_id = wait_until_decidable(qtbot, window)
    qtbot.waitUntil(lambda: window.member_panel.history() is not None, timeout=WAIT_MS)
    shown_history = window.member_panel.history()
    assert shown_history is not None
    assert case_id not in {c.case_id for c in shown_history.prior_cases}, "not its own past"
    (following,) = cases_after(window, case_id, 1)

    press(qtbot, window, "4")  # restrict
    panel = window.decision_panel
    assert panel.outcome() is Outcome.RESTRICT
    clause_id = panel.clause_combo.currentData()
    duration = panel.duration_spin.value()
    press(qtbot, window, "n")
    qtbot.waitUntil(panel.note_edit.hasFocus, timeout=5000)
    qtbot.keyClicks(panel.note_edit, "Kept messaging her after being blocked; jk 123.")
    with qtbot.waitSignal(window.decision_recorded, timeout=WAIT_MS):
        press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: current_case(window) == following.id, timeout=WAIT_MS)
    with service.sign_in(SENIOR) as senior:
        recorded = senior.get_case(case_id).decisions
        untouched = senior.get_case(first)
    assert len(recorded) == 1
    decision = recorded[0]
    assert decision.moderator.username == AGENT[0]
    assert decision.outcome is Outcome.RESTRICT
    assert decision.clause_ids == [clause_id]
    assert decision.duration_days == duration
    assert decision.note == "Kept messaging her after being blocked; jk 123."
    assert decision.member_message, "the member is told, from the template"
    assert untouched.decisions == []
    assert untouched.summary.claim is None, "moving on released the claim"


def test_a_decision_made_as_the_service_goes_away_is_kept_on_disk_and_the_desk_works_on(
    qtbot: QtBot, desk: Desk, service: RunningService, tmp_path: Path
) -> None:
    window = desk.window
    case_id = wait_until_decidable(qtbot, window)
    wait_outbox_open(qtbot, window)
    press(qtbot, window, "3")  # warn
    press(qtbot, window, "n")
    qtbot.keyClicks(window.decision_panel.note_edit, "Insults in a group chat.")
    service.server.stop()
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(
        lambda: window.banner.message_for(BannerSource.OFFLINE) is not None, timeout=WAIT_MS
    )
    assert "1 decision is saved on this computer" in window.banner.message_for(BannerSource.OFFLINE)
    assert not window.banner.retry_button.isHidden()
    panel = window.decision_panel
    qtbot.waitUntil(lambda: panel.case_id not in (None, case_id), timeout=WAIT_MS)
    # Still responsive: keys still work right away.
    window.queue_panel.table.setFocus()
    press(qtbot, window, "k")
    assert panel.case_id == case_id or window.queue_model.row_of(case_id) is None

    # The decision is on disk, under the key it will be sent with.
    outbox = Outbox(open_local_database(tmp_path / "desk.sqlite3"))
    assert desk.outbox.owner is not None
    (waiting,) = outbox.entries(desk.outbox.owner, [OutboxState.PENDING])
    assert (waiting.case_id, waiting.decision.note) == (case_id, "Insults in a group chat.")
    assert waiting.attempts >= 1


def test_an_expired_session_asks_to_sign_in_and_then_the_decision_goes_through(
    qtbot: QtBot, desk: Desk, service: RunningService
) -> None:
    window = desk.window
    case_id = wait_until_decidable(qtbot, window)
    wait_outbox_open(qtbot, window)
    press(qtbot, window, "1")  # no violation
    service.clock.offset = timedelta(hours=13)  # every token (and claim) has now expired
    recorded = qtbot.waitSignal(window.decision_recorded, timeout=WAIT_MS * 2)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    def dialog() -> SignInDialog | None:
        found = window.findChildren(SignInDialog)
        return next((d for d in found if d.isVisible()), None)

    qtbot.waitUntil(lambda: dialog() is not None, timeout=WAIT_MS)
    sign_in = dialog()
    assert sign_in is not None
    assert sign_in.url_edit.text() == service.url
    assert sign_in.username_edit.text() == AGENT[0]
    assert "session" in sign_in.notice_label.text()
    assert not window.banner.isHidden()
    assert desk.outbox.owner is not None
    sign_in.password_edit.setFocus()
    qtbot.keyClicks(sign_in.password_edit, AGENT[1])
    qtbot.keyClick(sign_in.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog() is None, timeout=WAIT_MS)
    with recorded:  # what waited in the outbox goes out with the new session
        pass
    with service.sign_in(SENIOR) as senior:
        decisions = senior.get_case(case_id).decisions
    assert [d.outcome for d in decisions] == [Outcome.NO_VIOLATION]


def test_invalid_decisions_are_refused_with_a_clear_sentence(
    qtbot: QtBot, desk: Desk, service: RunningService
) -> None:
    window = desk.window
    case_id = wait_until_decidable(qtbot, window)
    wait_outbox_open(qtbot, window)
    panel = window.decision_panel

    # In the desk: a restriction citing no clause never leaves the panel.
    press(qtbot, window, "4")
    panel.select_clause(None)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "must cite at least one policy clause" in panel.problems_label.text()

    # Sent anyway through the desk's own path: the service says why it refuses.
    bogus = DecisionDraft(
        case_id,
        DecisionIn(outcome=Outcome.WARN, clause_ids=["NO-SUCH-CLAUSE"]),
        uuid.uuid4().hex,
    )
    panel.submit_requested.emit(bogus)
    qtbot.waitUntil(
        lambda: window.banner.message_for(BannerSource.DELIVERY) is not None, timeout=WAIT_MS
    )
    assert window.banner.message_for(BannerSource.DELIVERY).startswith(
        f"The service refused your decision on case {case_id}"
    )
    assert "NO-SUCH-CLAUSE" in window.banner.message_for(BannerSource.DELIVERY)
    presenter = window.outbox_presenter
    assert presenter is not None
    qtbot.waitUntil(lambda: presenter.counts.problems == 1, timeout=WAIT_MS)

    # And straight to the API: a restriction without a duration.
    with service.sign_in(AGENT) as agent, pytest.raises(Rejected) as refused:
        agent.decide(
            case_id,
            DecisionIn(outcome=Outcome.RESTRICT, clause_ids=[panel.clause_combo.itemData(1)]),
            uuid.uuid4().hex,
        )
    assert "duration" in str(refused.value)
    with service.sign_in(SENIOR) as senior:
        assert senior.get_case(case_id).decisions == []


def test_a_case_another_agent_holds_shows_who_and_cannot_be_decided(
    qtbot: QtBot, desk: Desk, service: RunningService
) -> None:
    window = desk.window
    wait_until_decidable(qtbot, window)
    second = window.queue_model.summary(1)
    assert second is not None
    with service.sign_in(AGENT2) as other:
        other.claim(second.id)
        holder = other.moderator.display_name
    press(qtbot, window, "j")
    panel = window.decision_panel
    qtbot.waitUntil(lambda: panel.locked_reason != "", timeout=WAIT_MS)
    assert f"claimed by {holder}" in panel.locked_reason
    assert " until " in panel.locked_reason
    assert not panel.submit_button.isEnabled()
    press(qtbot, window, "2")
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with service.sign_in(SENIOR) as senior:
        assert senior.get_case(second.id).decisions == []


def test_next_skips_cases_others_hold_until_their_lease_runs_out(
    qtbot: QtBot, desk: Desk, service: RunningService
) -> None:
    window = desk.window
    first = wait_until_decidable(qtbot, window)
    held, after = cases_after(window, first, 2)
    with service.sign_in(AGENT2) as other:
        other.claim(held.id)
        holder = other.moderator.display_name
    press(qtbot, window, Qt.Key.Key_F5)  # the queue now knows who holds what
    qtbot.waitUntil(
        lambda: (
            (row := window.queue_model.row_of(held.id)) is not None
            and (summary := window.queue_model.summary(row)) is not None
            and summary.claim is not None
        ),
        timeout=WAIT_MS,
    )
    row = window.queue_model.row_of(held.id)
    assert row is not None
    cells = [window.queue_model.index(row, c).data() for c in range(len(Column))]
    assert f"Claimed by {holder}" in cells, cells
    assert current_case(window) == first
    press(qtbot, window, "j")
    qtbot.waitUntil(lambda: current_case(window) == after.id, timeout=WAIT_MS)

    # The lease runs out (5 minutes): the case is free again and "next" stops on it.
    service.clock.offset = timedelta(minutes=6)
    press(qtbot, window, "k")
    qtbot.waitUntil(lambda: current_case(window) == first, timeout=WAIT_MS)
    press(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(
        lambda: (
            (r := window.queue_model.row_of(held.id)) is not None
            and (s := window.queue_model.summary(r)) is not None
            and s.claim is None
        ),
        timeout=WAIT_MS,
    )
    press(qtbot, window, "j")
    qtbot.waitUntil(lambda: current_case(window) == held.id, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.decision_panel.locked_reason == "", timeout=WAIT_MS)
