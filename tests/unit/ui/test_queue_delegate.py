"""The queue's cell delegate paints every cell exactly as Qt's own delegate would."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStyledItemDelegate
from pytestqt.qtbot import QtBot
from shell_fakes import AGENT, NOW, OTHER, make_summary

from reviewdesk.api.models import CasePage, ClaimOut
from reviewdesk.ui.queue_delegate import QueueCellDelegate
from reviewdesk.ui.queue_model import Column, QueueModel
from reviewdesk.ui.queue_panel import QueuePanel


def _queue(qtbot: QtBot) -> tuple[QueuePanel, QueueModel]:
    model = QueueModel(clock=lambda: NOW)
    theirs = ClaimOut(case_id="case-001", moderator=OTHER, expires_at=NOW)
    items = [make_summary(n) for n in range(6)]
    items[1] = make_summary(1, claim=theirs)
    model.reset_with(CasePage(items=items, total=len(items)))
    model.set_me(AGENT.username)
    panel = QueuePanel(model)
    qtbot.addWidget(panel)
    panel.resize(QSize(900, 400))
    panel.show()
    qtbot.waitExposed(panel)
    return panel, model


def _picture(panel: QueuePanel) -> QImage:
    return panel.table.viewport().grab().toImage()


def test_the_queue_paints_with_its_own_delegate(qtbot: QtBot) -> None:
    panel, _model = _queue(qtbot)
    assert isinstance(panel.table.itemDelegate(), QueueCellDelegate)


def test_cells_look_as_qt_paints_them_from_the_model_roles(qtbot: QtBot) -> None:
    """Swatches, right-aligned numbers, the current row, ticked rows on their background."""
    panel, model = _queue(qtbot)
    model.set_marked({"case-002", "case-004"})
    panel.table.selectRow(3)
    ours = _picture(panel)
    panel.table.setItemDelegate(QStyledItemDelegate(panel.table))
    qts = _picture(panel)
    assert ours == qts
    assert not ours.isNull()


def test_a_tick_or_a_new_claim_is_painted_at_once(qtbot: QtBot) -> None:
    """The looks worked out once per row follow the selection and the row's changes."""
    panel, model = _queue(qtbot)
    before = _picture(panel)
    model.set_marked({"case-000"})
    ticked = _picture(panel)
    assert ticked != before
    model.set_marked(set())
    assert _picture(panel) == before
    assert model.cell_look(0, Column.PRIORITY) is not None
    mine = ClaimOut(case_id="case-002", moderator=AGENT, expires_at=NOW)
    model.set_claim("case-002", mine)
    look = model.cell_look(2, Column.STATUS)
    assert look is not None
    assert look.text == "Claimed by you"
    assert model.cell_look(model.rowCount(), Column.PRIORITY) is None
