"""The next case drawn ahead: on screen in the paint after ``j``, exactly as it opens.

Against the real service, the desk draws the case after the open one in
panels of its own while the moderator reads. Pressing ``j`` lays those
pictures over the window's panels and the case opens right after that
paint. These tests hold the pictures to the panels the case opens in, pixel
for pixel, over a run of cases (sensitive ones with blurred screenshots
among them), and check that a key pressed while the pictures are up acts
on the case they show.
"""

from __future__ import annotations

import pytest
from e2e_support import WAIT_MS, cases_after, current_case, press, wait_until_decidable
from PySide6.QtGui import QImage, QPixmap
from pytestqt.qtbot import QtBot

from reviewdesk.domain.sensitivity import ImageCare
from reviewdesk.ui.case_stage import CaseStage
from reviewdesk.ui.desk_app import Desk
from reviewdesk.ui.main_window import MainWindow

pytestmark = pytest.mark.e2e

#: Cases walked through with j from the top, each shown from its picture.
WALKED = 8
PANEL_NAMES = ("case view", "member panel", "policy panel", "decision panel")


def _image(picture: QPixmap) -> QImage:
    """The pixels of ``picture``, in one format (the panels are opaque)."""
    return picture.toImage().convertToFormat(QImage.Format.Format_RGB32)


def _stage(qtbot: QtBot, window: MainWindow) -> CaseStage:
    qtbot.waitUntil(lambda: window.case_stage is not None, timeout=WAIT_MS)
    stage = window.case_stage
    assert stage is not None
    return stage


def _drawn_ahead(qtbot: QtBot, window: MainWindow, stage: CaseStage) -> str:
    """Wait until the case after the open one is drawn ahead; its id."""
    current = wait_until_decidable(qtbot, window)
    (following,) = cases_after(window, current, 1)
    qtbot.waitUntil(lambda: stage.staged_case_id == following.id, timeout=WAIT_MS)
    return following.id


def _screenshot_rows(desk: Desk) -> list[int]:
    """Two rows past the top whose cases have screenshots, one opening them blurred and
    grey (the moderator's setting for its category) and one showing them as sent."""
    model, by_category = desk.window.queue_model, {}
    for row in range(1, model.rowCount()):
        summary = model.summary(row)
        if summary is not None and summary.image_hash is not None:
            by_category.setdefault(summary.category, row)
    assert len(by_category) >= 2, "the demo queue lacks screenshots of two categories"
    (protected, protected_row), (plain, plain_row) = list(by_category.items())[:2]
    desk.settings.set_image_care(protected, ImageCare(blur=True, greyscale=True))
    desk.settings.set_image_care(plain, ImageCare(blur=False, greyscale=False))
    return sorted((protected_row, plain_row))


def test_the_next_case_shows_from_its_picture_and_opens_looking_exactly_the_same(
    qtbot: QtBot, desk: Desk
) -> None:
    window = desk.window
    stage = _stage(qtbot, window)
    live_when_opened: list[list[QImage]] = []

    def grab_live(_case_id: str) -> None:
        # Right as the case is open under its picture, before anything else arrives.
        live_when_opened.append([_image(panel.grab()) for panel in window.panels.widgets()])

    stage.uncovered.connect(grab_live)
    # A walk from the top, then to each kind of screenshot from the row before it.
    targets = [None] * WALKED + _screenshot_rows(desk)
    looks: set[bool] = set()  # screenshots seen blurred (True) and plainly (False)
    for target in targets:
        if target is not None:
            window.queue_panel.select_row(target - 1)
        following = _drawn_ahead(qtbot, window, stage)
        pictures = [_image(picture) for picture in stage.pictures()]
        assert len(pictures) == len(PANEL_NAMES)
        before = current_case(window)
        press(qtbot, window, "j")
        assert stage.covered_case_id == following, "the case's picture is not on screen"
        assert current_case(window) == before, "opened before its picture was painted"
        assert all(cover.in_use for cover in stage.covers())
        qtbot.waitUntil(lambda f=following: current_case(window) == f, timeout=WAIT_MS)
        assert not any(cover.in_use for cover in stage.covers()), "a picture stayed up"
        live = live_when_opened.pop()
        for name, picture, panel in zip(PANEL_NAMES, pictures, live, strict=True):
            assert picture == panel, f"the {name} opened looking different from its picture"
        viewer = window.case_view.viewer()
        if viewer.has_image():
            looks.add(viewer.is_blurred())
    assert looks == {True, False}, f"a blurred or a plain screenshot was not compared: {looks}"


@pytest.fixture
def drawn(qtbot: QtBot, desk: Desk) -> tuple[MainWindow, CaseStage, str]:
    """The desk's window, its stage, and the id of the case drawn ahead (the next one)."""
    window = desk.window
    stage = _stage(qtbot, window)
    return window, stage, _drawn_ahead(qtbot, window, stage)


def test_a_key_pressed_while_the_picture_is_up_acts_on_the_case_it_shows(
    qtbot: QtBot, drawn: tuple[MainWindow, CaseStage, str]
) -> None:
    window, stage, following = drawn
    press(qtbot, window, "j")
    assert stage.covered_case_id == following
    # Before any paint: the next key opens the case first, then lands on it.
    press(qtbot, window, "n")  # the note: typing starts on the case on screen
    assert current_case(window) == following
    assert stage.covered_case_id is None
    assert window.decision_panel.case_id == following
    assert window.decision_panel.note_edit.hasFocus()


def test_with_the_focus_in_the_case_the_next_case_opens_at_once_without_its_picture(
    qtbot: QtBot, drawn: tuple[MainWindow, CaseStage, str]
) -> None:
    window, stage, following = drawn
    window.case_view.focus_transcript()  # its focus frame is not in the picture
    press(qtbot, window, "j")
    assert stage.covered_case_id is None
    assert current_case(window) == following, "not opened in the key press"


def test_a_picture_of_another_size_is_never_shown_and_is_drawn_again(
    qtbot: QtBot, drawn: tuple[MainWindow, CaseStage, str]
) -> None:
    window, stage, following = drawn
    width = window.case_view.width()
    window.resize(1500, 900)  # the panels shrink: the picture no longer fits them
    qtbot.waitUntil(lambda: window.case_view.width() != width, timeout=WAIT_MS)
    press(qtbot, window, "j")  # well before the picture is drawn again
    assert stage.covered_case_id is None, "a picture of the old size was shown"
    assert current_case(window) == following, "not opened in the key press"
    after = _drawn_ahead(qtbot, window, stage)
    sizes = [picture.size() for picture in stage.pictures()]
    assert sizes == [panel.size() for panel in window.panels.widgets()]
    press(qtbot, window, "j")
    assert stage.covered_case_id == after


def test_a_drawing_that_fails_leaves_the_desk_opening_cases_as_before(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = desk.window
    stage = _stage(qtbot, window)
    current = wait_until_decidable(qtbot, window)
    (following,) = cases_after(window, current, 1)

    def broken(*_args: object) -> None:
        raise RuntimeError("a panel refused to draw")

    monkeypatch.setattr(stage, "_fill", broken)
    stage.forget()
    planner = window.stage
    assert planner is not None
    planner.soon()
    qtbot.waitUntil(lambda: not planner.busy, timeout=WAIT_MS)
    assert stage.staged_case_id is None
    press(qtbot, window, "j")
    assert stage.covered_case_id is None
    assert current_case(window) == following.id, "not opened in the key press"
