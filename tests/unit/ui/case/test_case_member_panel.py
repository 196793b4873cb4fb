"""The member panel: facts, record counts, history tables, reporting record, states."""

from __future__ import annotations

from typing import Any

from case_samples import NOW, SUBJECT_NAME, member_history
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from reviewdesk.api.models import MemberProfile
from reviewdesk.ui.case import MemberPanel
from reviewdesk.ui.case.text_format import format_date


def test_facts_and_summary(member_panel: MemberPanel) -> None:
    member_panel.show_history(member_history(), now=NOW)
    assert SUBJECT_NAME in member_panel.name.text()
    assert "m-40512" in member_panel.name.text()
    assert member_panel.summary.text() == "3 strikes · 5 prior cases · 2 upheld"
    assert member_panel.role.text() == "Learner"
    assert member_panel.country.text() == "Egypt (EG)"
    assert "speaks Arabic (ar)" in member_panel.languages.text()
    assert "learning Japanese (ja), English (en)" in member_panel.languages.text()
    assert member_panel.membership.text().startswith("2 years, 3 months")
    assert member_panel.bio.toPlainText().startswith("أحب الأنمي")
    assert member_panel.status_text() == ""


def test_history_tabs_show_counts_newest_first(member_panel: MemberPanel) -> None:
    history = member_history()
    member_panel.show_history(history, now=NOW)
    assert [member_panel.tabs.tabText(i) for i in range(3)] == [
        "Prior cases (5)",
        "Strikes (3)",
        "Notes (2)",
    ]
    cases = member_panel.prior_cases_model
    assert cases.rowCount() == 5
    newest = max(history.prior_cases, key=lambda case: case.opened_at)
    assert cases.cell(0, 0) == format_date(newest.opened_at)
    assert cases.cell(0, 3) == "Warn"
    assert cases.cell(0, 4) == "HAR-2"
    outcomes = {cases.cell(row, 3) for row in range(5)}
    assert "Open (pending)" in outcomes
    assert member_panel.strikes_model.rowCount() == 3
    assert member_panel.strikes_model.cell(2, 2) == "DAT-1"  # the oldest strike is last
    notes = member_panel.notes.card_model().cards()
    assert len(notes) == 2
    assert notes[0].body.startswith("Told him twice")


def test_a_tab_keeps_its_title_untouched_when_the_count_stays(
    member_panel: MemberPanel, monkeypatch: Any
) -> None:
    """Qt lays the tab bar out again for every title set: only changed titles are set."""
    member_panel.show_history(member_history(), now=NOW)
    titled: list[tuple[int, str]] = []
    set_title = member_panel.tabs.setTabText

    def note_title(index: int, text: str) -> None:
        titled.append((index, text))
        set_title(index, text)

    monkeypatch.setattr(member_panel.tabs, "setTabText", note_title)
    member_panel.show_history(member_history(), now=NOW)
    assert titled == []
    member_panel.show_history(member_history(notes=member_history().notes[:1]), now=NOW)
    assert titled == [(2, "Notes (1)")]
    assert [member_panel.tabs.tabText(i) for i in range(3)] == [
        "Prior cases (5)",
        "Strikes (3)",
        "Notes (1)",
    ]


def test_the_case_under_review_is_not_counted_as_a_prior_case(member_panel: MemberPanel) -> None:
    history = member_history()
    pending = next(case for case in history.prior_cases if case.outcome is None)
    member_panel.show_history(history, now=NOW, current_case_id=pending.case_id)
    assert member_panel.tabs.tabText(0) == "Prior cases (4)"
    assert member_panel.summary.text() == "3 strikes · 4 prior cases · 2 upheld"
    shown = {member_panel.prior_cases_model.cell(row, 3) for row in range(4)}
    assert "Open (pending)" not in shown


def test_reporting_record_only_when_the_member_reported(member_panel: MemberPanel) -> None:
    member_panel.show_history(member_history(), now=NOW)
    assert not member_panel.reporting.isHidden()
    assert member_panel.reporting.text() == "Filed 4 reports · 1 upheld (25%)"
    member_panel.show_history(member_history(reports_filed=0, reports_filed_upheld=0), now=NOW)
    assert member_panel.reporting.isHidden()


def test_models_pass_model_checks(member_panel: MemberPanel, qtmodeltester: Any) -> None:
    member_panel.show_history(member_history(), now=NOW)
    qtmodeltester.check(member_panel.prior_cases_model)
    qtmodeltester.check(member_panel.strikes_model)
    qtmodeltester.check(member_panel.notes.card_model())


def test_loading_error_and_empty_states(member_panel: MemberPanel) -> None:
    assert member_panel.status_text() == "No member selected"
    member_panel.show_loading()
    assert member_panel.status_text() == "Loading member history…"
    member_panel.show_error("The server did not answer in time.")
    assert "Could not load" in member_panel.status_text()
    assert "did not answer in time" in member_panel.status_text()
    assert member_panel.history() is None
    member_panel.show_history(member_history(), now=NOW)
    assert member_panel.history() is not None
    member_panel.clear()
    assert member_panel.status_text() == "No member selected"
    assert member_panel.prior_cases_model.rowCount() == 0


def test_hostile_profile_text_is_literal(member_panel: MemberPanel) -> None:
    hostile = '<b>bold</b> <img src="file:///etc/passwd">'
    base = member_history()
    member = MemberProfile.model_validate(
        {**base.member.model_dump(), "display_name": hostile, "bio": hostile * 100}
    )
    member_panel.show_history(member_history(member=member), now=NOW)
    assert hostile in member_panel.name.text()
    assert member_panel.bio.full_text() == hostile * 100
    shown = member_panel.bio.toPlainText()
    assert shown.startswith('<b>bold</b> <img src="file[:]///etc/passwd')
    assert shown.count("<b>bold</b>") > 50
    for label in member_panel.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_fits_a_narrow_column_even_with_long_names(member_panel: MemberPanel) -> None:
    base = member_history()
    member = MemberProfile.model_validate(
        {**base.member.model_dump(), "display_name": "W" * 500, "id": "m-" + "9" * 90}
    )
    member_panel.show_history(member_history(member=member), now=NOW)
    assert member_panel.minimumSizeHint().width() <= 320
    layout = member_panel.layout()
    assert layout is not None
    assert layout.minimumSize().width() <= 420
