"""The desk's widget style: Qt's Fusion look, with a scroll bar's tall fills drawn from pictures.

Fusion fills a scroll bar's groove, and its handle, with gradients. Qt's raster
engine splits any such fill taller than about a hundred rows between the
threads of its GUI thread pool, and the GUI thread waits for them: on a busy
machine, waiting for those threads to be scheduled cost a case switch 5-15 ms
whenever ``j`` scrolled the queue (found with a debugger, see the README).

A vertical bar's groove depends only on the bar's size, state and colours, and
its handle on the handle's size and what lies under it, so :class:`DeskStyle`
draws each once into a picture and copies the picture at every later paint (a
plain copy, on the GUI thread); the arrows are drawn by Fusion over them, as
before. The bar looks as Fusion draws it: pixel for pixel where Fusion paints
it at the same place as its pictures, and within rounding elsewhere (inside
a window Fusion's gradients come out a few levels apart; at a fractional
scale such as 150 % an edge can fall a device pixel over). Other styles (a
desktop's own theme) and horizontal bars (a fill is as tall as the bar is
thick) are drawn as their style draws them.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)

#: The style whose scroll bars :class:`DeskStyle` draws from pictures.
PICTURED_STYLE = "fusion"
#: How far past its own rectangle Fusion draws a handle (its edge lines), in pixels.
HANDLE_MARGIN = 2
#: How many groove pictures, and how many handle pictures, are kept (most recently used).
PICTURE_LIMIT = 24

_BAR = QStyle.ComplexControl.CC_ScrollBar
_GROOVE = QStyle.SubControl.SC_ScrollBarGroove
_HANDLE = QStyle.SubControl.SC_ScrollBarSlider

_PictureKey = tuple[object, ...]
_Kept = TypeVar("_Kept")


@dataclass(frozen=True)
class GroovePicture:
    """A bar's groove as drawn, and the rows in which it is the same from top to bottom.

    A handle anywhere within :attr:`plain_rows` lies on the same pixels, so one
    picture of it serves every such place.
    """

    picture: QPixmap
    plain_rows: range


class DeskStyle(QProxyStyle):
    """The application's style, whose vertical scroll bars paint without Qt's thread pool."""

    def __init__(self, base: QStyle | None = None) -> None:
        """``base``: the style drawn through (by default Fusion)."""
        super().__init__(base if base is not None else QStyleFactory.create(PICTURED_STYLE))
        #: Whether the style drawn through is the one whose bars are pictured (it stays).
        self._base_pictured = self.baseStyle().name().lower() == PICTURED_STYLE
        self._grooves: OrderedDict[_PictureKey, GroovePicture] = OrderedDict()
        self._handles: OrderedDict[_PictureKey, QPixmap] = OrderedDict()
        #: Pictures drawn so far, grooves and handles: each paint past the first copies one.
        self.pictures_drawn = 0

    def drawComplexControl(  # noqa: N802
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """A vertical Fusion scroll bar from pictures; anything else as the base style draws it."""
        if not self._pictured(control, option, widget):
            super().drawComplexControl(control, option, painter, widget)
            return
        assert isinstance(option, QStyleOptionSlider)
        under = underneath(option, widget)
        if under is None:
            super().drawComplexControl(control, option, painter, widget)
            return
        ratio = painter.device().devicePixelRatioF()
        origin = option.rect.topLeft()
        local = QStyleOptionSlider(option)
        local.rect = QRect(QPoint(0, 0), option.rect.size())
        groove = self._groove(local, ratio, under, widget)
        painter.drawPixmap(origin, groove.picture)
        rest = option.subControls & ~_GROOVE
        if option.subControls & _HANDLE:
            # Qt takes no widget here; the binding's stubs say one is needed.
            handle = self.subControlRect(_BAR, local, _HANDLE, widget)  # type: ignore[arg-type]
            if not handle.isEmpty():
                area = handle.adjusted(0, -HANDLE_MARGIN, 0, HANDLE_MARGIN).intersected(local.rect)
                picture = self._handle(local, area, groove, ratio, under, widget)
                painter.drawPixmap(origin + area.topLeft(), picture)
                rest &= ~_HANDLE
        if rest:
            others = QStyleOptionSlider(option)
            others.subControls = rest
            super().drawComplexControl(control, others, painter, widget)

    def _pictured(
        self, control: QStyle.ComplexControl, option: QStyleOption, widget: QWidget | None
    ) -> bool:
        return (
            control == _BAR
            and isinstance(option, QStyleOptionSlider)
            and option.orientation == Qt.Orientation.Vertical
            and bool(option.subControls & _GROOVE)
            and not option.rect.isEmpty()
            and self._base_pictured
            and not self.styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, option, widget)
        )

    # --- pictures ----------------------------------------------------------------

    def _groove(
        self, local: QStyleOptionSlider, ratio: float, under: QColor, widget: QWidget | None
    ) -> GroovePicture:
        key = (local.rect.size().toTuple(), ratio, under.rgba(), *_look(local))
        found = self._grooves.get(key)
        if found is not None:
            self._grooves.move_to_end(key)
            return found
        picture, painter = self._blank(local.rect.size(), ratio, under)
        only = QStyleOptionSlider(local)
        only.subControls = _GROOVE
        super().drawComplexControl(_BAR, only, painter, widget)
        painter.end()
        groove = GroovePicture(picture, plain_rows(picture))
        _keep(self._grooves, key, groove)
        return groove

    def _handle(
        self,
        local: QStyleOptionSlider,
        area: QRect,
        groove: GroovePicture,
        ratio: float,
        under: QColor,
        widget: QWidget | None,
    ) -> QPixmap:
        """The handle drawn over the groove, in ``area``: its rectangle and the margin around it."""
        within = area.top() in groove.plain_rows and area.bottom() in groove.plain_rows
        place = None if within else area.top()
        key = (
            local.rect.size().toTuple(),
            area.size().toTuple(),
            place,
            ratio,
            under.rgba(),
            *_look(local),
        )
        found = self._handles.get(key)
        if found is not None:
            self._handles.move_to_end(key)
            return found
        picture, painter = self._blank(area.size(), ratio, under)
        painter.translate(-area.topLeft())
        painter.drawPixmap(QPoint(0, 0), groove.picture)
        only = QStyleOptionSlider(local)
        only.subControls = _HANDLE
        super().drawComplexControl(_BAR, only, painter, widget)
        painter.end()
        _keep(self._handles, key, picture)
        return picture

    def _blank(self, size: QSize, ratio: float, under: QColor) -> tuple[QPixmap, QPainter]:
        """A picture of ``size`` at ``ratio`` filled with ``under``, and a painter on it."""
        self.pictures_drawn += 1
        picture = QPixmap(math.ceil(size.width() * ratio), math.ceil(size.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(under)
        return picture, QPainter(picture)


def underneath(option: QStyleOption, widget: QWidget | None) -> QColor | None:
    """The colour a bar is painted over, or None when it is not one colour.

    Fusion's arrow buttons are translucent, so a picture of the bar holds what lies
    under it: the background of the nearest widget that fills its own (the window at
    the latest). A bar drawn on no widget lies on its own palette's window colour.
    """
    holder = widget
    while holder is not None and not (holder.autoFillBackground() or holder.isWindow()):
        holder = holder.parentWidget()
    brush = (holder.palette() if holder is not None else option.palette).window()
    return brush.color() if brush.style() == Qt.BrushStyle.SolidPattern else None


def _look(option: QStyleOptionSlider) -> tuple[object, ...]:
    """What a bar's look depends on besides its size: state, hovered part, colours."""
    return (
        option.state.value,
        option.activeSubControls.value,
        option.palette.cacheKey(),
        option.palette.currentColorGroup().value,
    )


def _keep(store: OrderedDict[_PictureKey, _Kept], key: _PictureKey, value: _Kept) -> None:
    store[key] = value
    while len(store) > PICTURE_LIMIT:
        store.popitem(last=False)


def plain_rows(picture: QPixmap) -> range:
    """The rows (in the picture's own coordinates) around its middle that are all alike."""
    image = picture.toImage()
    if image.height() == 0:
        return range(0)
    pixels = bytes(image.constBits())
    stride = image.bytesPerLine()
    middle = image.height() // 2
    line = pixels[middle * stride : (middle + 1) * stride]
    first = middle
    while first > 0 and pixels[(first - 1) * stride : first * stride] == line:
        first -= 1
    last = middle
    while last + 1 < image.height() and pixels[(last + 1) * stride : (last + 2) * stride] == line:
        last += 1
    ratio = picture.devicePixelRatio()
    return range(math.ceil(first / ratio), math.floor((last + 1) / ratio))


def apply(app: QApplication) -> None:
    """Make ``app``'s style a :class:`DeskStyle` over the style it has (once)."""
    current = app.style()
    if isinstance(current, DeskStyle):
        return
    app.setStyle(DeskStyle(QStyleFactory.create(current.name())))
