"""Paints the queue's cells from one answer of the model per cell.

Qt's item delegate asks the model for half a dozen roles of every cell it
paints (text, alignment, colours, tick, swatch), each a call into Python:
that was three quarters of the time a queue row took to paint. This
delegate reads :meth:`QueueModel.cell_look` once per cell and hands the
same style option to Qt's own painting, so cells look exactly as before.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from reviewdesk.ui.queue_model import MARKED_BACKGROUND, QueueModel

ViewItemFeature = QStyleOptionViewItem.ViewItemFeature


def _with_features(view: ViewItemFeature, swatch: bool, ticked: bool) -> ViewItemFeature:
    """The view's features for a cell plus text, and a swatch and a tick where it has them."""
    features = view | ViewItemFeature.HasDisplay
    if swatch:
        features |= ViewItemFeature.HasDecoration
    if ticked:
        features |= ViewItemFeature.HasCheckIndicator
    return features


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CHECKED = Qt.CheckState.Checked


class QueueCellDelegate(QStyledItemDelegate):
    """Fills each cell's style option from the queue model's :class:`CellLook`."""

    def __init__(self, model: QueueModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._marked = QBrush(QColor(MARKED_BACKGROUND))
        #: Severity swatches as icons, by colour and size (Qt would paint a new one per cell).
        self._swatches: dict[tuple[int, int, int], QIcon] = {}
        #: The view's features for a cell with what the look adds (flag sums cost in Python).
        self._features: dict[tuple[ViewItemFeature, bool, bool], ViewItemFeature] = {}

    def initStyleOption(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """The cell's text, alignment, swatch, tick and background, from one model call."""
        look = self._model.cell_look(index.row(), index.column())
        if look is None:  # not a cell of the queue: Qt's own way
            super().initStyleOption(option, index)
            return
        if isinstance(index, QModelIndex):  # always, from a view
            option.index = index
        option.text = look.text
        if look.right_aligned:
            option.displayAlignment = _RIGHT
        if look.swatch is not None:
            option.icon = self._swatch(look.swatch, option.decorationSize)
        if look.marked:
            option.backgroundBrush = self._marked
        if look.ticked:
            option.checkState = _CHECKED
        key = (option.features, look.swatch is not None, look.ticked)
        features = self._features.get(key)
        if features is None:
            features = self._features[key] = _with_features(*key)
        option.features = features

    def _swatch(self, colour: QColor, size: QSize) -> QIcon:
        key = (colour.rgba(), size.width(), size.height())
        icon = self._swatches.get(key)
        if icon is None:
            pixmap = QPixmap(size)
            pixmap.fill(colour)
            icon = self._swatches[key] = QIcon(pixmap)
        return icon
