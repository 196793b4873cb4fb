"""A horizontal bar chart painted with ``QPainter`` (the desk has no QtCharts).

One bar per row: the label on the left (elided, drawn in its own box so a
right-to-left name never reorders its neighbours), the bar, and its value at
the bar's end; a labelled value axis with gridlines runs along the bottom.
The chart takes the keyboard focus: Up/Down (and Home/End) move a highlight
over the bars, and the highlighted bar's label and value are its accessible
description and tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reviewdesk.ui.case.text_format import single_line

BAR_COLOUR = QColor("#3b6ea8")
HIGHLIGHT_COLOUR = QColor("#d9822b")
GRID_COLOUR = QColor("#d0d4d9")
AXIS_COLOUR = QColor("#57606a")
TEXT_COLOUR = QColor("#24292f")
#: Widest the label column may be, as a share of the widget's width.
LABEL_SHARE = 0.34
LABEL_CHARS = 60
PADDING = 8


@dataclass(frozen=True)
class Bar:
    """One bar: what it stands for and its value."""

    label: str
    value: float
    #: Shown instead of the value (e.g. "–" for a rate with nothing to divide).
    text: str | None = None


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.5, 2, … 8 times a power of ten) at or above ``value``."""
    if value <= 0:
        return 1.0
    power = float(10.0 ** math.floor(math.log10(value)))
    for step in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if value <= step * power + 1e-12:
            return step * power
    return 10.0 * power


def axis_ticks(maximum: float, count: int = 5) -> list[float]:
    """Evenly spaced tick values from 0 to ``maximum`` (inclusive)."""
    return [maximum * i / count for i in range(count + 1)]


def default_format(value: float) -> str:
    """Whole numbers with thousands separators; otherwise up to two decimals."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def tick_count(maximum: float, integer: bool) -> int:
    """How many steps the axis has: five, or fewer whole steps for whole-number values."""
    if not integer:
        return 5
    if maximum <= 5:
        return max(1, int(maximum))
    for count in (5, 4, 6, 3, 2):
        if float(maximum / count).is_integer():
            return count
    return 5


def precise_labels(ticks: Sequence[float]) -> list[str]:
    """Tick values with just enough decimals to tell them apart."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    decimals = 0 if step >= 1 else -math.floor(math.log10(step))
    labels = [f"{tick:,.{decimals}f}" for tick in ticks]
    while len(set(labels)) < len(labels) and decimals < 8:
        decimals += 1
        labels = [f"{tick:,.{decimals}f}" for tick in ticks]
    return labels


