"""The paged table model: pages come from a worker, failures keep the rows, sorting asks."""

from __future__ import annotations

import threading

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from reviewdesk.ui.audit.paged_model import PagedTableModel, PageResult, RowRole, TableColumn
from reviewdesk.ui.tasks import TaskRunner

COLUMNS = (
    TableColumn[int]("Number", lambda n: f"{n:,}", sort_key="number", numeric=True),
    TableColumn[int]("Square", lambda n: str(n * n)),
)


def pages_of(total: int, size: int, threads: list[str]) -> object:
    def fetch(cursor: str | None) -> PageResult[int]:
        threads.append(threading.current_thread().name)
        start = int(cursor or 0)
        end = min(total, start + size)
        return PageResult(list(range(start, end)), str(end) if end < total else None)

    return fetch


def test_pages_load_off_the_gui_thread_as_the_view_asks(
    qtbot: QtBot, runner: TaskRunner, qtmodeltester: object
) -> None:
    model: PagedTableModel[int] = PagedTableModel(runner, COLUMNS, "test")
    threads: list[str] = []
    with qtbot.waitSignal(model.reloaded):
        model.set_fetcher(pages_of(25, 10, threads))  # type: ignore[arg-type]
    assert model.rowCount() == 10
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.page_appended):
        model.fetchMore(QModelIndex())
    with qtbot.waitSignal(model.page_appended):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 25
    assert not model.canFetchMore(QModelIndex())
    assert model.index(24, 0).data() == "24"
    assert model.index(24, 1).data() == "576"
    assert model.index(3, 0).data(RowRole) == 3
    assert model.index(3, 0).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert threading.main_thread().name not in threads
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_a_failed_page_keeps_the_rows_and_can_be_retried(qtbot: QtBot, runner: TaskRunner) -> None:
    model: PagedTableModel[int] = PagedTableModel(runner, COLUMNS, "test")
    calls = {"n": 0}

    def flaky(cursor: str | None) -> PageResult[int]:
        calls["n"] += 1
        if cursor is not None and calls["n"] == 2:
            raise ConnectionError("the service went away")
        start = int(cursor or 0)
        return PageResult(list(range(start, start + 5)), str(start + 5) if start < 10 else None)

    with qtbot.waitSignal(model.reloaded):
        model.set_fetcher(flaky)
    with qtbot.waitSignal(model.failed) as failed:
        model.fetchMore(QModelIndex())
    error, retry = failed.args
    assert isinstance(error, ConnectionError)
    assert model.rowCount() == 5  # nothing shown is lost
    assert not model.canFetchMore(QModelIndex())  # no hammering until retried
    with qtbot.waitSignal(model.page_appended):
        retry()
    assert model.rowCount() == 10


def test_a_reload_drops_a_page_of_the_old_fetcher(qtbot: QtBot, runner: TaskRunner) -> None:
    model: PagedTableModel[int] = PagedTableModel(runner, COLUMNS, "test")
    release = threading.Event()

    def slow_old(_cursor: str | None) -> PageResult[int]:
        release.wait(5)
        return PageResult([999])

    model.set_fetcher(slow_old)
    with qtbot.waitSignal(model.reloaded):
        model.set_fetcher(lambda _cursor: PageResult([1, 2]))
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy())
    assert [model.row(r) for r in range(model.rowCount())] == [1, 2]


def test_only_sortable_columns_ask_for_the_services_order(runner: TaskRunner, qtbot: QtBot) -> None:
    model: PagedTableModel[int] = PagedTableModel(runner, COLUMNS, "test")
    asked: list[tuple[str, bool]] = []
    model.sort_requested.connect(lambda key, descending: asked.append((key, descending)))
    model.sort(1, Qt.SortOrder.AscendingOrder)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert asked == [("number", True), ("number", False)]
