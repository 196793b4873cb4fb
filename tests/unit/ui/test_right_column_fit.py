"""The desk's right column at 1920x1080: every panel gets what it needs, nothing overlaps.

Member (with a "Reports filed" line and a bio), policy (two clauses, so the
selector shows, each with a four-rung ladder) and the decision form: the whole
ladder and the whole form are on screen without scrolling, and moving to a
case whose clause has as many rungs moves nothing in the column.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from layout_probe import area_in, settle
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from shell_fakes import CATALOGUE, FakeBackend
from shell_harness import Harness, opened_desk

from reviewdesk.api.models import LadderStep, MemberHistory, PolicyCatalogue
from reviewdesk.domain.enums import Outcome
from reviewdesk.ui.main_window import MainWindow
from reviewdesk.ui.tasks import TaskRunner

FOUR_RUNGS = [
    LadderStep(outcome=Outcome.WARN),
    LadderStep(outcome=Outcome.RESTRICT, duration_days=3),
    LadderStep(outcome=Outcome.SUSPEND, duration_days=14),
    LadderStep(outcome=Outcome.TERMINATE),
]


class CrowdedBackend(FakeBackend):
    """Every clause has four rungs; every member filed reports and wrote a bio."""

    def get_policy(self) -> PolicyCatalogue:
        super().get_policy()
        clauses = [clause.model_copy(update={"ladder": FOUR_RUNGS}) for clause in CATALOGUE.clauses]
        return CATALOGUE.model_copy(update={"clauses": clauses})

    def get_member_history(self, member_id: str) -> MemberHistory:
        history = super().get_member_history(member_id)
        member = history.member.model_copy(
            update={"bio": "Teacher of German, learning Japanese. Happy to swap lessons!"}
        )
        return history.model_copy(
            update={"member": member, "reports_filed": 3, "reports_filed_upheld": 1}
        )


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    with opened_desk(qtbot, runner, CrowdedBackend(case_count=6)) as opened:
        opened.window.resize(1920, 1080)
        yield opened


def wait_shown(desk: Harness, case_id: str) -> None:
    desk.wait_case(case_id)
    window = desk.window
    desk.qtbot.waitUntil(lambda: window.member_panel.history() is not None, timeout=5000)
    desk.qtbot.waitUntil(lambda: window.policy_panel.current_clause() is not None, timeout=5000)
    settle()


def assert_column_fits(window: MainWindow) -> None:
    panels: list[QWidget] = [window.member_panel, window.policy_panel, window.decision_panel]
    for panel in panels:
        assert panel.height() >= panel.minimumSizeHint().height(), panel.accessibleName()
    column = window.right_splitter
    assert area_in(window.decision_panel, column).bottom() < column.height()
    # The whole ladder, no scrolling, nothing laid over it.
    policy = window.policy_panel
    ladder = policy.ladder
    rows = sum(ladder.sizeHintForRow(row) for row in range(ladder.card_model().rowCount()))
    assert ladder.card_model().rowCount() == 4
    assert ladder.viewport().height() >= rows
    assert ladder.verticalScrollBar().maximum() == 0
    assert area_in(policy.ladder_box, policy).bottom() < area_in(policy.examples, policy).top()
    # The decision form: every part inside the panel, in full.
    form = window.decision_panel
    parts: list[QWidget] = [
        *form.outcome_buttons.values(),
        form.clause_combo,
        form.note_edit,
        form.messages_tabs,
        form.submit_button,
    ]
    for part in parts:
        assert part.isVisible(), part.accessibleName()
        assert form.rect().contains(area_in(part, form)), part.accessibleName()
    # The bio keeps the panel's spacing above the history tabs.
    member = window.member_panel
    gap = area_in(member.tabs, member).top() - (area_in(member.bio, member).bottom() + 1)
    assert gap >= 4


def test_the_right_column_fits_at_full_hd(desk: Harness) -> None:
    window = desk.window
    wait_shown(desk, "case-000")  # harassment: two clauses, so the selector shows
    assert not window.policy_panel.selector.isHidden()
    assert window.member_panel.reporting.isVisible()
    assert_column_fits(window)


def test_a_case_whose_clause_has_as_many_rungs_moves_nothing(desk: Harness) -> None:
    window = desk.window
    wait_shown(desk, "case-000")
    desk.press("j")
    wait_shown(desk, "case-001")  # spam: one clause, four rungs as well
    panels: list[QWidget] = [
        window.member_panel,
        window.policy_panel,
        window.decision_panel,
        window.policy_panel.ladder_box,
        window.policy_panel.ladder,
    ]
    before = [area_in(panel, window) for panel in panels]
    desk.press("j")
    wait_shown(desk, "case-002")  # scam: another clause, again four rungs
    assert window.policy_panel.current_clause_id() == "SCM-1"
    assert [area_in(panel, window) for panel in panels] == before
    assert_column_fits(window)


def test_at_full_hd_the_right_column_does_not_scroll(desk: Harness) -> None:
    wait_shown(desk, "case-000")
    assert desk.window.right_column.verticalScrollBar().maximum() == 0


def test_a_laptop_screen_holds_the_window_and_the_right_column_scrolls_to_the_keyboard(
    desk: Harness, qtbot: QtBot
) -> None:
    """At 1366x768 the window fits the screen; the column scrolls, and follows the focus."""
    window = desk.window
    window.resize(1366, 768)
    wait_shown(desk, "case-000")
    qtbot.waitUntil(lambda: window.height() == 768, timeout=3000)
    column = window.right_column
    assert column.verticalScrollBar().maximum() > 0  # more than fits: it scrolls
    for panel in (window.member_panel, window.policy_panel, window.decision_panel):
        assert panel.height() >= panel.minimumSizeHint().height(), panel.accessibleName()
    ladder = window.policy_panel.ladder  # squeezed, it shows the suggested rung
    assert ladder.viewport().height() >= ladder.sizeHintForRow(0)
    column.verticalScrollBar().setValue(0)
    viewport = column.viewport()
    note = window.decision_panel.note_edit
    assert not viewport.rect().contains(area_in(note, viewport)), "the note starts below"
    desk.press("n")  # focus the note: it comes into view
    qtbot.waitUntil(note.hasFocus, timeout=3000)
    qtbot.waitUntil(lambda: viewport.rect().contains(area_in(note, viewport)), timeout=3000)
