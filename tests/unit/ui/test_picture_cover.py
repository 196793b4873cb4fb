"""The cover that shows a case's picture over a panel (see case_stage.py)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from reviewdesk.ui.case_stage import PictureCover, opaque_picture

RED, BLUE = QColor(200, 30, 30), QColor(30, 30, 200)


def _panel(qtbot: QtBot) -> QWidget:
    panel = QWidget()
    panel.resize(40, 30)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_a_cover_lies_over_the_whole_panel_and_parks_out_of_sight(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    picture = QPixmap(40, 30)
    picture.fill(RED)
    cover = PictureCover(panel)
    assert not cover.in_use
    assert not panel.rect().intersects(cover.geometry()), "a parked cover is in sight"
    cover.lay_over(picture)
    assert cover.in_use
    assert cover.geometry() == panel.rect()
    shot = panel.grab().toImage()
    assert shot.pixelColor(0, 0) == RED
    assert shot.pixelColor(39, 29) == RED
    cover.park()
    assert not cover.in_use
    assert not panel.rect().intersects(cover.geometry())


def test_a_picture_of_a_finer_pixel_ratio_is_shown_whole_at_the_panel_size(
    qtbot: QtBot,
) -> None:
    """A picture grabbed on a high-density screen has twice the pixels of the panel."""
    panel = _panel(qtbot)
    image = QImage(80, 60, QImage.Format.Format_RGB32)
    image.fill(RED)
    painter = QPainter(image)
    painter.fillRect(40, 30, 40, 30, BLUE)  # the bottom-right quarter
    painter.end()
    image.setDevicePixelRatio(2.0)
    cover = PictureCover(panel)
    cover.lay_over(QPixmap.fromImage(image))
    shot = panel.grab().toImage()
    assert shot.pixelColor(5, 5) == RED
    assert shot.pixelColor(35, 25) == BLUE, "only part of the picture was shown"


def test_pictures_are_kept_opaque(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    panel.setAutoFillBackground(True)
    picture = opaque_picture(panel)
    assert not picture.hasAlphaChannel()
    assert picture.size() == panel.size()
    assert picture.toImage().format() == QImage.Format.Format_RGB32
