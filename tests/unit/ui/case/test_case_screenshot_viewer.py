"""The screenshot viewer: fit by default, zoom by buttons, keys and Ctrl+wheel, placeholders."""

from __future__ import annotations

import io

import pytest
from case_samples import phone_screenshot
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsView, QToolButton
from pytestqt.qtbot import QtBot

from reviewdesk.evidence.images import decode_image
from reviewdesk.ui.case.screenshot_viewer import (
    MAX_ZOOM,
    MIN_ZOOM,
    ZOOM_STEP,
    ScreenshotViewer,
    fit_zoom,
)
from reviewdesk.ui.evidence_images import image_levels


def make_viewer(qtbot: QtBot) -> ScreenshotViewer:
    viewer = ScreenshotViewer()
    qtbot.addWidget(viewer)
    viewer.resize(420, 360)
    viewer.show()
    qtbot.waitExposed(viewer)
    return viewer


def image_view(viewer: ScreenshotViewer) -> QGraphicsView:
    view = viewer.findChild(QGraphicsView)
    assert view is not None
    return view


def test_fit_zoom_shrinks_but_never_enlarges() -> None:
    assert fit_zoom(QSize(2000, 1000), QSize(400, 400)) == pytest.approx(0.2)
    assert fit_zoom(QSize(1000, 4000), QSize(400, 400)) == pytest.approx(0.1)
    assert fit_zoom(QSize(100, 50), QSize(400, 400)) == 1.0
    assert fit_zoom(QSize(), QSize(400, 400)) == 1.0


def test_a_large_image_is_fitted_and_its_size_shown(qtbot: QtBot) -> None:
    viewer = make_viewer(qtbot)
    viewer.show_image(phone_screenshot(1080, 2340))
    viewport = image_view(viewer).viewport().size()
    assert viewer.has_image()
    assert viewer.is_fitted()
    assert viewer.zoom() == pytest.approx(fit_zoom(QSize(1080, 2340), viewport))
    assert viewer.zoom() < 1.0
    assert viewer.image_size() == QSize(1080, 2340)
    assert "1080 × 2340 px" in viewer.info_text()
    assert f"{round(viewer.zoom() * 100)}%" in viewer.info_text()


def test_zoom_in_out_actual_size_and_fit(qtbot: QtBot) -> None:
    viewer = make_viewer(qtbot)
    viewer.show_image(phone_screenshot(1080, 2340))
    fitted = viewer.zoom()
    with qtbot.waitSignal(viewer.zoom_changed) as changed:
        viewer.zoom_in()
    assert changed.args == [pytest.approx(fitted * ZOOM_STEP)]
    assert not viewer.is_fitted()
    viewer.zoom_out()
    viewer.zoom_out()
    assert viewer.zoom() == pytest.approx(fitted / ZOOM_STEP)
    viewer.actual_size()
    assert viewer.zoom() == 1.0
    assert image_view(viewer).verticalScrollBar().maximum() > 0  # larger than the view: pannable
    viewer.fit()
    assert viewer.zoom() == pytest.approx(fitted)
    assert viewer.is_fitted()


def test_zoom_is_bounded(qtbot: QtBot) -> None:
    viewer = make_viewer(qtbot)
    viewer.show_image(phone_screenshot(300, 300))
    for _ in range(12):  # 1.25 ** 12 > 8
        viewer.zoom_in()
    assert viewer.zoom() == MAX_ZOOM
    for _ in range(25):  # 8 / 1.25 ** 25 < 0.05
        viewer.zoom_out()
    assert viewer.zoom() == MIN_ZOOM


def test_keyboard_zoom(qtbot: QtBot) -> None:
    viewer = make_viewer(qtbot)
    viewer.show_image(phone_screenshot(1080, 2340))
    view = image_view(viewer)
    fitted = viewer.zoom()
    assert viewer.focus_image()
    qtbot.waitUntil(view.hasFocus, timeout=1000)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert viewer.zoom() == pytest.approx(fitted * ZOOM_STEP)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert viewer.zoom() == 1.0
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert viewer.zoom() == pytest.approx(1 / ZOOM_STEP)
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert viewer.zoom() == pytest.approx(fitted)
    qtbot.keyClick(view, Qt.Key.Key_B)
    assert viewer.is_blurred()
    qtbot.keyClick(view, Qt.Key.Key_B)
    assert not viewer.is_blurred()


def _wheel(view: QGraphicsView, modifiers: Qt.KeyboardModifier) -> None:
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        centre,
        QPointF(view.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_ctrl_wheel_zooms_and_plain_wheel_does_not(qtbot: QtBot) -> None:
    viewer = make_viewer(qtbot)
    viewer.show_image(phone_screenshot(1080, 2340))
    fitted = viewer.zoom()
    _wheel(image_view(viewer), Qt.KeyboardModifier.NoModifier)
    assert viewer.zoom() == pytest.approx(fitted)
    _wheel(image_view(viewer), Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom() == pytest.approx(fitted * ZOOM_STEP)


def test_fitted_image_follows_resizes(qtbot: QtBot) -> None:
    viewer = make_viewer(qtbot)
    viewer.show_image(phone_screenshot(1080, 2340))
    before = viewer.zoom()
    viewer.resize(420, 720)
    qtbot.waitUntil(lambda: viewer.zoom() > before, timeout=2000)


def test_placeholder_and_null_image(qtbot: QtBot) -> None:
    viewer = make_viewer(qtbot)
    assert not viewer.focus_image()
    viewer.show_placeholder("Loading…")
    assert not viewer.has_image()
    assert viewer.placeholder_text() == "Loading…"
    assert viewer.info_text() == ""
    viewer.zoom_in()  # nothing to zoom: no error, no change
    viewer.show_image(QImage())
    assert not viewer.has_image()
    assert "could not be read" in viewer.placeholder_text()


def test_blur_is_kept_across_images_and_buttons_are_named(qtbot: QtBot) -> None:
    viewer = make_viewer(qtbot)
    viewer.set_blurred(True)
    viewer.show_image(phone_screenshot(200, 400))
    assert viewer.is_blurred()
    viewer.show_image(phone_screenshot(400, 200))
    assert viewer.is_blurred()
    viewer.set_blurred(False)
    assert not viewer.is_blurred()
    names = {button.accessibleName() for button in viewer.findChildren(QToolButton)}
    assert {"Zoom out", "Zoom in", "Fit to view", "Actual size", "Blur screenshot"} <= names
    assert {"Greyscale screenshot", "Reveal screenshot", "Previous frame", "Next frame"} <= names


def test_a_decoded_photo_in_greyscale_is_grey_not_a_black_box(qtbot: QtBot) -> None:
    """Greyscale (and blur) protect the moderator's eyes; they must still show the picture."""
    buffer = io.BytesIO()
    Image.new("RGB", (432, 768), (236, 238, 244)).save(buffer, "JPEG")
    levels = image_levels(decode_image(buffer.getvalue()))  # as the desk's worker does
    viewer = make_viewer(qtbot)
    viewer.show_levels(levels)
    view = image_view(viewer)
    for blurred in (False, True):
        viewer.set_protection(blurred, True)
        shown = view.viewport().grab().toImage()
        centre = shown.pixelColor(shown.width() // 2, shown.height() // 2)
        assert centre.lightness() > 200, (blurred, centre.name())
        assert centre.red() == centre.green() == centre.blue()  # in shades of grey
