"""The queue model, its page loader and the filter bar."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from pytestqt.qtbot import QtBot
from shell_fakes import AGENT, NOW, OTHER, FakeBackend, make_summary

from reviewdesk.api.models import CasePage, ClaimOut
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.errors import MalformedResponse
from reviewdesk.domain.enums import Category, Surface
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.queue_loader import QueueLoader
from reviewdesk.ui.queue_model import CaseIdRole, Column, QueueModel
from reviewdesk.ui.queue_panel import QueuePanel
from reviewdesk.ui.tasks import TaskRunner


def page(numbers: range, next_cursor: str | None, total: int) -> CasePage:
    return CasePage(items=[make_summary(n) for n in numbers], next_cursor=next_cursor, total=total)


def test_model_passes_the_model_tester_with_rows_added_and_removed(qtmodeltester: object) -> None:
    model = QueueModel(clock=lambda: NOW)
    model.reset_with(page(range(5), "5", 8))
    model.append_page(page(range(5, 8), None, 8))
    model.remove_case("case-002")
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 7
    assert model.total == 7


def test_rows_show_what_a_moderator_scans_for() -> None:
    model = QueueModel(clock=lambda: NOW)
    model.reset_with(page(range(3), None, 3))
    model.set_me(AGENT.username)
    row = [model.index(1, c).data() for c in Column]
    assert row[Column.PRIORITY] == "High 3,990"
    assert row[Column.CATEGORY] == "Spam"
    assert row[Column.SURFACE] == "Moment"
    assert row[Column.REPORTS] == "2"
    assert row[Column.AGE] == "2 h"
    assert row[Column.MEMBER] == "王小明"
    assert row[Column.LANGUAGE] == "zh"
    assert row[Column.STATUS] == "Open"
    assert model.index(1, 0).data(CaseIdRole) == "case-001"


def test_status_column_names_who_holds_a_claim() -> None:
    model = QueueModel(clock=lambda: NOW)
    mine = ClaimOut(case_id="case-000", moderator=AGENT, expires_at=NOW)
    theirs = ClaimOut(case_id="case-001", moderator=OTHER, expires_at=NOW)
    model.reset_with(
        CasePage(
            items=[make_summary(0, claim=mine), make_summary(1, claim=theirs)],
            total=2,
        )
    )
    model.set_me(AGENT.username)
    assert model.index(0, Column.STATUS).data() == "Claimed by you"
    assert model.index(1, Column.STATUS).data() == "Claimed by Bruno Costa"


def test_fetch_more_asks_for_the_next_cursor_once_until_it_arrives(qtbot: QtBot) -> None:
    model = QueueModel(clock=lambda: NOW)
    model.reset_with(page(range(3), "3", 6))
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.more_wanted) as blocker:
        model.fetchMore(QModelIndex())
    assert blocker.args == ["3"]
    assert not model.canFetchMore(QModelIndex()), "a second request while one is in flight"
    model.append_page(page(range(2, 6), None, 6))  # overlaps: case-002 is listed once
    assert [model.summary(r).id for r in range(model.rowCount())] == [  # type: ignore[union-attr]
        f"case-{n:03d}" for n in range(6)
    ]
    assert not model.canFetchMore(QModelIndex())


def test_preview_tooltip_shows_hostile_text_literally() -> None:
    model = QueueModel(clock=lambda: NOW)
    model.reset_with(CasePage(items=[make_summary(0, preview='<img src="x"> <b>hi</b>')], total=1))
    tooltip = model.index(0, Column.MEMBER).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img" in tooltip
    assert "<img" not in tooltip


def test_loader_fills_the_model_and_the_view_pulls_further_pages(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    backend = FakeBackend(case_count=45)
    model = QueueModel(clock=lambda: NOW)
    loader = QueueLoader(runner, Connection(backend, "http://127.0.0.1:1"), model, page_size=20)
    panel = QueuePanel(model)
    qtbot.addWidget(panel)
    panel.resize(700, 300)
    panel.show()
    with qtbot.waitSignal(loader.reloaded, timeout=5000):
        loader.reload()
    assert model.rowCount() == 20
    panel.table.scrollToBottom()  # the view calls fetchMore near the end
    qtbot.waitUntil(lambda: model.rowCount() == 40, timeout=5000)
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 45, timeout=5000)
    assert not model.canFetchMore(QModelIndex())
    assert [c for _, c in backend.calls if _ == "list_cases"] == ["", "20", "40"]


def test_a_failed_page_is_reported_with_a_retry_that_works(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    backend = FakeBackend(case_count=5)
    backend.failures["list_cases"] = MalformedResponse("The case list had no 'items'.")
    model = QueueModel(clock=lambda: NOW)
    loader = QueueLoader(runner, Connection(backend, "http://127.0.0.1:1"), model)
    with qtbot.waitSignal(loader.failed, timeout=5000) as blocker:
        loader.reload()
    error, retry = blocker.args
    assert isinstance(error, MalformedResponse)
    assert model.rowCount() == 0
    with qtbot.waitSignal(loader.reloaded, timeout=5000):
        retry()
    assert model.rowCount() == 5


def test_a_new_filter_drops_the_answer_for_the_old_one(qtbot: QtBot, runner: TaskRunner) -> None:
    backend = FakeBackend(case_count=12)
    model = QueueModel(clock=lambda: NOW)
    loader = QueueLoader(runner, Connection(backend, "http://127.0.0.1:1"), model)
    gate = backend.gates["list_cases"] = threading.Event()
    loader.reload(CaseFilter())
    loader.reload(CaseFilter(categories=(Category.SPAM,)))
    gate.set()
    qtbot.waitUntil(lambda: runner.pending_count() == 0, timeout=5000)
    categories = {model.summary(r).category for r in range(model.rowCount())}  # type: ignore[union-attr]
    assert categories == {Category.SPAM}


def test_filter_bar_builds_the_server_filter(qtbot: QtBot) -> None:
    panel = QueuePanel(QueueModel(clock=lambda: NOW))
    qtbot.addWidget(panel)
    panel.category_combo.setCurrentIndex(panel.category_combo.findData(Category.SCAM.value))
    panel.surface_combo.setCurrentIndex(panel.surface_combo.findData(Surface.MOMENT.value))
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("ja"))
    with qtbot.waitSignal(panel.filter_changed) as blocker:
        qtbot.keyClicks(panel.text_edit, "Kai")
        qtbot.keyClick(panel.text_edit, Qt.Key.Key_Return)
    assert blocker.args[0] == CaseFilter(
        categories=(Category.SCAM,), surfaces=(Surface.MOMENT,), languages=("ja",), text="Kai"
    )


def test_cell_texts_follow_every_change_of_a_row_once_painted(qtbot: QtBot) -> None:
    model = QueueModel(clock=lambda: NOW)
    model.reset_with(page(range(2), None, 2))
    status = model.index(0, Column.STATUS)
    assert status.data() == "Open"  # worked out, and remembered for the next paint
    mine = ClaimOut(case_id="case-000", moderator=AGENT, expires_at=NOW)
    model.set_claim("case-000", mine)
    assert status.data() == f"Claimed by {AGENT.display_name}"
    model.set_me(AGENT.username)
    assert status.data() == "Claimed by you"
    reported_again = make_summary(0, claim=mine).model_copy(update={"report_count": 9})
    model.update_case(reported_again)
    assert model.index(0, Column.REPORTS).data() == "9"
    # The same row again (a case shown from memory) changes nothing: no repaint asked for.
    with qtbot.assertNotEmitted(model.dataChanged):
        model.update_case(reported_again)


class PaintCount(QObject):
    """Counts the paints of a widget."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_moving_to_the_next_case_repaints_its_rows_not_the_column_titles(qtbot: QtBot) -> None:
    model = QueueModel(clock=lambda: NOW)
    model.reset_with(page(range(30), None, 30))
    panel = QueuePanel(model)
    qtbot.addWidget(panel)
    panel.resize(690, 900)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.select_row(0)
    qtbot.wait(50)  # the first paint of everything
    header = panel.table.horizontalHeader()
    paints = PaintCount()
    header.viewport().installEventFilter(paints)
    for row in range(1, 5):
        assert panel.select_row(row)
        qtbot.wait(20)
        assert panel.current_summary() == model.summary(row)
        assert [index.row() for index in panel.table.selectionModel().selectedRows()] == [row]
    assert paints.count == 0
