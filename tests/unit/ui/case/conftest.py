"""Fixtures shared by the case widget tests."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from reviewdesk.ui.case import MemberPanel


@pytest.fixture
def member_panel(qtbot: QtBot) -> MemberPanel:
    """A member panel shown at the size of the desk's right-hand column."""
    panel = MemberPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 560)
    panel.show()
    qtbot.waitExposed(panel)
    return panel
