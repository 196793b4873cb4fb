"""Switching to a case read ahead: its texts come prepared from the worker, shown in one go."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot
from samples import png_bytes
from shell_fakes import FakeBackend
from shell_harness import Harness, opened_desk

from reviewdesk.domain.enums import Outcome
from reviewdesk.ui.case import case_view as case_view_module
from reviewdesk.ui.case import member_panel as member_panel_module
from reviewdesk.ui.case.prepared_case import CONTENT_KEY, prepare_case
from reviewdesk.ui.prefetch import PrefetchedCase
from reviewdesk.ui.tasks import TaskRunner


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    backend = FakeBackend(case_count=6, attachments={"shot": png_bytes(64, 40, "green")})
    with opened_desk(qtbot, runner, backend) as opened:
        yield opened


def read_ahead(qtbot: QtBot, desk: Harness, case_id: str) -> PrefetchedCase:
    planner = desk.window.prefetch
    assert planner is not None
    cache = planner.prefetcher.cache
    qtbot.waitUntil(lambda: case_id in cache, timeout=5000)
    entry = cache.take(case_id)
    assert entry is not None
    cache.put(case_id, entry)
    return entry


class EnabledChanges(QObject):
    """Counts the times a widget is switched on or off."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.EnabledChange:
            self.count += 1
        return False


def test_a_case_read_ahead_brings_its_texts_worked_out_on_the_worker(
    desk: Harness, qtbot: QtBot
) -> None:
    desk.wait_case("case-000")
    entry = read_ahead(qtbot, desk, "case-001")
    assert entry.prepared is not None
    assert entry.prepared == prepare_case(entry.detail, entry.history)


def test_moving_to_a_case_read_ahead_shows_its_prepared_texts_without_working_them_out(
    desk: Harness, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.wait_case("case-000")
    entry = read_ahead(qtbot, desk, "case-001")
    prepared = entry.prepared
    assert prepared is not None
    assert prepared.member is not None

    def not_on_the_gui_thread(*_args: object, **_options: object) -> None:
        raise AssertionError("worked out again on the GUI thread")

    monkeypatch.setattr(case_view_module, "report_card", not_on_the_gui_thread)
    monkeypatch.setattr(member_panel_module, "prepare_member", not_on_the_gui_thread)
    window = desk.window
    button = window.decision_panel.outcome_buttons[Outcome.WARN]
    changes = EnabledChanges()
    button.installEventFilter(changes)
    desk.press("j")
    # All of it in the key press itself, with the language tags already on.
    assert window.case_view.case_id() == "case-001"
    assert window.case_view.reports.card_model().cards() == prepared.report_cards
    assert window.case_view.content_language_tag() == prepared.languages[CONTENT_KEY] != ""
    assert window.member_panel.summary.text() == prepared.member.summary
    # The form is for the case shown, open for a decision, and was never switched off and on.
    assert window.decision_panel.case_id == "case-001"
    assert button.isEnabled()
    assert changes.count == 0
    desk.wait_case("case-001")
