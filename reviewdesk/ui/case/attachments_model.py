"""The case's attachments as a list: name, dimensions, size, and load state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from reviewdesk.api.models import Attachment
from reviewdesk.evidence.qr import QrCode
from reviewdesk.ui.case.text_format import (
    format_byte_size,
    format_dimensions,
    plain_tooltip,
    single_line,
)
from reviewdesk.ui.evidence_images import ImageLevels, LoadedEvidence

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
    """One attachment with its decoded image (once it arrives) or error.

    ``levels`` is the picture shown (the current frame of an animation);
    ``integrity_problem`` is the red-banner sentence of a file that is not
    genuine ("" when it matches its advertised SHA-256, or is not checked yet).
    """

    attachment: Attachment
    state: LoadState = LoadState.LOADING
    image: QImage | None = None
    thumbnail: QPixmap | None = None
    error: str = ""
    evidence: LoadedEvidence | None = None
    levels: ImageLevels | None = None
    frame: int = 0
    integrity_problem: str = ""
    qr_codes: tuple[QrCode, ...] = ()
    revealed: bool = False


class AttachmentsModel(QAbstractListModel):
    """A list of :class:`AttachmentEntry`; images and errors arrive one by one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[AttachmentEntry] = []
        self._thumbnails_hidden = False

    def set_attachments(
        self,
        attachments: Sequence[Attachment],
        ready: Mapping[str, LoadedEvidence] | None = None,
    ) -> None:
        """Replace the list; an attachment starts with its evidence in ``ready`` (read
        ahead), else as loading."""
        ready = ready or {}
        self.beginResetModel()
        self._entries = [
            _with_evidence(AttachmentEntry(attachment), ready[attachment.id])
            if attachment.id in ready
            else AttachmentEntry(attachment)
            for attachment in attachments
        ]
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

    def set_evidence(self, loaded: LoadedEvidence) -> bool:
        """Record a loaded attachment (image or refusal); False when it is not in this case.

        The very evidence it already holds (shown with the list) changes nothing.
        """
        row = self.row_of(loaded.attachment_id)
        if row is None:
            return False
        entry = self._entries[row]
        if entry.evidence is loaded:
            return True
        self._entries[row] = _with_evidence(entry, loaded)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)
        return True

    def set_frame(self, attachment_id: str, index: int, levels: ImageLevels) -> bool:
        """Show frame ``index`` of an animation; False when the attachment is not here."""
        return self._update(attachment_id, frame=index, levels=levels)

    def set_qr_codes(self, attachment_id: str, codes: Sequence[QrCode]) -> bool:
        """Record the QR codes found in an attachment; False when it is not here."""
        return self._update(attachment_id, qr_codes=tuple(codes))

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

    def set_thumbnails_hidden(self, hidden: bool) -> None:
        """Hide thumbnails (protected material) until each attachment is revealed."""
        if hidden != self._thumbnails_hidden:
            self._thumbnails_hidden = hidden
            self._emit_all()

    def set_revealed(self, attachment_id: str) -> bool:
        """The moderator chose to see this attachment: its thumbnail may show."""
        return self._update(attachment_id, revealed=True)

    def thumbnail_shown(self, row: int) -> bool:
        """True when the strip shows the attachment's own picture at ``row``."""
        entry = self.entry(row)
        if entry is None or entry.thumbnail is None:
            return False
        return self._decoration(entry) is entry.thumbnail

    def _emit_all(self) -> None:
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, 0))

    def _decoration(self, entry: AttachmentEntry) -> Any:
        hidden = self._thumbnails_hidden and not entry.revealed
        if entry.thumbnail is not None and not hidden:
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


def _with_evidence(entry: AttachmentEntry, loaded: LoadedEvidence) -> AttachmentEntry:
    """``entry`` with ``loaded``: its picture and thumbnail, or why it cannot be shown."""
    pictures = loaded.pictures
    if pictures is None:
        return replace(
            entry,
            state=LoadState.FAILED,
            image=None,
            thumbnail=None,
            levels=None,
            error=loaded.refusal,
            evidence=loaded,
            integrity_problem=loaded.integrity_problem,
        )
    thumbnail = QPixmap.fromImage(loaded.thumbnail) if loaded.thumbnail is not None else None
    return replace(
        entry,
        state=LoadState.READY,
        image=pictures.full,
        thumbnail=thumbnail,
        levels=pictures,
        frame=0,
        error="",
        evidence=loaded,
        integrity_problem=loaded.integrity_problem,
    )


def attachment_facts(entry: AttachmentEntry) -> str:
    """``1080 × 2340 · 412.0 KB`` (the decoded size wins over the declared one)."""
    attachment = entry.attachment
    width, height = attachment.width, attachment.height
    if entry.levels is not None:  # a preview stands for the whole image: its full size
        width, height = entry.levels.width(), entry.levels.height()
    elif entry.image is not None and not entry.image.isNull():
        width, height = entry.image.width(), entry.image.height()
    facts = f"{format_dimensions(width, height)} · {format_byte_size(attachment.size)}"
    if entry.integrity_problem:
        facts = f"{facts} · NOT GENUINE"
    if entry.qr_codes:
        facts = f"{facts} · QR"
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
    if entry.integrity_problem:
        lines.append(single_line(entry.integrity_problem, 300))
    if entry.error:
        lines.append(f"Problem: {single_line(entry.error, 300)}")
    for code in entry.qr_codes:
        lines.append(f"QR code: {single_line(code.shown, 200)} ({code.destination})")
    return "\n".join(lines)
