"""Moving to a case read ahead lays out the lines whose texts changed, never the window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from shell_fakes import FakeBackend, make_summary
from shell_harness import Harness, opened_desk, wait_read_ahead

from reviewdesk.ui.case.layout_fence import LayoutFence
from reviewdesk.ui.tasks import TaskRunner


class LayoutRequests(QObject):
    """Counts the layout requests that reach the widgets it watches."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.seen: list[str] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self.seen.append(watched.objectName() or watched.accessibleName())
        return False


def settle() -> None:
    """Deliver every pending layout request and event."""
    for _round in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    backend = FakeBackend(case_count=6)
    first = backend.cases[0]
    # The next case is alike in shape (same category, so the same clauses), not in texts:
    # another member, surface, language, report count and age.
    backend.cases[1] = make_summary(1, category=first.category, severity=first.severity)
    with opened_desk(qtbot, runner, backend) as opened:
        yield opened


def test_new_texts_of_a_case_read_ahead_do_not_relayout_the_window(
    desk: Harness, qtbot: QtBot
) -> None:
    window = desk.window
    desk.wait_case("case-000")
    wait_read_ahead(qtbot, desk, "case-001")
    settle()
    panels: list[QWidget] = [
        window.queue_panel,
        window.case_view,
        window.member_panel,
        window.policy_panel,
        window.decision_panel,
    ]
    geometries = {id(panel): QRect(panel.geometry()) for panel in panels}
    header = window.case_view.header
    old_texts = (header.title.text(), header.subject.text(), header.facts.text())
    old_member = window.member_panel.name.text()
    requests = LayoutRequests([window.splitter, window.right_splitter, *panels])

    desk.press("j")
    settle()

    # The case on show is the new one, every line of it...
    assert window.case_view.case_id() == "case-001"
    new_texts = (header.title.text(), header.subject.text(), header.facts.text())
    assert all(new != old for new, old in zip(new_texts, old_texts, strict=True))
    assert "case-001" in header.title.text()
    assert window.member_panel.name.text() != old_member
    # ...yet no panel was laid out again, and none moved or changed size.
    assert requests.seen == []
    assert {id(panel): panel.geometry() for panel in panels} == geometries


def test_a_fenced_line_gives_its_texts_the_width_it_has_and_follows_their_height(
    qtbot: QtBot,
) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel("one short line")
    label.setWordWrap(True)
    fence = LayoutFence(label)
    layout.addWidget(fence)
    layout.addStretch(1)
    holder.resize(120, 400)
    holder.show()
    settle()
    one_line = fence.height()
    assert fence.width() == 120
    assert label.geometry() == QRect(0, 0, 120, one_line)

    label.setText("a much longer text that has to wrap over several lines at this width")
    settle()
    # Taller now, at the width it was given: the text is never cut off below.
    assert fence.height() == label.heightForWidth(120) > one_line
    assert label.geometry() == QRect(0, 0, 120, fence.height())

    label.hide()
    settle()
    assert fence.isHidden()
    label.show()
    settle()
    assert not fence.isHidden()
    assert label.isVisible()