class BarChart(QWidget):
    """A titled horizontal bar chart with a value axis, focusable and readable by keyboard."""

    #: The highlighted bar changed (row, or -1 for none).
    current_changed = Signal(int)

    def __init__(
        self,
        title: str,
        axis_title: str,
        *,
        value_format: Callable[[float], str] = default_format,
        maximum: float | None = None,
        integer: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._title = title
        self._axis_title = axis_title
        self._format = value_format
        self._fixed_maximum = maximum
        self._integer = integer
        self._bars: list[Bar] = []
        self._current = -1
        self._empty_text = "Nothing to show yet."
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(f"Chart: {title}")
        self.setMouseTracking(False)
        self.setMinimumHeight(self._row_height() * 3 + self._chrome_height())

    # --- data ----------------------------------------------------------------------

    def set_bars(self, bars: Sequence[Bar]) -> None:
        """Show these bars (top to bottom in the given order)."""
        self._bars = [
            Bar(single_line(bar.label, LABEL_CHARS), float(bar.value), bar.text) for bar in bars
        ]
        self._current = min(self._current, len(self._bars) - 1)
        if self._current < 0 and self._bars and self.hasFocus():
            self._current = 0
        self.setMinimumHeight(self._row_height() * max(3, len(self._bars)) + self._chrome_height())
        self.updateGeometry()
        self._describe()
        self.update()

    def set_axis(self, axis_title: str, value_format: Callable[[float], str]) -> None:
        """Change what the value axis measures and how values are written."""
        self._axis_title = axis_title
        self._format = value_format
        self._describe()
        self.update()

    def axis_title(self) -> str:
        """What the value axis measures."""
        return self._axis_title

    def set_empty_text(self, text: str) -> None:
        """What the chart says when it has no bars (e.g. why)."""
        self._empty_text = text
        self._describe()
        self.update()

    def bars(self) -> list[Bar]:
        """The bars shown."""
        return list(self._bars)

    def title(self) -> str:
        """The chart's title."""
        return self._title

    def current(self) -> int:
        """The highlighted bar (-1 for none)."""
        return self._current

    def set_current(self, row: int) -> None:
        """Highlight bar ``row`` (clamped to the bars shown)."""
        row = max(0, min(row, len(self._bars) - 1)) if self._bars else -1
        if row != self._current:
            self._current = row
            self._describe()
            self.current_changed.emit(row)
            self.update()

    def describe_bar(self, row: int) -> str:
        """``label: value`` of one bar, as spoken and shown in the tooltip."""
        bar = self._bars[row]
        if bar.text is not None:
            return f"{bar.label}: {bar.text}"
        return f"{bar.label}: {self._format(bar.value)} {self._axis_title}".rstrip()

    def _value_text(self, bar: Bar) -> str:
        return bar.text if bar.text is not None else self._format(bar.value)

    # --- geometry ----------------------------------------------------------------------

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 10

    def _chrome_height(self) -> int:
        line = QFontMetrics(self.font()).height()
        return line * 3 + PADDING * 4  # title, tick labels, axis title

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Tall enough for every bar at a readable height."""
        return QSize(520, self._row_height() * max(3, len(self._bars)) + self._chrome_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """A few bars' worth; a scroll area around the chart shows the rest."""
        return QSize(300, self._row_height() * 3 + self._chrome_height())

    def _maximum(self) -> float:
        if self._fixed_maximum is not None:
            return self._fixed_maximum
        largest = max((bar.value for bar in self._bars), default=0.0)
        if self._integer and largest <= 5:
            return float(max(1, math.ceil(largest)))
        return nice_ceiling(largest)

    def tick_labels(self) -> list[tuple[float, str]]:
        """The value axis's ticks and their labels (never two alike)."""
        maximum = self._maximum()
        ticks = axis_ticks(maximum, tick_count(maximum, self._integer))
        labels = [self._format(tick) for tick in ticks]
        if len(set(labels)) < len(labels):
            labels = precise_labels(ticks)
        return list(zip(ticks, labels, strict=True))

    def _layout(self) -> tuple[QRectF, float]:
        """The plot rectangle (bars and grid) and the label column's width."""
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        widest = max((metrics.horizontalAdvance(bar.label) for bar in self._bars), default=0)
        label_width = min(float(widest + PADDING), self.width() * LABEL_SHARE)
        value_room = metrics.horizontalAdvance(self._format(self._maximum())) + PADDING * 2
        top = PADDING + line + PADDING
        left = PADDING + label_width + PADDING
        right = self.width() - PADDING - value_room
        bottom = self.height() - PADDING - line - PADDING - line - 4
        return QRectF(left, top, max(10.0, right - left), max(10.0, bottom - top)), label_width

    def _row_rect(self, plot: QRectF, row: int) -> QRectF:
        height = min(float(self._row_height()), plot.height() / max(1, len(self._bars)))
        return QRectF(plot.left(), plot.top() + row * height, plot.width(), height)

    # --- painting ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Title, gridlines and ticks, bars with their labels and values, axis title."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(TEXT_COLOUR)
        painter.drawText(
            QRectF(PADDING, PADDING, self.width() - 2 * PADDING, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self._title,
        )
        painter.setFont(self.font())
        if not self._bars:
            painter.setPen(AXIS_COLOUR)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            self._paint_focus(painter)
            return
        plot, label_width = self._layout()
        maximum = self._maximum()
        self._paint_axis(painter, plot, maximum, line)
        for row, bar in enumerate(self._bars):
            self._paint_bar(painter, plot, row, bar, maximum, label_width, metrics)
        self._paint_focus(painter)

    def _paint_axis(self, painter: QPainter, plot: QRectF, maximum: float, line: int) -> None:
        rows_bottom = self._row_rect(plot, len(self._bars) - 1).bottom()
        for tick, label in self.tick_labels():
            x = plot.left() + plot.width() * (tick / maximum)
            painter.setPen(QPen(GRID_COLOUR, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, rows_bottom))
            painter.setPen(AXIS_COLOUR)
            painter.drawText(
                QRectF(x - 60, rows_bottom + 4, 120, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                label,
            )
        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(QPointF(plot.left(), rows_bottom), QPointF(plot.right(), rows_bottom))
        painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), rows_bottom))
        painter.drawText(
            QRectF(plot.left(), rows_bottom + 4 + line + 2, plot.width(), line),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            self._axis_title,
        )

    def _paint_bar(
        self,
        painter: QPainter,
        plot: QRectF,
        row: int,
        bar: Bar,
        maximum: float,
        label_width: float,
        metrics: QFontMetrics,
    ) -> None:
        band = self._row_rect(plot, row)
        highlighted = row == self._current
        label_box = QRectF(PADDING, band.top(), label_width, band.height())
        label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_width))
        painter.setPen(TEXT_COLOUR)
        font = QFont(self.font())
        font.setBold(highlighted)
        painter.setFont(font)
        # Right-aligned in its own box: a right-to-left name cannot spill into the bar.
        painter.drawText(
            label_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
        )
        fraction = max(0.0, min(1.0, bar.value / maximum)) if maximum else 0.0
        inset = max(2.0, band.height() * 0.18)
        bar_rect = QRectF(
            plot.left(), band.top() + inset, plot.width() * fraction, band.height() - 2 * inset
        )
        painter.fillRect(bar_rect, HIGHLIGHT_COLOUR if highlighted else BAR_COLOUR)
        painter.setPen(TEXT_COLOUR)
        painter.drawText(
            QRectF(bar_rect.right() + 4, band.top(), 200, band.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self._value_text(bar),
        )
        painter.setFont(self.font())

    def _paint_focus(self, painter: QPainter) -> None:
        if self.hasFocus():
            pen = QPen(self.palette().highlight().color(), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))

    # --- keyboard and mouse -------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Up/Down, Home/End and Page keys move the highlight over the bars."""
        moves = {
            Qt.Key.Key_Down: self._current + 1,
            Qt.Key.Key_Up: self._current - 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: len(self._bars) - 1,
            Qt.Key.Key_PageDown: self._current + 10,
            Qt.Key.Key_PageUp: self._current - 10,
        }
        key = Qt.Key(event.key())
        if key in moves and self._bars and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.set_current(moves[key])
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        """A click highlights the bar under the pointer and shows its value."""
        row = self.row_at(event.position().y())
        if row >= 0:
            self.set_current(row)
            QToolTip.showText(event.globalPosition().toPoint(), self.describe_bar(row), self)
        super().mousePressEvent(event)

    def row_at(self, y: float) -> int:
        """The bar at height ``y`` (-1 for none)."""
        if not self._bars:
            return -1
        plot, _width = self._layout()
        for row in range(len(self._bars)):
            band = self._row_rect(plot, row)
            if band.top() <= y < band.bottom():
                return row
        return -1

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        """Taking the focus highlights the first bar if none is."""
        if self._current < 0 and self._bars:
            self.set_current(0)
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        """Losing the focus removes the focus frame."""
        self.update()
        super().focusOutEvent(event)

    def _describe(self) -> None:
        if 0 <= self._current < len(self._bars):
            text = self.describe_bar(self._current)
        else:
            text = f"{len(self._bars)} bars" if self._bars else self._empty_text
        self.setAccessibleDescription(text)
        self.setToolTip(text)
