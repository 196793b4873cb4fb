"""The three case widgets laid out as at a 1920x1080 desk, filled, and grabbed as a PNG.

Set REVIEWDESK_SCREENSHOT_DIR to keep the picture for a look; otherwise it goes
to the test's temporary directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from case_samples import (
    NOW,
    case_detail,
    clauses,
    loaded_screenshot,
    member_history,
    phone_screenshot,
    suggested_steps,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListView, QSplitter
from pytestqt.qtbot import QtBot

from reviewdesk.ui.case import CaseView, MemberPanel, PolicyPanel


def test_desk_layout_at_full_hd(qtbot: QtBot, tmp_path: Path) -> None:
    window = QSplitter(Qt.Orientation.Horizontal)
    qtbot.addWidget(window)
    queue_stand_in = QListView()
    case_view = CaseView()
    member_panel = MemberPanel()
    policy_panel = PolicyPanel()
    side = QSplitter(Qt.Orientation.Vertical)
    side.addWidget(member_panel)
    side.addWidget(policy_panel)
    window.addWidget(queue_stand_in)
    window.addWidget(case_view)
    window.addWidget(side)
    window.resize(1920, 1080)
    window.setSizes([380, 1020, 520])
    side.setSizes([560, 520])
    window.show()
    qtbot.waitExposed(window)

    case_view.show_case(case_detail(), now=NOW)
    case_view.evidence.show_evidence(loaded_screenshot("att-1", phone_screenshot()))
    case_view.evidence.show_evidence(loaded_screenshot("att-2", phone_screenshot(720, 720)))
    case_view.show_image_error("att-3", "The file is not a valid PNG image (truncated data).")
    member_panel.show_history(member_history(), now=NOW)
    policy_panel.show_clauses(clauses(), suggested_steps())
    qtbot.wait(20)

    folder = Path(os.environ.get("REVIEWDESK_SCREENSHOT_DIR") or tmp_path)
    target = folder / "case_desk.png"
    picture = window.grab()
    assert picture.save(str(target))
    assert target.stat().st_size > 10_000
    assert picture.width() >= 1920

    # The splitter gave each widget the room asked for, and nothing is squeezed shut.
    assert window.sizes()[1] >= 900
    for widget in (case_view, member_panel, policy_panel):
        assert widget.width() >= widget.minimumSizeHint().width()
        assert widget.height() >= widget.minimumSizeHint().height()
    # What a moderator needs first is on screen without scrolling.
    transcript = case_view.transcript
    reported = transcript.transcript_model().reported_rows()[0]
    row_rect = transcript.visualRect(transcript.transcript_model().index(reported, 0))
    assert transcript.viewport().rect().contains(row_rect)
    assert case_view.viewer().has_image()
    assert case_view.viewer().is_fitted()
    ladder = policy_panel.ladder
    suggested_rect = ladder.visualRect(ladder.card_model().index(2, 0))
    assert ladder.viewport().rect().contains(suggested_rect)
    assert member_panel.prior_cases.isVisible()
