"""The window when the service fails: banners that go with their problem, claims given back,
undecidable cases kept undecidable, and decisions whose fate is checked, not guessed."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shell_fakes import AGENT, FakeBackend
from shell_harness import Harness, opened_desk

from reviewdesk.backends.errors import MalformedResponse, ServiceUnavailable
from reviewdesk.domain.enums import OUTCOME_TITLES, Outcome
from reviewdesk.ui.error_banner import BannerSource
from reviewdesk.ui.keymap import outcome_command_id
from reviewdesk.ui.tasks import TaskRunner

CONNECTION_RESET = ServiceUnavailable(
    "Could not record the decision: the service at 127.0.0.1:9 failed (the connection was reset)."
)
UNREADABLE_CASE = MalformedResponse(
    "The service sent a case the desk cannot read: reports: Field required."
)


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    backend = FakeBackend(case_count=6)
    with opened_desk(qtbot, runner, backend) as opened:
        yield opened
    for gate in backend.gates.values():  # never leave a worker waiting on a gate
        gate.set()


def shown_case(desk: Harness) -> str | None:
    return desk.window.case_view.case_id()


def decidable(desk: Harness) -> bool:
    """Can the moderator decide the open case, by button and by key?"""
    window = desk.window
    outcome_key = window.registry.action(outcome_command_id(Outcome.WARN))
    return window.decision_panel.submit_button.isEnabled() and outcome_key.isEnabled()


def warn_with_note(desk: Harness, note: str) -> None:
    """Press 3 (warn), type ``note`` into the note and Ctrl+Return."""
    desk.press(Qt.Key.Key_3)
    desk.press(Qt.Key.Key_N)
    desk.qtbot.waitUntil(desk.window.decision_panel.note_edit.hasFocus, timeout=2000)
    desk.qtbot.keyClicks(desk.window.decision_panel.note_edit, note)
    desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


# --- banners and the queue ------------------------------------------------------------


def test_a_queue_that_cannot_load_says_so_and_f5_that_loads_it_clears_the_banner(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    backend = FakeBackend(case_count=3)
    backend.failures["list_cases"] = ServiceUnavailable(
        "Could not load the case list: the service at 127.0.0.1:9 failed (timed out)."
    )
    with opened_desk(qtbot, runner, backend) as desk:
        window = desk.window
        qtbot.waitUntil(lambda: window.banner.source == BannerSource.QUEUE, timeout=5000)
        said = window.case_view.empty_message()
        assert "queue could not be loaded" in said
        assert "F5" in said
        assert "Loading" not in said
        assert "could not be loaded" in window.queue_panel.count_label.text()

        window.queue_panel.table.setFocus()
        desk.press(Qt.Key.Key_F5)  # the service is back: F5, not the banner's Retry
        desk.wait_case("case-000")
        assert window.banner.isHidden(), "the queue loaded, so its failure is over"
        assert window.queue_panel.count_label.text() == "3 cases"
        assert backend.count("list_cases") == 2


def test_an_unreadable_case_cannot_be_decided_holds_no_claim_and_its_banner_goes_with_it(
    desk: Harness, qtbot: QtBot
) -> None:
    window, backend, panel = desk.window, desk.backend, desk.window.decision_panel
    desk.wait_case("case-000")
    backend.failures["get_case"] = UNREADABLE_CASE
    desk.press(Qt.Key.Key_J)
    qtbot.waitUntil(lambda: "reports" in window.case_view.empty_message(), timeout=5000)
    assert window.case_view.empty_message() == f"The case could not be opened. {UNREADABLE_CASE}"
    assert window.banner.message == str(UNREADABLE_CASE), "one sentence, no second prefix"

    assert not decidable(desk)
    assert "cannot be decided" in panel.result_label.text()
    desk.press(Qt.Key.Key_3)
    desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.outcome() is None
    qtbot.waitUntil(lambda: "case-001" in backend.released, timeout=5000)
    assert "case-001" not in backend.claims, "a case nobody can see is not held"
    assert desk.loader.claimed_case_id is None
    assert backend.count("decide") == 0

    # Retry loads this very case again; now it reads, and the banner goes.
    qtbot.mouseClick(window.banner.retry_button, Qt.MouseButton.LeftButton)
    assert window.queue_panel.table.hasFocus(), "a click on Retry leaves the keys where they were"
    desk.wait_case("case-001")
    assert window.banner.isHidden()
    assert decidable(desk)

    # Moving on from an unreadable case to a good one takes its banner away too.
    backend.failures["get_case"] = UNREADABLE_CASE
    desk.press(Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.banner.source == BannerSource.CASE, timeout=5000)
    desk.press(Qt.Key.Key_J)
    desk.wait_case("case-003")
    assert window.banner.isHidden()
    assert [arg for name, arg in backend.calls if name == "get_case"].count("case-002") == 1


def test_a_case_still_loading_cannot_be_decided_even_once_claimed(
    desk: Harness, qtbot: QtBot
) -> None:
    panel = desk.window.decision_panel
    desk.wait_case("case-000")
    gate = desk.backend.gates["get_case"] = threading.Event()
    desk.press(Qt.Key.Key_J)
    qtbot.waitUntil(lambda: desk.loader.claimed_case_id == "case-001", timeout=5000)
    assert shown_case(desk) is None
    assert not decidable(desk)
    desk.press(Qt.Key.Key_1)
    assert panel.outcome() is None
    assert panel.request_submit() is False
    assert "not shown yet" in panel.result_label.text()

    gate.set()
    desk.wait_case("case-001")
    assert decidable(desk)
    assert "not shown yet" not in panel.result_label.text()


# --- claims -------------------------------------------------------------------------------


def test_claims_granted_after_moving_on_are_given_back_at_once(desk: Harness, qtbot: QtBot) -> None:
    backend = desk.backend
    desk.wait_case("case-000")
    gate = backend.gates["claim"] = threading.Event()
    desk.press(Qt.Key.Key_J)
    qtbot.waitUntil(lambda: shown_case(desk) == "case-001", timeout=5000)
    desk.press(Qt.Key.Key_J)  # skimming: on before case-001's claim was answered
    qtbot.waitUntil(lambda: shown_case(desk) == "case-002", timeout=5000)
    gate.set()
    desk.wait_case("case-002")
    qtbot.waitUntil(lambda: "case-001" in backend.released, timeout=5000)
    assert backend.claims == {"case-002": AGENT.username}
    assert desk.window.queue_model.summary(1).claim is None  # type: ignore[union-attr]


# --- decisions whose answer was lost -----------------------------------------------------


def test_a_decision_recorded_but_whose_answer_was_lost_counts_as_recorded(
    desk: Harness, qtbot: QtBot
) -> None:
    desk.wait_case("case-000")
    desk.backend.lost_answers["decide"] = CONNECTION_RESET
    with qtbot.waitSignal(desk.window.decision_recorded, timeout=5000) as recorded:
        warn_with_note(desk, "Insults in a group chat.")
    assert recorded.args[0].note == "Insults in a group chat."
    desk.wait_case("case-001")
    assert desk.backend.count("decide") == 1, "found by asking, not by posting again"
    assert desk.window.queue_model.row_of("case-000") is None
    assert desk.window.banner.isHidden()


def test_a_decision_not_recorded_says_so_and_only_a_changed_draft_gets_a_new_key(
    desk: Harness, qtbot: QtBot
) -> None:
    backend, panel = desk.backend, desk.window.decision_panel
    desk.wait_case("case-000")
    backend.failures["decide"] = CONNECTION_RESET
    warn_with_note(desk, "Spam links")
    qtbot.waitUntil(lambda: "confirmed" in panel.result_label.text(), timeout=5000)
    said = panel.result_label.text()
    assert said.startswith("Not recorded: Could not record the decision")
    assert "holds no such decision" in said
    assert "draft is kept" in said

    backend.failures["decide"] = CONNECTION_RESET
    desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # unchanged
    qtbot.waitUntil(lambda: len(backend.posted_keys) == 2, timeout=5000)
    qtbot.waitUntil(lambda: panel.submit_button.isEnabled(), timeout=5000)

    qtbot.keyClicks(panel.note_edit, " in every group.")  # changed after a failed send
    with qtbot.waitSignal(desk.window.decision_recorded, timeout=5000):
        desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    first, unchanged, changed = backend.posted_keys
    assert unchanged == first
    assert changed != first
    assert backend.decisions["case-000"].note == "Spam links in every group."


def test_when_checking_fails_too_it_is_unknown_and_the_own_earlier_decision_is_named(
    desk: Harness, qtbot: QtBot
) -> None:
    backend, panel, window = desk.backend, desk.window.decision_panel, desk.window
    desk.wait_case("case-000")
    backend.lost_answers["decide"] = CONNECTION_RESET  # recorded, answer lost
    backend.failures["get_case"] = ServiceUnavailable(
        "Could not open the case: the service at 127.0.0.1:9 failed (timed out)."
    )
    warn_with_note(desk, "Threats")
    qtbot.waitUntil(lambda: "not known yet" in panel.result_label.text(), timeout=5000)
    said = panel.result_label.text()
    assert "draft is kept" in said
    assert "submitting it again is safe" in said
    assert "Not recorded" not in said
    assert window.banner.message.startswith("Could not open the case")
    assert not window.banner.retry_button.isHidden()
    assert shown_case(desk) == "case-000"
    assert panel.outcome() is Outcome.WARN

    qtbot.keyClicks(panel.note_edit, " and insults")  # a changed draft: a new key
    desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "already decided" in panel.result_label.text(), timeout=5000)
    said = panel.result_label.text()
    assert said.startswith(f"You already decided this case: {OUTCOME_TITLES[Outcome.WARN]} (")
    assert AGENT.display_name not in said
    assert backend.decisions["case-000"].note == "Threats"

    # The draft as first sent keeps its key, so sending it again confirms the decision.
    for _ in " and insults":
        qtbot.keyClick(panel.note_edit, Qt.Key.Key_Backspace)
    with qtbot.waitSignal(window.decision_recorded, timeout=5000):
        desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.wait_case("case-001")
    assert len(backend.decisions) == 1
    assert backend.posted_keys[2] == backend.posted_keys[0] != backend.posted_keys[1]
