"""The case's attachments as a list: name, dimensions, size, and load state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from reviewdesk.api.models import Attachment
from reviewdesk.ui.case.text_format import (
    format_byte_size,
    format_dimensions,
    plain_tooltip,
    single_line,
)

THUMBNAIL_SIZE = 48
NAME_LIMIT = 32
STATE_ROLE = Qt.ItemDataRole.UserRole + 20
ATTACHMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 21

AnyIndex = QModelIndex | QPersistentModelIndex


class LoadState(Enum):
    """Where an attachment's image stands."""

    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class AttachmentEntry:
    """One attachment with its decoded image (once it arrives) or error."""

    attachment: Attachment
    state: LoadState = LoadState.LOADING
    image: QImage | None = None
    thumbnail: QPixmap | None = None
    error: str = ""


class AttachmentsModel(QAbstractListModel):
    """A list of :class:`AttachmentEntry`; images and errors arrive one by one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[AttachmentEntry] = []

    def set_attachments(self, attachments: Sequence[Attachment]) -> None:
        """Replace the list; every attachment starts as loading."""
        self.beginResetModel()
        self._entries = [AttachmentEntry(attachment) for attachment in attachments]
        self.endResetModel()

    def entry(self, row: int) -> AttachmentEntry | None:
        """The entry at ``row``, or None when out of range."""
        if 0 <= row < len(self._entries):
            return self._entries[row]
        return None

    def row_of(self, attachment_id: str) -> int | None:
        """The row of an attachment id, or None when it is not in this case."""
        for row, entry in enumerate(self._entries):
            if entry.attachment.id == attachment_id:
                return row
        return None

    def set_image(self, attachment_id: str, image: QImage) -> bool:
        """Record a decoded image; False when the id is not in this case."""
        thumbnail = QPixmap.fromImage(
            image.scaled(
                THUMBNAIL_SIZE,
                THUMBNAIL_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        return self._update(
            attachment_id, state=LoadState.READY, image=image, thumbnail=thumbnail, error=""
        )

    def set_error(self, attachment_id: str, message: str) -> bool:
        """Record that an image could not be shown; False when the id is not in this case."""
        return self._update(
            attachment_id, state=LoadState.FAILED, image=None, thumbnail=None, error=message
        )

    def _update(self, attachment_id: str, **changes: Any) -> bool:
        row = self.row_of(attachment_id)
        if row is None:
            return False
        self._entries[row] = replace(self._entries[row], **changes)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)
        return True

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of attachments (a list has no children)."""
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Attachments are enabled and selectable."""
        if self._entry_at(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Name and facts for display, thumbnail or state icon, full facts as tooltip."""
        entry = self._entry_at(index)
        if entry is None:
            return None
        attachment = entry.attachment
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{single_line(attachment.filename, NAME_LIMIT)}\n{attachment_facts(entry)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(attachment_description(entry))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return attachment_description(entry)
        if role == STATE_ROLE:
            return entry.state.value
        if role == ATTACHMENT_ID_ROLE:
            return attachment.id
        return None

    def _decoration(self, entry: AttachmentEntry) -> Any:
        if entry.thumbnail is not None:
            return entry.thumbnail
        if not isinstance(QApplication.instance(), QApplication):
            return None  # no widgets application, so no style to take icons from
        style = QApplication.style()
        if entry.state is LoadState.FAILED:
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def _entry_at(self, index: AnyIndex) -> AttachmentEntry | None:
        if not index.isValid() or index.column() != 0 or index.parent().isValid():
            return None
        return self.entry(index.row())


def attachment_facts(entry: AttachmentEntry) -> str:
    """``1080 × 2340 · 412.0 KB`` (the decoded size wins over the declared one)."""
    attachment = entry.attachment
    width, height = attachment.width, attachment.height
    if entry.image is not None and not entry.image.isNull():
        width, height = entry.image.width(), entry.image.height()
    facts = f"{format_dimensions(width, height)} · {format_byte_size(attachment.size)}"
    if entry.state is LoadState.LOADING:
        return f"{facts} · loading…"
    if entry.state is LoadState.FAILED:
        return f"{facts} · cannot show"
    return facts


def attachment_description(entry: AttachmentEntry) -> str:
    """Every fact about an attachment, one per line (for tooltip and screen readers)."""
    attachment = entry.attachment
    lines = [
        f"File: {single_line(attachment.filename, 200)}",
        f"Type: {single_line(attachment.media_type, 100)}",
        f"Size: {attachment_facts(entry)}",
        f"SHA-256: {attachment.sha256}",
    ]
    if attachment.report_id:
        lines.append(f"From report: {attachment.report_id}")
    if entry.error:
        lines.append(f"Problem: {single_line(entry.error, 300)}")
    return "\n".join(lines)
