"""The case header in a narrow window: badges end in "…" and stay inside it, never cut off."""

from __future__ import annotations

import pytest
from case_samples import NOW, summary
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from reviewdesk.domain.enums import Severity
from reviewdesk.ui.case.case_header import CaseHeader
from reviewdesk.ui.case.eliding_label import ElidingLabel


@pytest.mark.parametrize("width", [1100, 520, 420])
def test_badges_stay_within_the_header_and_elide_rather_than_clip(qtbot: QtBot, width: int) -> None:
    header = CaseHeader()
    qtbot.addWidget(header)
    header.show_summary(summary(automated=True, severity=Severity.CRITICAL), NOW)
    header.resize(width, header.sizeHint().height())
    header.show()
    qtbot.waitExposed(header)
    badges = [header.title, header.automated, header.claim, header.severity, header.status]
    for badge in badges:
        placed = badge.geometry()
        assert placed.left() >= 0, badge.accessibleName()
        assert placed.right() < header.width(), badge.accessibleName()
        metrics = badge.fontMetrics()
        if isinstance(badge, ElidingLabel):
            shown = badge.shown_text()
            visible = shown.replace("\u2068", "").replace("\u2069", "")  # bidi isolates
            whole = badge.text().replace("\u2068", "").replace("\u2069", "")
            assert visible == whole or visible.endswith("…"), shown
            assert whole.startswith(visible.removesuffix("…"))
        else:
            shown = badge.text()
            assert badge.width() >= badge.sizeHint().width(), f"{shown} is cut off"
        assert metrics.horizontalAdvance(shown) <= badge.contentsRect().width(), shown
    assert header.claim.text() == "Claimed by \u2068Inès Moreau\u2069 until 2024-11-05 15:30"
    assert header.severity.text() == "Severity: critical"
    assert header.status.text() == "Open"
    if width >= 1100:
        assert all(not isinstance(b, ElidingLabel) or b.shown_text() == b.text() for b in badges), (
            "with room enough, everything is whole"
        )
    else:
        assert header.title.shown_text().startswith("case-2317"), "the case id stays readable"


def test_an_eliding_label_needs_room_for_its_own_first_letter(qtbot: QtBot) -> None:
    """The least width follows the text and the font (it is worked out once per change)."""
    label = ElidingLabel()
    qtbot.addWidget(label)
    label.setText("iiii")
    narrow = label.minimumSizeHint().width()
    assert narrow == label.minimumSizeHint().width()
    label.setText("WWWW")
    wide = label.minimumSizeHint().width()
    assert wide > narrow
    assert wide < label.sizeHint().width()
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    assert label.minimumSizeHint().width() > wide
    label.setText("")
    assert label.minimumSizeHint().width() < narrow
