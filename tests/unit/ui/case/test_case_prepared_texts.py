"""A case's display texts worked out ahead: the same as the panels work out themselves."""

from __future__ import annotations

import threading

import pytest
from case_samples import NOW, case_detail, clauses, member_history, suggested_steps
from PySide6.QtWidgets import QHeaderView, QStyle
from pytestqt.qtbot import QtBot

from reviewdesk.ui.case import CaseView, MemberPanel, PolicyPanel
from reviewdesk.ui.case import member_panel as member_panel_module
from reviewdesk.ui.case.prepared_case import (
    CONTENT_KEY,
    PreparedCase,
    prepare_case,
    prepare_member,
)
from reviewdesk.ui.case.text_table_model import TextTableModel
from reviewdesk.ui.case.text_table_view import RESIZE_PRECISION_ROWS, make_table_view
from reviewdesk.ui.tasks import TaskRunner


def prepared_on_a_thread(**options: object) -> PreparedCase:
    """``prepare_case`` run on a plain thread, as the prefetch worker does."""
    made: list[PreparedCase] = []
    detail, history = case_detail(**options), member_history()
    worker = threading.Thread(target=lambda: made.append(prepare_case(detail, history)))
    worker.start()
    worker.join()
    return made[0]


@pytest.fixture
def view(qtbot: QtBot, runner: TaskRunner) -> CaseView:
    case_view = CaseView(runner=runner)
    qtbot.addWidget(case_view)
    case_view.resize(1100, 900)
    case_view.show()
    qtbot.waitExposed(case_view)
    return case_view


def shown_texts(view: CaseView) -> tuple[object, ...]:
    return (
        view.content_text.safe_text(),
        view.content_findings.text(),
        view.reports.card_model().cards(),
        view.decisions.card_model().cards(),
        view.transcript.transcript_model().cards(),
        view.transcript.transcript_model().conversation_count(),
    )


def test_a_case_prepared_off_the_gui_thread_shows_as_the_view_would_show_it(
    view: CaseView, qtbot: QtBot
) -> None:
    prepared = prepared_on_a_thread()
    detail = case_detail()
    view.show_case(detail, now=NOW)
    worked_out_here = shown_texts(view)
    view.clear()
    view.show_case(detail, now=NOW, prepared=prepared)
    assert shown_texts(view) == worked_out_here
    assert view.reports.card_model().cards() == prepared.report_cards
    # The language tags told ahead are on show with the case, not after a worker's answer.
    assert prepared.languages[CONTENT_KEY]
    assert view.content_language_tag() == prepared.languages[CONTENT_KEY]
    first_report = detail.reports[0].id
    assert view.reports.card_model().language(0) == prepared.languages[first_report]


def test_texts_prepared_for_another_case_are_not_used(view: CaseView) -> None:
    other = prepared_on_a_thread(summary=case_detail().summary.model_copy(update={"id": "c-2"}))
    detail = case_detail(reports=[])
    view.show_case(detail, now=NOW, prepared=other)
    assert view.case_id() == detail.summary.id
    assert view.reports.card_model().cards() == []  # this case's (none), not the other's
    assert view.content_language_tag() == ""  # asked of the worker, not taken from the other


def test_the_member_panel_shows_prepared_rows_as_it_would_work_them_out(
    member_panel: MemberPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = member_history()
    current = history.prior_cases[0].case_id
    member_panel.show_history(history, now=NOW, current_case_id=current)
    rows = [
        [member_panel.prior_cases_model.cell(row, column) for column in range(5)]
        for row in range(member_panel.prior_cases_model.rowCount())
    ]
    summary_line = member_panel.summary.text()
    prepared = prepare_member(history, current)

    def not_again(*_args: object) -> None:
        raise AssertionError("the panel worked out again what was prepared")

    monkeypatch.setattr(member_panel_module, "prepare_member", not_again)
    member_panel.clear()
    member_panel.show_history(history, now=NOW, current_case_id=current, prepared=prepared)
    assert member_panel.summary.text() == summary_line
    assert len(rows) == len(history.prior_cases) - 1  # the case under review is not its past
    assert [
        [member_panel.prior_cases_model.cell(row, column) for column in range(5)]
        for row in range(member_panel.prior_cases_model.rowCount())
    ] == rows


def test_rows_prepared_from_another_case_are_worked_out_again(member_panel: MemberPanel) -> None:
    history = member_history()
    seen_from_first = prepare_member(history, history.prior_cases[0].case_id)
    member_panel.show_history(
        history, now=NOW, current_case_id=history.prior_cases[1].case_id, prepared=seen_from_first
    )
    shown = member_panel.history()
    assert shown is not None
    assert [case.case_id for case in shown.prior_cases] == [
        case.case_id for case in history.prior_cases[0:1] + history.prior_cases[2:]
    ]


def test_history_columns_are_as_wide_as_their_texts(qtbot: QtBot) -> None:
    model = TextTableModel(("Opened", "Category", "Clauses"))
    table = make_table_view(model, accessible_name="Prior cases")
    qtbot.addWidget(table)
    table.resize(700, 300)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    assert header.sectionResizeMode(0) is QHeaderView.ResizeMode.Interactive
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    metrics = table.fontMetrics()
    for category in ("Spam", "Scam, phishing, fraud and fake giveaways"):
        model.set_rows([("2026-11-21", category, "HAR-2")])
        needed = metrics.horizontalAdvance(category) + 2 * margin
        # As wide as the cell's own size hint (so never elided), and no wider than needed.
        assert header.sectionSize(1) >= max(needed, table.sizeHintForColumn(1))
        assert header.sectionSize(1) <= max(needed + 8, header.sectionSizeHint(1))
    # Only the first rows are measured: a long history never makes it slow.
    rows = [("2026-11-21", "Spam", "")] * RESIZE_PRECISION_ROWS + [("", "x" * 200, "")]
    model.set_rows(rows)
    assert header.sectionSize(1) < metrics.horizontalAdvance("x" * 200)


def test_the_policy_panel_keeps_a_clause_on_show_and_changes_only_the_ladder(
    qtbot: QtBot,
) -> None:
    panel = PolicyPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 600)
    panel.show()
    catalogue = clauses()
    panel.show_clauses(catalogue, {})
    examples = panel.unacceptable.card_model().cards()
    assert panel.ladder.card_model().highlighted_rows() == []
    suggested = suggested_steps()
    panel.show_clauses(catalogue, suggested)
    # The same clause: its examples are the very same cards (laid out once), the ladder
    # now marks the rung the member's record suggests.
    shown = panel.unacceptable.card_model().cards()
    assert len(shown) == len(examples)
    assert all(a is b for a, b in zip(shown, examples, strict=True))
    assert panel.ladder.card_model().highlighted_rows() != []
    panel.show_clauses(catalogue[1:], suggested)
    assert panel.current_clause_id() == catalogue[1].id
    assert panel.text.toPlainText() == catalogue[1].text
    assert [card.body for card in panel.unacceptable.card_model().cards()] == list(
        catalogue[1].unacceptable
    )


def test_texts_prepared_from_an_older_read_of_the_case_are_not_used(view: CaseView) -> None:
    prepared = prepared_on_a_thread()
    detail = case_detail()
    claimed = detail.model_copy(
        update={"summary": detail.summary.model_copy(update={"report_count": 4})}
    )
    assert prepared.fits(claimed)  # the summary moved on, the texts did not
    reported_again = case_detail(reports=case_detail().reports[:1])
    assert not prepared.fits(reported_again)
    view.show_case(reported_again, now=NOW, prepared=prepared)
    assert len(view.reports.card_model().cards()) == 1
