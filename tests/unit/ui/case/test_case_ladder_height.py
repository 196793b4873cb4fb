"""The sanction ladder shows every rung, keeps its height across clauses, and nothing covers it.

The panels sit in a vertical splitter, as in the desk's right column, at the
sizes it gives them in a 1920x1080 window: about 530 pixels wide, the policy
panel about 310 high (the least it gets there, beside a member with a
"Reports filed" line and the decision form). A splitter gives a panel what it
is asked for, but never less than the panel's minimum size hint.
"""

from __future__ import annotations

import pytest
from case_samples import clauses, member_history, suggested_steps
from layout_probe import area_in, settle
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QSplitter, QWidget
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import LadderStep, PolicyClause
from reviewdesk.domain.enums import Outcome
from reviewdesk.ui.case import MemberPanel, PolicyPanel
from reviewdesk.ui.case.card_delegate import CardDelegate
from reviewdesk.ui.case.ladder_view import LEAST_RUNGS

COLUMN_WIDTH = 530
COLUMN_HEIGHT = 1000
POLICY_HEIGHT_AT_FULL_HD = 310


def four_rung_clauses() -> list[PolicyClause]:
    """Two clauses (so the selector shows), both with four-rung ladders."""
    first, second = clauses()
    return [
        first,
        second.model_copy(
            update={
                "ladder": [
                    LadderStep(outcome=Outcome.WARN),
                    LadderStep(outcome=Outcome.SUSPEND, duration_days=7),
                    LadderStep(outcome=Outcome.SUSPEND, duration_days=30),
                    LadderStep(outcome=Outcome.TERMINATE),
                ]
            }
        ),
    ]


def in_column(qtbot: QtBot, panel: QWidget) -> QSplitter:
    """``panel`` on top of a column of the right column's size, the rest filled."""
    column = QSplitter(Qt.Orientation.Vertical)
    qtbot.addWidget(column)
    column.addWidget(panel)
    column.addWidget(QWidget())
    column.setChildrenCollapsible(False)
    column.resize(COLUMN_WIDTH, COLUMN_HEIGHT)
    column.show()
    qtbot.waitExposed(column)
    return column


def give(column: QSplitter, height: int) -> None:
    """Ask the column to give its first panel ``height`` pixels."""
    column.setSizes([height, COLUMN_HEIGHT - height - column.handleWidth()])
    settle()


@pytest.fixture
def column(qtbot: QtBot) -> QSplitter:
    """A policy panel on top of the column, given the room it gets at 1920x1080."""
    splitter = in_column(qtbot, PolicyPanel())
    give(splitter, POLICY_HEIGHT_AT_FULL_HD)
    return splitter


def policy_of(column: QSplitter) -> PolicyPanel:
    panel = column.widget(0)
    assert isinstance(panel, PolicyPanel)
    return panel


def rung_area(panel: PolicyPanel, row: int) -> QRect:
    """Where rung ``row`` is drawn in the ladder's viewport."""
    return panel.ladder.visualRect(panel.ladder.card_model().index(row, 0))


def rows_height(panel: PolicyPanel) -> int:
    ladder = panel.ladder
    return sum(ladder.sizeHintForRow(row) for row in range(ladder.card_model().rowCount()))


def test_a_four_rung_ladder_shows_every_rung_at_full_hd(column: QSplitter) -> None:
    panel = policy_of(column)
    panel.show_clauses(four_rung_clauses(), suggested_steps())
    settle()
    ladder = panel.ladder
    assert ladder.card_model().rowCount() == 4
    assert not panel.selector.isHidden()  # the crowded case: several clauses
    # Every rung fits: no scrolling, each row inside the viewport.
    assert ladder.viewport().height() >= rows_height(panel)
    assert ladder.verticalScrollBar().maximum() == 0
    for row in range(4):
        assert ladder.viewport().rect().contains(rung_area(panel, row))
    # ...and nothing is laid over it: the examples start below the ladder's box,
    # and every part is inside the panel.
    box = area_in(panel.ladder_box, panel)
    assert area_in(ladder, panel).bottom() <= box.bottom()
    assert box.bottom() < area_in(panel.examples, panel).top()
    assert area_in(panel.text, panel).bottom() < box.top()
    assert area_in(panel.examples, panel).bottom() < panel.height()
    # The room came from the parts that scroll, not from the ladder.
    assert panel.height() >= panel.minimumSizeHint().height()


