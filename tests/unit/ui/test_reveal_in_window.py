"""In the main window: B reveals a sensitive screenshot and the decision carries its id."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from samples import png_bytes
from shell_fakes import FakeBackend, make_summary
from shell_harness import Harness, opened_desk

from reviewdesk.domain.enums import Category, Outcome
from reviewdesk.ui.case.attachments_model import LoadState
from reviewdesk.ui.tasks import TaskRunner


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    backend = FakeBackend(
        case_count=3,
        attachments={"first": png_bytes(64, 40, "red"), "second": png_bytes(64, 40, "blue")},
    )
    backend.cases[0] = make_summary(0, category=Category.SELF_HARM)
    with opened_desk(qtbot, runner, backend) as opened:
        yield opened


def test_b_reveals_and_the_decision_records_the_revealed_attachment(
    desk: Harness, qtbot: QtBot
) -> None:
    desk.wait_case("case-000")
    desk.wait_outbox_open()
    window = desk.window
    model = window.case_view.evidence.attachments_model()
    qtbot.waitUntil(
        lambda: all(model.entry(r).state is LoadState.READY for r in range(2)),  # type: ignore[union-attr]
        timeout=5000,
    )
    viewer = window.case_view.viewer()
    assert viewer.is_blurred()
    assert viewer.is_greyscale()
    desk.press(Qt.Key.Key_B)
    assert not viewer.is_protected()
    assert window.decision_panel.revealed_attachments() == ["case-000-first"]
    assert window.evidence_desk.tracker.count == 1

    desk.press(Qt.Key.Key_1)  # no violation
    with qtbot.waitSignal(window.decision_recorded, timeout=5000):
        desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    posted = desk.backend.bodies[desk.backend.posted_keys[-1]]
    assert posted.outcome is Outcome.NO_VIOLATION
    assert posted.revealed_attachment_ids == ["case-000-first"]

    desk.wait_case("case-001")  # harassment: shown as sent, nothing to reveal
    assert not viewer.is_protected()
    assert window.decision_panel.revealed_attachments() == []


def test_a_break_is_offered_after_the_set_number_and_pause_hides_the_cases(
    desk: Harness, qtbot: QtBot
) -> None:
    window = desk.window
    window.evidence_desk.tracker.set_threshold(2)
    desk.wait_case("case-000")
    model = window.case_view.evidence.attachments_model()
    qtbot.waitUntil(
        lambda: all(model.entry(r).state is LoadState.READY for r in range(2)),  # type: ignore[union-attr]
        timeout=5000,
    )
    desk.press(Qt.Key.Key_B)
    assert window.break_bar.isHidden()
    desk.press("]")
    desk.press(Qt.Key.Key_B)
    assert not window.break_bar.isHidden()
    assert "2 sensitive images" in window.break_bar.message()
    assert window.splitter.isVisible()
    window.break_bar.pause_button.click()
    assert window.break_bar.is_paused()
    assert not window.splitter.isVisible()
    assert "Paused" in window.break_bar.message()
    # Nothing is decided or looked at on a break: the case keys do nothing.
    desk.press(Qt.Key.Key_3)
    desk.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.press(Qt.Key.Key_J)
    assert window.decision_panel.outcome() is None
    assert window.case_view.case_id() == "case-000"
    assert desk.backend.posted_keys == []
    window.registry.trigger("wellbeing.pause")  # the command resumes too
    assert window.splitter.isVisible()
    assert window.break_bar.isHidden()
    desk.press(Qt.Key.Key_3)  # back to work: keys are commands again, not typing
    assert window.decision_panel.outcome() is Outcome.WARN
