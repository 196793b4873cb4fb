"""The picture in the screenshot viewer: painted from the nearest pre-scaled level.

The worker hands over the image at full size and at successive halvings
(:class:`reviewdesk.ui.evidence_images.ImageLevels`). Painting picks the
smallest level that still has at least one pixel per screen pixel and draws
only the exposed part, so fitting a 12-megapixel photo never scales 12 million
pixels on the GUI thread and no full-size ``QPixmap`` is ever made. Transparent
images are painted over a checkerboard; greyscale is applied to the painted
patch only.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from reviewdesk.ui.evidence_images import ImageLevels

CHECKER_CELL = 8
CHECKER_LIGHT = QColor(236, 236, 236)
CHECKER_DARK = QColor(196, 196, 196)


def checker_brush() -> QBrush:
    """A light grey checkerboard (one cell is :data:`CHECKER_CELL` screen pixels)."""
    tile = QPixmap(CHECKER_CELL * 2, CHECKER_CELL * 2)
    tile.fill(CHECKER_LIGHT)
    painter = QPainter(tile)
    painter.fillRect(0, 0, CHECKER_CELL, CHECKER_CELL, CHECKER_DARK)
    painter.fillRect(CHECKER_CELL, CHECKER_CELL, CHECKER_CELL, CHECKER_CELL, CHECKER_DARK)
    painter.end()
    return QBrush(tile)


def pick_level(levels: ImageLevels, scale: float) -> QImage:
    """The smallest level with at least ``scale`` of the full size's pixels per side."""
    full_width = max(1, levels.width())
    chosen = levels.levels[0]
    for level in levels.levels:
        if level.width() / full_width >= scale * 0.999:
            chosen = level
    return chosen


class LevelledImageItem(QGraphicsItem):
    """A graphics item showing :class:`ImageLevels` in full-size item coordinates."""

    def __init__(self) -> None:
        super().__init__()
        self._levels: ImageLevels | None = None
        self._grey = False
        self._checker: QBrush | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def set_levels(self, levels: ImageLevels | None) -> None:
        """Show ``levels`` (None shows nothing)."""
        self.prepareGeometryChange()
        self._levels = levels
        self.update()

    def levels(self) -> ImageLevels | None:
        """The levels shown, if any."""
        return self._levels

    def set_greyscale(self, grey: bool) -> None:
        """Paint in shades of grey (True) or in colour."""
        if grey != self._grey:
            self._grey = grey
            self.update()

    def is_greyscale(self) -> bool:
        """True while painting in shades of grey."""
        return self._grey

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        """The full-size image rectangle (empty without an image)."""
        if self._levels is None:
            return QRectF()
        return QRectF(0, 0, self._levels.width(), self._levels.height())

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw the exposed part from the level that suits the current scale."""
        levels = self._levels
        if levels is None:
            return
        exposed = option.exposedRect.intersected(self.boundingRect())
        if exposed.isEmpty():
            return
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        level = pick_level(levels, scale)
        ratio = level.width() / max(1, levels.width())
        source = QRectF(
            exposed.x() * ratio,
            exposed.y() * ratio,
            exposed.width() * ratio,
            exposed.height() * ratio,
        )
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if not self._grey and not levels.has_alpha:
            painter.drawImage(exposed, level, source)
            return
        device = painter.worldTransform().mapRect(exposed).toAlignedRect()
        bounds = QRect(0, 0, painter.device().width(), painter.device().height())
        device = device.intersected(bounds)
        if device.isEmpty():
            return
        patch = QImage(device.size(), QImage.Format.Format_ARGB32_Premultiplied)
        patch.fill(Qt.GlobalColor.transparent)
        patch_painter = QPainter(patch)
        if levels.has_alpha:
            if self._checker is None:
                self._checker = checker_brush()
            patch_painter.setBrushOrigin(QPointF(-device.x(), -device.y()))
            patch_painter.fillRect(patch.rect(), self._checker)
        patch_painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        patch_painter.translate(-device.x(), -device.y())
        patch_painter.setWorldTransform(painter.worldTransform(), combine=True)
        patch_painter.drawImage(exposed, level, source)
        patch_painter.end()
        if self._grey:
            patch = patch.convertToFormat(QImage.Format.Format_Grayscale8)
        painter.save()
        painter.resetTransform()
        painter.drawImage(device.topLeft(), patch)
        painter.restore()