def test_the_ladder_height_comes_from_the_rung_count_and_the_rows(column: QSplitter) -> None:
    panel = policy_of(column)
    panel.show_clauses(four_rung_clauses(), suggested_steps())
    ladder = panel.ladder
    row = CardDelegate.header_card_height(ladder.font())
    assert [ladder.sizeHintForRow(n) for n in range(4)] == [row] * 4
    least, full = ladder.rung_heights(4)
    assert full >= 4 * row + 2 * ladder.frameWidth()
    assert least == ladder.rung_heights(LEAST_RUNGS)[1] < full
    assert ladder.sizeHint().height() == ladder.maximumHeight() == full


class LayoutRequests(QObject):
    """Counts layout requests and resizes that reach the widgets it watches."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.seen: list[str] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self.seen.append(f"{watched.objectName() or watched.accessibleName()}: {event.type()}")
        return False


def test_a_clause_with_as_many_rungs_keeps_the_ladder_where_and_as_it_is(column: QSplitter) -> None:
    panel = policy_of(column)
    first, second = four_rung_clauses()
    panel.show_clauses([first], suggested_steps())
    settle()
    before = (area_in(panel.ladder_box, panel), panel.ladder.height(), panel.ladder.sizeHint())
    watch = LayoutRequests(panel.ladder, panel.ladder_box)

    # The next case rests on another clause with as many rungs (no suggestion this time).
    panel.show_clauses([second], {})
    settle()

    assert panel.title.text().startswith(second.id)
    assert panel.ladder.card_model().rowCount() == 4
    assert panel.ladder.card_model().highlighted_rows() == []
    after = (area_in(panel.ladder_box, panel), panel.ladder.height(), panel.ladder.sizeHint())
    assert after == before
    # The ladder neither asked its box for a new layout nor was resized.
    assert watch.seen == []


def test_a_shorter_ladder_takes_less_room_and_gives_it_to_the_examples(column: QSplitter) -> None:
    panel = policy_of(column)
    first, second = clauses()  # four rungs, then two
    panel.show_clauses([first], suggested_steps())
    settle()
    tall_ladder, small_examples = panel.ladder.height(), panel.examples.height()
    panel.show_clauses([second], {})
    settle()
    assert panel.ladder.card_model().rowCount() == 2
    assert panel.ladder.viewport().height() >= rows_height(panel)
    assert panel.ladder.height() < tall_ladder
    assert panel.examples.height() > small_examples


def test_a_window_too_short_scrolls_the_ladder_to_the_suggested_rung(column: QSplitter) -> None:
    panel = policy_of(column)
    panel.show_clauses(four_rung_clauses(), suggested_steps())  # the third rung is suggested
    settle()
    give(column, 100)  # a window far too short: the panel gets its least
    assert panel.height() == panel.minimumSizeHint().height()
    ladder = panel.ladder
    # Squeezed to its least: the ladder scrolls, nothing overlaps, the suggestion shows.
    assert ladder.height() == ladder.minimumHeight() < ladder.maximumHeight()
    assert ladder.verticalScrollBar().maximum() > 0
    suggested = ladder.card_model().highlighted_rows()[0]
    assert ladder.viewport().rect().contains(rung_area(panel, suggested))
    assert area_in(panel.ladder_box, panel).bottom() < area_in(panel.examples, panel).top()
    assert area_in(panel.examples, panel).bottom() < panel.height()
    # Given room again, it shows every rung.
    give(column, POLICY_HEIGHT_AT_FULL_HD)
    assert ladder.verticalScrollBar().maximum() == 0
    assert ladder.viewport().height() >= rows_height(panel)


def test_the_bio_keeps_a_gap_above_the_history_tabs_in_a_crowded_column(qtbot: QtBot) -> None:
    panel = MemberPanel()
    column = in_column(qtbot, panel)
    panel.show_history(member_history())
    # The desk's column used to give the member 240 pixels at 1920x1080.
    give(column, 240)
    bio = area_in(panel.bio, panel)
    tabs = area_in(panel.tabs, panel)
    assert tabs.top() - (bio.bottom() + 1) >= 4  # the panel's spacing
    assert bio.height() >= panel.bio.minimumHeight()
    assert tabs.bottom() < panel.height()  # the tabs are not cut off either
