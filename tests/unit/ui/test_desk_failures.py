"""The window when the service fails: banners that go with their problem, claims given back,
undecidable cases kept undecidable, and decisions whose fate is checked, not guessed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shell_fakes import AGENT, FakeBackend
from shell_harness import Harness, opened_desk

from reviewdesk.backends.errors import MalformedResponse, Rejected, ServiceUnavailable, Unreachable
from reviewdesk.domain.enums import Outcome
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
    # These tests fail the network path of opening a case: nothing is read ahead.
    with opened_desk(qtbot, runner, backend, prefetch=False) as opened:
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
    """Press 3 (warn), type ``note`` into the note and Ctrl+Return (the outbox open first)."""
    desk.wait_outbox_open()
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
        qtbot.waitUntil(
            lambda: window.banner.message_for(BannerSource.QUEUE) is not None, timeout=5000
        )
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
    assert window.banner.message_for(BannerSource.CASE) == str(UNREADABLE_CASE), (
        "one sentence, no second prefix"
    )

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
    qtbot.waitUntil(lambda: window.banner.message_for(BannerSource.CASE) is not None, timeout=5000)
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


# --- decisions through the outbox ----------------------------------------------------------


def test_a_decision_whose_answer_was_lost_is_sent_again_under_its_key_and_recorded_once(
    desk: Harness, qtbot: QtBot
) -> None:
    desk.wait_case("case-000")
    desk.backend.lost_answers["decide"] = CONNECTION_RESET  # recorded, answer lost
    with qtbot.waitSignal(desk.window.decision_recorded, timeout=5000) as recorded:
        warn_with_note(desk, "Insults in a group chat.")
        desk.wait_case("case-001")  # on at once: the decision is safe in the outbox
        assert desk.window.decision_panel.outcome() is None
    assert recorded.args[0].note == "Insults in a group chat."
    first, again = desk.backend.posted_keys
    assert first == again, "sent again under the same key"
    assert len(desk.backend.decisions) == 1
    assert desk.window.queue_model.row_of("case-000") is None
    presenter = desk.window.outbox_presenter
    assert presenter is not None
    qtbot.waitUntil(lambda: presenter.label.text() == "Outbox: all delivered", timeout=5000)


def test_a_refused_decision_is_listed_corrected_and_recorded_under_a_new_key(
    desk: Harness, qtbot: QtBot
) -> None:
    backend, window = desk.backend, desk.window
    desk.wait_case("case-000")
    backend.failures["decide"] = Rejected("The note is too long for this service.", 422)
    warn_with_note(desk, "Spam links")
    desk.wait_case("case-001")
    qtbot.waitUntil(
        lambda: window.banner.message_for(BannerSource.DELIVERY) is not None, timeout=5000
    )
    assert window.banner.message_for(BannerSource.DELIVERY).startswith(
        "The service refused your decision on case case-000: The note is too long"
    )
    assert window.banner.retry_button.text() == "Review"
    presenter = window.outbox_presenter
    assert presenter is not None
    qtbot.waitUntil(lambda: presenter.counts.problems == 1, timeout=5000)
    assert "1 problem" in presenter.label.text()

    desk.press(
        Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = presenter.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert dialog.model.index(0, 1).data() == "Refused"
    assert dialog.correct_button.isEnabled()
    assert not dialog.note_button.isEnabled()
    dialog.correct_button.click()

    panel = window.decision_panel
    qtbot.waitUntil(lambda: panel.case_id == "case-000", timeout=5000)
    qtbot.waitUntil(lambda: panel.note_edit.toPlainText() == "Spam links", timeout=5000)
    assert panel.outcome() is Outcome.WARN
    qtbot.waitUntil(lambda: panel.submit_button.isEnabled(), timeout=5000)
    panel.note_edit.setPlainText("Spam")
    with qtbot.waitSignal(window.decision_recorded, timeout=5000):
        panel.submit_button.click()
    first, corrected = backend.posted_keys
    assert corrected != first
    assert backend.decisions["case-000"].note == "Spam"
    qtbot.waitUntil(lambda: presenter.counts.problems == 0, timeout=5000)
    assert window.banner.message_for(BannerSource.DELIVERY) is None


# --- the desk's own database ---------------------------------------------------------------


def test_a_case_read_before_opens_from_the_cache_while_the_service_is_away(
    desk: Harness, qtbot: QtBot
) -> None:
    desk.wait_case("case-000")
    desk.wait_outbox_open()
    desk.press(Qt.Key.Key_J)
    desk.wait_case("case-001")  # read with the cache open: kept there
    desk.press(Qt.Key.Key_J)
    desk.wait_case("case-002")
    desk.backend.persistent_failures["get_case"] = Unreachable(
        "Could not open the case: the service at 127.0.0.1:9 failed (connection refused)."
    )
    desk.press(Qt.Key.Key_K)
    qtbot.waitUntil(lambda: shown_case(desk) == "case-001", timeout=5000)
    window = desk.window
    qtbot.waitUntil(lambda: window.banner.message_for(BannerSource.CASE) is not None, timeout=5000)
    assert "Showing the copy of this case saved at" in window.banner.message_for(BannerSource.CASE)
    assert "you can decide it" in window.banner.message_for(BannerSource.CASE)
    del desk.backend.persistent_failures["get_case"]
    desk.press(Qt.Key.Key_1)
    with qtbot.waitSignal(window.decision_recorded, timeout=5000) as recorded:
        desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert recorded.args[0].case_id == "case-001"
    cache = desk.outbox.cache
    assert cache is not None
    # Decided for good: the copy (member text included) leaves the cache.
    qtbot.waitUntil(lambda: cache.get("http://127.0.0.1:9", "case-001") is None, timeout=5000)


def test_the_next_start_comes_back_to_the_case_left_open(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    database = tmp_path / "desk.sqlite3"
    backend = FakeBackend(case_count=6)
    with opened_desk(qtbot, runner, backend, database) as first:
        first.wait_case("case-000")
        first.wait_outbox_open()
        first.press(Qt.Key.Key_J)
        first.press(Qt.Key.Key_J)
        first.wait_case("case-002")
        qtbot.wait(200)  # the remembered case is written on a worker
    with opened_desk(qtbot, runner, backend, database) as again:
        again.wait_case("case-002")


def test_a_claim_granted_after_the_case_was_decided_is_kept_for_the_decision(
    desk: Harness, qtbot: QtBot
) -> None:
    backend, window = desk.backend, desk.window
    desk.wait_case("case-000")
    desk.wait_outbox_open()
    gate = backend.gates["claim"] = threading.Event()
    desk.press(Qt.Key.Key_J)
    qtbot.waitUntil(lambda: shown_case(desk) == "case-001", timeout=5000)
    qtbot.waitUntil(lambda: window.decision_panel.blocked_reason == "", timeout=5000)
    gate_decide = backend.gates["decide"] = threading.Event()  # the decision waits to go
    desk.press(Qt.Key.Key_1)
    with qtbot.waitSignal(window.decision_saved, timeout=5000):
        desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    gate.set()  # the claim on case-001 is answered after the decision was saved
    qtbot.waitUntil(lambda: backend.claims.get("case-001") == AGENT.username, timeout=5000)
    qtbot.wait(300)
    assert "case-001" not in backend.released, "nobody may take it before the decision arrives"
    gate_decide.set()
    qtbot.waitUntil(lambda: "case-001" in backend.decisions, timeout=5000)
