"""History tables emptied until their fill after a paint keep their column widths meanwhile."""

from __future__ import annotations

from case_samples import NOW, member_history
from pytestqt.qtbot import QtBot

from reviewdesk.ui.case import MemberPanel
from reviewdesk.ui.case.after_paint import AfterPaint


def widths(panel: MemberPanel) -> list[int]:
    header = panel.prior_cases.horizontalHeader()
    return [header.sectionSize(column) for column in range(header.count() - 1)]


def test_emptied_rows_keep_the_widths_until_the_fill_fits_them(
    member_panel: MemberPanel, qtbot: QtBot
) -> None:
    empty, full = member_history(prior_cases=[]), member_history()
    member_panel.show_history(empty, now=NOW)
    titles_only = widths(member_panel)
    member_panel.show_history(full, now=NOW)
    fitted = widths(member_panel)
    assert fitted != titles_only
    later = AfterPaint(member_panel)

    member_panel.show_history(full, now=NOW, rows_later=later)
    # Before the paint: no rows, and the columns (so the scroll bar) as they were.
    assert member_panel.prior_cases_model.rowCount() == 0
    assert widths(member_panel) == fitted
    qtbot.waitUntil(lambda: not member_panel.rows_pending(), timeout=2000)
    assert member_panel.prior_cases_model.rowCount() > 0
    assert widths(member_panel) == fitted

    member_panel.show_history(empty, now=NOW, rows_later=later)
    assert widths(member_panel) == fitted
    qtbot.waitUntil(lambda: not member_panel.rows_pending(), timeout=2000)
    # A member with no prior case gets the columns of an empty table once filled.
    assert member_panel.prior_cases_model.rowCount() == 0
    assert widths(member_panel) == titles_only


def test_the_scroll_bars_wait_with_the_rows_and_are_painted_with_them(
    member_panel: MemberPanel, qtbot: QtBot
) -> None:
    full = member_history()
    table = member_panel.prior_cases
    member_panel.show_history(full, now=NOW)
    bars = (table.horizontalScrollBar(), table.verticalScrollBar())
    assert all(bar.updatesEnabled() for bar in bars)
    painted = table.grab().toImage()
    later = AfterPaint(member_panel)

    member_panel.show_history(full, now=NOW, rows_later=later)
    # No rows for a moment: the bars are not painted for it (twice per switch before).
    assert not any(bar.updatesEnabled() for bar in bars)
    qtbot.waitUntil(lambda: not member_panel.rows_pending(), timeout=2000)
    assert all(bar.updatesEnabled() for bar in bars)
    assert table.grab().toImage() == painted
