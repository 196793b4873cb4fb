"""A screenshot viewer: fit by default, zoom, pan, frames, protection, and placeholders.

The image arrives already decoded, at full size and at successive halvings
(:class:`ImageLevels`); the viewer only paints it. Zooming changes the view's
transform, never the image, so a large screenshot at 800% costs no more memory
than at 10%. Around the image: a line with its format, original size and
dimensions; a red banner when the file is not genuine; blur and greyscale for
material a moderator may not want to see in full; frame stepping for
animations; and a column listing the QR codes found in the image.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QImage,
    QKeyEvent,
    QPainter,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsBlurEffect,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.evidence.qr import QrCode
from reviewdesk.ui.case.image_item import LevelledImageItem
from reviewdesk.ui.case.plain_widgets import plain_label
from reviewdesk.ui.case.text_format import format_byte_size, plural
from reviewdesk.ui.evidence_images import ImageLevels

MIN_ZOOM = 0.05
MAX_ZOOM = 8.0
ZOOM_STEP = 1.25
WHEEL_NOTCH = 120
BLUR_RADIUS = 28.0
#: How far one pan key moves the image, as a share of the visible area.
PAN_STEP = 0.2
NO_IMAGE_TEXT = "No screenshot"
QR_PANEL_WIDTH = 210
BANNER_STYLE = (
    "QLabel { background: #b3261e; color: white; font-weight: bold;"
    " padding: 6px 8px; border-radius: 3px; }"
)
QR_WARNING_STYLE = "QLabel { color: #8a3300; font-weight: bold; }"
PROTECTION_STYLE = "QLabel { color: #4b1d95; }"


def clamp_zoom(zoom: float) -> float:
    """Keep a zoom factor between :data:`MIN_ZOOM` and :data:`MAX_ZOOM`."""
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))


def fit_zoom(image_size: QSize, area: QSize) -> float:
    """The zoom that shows the whole image in ``area``, never enlarging it past 100%."""
    if image_size.isEmpty() or area.isEmpty():
        return 1.0
    ratio = min(area.width() / image_size.width(), area.height() / image_size.height())
    return clamp_zoom(min(1.0, ratio))


@dataclass(frozen=True)
class ImageFacts:
    """What the line above the image says about the file (beyond its dimensions)."""

    format: str = ""
    byte_size: int | None = None
    source_mode: str = ""
    frame_index: int = 0
    frame_count: int = 1
    frames_capped: bool = False


def facts_text(facts: ImageFacts, size: QSize, zoom: float, fitted: bool) -> str:
    """``PNG · 1080 × 2340 px · 412.0 KB · 35% (fit)`` (with the frame for animations)."""
    parts = [facts.format] if facts.format else []
    parts.append(f"{size.width()} × {size.height()} px")
    if facts.byte_size is not None:
        parts.append(format_byte_size(facts.byte_size))
    if facts.source_mode in ("CMYK", "P", "I;16", "I;16B", "I;16L", "I", "LA", "L", "1", "PA"):
        parts.append(facts.source_mode)
    if facts.frame_count > 1:
        more = "+" if facts.frames_capped else ""
        parts.append(f"frame {facts.frame_index + 1}/{facts.frame_count}{more}")
    parts.append(f"{round(zoom * 100)}%" + (" (fit)" if fitted else ""))
    return " · ".join(parts)


def single_image_levels(image: QImage) -> ImageLevels:
    """Levels of a lone ``QImage`` (for callers that have no pre-scaled copies)."""
    return ImageLevels((image,), image.hasAlphaChannel())


class _ImageView(QGraphicsView):
    """The scrollable, zoomable surface; zoom keys and Ctrl+wheel are handled here."""

    zoom_changed = Signal()
    reveal_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self._item = LevelledImageItem()
        self._scene.addItem(self._item)
        self.setScene(self._scene)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(self.palette().window())
        self._zoom = 1.0
        self._fitted = True
        self._image_size = QSize()

    def set_levels(self, levels: ImageLevels, *, keep_zoom: bool = False) -> None:
        same_size = QSize(levels.width(), levels.height()) == self._image_size
        self._item.set_levels(levels)
        self._image_size = QSize(levels.width(), levels.height())
        self._scene.setSceneRect(self._item.boundingRect())
        if not (keep_zoom and same_size):
            self.fit()

    def drop_image(self) -> None:
        self._item.set_levels(None)
        self._image_size = QSize()
        self._scene.setSceneRect(self._item.boundingRect())

    def levels(self) -> ImageLevels | None:
        return self._item.levels()

    def image_size(self) -> QSize:
        return QSize(self._image_size)

    def zoom(self) -> float:
        return self._zoom

    def is_fitted(self) -> bool:
        return self._fitted

    def set_blurred(self, blurred: bool) -> None:
        if blurred == self.is_blurred():
            return
        if blurred:
            effect = QGraphicsBlurEffect()
            effect.setBlurRadius(BLUR_RADIUS)
            effect.setBlurHints(QGraphicsBlurEffect.BlurHint.PerformanceHint)
            self._item.setGraphicsEffect(effect)
        else:
            self._item.setGraphicsEffect(None)  # type: ignore[arg-type]

    def is_blurred(self) -> bool:
        return self._item.graphicsEffect() is not None

    def set_greyscale(self, grey: bool) -> None:
        self._item.set_greyscale(grey)

    def is_greyscale(self) -> bool:
        return self._item.is_greyscale()

    def fit(self) -> None:
        self._fitted = True
        self._apply(fit_zoom(self._image_size, self.viewport().size()))

    def set_zoom(self, zoom: float) -> None:
        self._fitted = False
        self._apply(clamp_zoom(zoom))

    def pan(self, dx: float, dy: float) -> None:
        """Scroll by ``dx``/``dy`` shares of the visible area (negative: left/up)."""
        for bar, share, extent in (
            (self.horizontalScrollBar(), dx, self.viewport().width()),
            (self.verticalScrollBar(), dy, self.viewport().height()),
        ):
            if share:
                bar.setValue(bar.value() + round(share * extent))

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
        """``+``/``-`` zoom, ``0`` fits, ``1`` shows actual size, ``B`` reveals; arrows pan."""
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
            self.reveal_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """A fitted image stays fitted when the view changes size."""
        super().resizeEvent(event)
        if self._fitted:
            self.fit()


class _QrPanel(QScrollArea):
    """The column beside the image listing the QR codes found, as plain defanged text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("QR codes in the screenshot")
        self.setWidgetResizable(True)
        self.setFixedWidth(QR_PANEL_WIDTH)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self._layout.setSpacing(4)
        self.setWidget(self._body)
        self._codes: tuple[QrCode, ...] = ()

    def show_codes(self, codes: Sequence[QrCode]) -> None:
        self._codes = tuple(codes)
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        title = plain_label(
            f"{plural(len(codes), 'QR code')} found: possible luring off the platform",
            accessible_name="QR code warning",
            wrap=True,
        )
        title.setStyleSheet(QR_WARNING_STYLE)
        self._layout.addWidget(title)
        for number, code in enumerate(codes, 1):
            where = plain_label(
                f"{number}. Points to {code.destination}",
                accessible_name=f"QR code {number} destination",
                wrap=True,
                bold=True,
            )
            text = plain_label(code.shown, accessible_name=f"QR code {number} text", wrap=True)
            text.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            self._layout.addWidget(where)
            self._layout.addWidget(text)
        self._layout.addStretch(1)

    def codes(self) -> tuple[QrCode, ...]:
        return self._codes

    def text(self) -> str:
        """Everything the panel says, one label per line."""
        labels = self._body.findChildren(QLabel)
        return "\n".join(label.text() for label in labels if not label.isHidden())


