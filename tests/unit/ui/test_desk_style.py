"""The desk's style: vertical scroll bars drawn from pictures, exactly as Fusion draws them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QScrollBar,
    QStyle,
    QStyleFactory,
    QStyleOptionSlider,
    QWidget,
)
from pytestqt.qtbot import QtBot

from reviewdesk.ui import desk_style
from reviewdesk.ui.desk_style import PICTURE_LIMIT, DeskStyle

ROOT = Path(__file__).resolve().parents[3]
SC = QStyle.SubControl
STATE = QStyle.StateFlag


def _bar(qtbot: QtBot, maximum: int, height: int = 600) -> QScrollBar:
    bar = QScrollBar(Qt.Orientation.Vertical)
    qtbot.addWidget(bar)
    bar.resize(15, height)
    bar.setRange(0, maximum)
    bar.setPageStep(30)
    return bar


def _drawn(
    style: QStyle, option: QStyleOptionSlider, bar: QScrollBar, at: QPoint | None = None
) -> QImage:
    """The bar drawn by ``style`` over its window's background, as on screen; ``at``
    an offset, as a bar within a window is painted (the image grows by it on all sides)."""
    offset = at or QPoint(0, 0)
    size = option.rect.size() + 2 * QSize(offset.x(), offset.y())
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(bar.palette().window().color())
    painter = QPainter(image)
    painter.translate(offset)
    style.drawComplexControl(QStyle.ComplexControl.CC_ScrollBar, option, painter, bar)
    painter.end()
    return image


def _states(bar: QScrollBar) -> dict[str, QStyleOptionSlider]:
    """The bar as its paint event describes it: at rest, hovered, pressed, disabled."""
    base = QStyleOptionSlider()
    bar.initStyleOption(base)
    base.subControls = SC.SC_All
    states = {"at rest": base}
    for name, active, extra in (
        ("handle hovered", SC.SC_ScrollBarSlider, STATE.State_MouseOver),
        ("handle pressed", SC.SC_ScrollBarSlider, STATE.State_Sunken),
        ("arrow pressed", SC.SC_ScrollBarAddLine, STATE.State_Sunken),
    ):
        option = QStyleOptionSlider(base)
        option.activeSubControls = active
        option.state = base.state | extra
        states[name] = option
    disabled = QStyleOptionSlider(base)
    disabled.state = base.state & ~STATE.State_Enabled
    disabled.palette.setCurrentColorGroup(disabled.palette.ColorGroup.Disabled)
    states["disabled"] = disabled
    return states


@pytest.mark.parametrize("maximum", [100_000, 40, 0])
@pytest.mark.parametrize("height", [900, 120, 40])
def test_a_vertical_bar_is_drawn_exactly_as_fusion_draws_it(
    qtbot: QtBot, maximum: int, height: int
) -> None:
    fusion, desk = QStyleFactory.create("fusion"), DeskStyle()
    bar = _bar(qtbot, maximum, height)
    for value in (0, 1, maximum // 3, maximum - 1, maximum):
        bar.setValue(value)
        for name, option in _states(bar).items():
            assert _drawn(desk, option, bar) == _drawn(fusion, option, bar), (
                f"{name} at {value} of {maximum}, {height} px high"
            )


def test_a_bar_on_screen_looks_as_fusion_draws_it(qtbot: QtBot) -> None:
    fusion, desk = QStyleFactory.create("fusion"), DeskStyle()
    as_fusion, as_desk = _bar(qtbot, 500), _bar(qtbot, 500)
    as_fusion.setStyle(fusion)
    as_desk.setStyle(desk)
    horizontal = QScrollBar(Qt.Orientation.Horizontal)
    qtbot.addWidget(horizontal)
    horizontal.resize(600, 15)
    for value in (0, 250, 500):
        as_fusion.setValue(value)
        as_desk.setValue(value)
        assert as_desk.grab().toImage() == as_fusion.grab().toImage(), f"at {value}"
        horizontal.setValue(value // 5)
        horizontal.setStyle(fusion)
        plain = horizontal.grab().toImage()
        horizontal.setStyle(desk)
        assert horizontal.grab().toImage() == plain, "a horizontal bar drawn differently"
    assert desk.pictures_drawn > 0, "the vertical bar was not drawn from pictures"


def test_a_bar_over_a_filled_panel_shows_the_panel_through_its_arrows(qtbot: QtBot) -> None:
    """Fusion's arrow buttons are translucent: the pictures hold the panel's own colour."""
    fusion, desk = QStyleFactory.create("fusion"), DeskStyle()
    panel = QWidget()
    qtbot.addWidget(panel)
    panel.resize(40, 300)
    panel.setAutoFillBackground(True)
    palette = panel.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(40, 60, 160))
    panel.setPalette(palette)
    bar = QScrollBar(Qt.Orientation.Vertical, panel)
    bar.setGeometry(10, 0, 15, 300)
    bar.setRange(0, 100)
    bar.setValue(50)
    bar.setStyle(fusion)
    as_fusion = panel.grab().toImage()
    bar.setStyle(desk)
    assert panel.grab().toImage() == as_fusion
    assert desk.pictures_drawn > 0


@pytest.mark.parametrize("maximum", [100_000, 40])
def test_moving_along_a_bar_draws_no_new_picture(qtbot: QtBot, maximum: int) -> None:
    """Past the first paint, scrolling only copies the groove and the handle."""
    desk = DeskStyle()
    bar = _bar(qtbot, maximum, 900)
    bar.setStyle(desk)
    bar.setValue(maximum // 2)
    bar.grab()
    drawn = desk.pictures_drawn
    assert drawn == 2, "a groove and a handle"
    for step in range(1, 40):
        bar.setValue(maximum // 4 + maximum * step // 80)  # away from either end
        bar.grab()
    assert desk.pictures_drawn == drawn


def test_pictures_kept_are_bounded(qtbot: QtBot) -> None:
    desk = DeskStyle()
    bar = _bar(qtbot, 100)
    bar.setStyle(desk)
    for height in range(200, 200 + 3 * PICTURE_LIMIT):
        bar.resize(15, height)
        bar.grab()
    assert desk.pictures_drawn == 2 * 3 * PICTURE_LIMIT
    assert len(desk._grooves) == PICTURE_LIMIT
    assert len(desk._handles) == PICTURE_LIMIT


def test_the_desk_draws_through_the_style_it_had(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle(QStyleFactory.create("windows"))  # say, a style asked for on the command line
    try:
        desk_style.apply(app)
        style = app.style()
        assert isinstance(style, DeskStyle)
        assert style.baseStyle().name() == "windows"
        desk_style.apply(app)
        assert app.style() is style, "applied twice, the style was made twice"
    finally:  # the other tests run on the desk's own style, as the desk does
        app.setStyle(QStyleFactory.create("fusion"))
        desk_style.apply(app)


def test_a_tall_bar_repaints_without_waking_qts_paint_threads() -> None:
    """Fusion's tall gradient fills are split across Qt's paint threads, and the GUI
    thread waits for them; the desk's bars are copied from pictures instead."""
    probe = Path(__file__).with_name("paint_pool_probe.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def wakes(style: str) -> int:
        done = subprocess.run(
            [sys.executable, str(probe), style],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=True,
        )
        line = next(x for x in done.stdout.splitlines() if x.startswith("WAKES "))
        return int(line.split()[1])

    assert wakes("fusion") > 0, "the probe does not see Qt's paint threads wake"
    assert wakes("desk") == 0


def test_a_bar_painted_inside_a_window_differs_from_fusions_by_rounding_only(
    qtbot: QtBot,
) -> None:
    """Inside a window a bar paints at an offset: Fusion's gradients then round a few
    levels differently from its pictures, which were drawn at the origin."""
    fusion, desk = QStyleFactory.create("fusion"), DeskStyle()
    bar = _bar(qtbot, 40, 333)
    bar.setValue(13)
    option = _states(bar)["at rest"]
    at = QPoint(7, 3)
    as_fusion, as_desk = _drawn(fusion, option, bar, at), _drawn(desk, option, bar, at)
    worst = 0
    for y in range(as_fusion.height()):
        for x in range(as_fusion.width()):
            a, b = as_fusion.pixelColor(x, y), as_desk.pixelColor(x, y)
            worst = max(worst, abs(a.red() - b.red()), abs(a.blue() - b.blue()))
    assert worst <= 8, f"{worst} levels apart"
