"""A screenshot viewer: fit to the view by default, zoom, pan, and a placeholder state.

The image arrives already decoded (a :class:`QImage`); the viewer only shows
it. Zooming changes the view's transform, never the image, so a large
screenshot at 800% costs no more memory than at 10%.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QImage,
    QKeyEvent,
    QPainter,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsBlurEffect,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.ui.case.plain_widgets import plain_label

MIN_ZOOM = 0.05
MAX_ZOOM = 8.0
ZOOM_STEP = 1.25
WHEEL_NOTCH = 120
BLUR_RADIUS = 28.0
NO_IMAGE_TEXT = "No screenshot"


def clamp_zoom(zoom: float) -> float:
    """Keep a zoom factor between :data:`MIN_ZOOM` and :data:`MAX_ZOOM`."""
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))


def fit_zoom(image_size: QSize, area: QSize) -> float:
    """The zoom that shows the whole image in ``area``, never enlarging it past 100%."""
    if image_size.isEmpty() or area.isEmpty():
        return 1.0
    ratio = min(area.width() / image_size.width(), area.height() / image_size.height())
    return clamp_zoom(min(1.0, ratio))


class _ImageView(QGraphicsView):
    """The scrollable, zoomable surface; zoom keys and Ctrl+wheel are handled here."""

    zoom_changed = Signal()
    blur_toggle_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self.setScene(self._scene)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._zoom = 1.0
        self._fitted = True
        self._image_size = QSize()

    def set_image(self, image: QImage) -> None:
        self._item.setPixmap(QPixmap.fromImage(image))
        self._image_size = image.size()
        self._scene.setSceneRect(self._item.boundingRect())
        self.fit()

    def drop_image(self) -> None:
        self._item.setPixmap(QPixmap())
        self._image_size = QSize()
        self._scene.setSceneRect(self._item.boundingRect())

    def image_size(self) -> QSize:
        return QSize(self._image_size)

    def zoom(self) -> float:
        return self._zoom

    def is_fitted(self) -> bool:
        return self._fitted

    def set_blurred(self, blurred: bool) -> None:
        if blurred:
            effect = QGraphicsBlurEffect()
            effect.setBlurRadius(BLUR_RADIUS)
            self._item.setGraphicsEffect(effect)
        else:
            self._item.setGraphicsEffect(None)  # type: ignore[arg-type]

    def is_blurred(self) -> bool:
        return self._item.graphicsEffect() is not None

    def fit(self) -> None:
        self._fitted = True
        self._apply(fit_zoom(self._image_size, self.viewport().size()))

    def set_zoom(self, zoom: float) -> None:
        self._fitted = False
        self._apply(clamp_zoom(zoom))

    def _apply(self, zoom: float) -> None:
        self._zoom = zoom
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self.zoom_changed.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        """Ctrl+wheel zooms around the pointer; the plain wheel scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() / WHEEL_NOTCH
            if notches:
                self.set_zoom(self._zoom * ZOOM_STEP**notches)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """``+``/``-`` zoom, ``0`` fits, ``1`` shows actual size, ``B`` blurs; arrows pan."""
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_zoom(self._zoom * ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.set_zoom(self._zoom / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key == Qt.Key.Key_1:
            self.set_zoom(1.0)
        elif key == Qt.Key.Key_B:
            self.blur_toggle_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """A fitted image stays fitted when the view changes size."""
        super().resizeEvent(event)
        if self._fitted:
            self.fit()


class ScreenshotViewer(QWidget):
    """One screenshot with its size and zoom shown above it, or a placeholder message."""

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Screenshot viewer")
        self._view = _ImageView(self)
        self._view.setAccessibleName("Screenshot")
        self._placeholder = plain_label(
            NO_IMAGE_TEXT, accessible_name="Screenshot status", wrap=True
        )
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setMargin(12)
        self._info = plain_label("", accessible_name="Screenshot size and zoom")
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(self._view)

        self._zoom_out_button = self._tool_button("−", "Zoom out", "Zoom out (-, Ctrl+wheel)")
        self._zoom_in_button = self._tool_button("+", "Zoom in", "Zoom in (+, Ctrl+wheel)")
        self._fit_button = self._tool_button("Fit", "Fit to view", "Fit to view (0)")
        self._actual_button = self._tool_button("100%", "Actual size", "Actual size (1)")
        self._blur_button = self._tool_button("Blur", "Blur screenshot", "Blur or unblur (B)")
        self._blur_button.setCheckable(True)
        self._zoom_out_button.clicked.connect(self.zoom_out)
        self._zoom_in_button.clicked.connect(self.zoom_in)
        self._fit_button.clicked.connect(self.fit)
        self._actual_button.clicked.connect(self.actual_size)
        self._blur_button.toggled.connect(self.set_blurred)
        self._view.zoom_changed.connect(self._on_zoom_changed)
        self._view.blur_toggle_requested.connect(self._blur_button.toggle)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)
        bar.addWidget(self._info, 1)
        for button in (
            self._zoom_out_button,
            self._zoom_in_button,
            self._fit_button,
            self._actual_button,
            self._blur_button,
        ):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self._stack, 1)
        self.show_placeholder(NO_IMAGE_TEXT)

    def _tool_button(self, text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    # --- what is shown ------------------------------------------------------

    def show_image(self, image: QImage) -> None:
        """Show ``image`` fitted to the view; a null image shows a placeholder instead."""
        if image.isNull():
            self.show_placeholder("The screenshot is empty or could not be read.")
            return
        self._view.set_image(image)
        self._stack.setCurrentWidget(self._view)
        self._set_zoom_controls_enabled(True)
        self._on_zoom_changed()

    def show_placeholder(self, message: str) -> None:
        """Show ``message`` (for example "Loading…" or an error) instead of an image."""
        self._view.drop_image()
        self._placeholder.setText(message)
        self._stack.setCurrentWidget(self._placeholder)
        self._info.setText("")
        self._set_zoom_controls_enabled(False)

    def focus_image(self) -> bool:
        """Give the image keyboard focus (for the zoom and pan keys); False without an image."""
        if not self.has_image():
            return False
        self._view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def has_image(self) -> bool:
        """True while an image (not a placeholder) is shown."""
        return self._stack.currentWidget() is self._view

    def placeholder_text(self) -> str:
        """The placeholder message ("" while an image is shown)."""
        return "" if self.has_image() else self._placeholder.text()

    def image_size(self) -> QSize:
        """Original dimensions of the shown image (empty when none)."""
        return self._view.image_size()

    def info_text(self) -> str:
        """The dimensions and zoom line above the image."""
        return self._info.text()

    # --- zoom -----------------------------------------------------------------

    def zoom(self) -> float:
        """The current zoom factor (1.0 is actual size)."""
        return self._view.zoom()

    def is_fitted(self) -> bool:
        """True while the image follows the view's size."""
        return self._view.is_fitted()

    def zoom_in(self) -> None:
        """Enlarge by one step."""
        if self.has_image():
            self._view.set_zoom(self._view.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        """Shrink by one step."""
        if self.has_image():
            self._view.set_zoom(self._view.zoom() / ZOOM_STEP)

    def fit(self) -> None:
        """Show the whole image (never enlarged past 100%) and follow resizes."""
        if self.has_image():
            self._view.fit()

    def actual_size(self) -> None:
        """Show the image at 100%."""
        if self.has_image():
            self._view.set_zoom(1.0)

    # --- blur -------------------------------------------------------------

    def set_blurred(self, blurred: bool) -> None:
        """Blur the image until the moderator chooses to look (kept across images)."""
        self._view.set_blurred(blurred)
        if self._blur_button.isChecked() != blurred:
            self._blur_button.setChecked(blurred)

    def is_blurred(self) -> bool:
        """True while the image is blurred."""
        return self._view.is_blurred()

    # --- internals ------------------------------------------------------------

    def _set_zoom_controls_enabled(self, enabled: bool) -> None:
        for button in (
            self._zoom_out_button,
            self._zoom_in_button,
            self._fit_button,
            self._actual_button,
        ):
            button.setEnabled(enabled)

    def _on_zoom_changed(self) -> None:
        if not self.has_image():
            return
        size = self._view.image_size()
        mode = " (fit)" if self._view.is_fitted() else ""
        self._info.setText(
            f"{size.width()} × {size.height()} px · {round(self._view.zoom() * 100)}%{mode}"
        )
        self.zoom_changed.emit(self._view.zoom())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Small enough for a splitter."""
        return QSize(160, 120)