class ScreenshotViewer(QWidget):
    """One screenshot with its facts above it, or a placeholder message.

    ``protection_changed`` carries (blurred, greyscale) whenever the moderator
    changes them by button or key (not when the desk sets them).
    ``frame_step_requested`` carries -1 or +1 when a frame button is pressed.
    """

    zoom_changed = Signal(float)
    protection_changed = Signal(bool, bool)
    frame_step_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Screenshot viewer")
        self._facts = ImageFacts()
        self._view = _ImageView(self)
        self._view.setAccessibleName("Screenshot")
        self._placeholder = plain_label(
            NO_IMAGE_TEXT, accessible_name="Screenshot status", wrap=True
        )
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setMargin(12)
        self._info = plain_label("", accessible_name="Screenshot size and zoom")
        self._banner = plain_label("", accessible_name="Integrity warning", wrap=True)
        self._banner.setStyleSheet(BANNER_STYLE)
        self._banner.hide()
        self._protection_note = plain_label("", accessible_name="Screenshot protection")
        self._protection_note.setStyleSheet(PROTECTION_STYLE)
        self._protection_note.setWordWrap(True)  # a narrow panel wraps it, never cuts it
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(self._view)
        self._qr_panel = _QrPanel(self)
        self._qr_panel.hide()

        self._zoom_out_button = self._tool_button("−", "Zoom out", "Zoom out (-, Ctrl+wheel)")
        self._zoom_in_button = self._tool_button("+", "Zoom in", "Zoom in (+, Ctrl+wheel)")
        self._fit_button = self._tool_button("Fit", "Fit to view", "Fit to view (F)")
        self._actual_button = self._tool_button("100%", "Actual size", "Actual size (0)")
        self._blur_button = self._tool_button("Blur", "Blur screenshot", "Blur or unblur")
        self._grey_button = self._tool_button("Grey", "Greyscale screenshot", "Greyscale or colour")
        self._reveal_button = self._tool_button("Reveal", "Reveal screenshot", "Reveal or hide (B)")
        self._previous_frame_button = self._tool_button("◀", "Previous frame", "Previous frame (,)")
        self._next_frame_button = self._tool_button("▶", "Next frame", "Next frame (.)")
        for button in (self._blur_button, self._grey_button):
            button.setCheckable(True)
        self._zoom_out_button.clicked.connect(self.zoom_out)
        self._zoom_in_button.clicked.connect(self.zoom_in)
        self._fit_button.clicked.connect(self.fit)
        self._actual_button.clicked.connect(self.actual_size)
        self._blur_button.clicked.connect(self._on_protection_buttons)
        self._grey_button.clicked.connect(self._on_protection_buttons)
        self._reveal_button.clicked.connect(self.toggle_reveal)
        self._previous_frame_button.clicked.connect(lambda: self.frame_step_requested.emit(-1))
        self._next_frame_button.clicked.connect(lambda: self.frame_step_requested.emit(1))
        self._view.zoom_changed.connect(self._on_zoom_changed)
        self._view.reveal_requested.connect(self.toggle_reveal)
        self._hidden_state = (True, True)

        bar = _row(
            self._info,
            self._zoom_out_button,
            self._zoom_in_button,
            self._fit_button,
            self._actual_button,
        )
        care_bar = _row(
            self._protection_note,
            self._previous_frame_button,
            self._next_frame_button,
            self._blur_button,
            self._grey_button,
            self._reveal_button,
        )
        picture_row = QHBoxLayout()
        picture_row.setContentsMargins(0, 0, 0, 0)
        picture_row.setSpacing(4)
        picture_row.addWidget(self._stack, 1)
        picture_row.addWidget(self._qr_panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addLayout(care_bar)
        layout.addWidget(self._banner)
        layout.addLayout(picture_row, 1)
        self.show_placeholder(NO_IMAGE_TEXT)
        self._update_protection_controls()

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
        self.show_levels(single_image_levels(image))

    def show_levels(
        self, levels: ImageLevels, facts: ImageFacts | None = None, *, keep_zoom: bool = False
    ) -> None:
        """Show pre-scaled ``levels`` with ``facts`` in the line above.

        ``keep_zoom`` keeps the zoom and position (stepping through the frames
        of one animation); otherwise the image is fitted.
        """
        self._facts = facts or ImageFacts()
        self._view.set_levels(levels, keep_zoom=keep_zoom and self.has_image())
        self._stack.setCurrentWidget(self._view)
        self._set_zoom_controls_enabled(True)
        self._update_frame_controls()
        self._on_zoom_changed()

    def show_placeholder(self, message: str) -> None:
        """Show ``message`` (for example "Loading…" or an error) instead of an image."""
        self._view.drop_image()
        self._facts = ImageFacts()
        self._placeholder.setText(message)
        self._stack.setCurrentWidget(self._placeholder)
        self._info.setText("")
        self._set_zoom_controls_enabled(False)
        self._update_frame_controls()

    def set_integrity_problem(self, message: str) -> None:
        """Show ``message`` in a red banner over the image ("" hides the banner)."""
        self._banner.setText(message)
        self._banner.setVisible(bool(message))

    def integrity_text(self) -> str:
        """The red banner's text ("" while hidden)."""
        return self._banner.text() if not self._banner.isHidden() else ""

    def set_qr_codes(self, codes: Sequence[QrCode]) -> None:
        """List ``codes`` beside the image (none hides the column)."""
        if codes:
            self._qr_panel.show_codes(codes)
        self._qr_panel.setVisible(bool(codes))

    def qr_text(self) -> str:
        """What the QR column says ("" while hidden)."""
        return self._qr_panel.text() if not self._qr_panel.isHidden() else ""

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

    def levels(self) -> ImageLevels | None:
        """The image levels shown, if any."""
        return self._view.levels() if self.has_image() else None

    def info_text(self) -> str:
        """The format, dimensions, size and zoom line above the image."""
        return self._info.text()

    def facts(self) -> ImageFacts:
        """The facts shown about the current image."""
        return self._facts

    # --- zoom and pan ----------------------------------------------------------

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

    def pan(self, dx: float, dy: float) -> None:
        """Move the visible part by ``dx``/``dy`` shares of the view (keyboard panning)."""
        if self.has_image():
            self._view.pan(dx, dy)

    def scroll_position(self) -> tuple[int, int]:
        """The horizontal and vertical scroll positions (for tests and restoring)."""
        return (
            self._view.horizontalScrollBar().value(),
            self._view.verticalScrollBar().value(),
        )

    # --- protection -------------------------------------------------------

    def set_blurred(self, blurred: bool) -> None:
        """Blur the image until the moderator chooses to look (kept across images)."""
        self._view.set_blurred(blurred)
        self._update_protection_controls()

    def is_blurred(self) -> bool:
        """True while the image is blurred."""
        return self._view.is_blurred()

    def set_greyscale(self, grey: bool) -> None:
        """Show the image in shades of grey (kept across images)."""
        self._view.set_greyscale(grey)
        self._update_protection_controls()

    def is_greyscale(self) -> bool:
        """True while the image is shown in shades of grey."""
        return self._view.is_greyscale()

    def set_protection(self, blurred: bool, grey: bool) -> None:
        """Set blur and greyscale together (the desk's defaults for a case)."""
        if blurred or grey:
            self._hidden_state = (blurred, grey)
        self._view.set_blurred(blurred)
        self._view.set_greyscale(grey)
        self._update_protection_controls()

    def is_protected(self) -> bool:
        """True while the image is blurred or in greyscale."""
        return self.is_blurred() or self.is_greyscale()

    def protection_text(self) -> str:
        """The short line saying how the image is shown."""
        return self._protection_note.text()

    def toggle_reveal(self) -> None:
        """Reveal a protected image, or protect a revealed one again (the B key)."""
        if self.is_protected():
            self._hidden_state = (self.is_blurred(), self.is_greyscale())
            blurred, grey = False, False
        else:
            blurred, grey = self._hidden_state
        self.set_protection(blurred, grey)
        self.protection_changed.emit(blurred, grey)

    def _on_protection_buttons(self) -> None:
        blurred, grey = self._blur_button.isChecked(), self._grey_button.isChecked()
        self.set_protection(blurred, grey)
        self.protection_changed.emit(blurred, grey)

    def _update_protection_controls(self) -> None:
        blurred, grey = self.is_blurred(), self.is_greyscale()
        self._blur_button.setChecked(blurred)
        self._grey_button.setChecked(grey)
        if blurred and grey:
            note = "Blurred and in greyscale. B reveals."
        elif blurred:
            note = "Blurred. B reveals."
        elif grey:
            note = "In greyscale. B reveals."
        else:
            note = "Shown as sent."
        self._reveal_button.setText("Hide" if not (blurred or grey) else "Reveal")
        self._protection_note.setText(note)

    # --- frames -------------------------------------------------------------

    def _update_frame_controls(self) -> None:
        animated = self.has_image() and self._facts.frame_count > 1
        for button in (self._previous_frame_button, self._next_frame_button):
            button.setVisible(animated)
        self._previous_frame_button.setEnabled(animated and self._facts.frame_index > 0)
        self._next_frame_button.setEnabled(
            animated and self._facts.frame_index < self._facts.frame_count - 1
        )

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
        self._info.setText(
            facts_text(
                self._facts, self._view.image_size(), self._view.zoom(), self._view.is_fitted()
            )
        )
        self.zoom_changed.emit(self._view.zoom())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Small enough for a splitter."""
        return QSize(160, 120)


def _row(stretched: QWidget, *buttons: QWidget) -> QHBoxLayout:
    """A tight row: ``stretched`` takes the room left, the buttons follow it."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    row.addWidget(stretched, 1)
    for button in buttons:
        row.addWidget(button)
    return row
