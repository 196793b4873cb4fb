"""Layout helpers for window tests: settle the pending layouts, and where a part sits."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget


def settle() -> None:
    """Deliver the pending layout requests (and what they raise) and events."""
    for _round in range(4):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def area_in(widget: QWidget, outer: QWidget) -> QRect:
    """Where ``widget`` sits in ``outer`` (an ancestor)."""
    return QRect(widget.mapTo(outer, QPoint(0, 0)), widget.size())
