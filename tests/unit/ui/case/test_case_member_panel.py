"""The member panel: facts, record counts, history tables, reporting record, states."""

from __future__ import annotations

from typing import Any

import pytest
from case_samples import NOW, SUBJECT_NAME, member_history
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from reviewdesk.api.models import MemberProfile
from reviewdesk.ui.case import MemberPanel
from reviewdesk.ui.case.text_format import format_date


@pytest.fixture
def panel(qtbot: QtBot) -> MemberPanel:
    member_panel = MemberPanel()
    qtbot.addWidget(member_panel)
    member_panel.resize(520, 560)
    member_panel.show()
    qtbot.waitExposed(member_panel)
    return member_panel


def test_facts_and_summary(panel: MemberPanel) -> None:
    panel.show_history(member_history(), now=NOW)
    assert SUBJECT_NAME in panel.name.text()
    assert "m-40512" in panel.name.text()
    assert panel.summary.text() == "3 strikes · 5 prior cases · 2 upheld"
    assert panel.role.text() == "Learner"
    assert panel.country.text() == "Egypt (EG)"
    assert "speaks Arabic (ar)" in panel.languages.text()
    assert "learning Japanese (ja), English (en)" in panel.languages.text()
    assert panel.membership.text().startswith("2 years, 3 months")
    assert panel.bio.toPlainText().startswith("أحب الأنمي")
    assert panel.status_text() == ""


def test_history_tabs_show_counts_newest_first(panel: MemberPanel) -> None:
    history = member_history()
    panel.show_history(history, now=NOW)
    assert [panel.tabs.tabText(i) for i in range(3)] == [
        "Prior cases (5)",
        "Strikes (3)",
        "Notes (2)",
    ]
    cases = panel.prior_cases_model
    assert cases.rowCount() == 5
    newest = max(history.prior_cases, key=lambda case: case.opened_at)
    assert cases.cell(0, 0) == format_date(newest.opened_at)
    assert cases.cell(0, 3) == "Warn"
    assert cases.cell(0, 4) == "HAR-2"
    outcomes = {cases.cell(row, 3) for row in range(5)}
    assert "Open (pending)" in outcomes
    assert panel.strikes_model.rowCount() == 3
    assert panel.strikes_model.cell(2, 2) == "DAT-1"  # the oldest strike is last
    notes = panel.notes.card_model().cards()
    assert len(notes) == 2
    assert notes[0].body.startswith("Told him twice")


def test_the_case_under_review_is_not_counted_as_a_prior_case(panel: MemberPanel) -> None:
    history = member_history()
    pending = next(case for case in history.prior_cases if case.outcome is None)
    panel.show_history(history, now=NOW, current_case_id=pending.case_id)
    assert panel.tabs.tabText(0) == "Prior cases (4)"
    assert panel.summary.text() == "3 strikes · 4 prior cases · 2 upheld"
    shown = {panel.prior_cases_model.cell(row, 3) for row in range(4)}
    assert "Open (pending)" not in shown


def test_reporting_record_only_when_the_member_reported(panel: MemberPanel) -> None:
    panel.show_history(member_history(), now=NOW)
    assert not panel.reporting.isHidden()
    assert panel.reporting.text() == "Filed 4 reports · 1 upheld (25%)"
    panel.show_history(member_history(reports_filed=0, reports_filed_upheld=0), now=NOW)
    assert panel.reporting.isHidden()


def test_models_pass_model_checks(panel: MemberPanel, qtmodeltester: Any) -> None:
    panel.show_history(member_history(), now=NOW)
    qtmodeltester.check(panel.prior_cases_model)
    qtmodeltester.check(panel.strikes_model)
    qtmodeltester.check(panel.notes.card_model())


def test_loading_error_and_empty_states(panel: MemberPanel) -> None:
    assert panel.status_text() == "No member selected"
    panel.show_loading()
    assert panel.status_text() == "Loading member history…"
    panel.show_error("The server did not answer in time.")
    assert "Could not load" in panel.status_text()
    assert "did not answer in time" in panel.status_text()
    assert panel.history() is None
    panel.show_history(member_history(), now=NOW)
    assert panel.history() is not None
    panel.clear()
    assert panel.status_text() == "No member selected"
    assert panel.prior_cases_model.rowCount() == 0


def test_hostile_profile_text_is_literal(panel: MemberPanel) -> None:
    hostile = '<b>bold</b> <img src="file:///etc/passwd">'
    base = member_history()
    member = MemberProfile.model_validate(
        {**base.member.model_dump(), "display_name": hostile, "bio": hostile * 100}
    )
    panel.show_history(member_history(member=member), now=NOW)
    assert hostile in panel.name.text()
    assert panel.bio.full_text() == hostile * 100
    shown = panel.bio.toPlainText()
    assert shown.startswith('<b>bold</b> <img src="file[:]///etc/passwd')
    assert shown.count("<b>bold</b>") > 50
    for label in panel.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_fits_a_narrow_column_even_with_long_names(panel: MemberPanel) -> None:
    base = member_history()
    member = MemberProfile.model_validate(
        {**base.member.model_dump(), "display_name": "W" * 500, "id": "m-" + "9" * 90}
    )
    panel.show_history(member_history(member=member), now=NOW)
    assert panel.minimumSizeHint().width() <= 320
    layout = panel.layout()
    assert layout is not None
    assert layout.minimumSize().width() <= 420
