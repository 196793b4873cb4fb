"""The policy panel: clause text, examples, the ladder with the suggested rung, the selector."""

from __future__ import annotations

from typing import Any

import pytest
from case_samples import clauses, suggested_steps
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import LadderStep
from reviewdesk.domain.enums import Outcome
from reviewdesk.ui.case import PolicyPanel


@pytest.fixture
def panel(qtbot: QtBot) -> PolicyPanel:
    policy_panel = PolicyPanel()
    qtbot.addWidget(policy_panel)
    policy_panel.resize(520, 600)
    policy_panel.show()
    qtbot.waitExposed(policy_panel)
    return policy_panel


def test_first_clause_shown_with_examples(panel: PolicyPanel, qtbot: QtBot) -> None:
    catalogue = clauses()
    with qtbot.waitSignal(panel.clause_selected) as selected:
        panel.show_clauses(catalogue, suggested_steps())
    assert selected.args == ["HAR-2"]
    assert panel.current_clause_id() == "HAR-2"
    assert panel.title.text() == "HAR-2 · Persistent unwanted contact"
    assert panel.severity.text() == "Severity: high"
    assert panel.text.toPlainText() == catalogue[0].text
    bad = [card.body for card in panel.unacceptable.card_model().cards()]
    good = [card.body for card in panel.acceptable.card_model().cards()]
    assert bad == catalogue[0].unacceptable
    assert good == catalogue[0].acceptable
    assert panel.examples.tabText(0) == "Not acceptable (2)"
    assert panel.examples.tabText(1) == "Acceptable (1)"


def test_suggested_rung_is_highlighted(panel: PolicyPanel) -> None:
    panel.show_clauses(clauses(), suggested_steps())
    ladder = panel.ladder.card_model()
    assert ladder.rowCount() == 4
    assert ladder.highlighted_rows() == [2]
    suggested = ladder.cards()[2]
    assert suggested.marker == "Suggested"
    assert "Suspend for 14 days" in suggested.header
    assert "3rd offence" in suggested.header


def test_without_a_suggestion_no_rung_is_highlighted(panel: PolicyPanel) -> None:
    panel.show_clauses(clauses())
    assert panel.ladder.card_model().highlighted_rows() == []
    panel.show_clauses(clauses(), {"HAR-2": LadderStep(outcome=Outcome.SUSPEND, duration_days=99)})
    assert panel.ladder.card_model().highlighted_rows() == []


def test_selector_switches_clause(panel: PolicyPanel, qtbot: QtBot) -> None:
    panel.show_clauses(clauses(), suggested_steps())
    assert not panel.selector.isHidden()
    assert panel.selector.count() == 2
    with qtbot.waitSignal(panel.clause_selected) as selected:
        assert panel.select_clause("THR-1")
    assert selected.args == ["THR-1"]
    assert panel.current_clause_id() == "THR-1"
    assert panel.severity.text() == "Severity: critical"
    assert panel.ladder.card_model().rowCount() == 2
    assert panel.ladder.card_model().highlighted_rows() == []
    assert panel.acceptable.card_model().rowCount() == 0
    assert not panel.select_clause("NOPE-1")


def test_single_clause_hides_the_selector(panel: PolicyPanel) -> None:
    panel.show_clauses(clauses()[1:])
    assert panel.selector.isHidden()
    assert panel.current_clause_id() == "THR-1"


def test_clear_and_empty(panel: PolicyPanel) -> None:
    panel.show_clauses(clauses())
    panel.clear()
    assert panel.current_clause_id() is None
    assert panel.status.text() == "No policy clause for this case"
    panel.show_clauses([])
    assert panel.current_clause_id() is None
    assert panel.ladder.card_model().rowCount() == 0


def test_ladder_and_examples_pass_model_checks(panel: PolicyPanel, qtmodeltester: Any) -> None:
    panel.show_clauses(clauses(), suggested_steps())
    qtmodeltester.check(panel.ladder.card_model())
    qtmodeltester.check(panel.unacceptable.card_model())


def test_ladder_is_shown_without_scrolling(panel: PolicyPanel) -> None:
    panel.show_clauses(clauses(), suggested_steps())
    ladder = panel.ladder
    rows = ladder.card_model().rowCount()
    last = ladder.visualRect(ladder.card_model().index(rows - 1, 0))
    assert ladder.viewport().rect().contains(last)
