"""A long queue: pages are appended without resets, and rows are found by id after removals."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot
from shell_fakes import NOW, make_summary

from reviewdesk.api.models import CasePage
from reviewdesk.ui.queue_model import QueueModel
from reviewdesk.ui.queue_panel import QueuePanel

PAGES = 200
PAGE = 100


def page_of(index: int, total: int) -> CasePage:
    first = index * PAGE
    items = [
        make_summary(n % 12, id=f"case-{n:06d}", priority=100_000.0 - n)
        for n in range(first, first + PAGE)
    ]
    following = str(first + PAGE) if index + 1 < PAGES else None
    return CasePage(items=items, next_cursor=following, total=total)


def test_scrolling_through_many_pages_appends_rows_and_never_resets_the_model(
    qtbot: QtBot,
) -> None:
    model = QueueModel(clock=lambda: NOW)
    resets: list[int] = []
    inserted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    total = PAGES * PAGE
    model.reset_with(page_of(0, total))
    resets.clear()
    for index in range(1, PAGES):
        model.append_page(page_of(index, total))
        model.append_page(page_of(index, total))  # a page delivered twice adds nothing
    assert resets == []
    assert len(inserted) == PAGES - 1
    assert inserted[-1] == (total - PAGE, total - 1)
    assert model.rowCount() == total
    assert model.row_of(f"case-{total - 1:06d}") == total - 1
    assert model.languages() == sorted({make_summary(n).language or "" for n in range(12)})

    removed_row = model.remove_case("case-010000")
    assert removed_row == 10_000
    assert model.row_of("case-010000") is None
    assert model.row_of("case-010001") == 10_000
    assert model.row_of(f"case-{total - 1:06d}") == total - 2
    assert model.summary(10_000) is not None
    assert model.summary(10_000).id == "case-010001"  # type: ignore[union-attr]


def test_queue_rows_all_have_one_fixed_height(qtbot: QtBot) -> None:
    panel = QueuePanel(QueueModel(clock=lambda: NOW))
    qtbot.addWidget(panel)
    header = panel.table.verticalHeader()
    assert header.sectionResizeMode(0) is QHeaderView.ResizeMode.Fixed
