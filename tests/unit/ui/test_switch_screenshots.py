"""Moving to a case read ahead shows its screenshots at once: no "Loading…" in between."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot
from samples import png_bytes
from shell_fakes import FakeBackend
from shell_harness import Harness, opened_desk

from reviewdesk.ui.case.attachments_model import LoadState
from reviewdesk.ui.tasks import TaskRunner


@pytest.fixture
def desk(qtbot: QtBot, runner: TaskRunner) -> Iterator[Harness]:
    backend = FakeBackend(
        case_count=6,
        attachments={"shot": png_bytes(64, 40, "green"), "more": png_bytes(30, 50, "blue")},
    )
    with opened_desk(qtbot, runner, backend) as opened:
        yield opened


def test_screenshots_read_ahead_are_on_show_with_the_case_itself(
    desk: Harness, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = desk.window
    desk.wait_case("case-000")
    planner = window.prefetch
    assert planner is not None
    cache = planner.prefetcher.cache
    qtbot.waitUntil(lambda: "case-001" in cache, timeout=5000)
    entry = cache.take("case-001")
    assert entry is not None
    cache.put("case-001", entry)
    assert set(entry.images) == {"case-001-shot", "case-001-more"}

    viewer = window.case_view.viewer()
    placeholders: list[str] = []
    original = viewer.show_placeholder

    def noted(message: str) -> None:
        placeholders.append(message)
        original(message)

    monkeypatch.setattr(viewer, "show_placeholder", noted)
    desk.press("j")
    # In the key press itself: the first screenshot in the viewer, every one in the strip.
    assert window.case_view.case_id() == "case-001"
    assert window.case_view.current_attachment_id() == "case-001-shot"
    assert viewer.has_image()
    assert viewer.image_size() == QSize(64, 40)
    model = window.case_view.evidence.attachments_model()
    states = [model.entry(row) for row in range(model.rowCount())]
    assert [e.state if e else None for e in states] == [LoadState.READY, LoadState.READY]
    assert placeholders == []  # never "Loading…", not even for a moment
    desk.wait_case("case-001")
    # The loader's own delivery of the same images changes nothing on show.
    assert viewer.image_size() == QSize(64, 40)
    assert placeholders == []
    # Stepping to the second screenshot shows it, with no wait either.
    assert window.case_view.next_attachment()
    assert window.case_view.current_attachment_id() == "case-001-more"
    assert viewer.image_size() == QSize(30, 50)
    assert placeholders == []
