"""The main window over an in-memory service: opening, claiming, deciding, failing, signing in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from samples import png_bytes
from shell_fakes import AGENT, NOW, OTHER, FakeBackend
from shell_harness import Harness, opened_desk

from reviewdesk.api.models import ClaimOut, DecisionOut
from reviewdesk.backends.errors import AuthenticationRequired, ServiceUnavailable, Unreachable
from reviewdesk.domain.enums import Outcome
from reviewdesk.ui.case.attachments_model import LoadState
from reviewdesk.ui.case_loader import renewal_delay_ms
from reviewdesk.ui.cheat_sheet import CheatSheetDialog
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.error_banner import BannerSource
from reviewdesk.ui.reauth import AutomaticReauthenticator
from reviewdesk.ui.tasks import TaskRunner


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    backend = FakeBackend(
        case_count=8,
        attachments={"first": png_bytes(64, 40, "red"), "second": png_bytes(64, 40, "blue")},
    )
    backend.tampered.add("second")
    with opened_desk(qtbot, runner, backend) as opened:
        yield opened


def test_the_first_case_opens_fully_with_evidence_checked(desk: Harness, qtbot: QtBot) -> None:
    with qtbot.waitSignal(desk.loader.fully_shown, timeout=5000) as blocker:
        pass
    assert blocker.args == ["case-000"]
    window = desk.window
    assert window.case_view.case_id() == "case-000"
    assert window.member_panel.history() is not None
    assert window.policy_panel.current_clause_id() == "HAR-1"
    assert window.decision_panel.clause_combo.currentData() == "HAR-1"
    model = window.case_view.evidence.attachments_model()
    states = {model.entry(r).attachment.filename: model.entry(r) for r in range(model.rowCount())}  # type: ignore[union-attr]
    assert states["first.png"].state is LoadState.READY
    assert states["first.png"].image is not None
    assert states["first.png"].image.width() == 64
    # Altered bytes still decode, but are never shown as genuine: a red banner says so.
    assert states["first.png"].integrity_problem == ""
    assert states["second.png"].integrity_problem.startswith("NOT GENUINE: hash differs")
    assert "does not match the checksum" in states["second.png"].integrity_problem
    assert window.case_view.viewer().integrity_text() == ""
    window.case_view.next_attachment()
    assert window.case_view.viewer().integrity_text().startswith("NOT GENUINE")
    assert window.moderator_label.text().startswith("Signed in as Agent Ana (agent)")
    assert "127.0.0.1:9" in window.service_label.text()


def test_moving_on_releases_the_claim_and_a_decision_opens_the_next_case(
    desk: Harness, qtbot: QtBot
) -> None:
    desk.wait_case("case-000")
    desk.wait_outbox_open()
    desk.press(Qt.Key.Key_J)
    desk.wait_case("case-001")
    qtbot.waitUntil(lambda: desk.backend.released == ["case-000"], timeout=5000)

    qtbot.waitUntil(lambda: desk.window.policy_panel.current_clause_id() is not None, timeout=5000)
    desk.press(Qt.Key.Key_3)  # warn
    desk.press(Qt.Key.Key_N)
    desk.press("x")  # typed into the note, not a shortcut
    assert desk.window.decision_panel.note_edit.toPlainText() == "x"
    with qtbot.waitSignal(desk.window.decision_recorded, timeout=5000) as blocker:
        desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    recorded = blocker.args[0]
    assert (recorded.case_id, recorded.outcome, recorded.clause_ids, recorded.note) == (
        "case-001",
        Outcome.WARN,
        ["SPM-1"],
        "x",
    )
    desk.wait_case("case-002")
    assert desk.window.queue_model.row_of("case-001") is None
    assert desk.backend.count("decide") == 1
    assert "case-001" not in desk.backend.released, "a decided case is not released"


def test_a_case_claimed_by_someone_else_cannot_be_decided(desk: Harness, qtbot: QtBot) -> None:
    desk.backend.claimed_by_other.add("case-001")
    desk.wait_case("case-000")
    desk.press(Qt.Key.Key_J)
    qtbot.waitUntil(lambda: desk.window.decision_panel.locked_reason != "", timeout=5000)
    panel = desk.window.decision_panel
    assert panel.locked_reason == f"Claimed by {OTHER.display_name} until 16:00."
    assert not panel.submit_button.isEnabled()
    desk.press(Qt.Key.Key_1)
    desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert desk.backend.count("decide") == 0


def test_queue_failure_shows_the_banner_and_retry_loads(qtbot: QtBot, runner: TaskRunner) -> None:
    backend = FakeBackend(case_count=3)
    backend.failures["list_cases"] = ServiceUnavailable("The service did not answer in time.")
    with opened_desk(qtbot, runner, backend) as desk:
        qtbot.waitUntil(lambda: not desk.window.banner.isHidden(), timeout=5000)
        assert desk.window.banner.message == "The service did not answer in time."
        desk.window.banner.retry_button.click()
        desk.wait_case("case-000")
        assert desk.window.banner.isHidden()


def test_escalate_key_selects_escalate_and_focuses_the_note(desk: Harness, qtbot: QtBot) -> None:
    desk.wait_case("case-000")
    desk.press(Qt.Key.Key_E)
    panel = desk.window.decision_panel
    assert panel.outcome() is Outcome.ESCALATE
    qtbot.waitUntil(panel.note_edit.hasFocus, timeout=2000)
    qtbot.keyClicks(panel.note_edit, "Threat; needs a senior")
    assert panel.problems() == []


def test_filter_key_focuses_the_search_and_a_filter_reloads_the_queue(
    desk: Harness, qtbot: QtBot
) -> None:
    desk.wait_case("case-000")
    desk.press("/")
    search = desk.window.queue_panel.text_edit
    qtbot.waitUntil(search.hasFocus, timeout=2000)
    qtbot.keyClicks(search, "Lena")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window.queue_model.rowCount() == 2, timeout=5000)
    names = {desk.window.queue_model.summary(r).member_name for r in range(2)}  # type: ignore[union-attr]
    assert names == {"Lena Fischer"}


def test_evidence_keys_step_through_screenshots_and_fit(desk: Harness, qtbot: QtBot) -> None:
    with qtbot.waitSignal(desk.loader.fully_shown, timeout=5000):
        pass
    view = desk.window.case_view
    first = view.current_attachment_id()
    desk.press("]")
    assert view.current_attachment_id() not in (None, first)
    desk.press("[")
    assert view.current_attachment_id() == first
    desk.press("+")
    assert not view.viewer().is_fitted()
    desk.press("f")
    assert view.viewer().is_fitted()


def test_cheat_sheet_key_opens_the_list_of_every_command(desk: Harness, qtbot: QtBot) -> None:
    desk.wait_case("case-000")
    desk.press("?")
    sheet = desk.window.findChild(CheatSheetDialog)
    assert sheet is not None
    qtbot.waitUntil(sheet.isVisible, timeout=2000)
    assert sheet.model.rowCount() == len(desk.window.registry.commands())
    sheet.close()


def test_claims_are_renewed_before_they_lapse() -> None:
    claim = ClaimOut(case_id="case-000", moderator=AGENT, expires_at=NOW + timedelta(seconds=300))
    assert renewal_delay_ms(claim, NOW) == 200_000
    assert renewal_delay_ms(claim, NOW + timedelta(seconds=299)) == 10_000


def test_the_demo_signs_in_again_by_itself(qtbot: QtBot, runner: TaskRunner) -> None:
    old, new = FakeBackend(case_count=1), FakeBackend(case_count=1)
    connection = Connection(old, "http://127.0.0.1:9")
    attempts: list[int] = []

    def sign_in() -> FakeBackend:
        attempts.append(1)
        if len(attempts) == 1:
            raise ServiceUnavailable("The demo service could not be reached.")
        return new

    reauth = AutomaticReauthenticator(runner, sign_in)
    with qtbot.waitSignal(reauth.failed, timeout=5000) as failure:
        reauth.reauthenticate(connection)
    assert str(failure.args[0]) == "The demo service could not be reached."
    assert connection.backend is old
    with qtbot.waitSignal(connection.changed, timeout=5000):
        reauth.reauthenticate(connection)
    assert connection.backend is new


def test_offline_decisions_wait_in_the_outbox_and_are_delivered_once_when_back(
    desk: Harness, qtbot: QtBot
) -> None:
    window = desk.window
    presenter = window.outbox_presenter
    assert presenter is not None
    desk.wait_case("case-000")
    desk.wait_outbox_open()
    desk.backend.persistent_failures["decide"] = Unreachable(
        "Could not record the decision: the service at 127.0.0.1:9 failed (connection refused)."
    )
    panel = window.decision_panel
    desk.press(Qt.Key.Key_2)  # remove content
    key = panel.idempotency_key
    desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.wait_case("case-001")  # deciding goes on while offline
    qtbot.waitUntil(
        lambda: window.banner.message_for(BannerSource.OFFLINE) is not None, timeout=5000
    )
    assert window.banner.message_for(BannerSource.OFFLINE).startswith(
        "Offline. Could not record the decision"
    )
    assert "1 decision is saved on this computer" in window.banner.message_for(BannerSource.OFFLINE)
    assert presenter.label.text() == "Outbox: 1 decision waiting (offline)"
    assert panel.outcome() is None, "the next case starts with an empty form"

    del desk.backend.persistent_failures["decide"]
    with qtbot.waitSignal(window.decision_recorded, timeout=5000) as blocker:
        desk.press(
            Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    assert blocker.args[0].idempotency_key == key
    assert set(desk.backend.posted_keys) == {key}
    assert list(desk.backend.decisions) == ["case-000"]
    qtbot.waitUntil(lambda: window.banner.message_for(BannerSource.OFFLINE) is None, timeout=5000)
    qtbot.waitUntil(lambda: presenter.label.text() == "Outbox: all delivered", timeout=5000)


def test_a_401_during_delivery_asks_for_a_new_sign_in_then_delivers_what_waited(
    desk: Harness, qtbot: QtBot
) -> None:
    desk.wait_case("case-000")
    desk.wait_outbox_open()
    desk.backend.failures["decide"] = AuthenticationRequired(
        "Your session token is unknown or has expired; sign in again."
    )
    desk.press(Qt.Key.Key_1)  # no violation
    with qtbot.waitSignal(desk.window.decision_recorded, timeout=5000) as blocker:
        desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: desk.reauth.asked == 1, timeout=5000)
    assert blocker.args[0].outcome is Outcome.NO_VIOLATION
    first, again = desk.backend.posted_keys
    assert first == again
    assert desk.backend.decisions["case-000"].outcome is Outcome.NO_VIOLATION


def test_a_case_decided_meanwhile_names_who_decided_and_keeps_the_decision_as_a_note(
    desk: Harness, qtbot: QtBot
) -> None:
    window = desk.window
    desk.wait_case("case-000")
    desk.wait_outbox_open()
    desk.backend.decisions["case-000"] = DecisionOut(
        id="d-other",
        case_id="case-000",
        moderator=OTHER,
        outcome=Outcome.SUSPEND,
        clause_ids=["HAR-1"],
        duration_days=14,
        decided_at=NOW,
        idempotency_key="someone-else",
    )
    qtbot.waitUntil(lambda: window.policy_panel.current_clause_id() is not None, timeout=5000)
    desk.press(Qt.Key.Key_3)
    desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: window.banner.message_for(BannerSource.DELIVERY) is not None, timeout=5000
    )
    said = window.banner.message_for(BannerSource.DELIVERY)
    assert said.startswith("Case case-000 had already been decided by Bruno Costa at ")
    assert "Suspend (HAR-1)" in said
    assert "Your decision was not recorded; it is kept in Delivery problems" in said
    assert desk.backend.decisions["case-000"].id == "d-other", "never overwritten"

    window.banner.retry_button.click()  # "Review"
    presenter = window.outbox_presenter
    assert presenter is not None
    dialog = presenter.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert dialog.model.index(0, 1).data() == "Conflict"
    assert str(dialog.model.index(0, 3).data()).startswith("Already decided by Bruno Costa")
    assert not dialog.correct_button.isEnabled()
    dialog.note_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=5000)
    ((member_id, text, case_id),) = desk.backend.notes
    assert (member_id, case_id) == ("m-0", "case-000")
    assert "It would have been: Warn" in text
    assert "Bruno Costa" in text
    qtbot.waitUntil(lambda: presenter.counts.problems == 0, timeout=5000)


def test_a_lost_conflict_can_be_appealed_with_a_reason(desk: Harness, qtbot: QtBot) -> None:
    desk.wait_case("case-000")
    desk.wait_outbox_open()
    desk.backend.decisions["case-000"] = DecisionOut(
        id="d-other",
        case_id="case-000",
        moderator=OTHER,
        outcome=Outcome.NO_VIOLATION,
        clause_ids=[],
        decided_at=NOW,
        idempotency_key="someone-else",
    )
    qtbot.waitUntil(lambda: desk.window.decision_panel.submit_button.isEnabled(), timeout=5000)
    qtbot.waitUntil(lambda: desk.window.policy_panel.current_clause_id() is not None, timeout=5000)
    desk.press(Qt.Key.Key_5)  # suspend
    desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    presenter = desk.window.outbox_presenter
    assert presenter is not None
    qtbot.waitUntil(lambda: presenter.counts.problems == 1, timeout=5000)
    presenter.show_problems()
    dialog = presenter.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    dialog.appeal_button.click()  # no reason yet: nothing is sent
    assert "Write why" in dialog.status_label.text()
    assert desk.backend.appeals == {}
    dialog.reason_edit.setPlainText("The screenshots show repeated threats.")
    dialog.appeal_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=5000)
    ((case_id, decision_id, proposed, reason),) = desk.backend.appeals.values()
    assert (case_id, decision_id, reason) == (
        "case-000",
        "d-other",
        "The screenshots show repeated threats.",
    )
    assert proposed.outcome is Outcome.SUSPEND
