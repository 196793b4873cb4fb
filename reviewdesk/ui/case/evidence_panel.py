"""The screenshots of a case: a strip of attachments above the viewer.

The panel shows whatever the model holds for the current attachment: the
picture (or the current frame of an animation) with its facts, the reason a
file cannot be shown, the red banner of a file that is not genuine, and the
QR codes found in it. Decoding a further frame is asked for by
:attr:`EvidencePanel.frame_requested`; whoever owns a task runner answers with
:meth:`EvidencePanel.show_frame`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QVBoxLayout, QWidget

from reviewdesk.api.models import Attachment
from reviewdesk.domain.sensitivity import ImageCare
from reviewdesk.evidence.qr import QrCode
from reviewdesk.ui.case.attachments_model import (
    THUMBNAIL_SIZE,
    AttachmentEntry,
    AttachmentsModel,
    LoadState,
)
from reviewdesk.ui.case.screenshot_viewer import ImageFacts, ScreenshotViewer
from reviewdesk.ui.case.text_format import single_line
from reviewdesk.ui.evidence_images import ImageLevels, LoadedEvidence

LOADING_TEXT = "Loading…"
NO_ATTACHMENTS_TEXT = "No screenshots attached to this case."


def placeholder_for(entry: AttachmentEntry) -> str:
    """What the viewer says about an attachment that has no image to show."""
    if entry.state is LoadState.FAILED:
        return f"Cannot show {single_line(entry.attachment.filename, 120)}:\n{entry.error}"
    return LOADING_TEXT


def facts_for(entry: AttachmentEntry) -> ImageFacts:
    """The facts line of an attachment's image: format, byte size, mode, frame."""
    loaded = entry.evidence
    if loaded is None:
        return ImageFacts(byte_size=entry.attachment.size)
    return ImageFacts(
        format=loaded.format,
        byte_size=loaded.byte_size,
        source_mode=loaded.source_mode,
        frame_index=entry.frame,
        frame_count=loaded.frame_count,
        frames_capped=loaded.frames_capped,
    )


class EvidencePanel(QWidget):
    """Attachment list plus viewer; the current attachment is shown in the viewer.

    ``attachment_selected`` is emitted with the attachment id whenever the
    attachment shown changes, including the first one after
    :meth:`show_attachments`, so the shell can fetch images lazily.
    """

    attachment_selected = Signal(str)
    #: (attachment id, frame index): decode that frame of the animation shown.
    frame_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Evidence")
        self._shown_id: str | None = None
        self._viewer_id: str | None = None
        #: The frame last asked for, per animation, until it arrives.
        self._wanted_frames: dict[str, int] = {}
        self._model = AttachmentsModel(self)
        self._strip = QListView(self)
        self._strip.setModel(self._model)
        self._strip.setAccessibleName("Attachments")
        self._strip.setFlow(QListView.Flow.LeftToRight)
        self._strip.setWrapping(False)
        self._strip.setUniformItemSizes(False)
        self._strip.setSpacing(2)
        self._strip.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        self._strip.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._strip.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._strip.setTabKeyNavigation(False)
        self._strip.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._strip.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        strip_height = THUMBNAIL_SIZE + self._strip.fontMetrics().height() + 22
        self._strip.setFixedHeight(strip_height)
        self._viewer = ScreenshotViewer(self)
        self._viewer.frame_step_requested.connect(self.step_frame)
        self._strip.selectionModel().currentChanged.connect(self._on_current_changed)
        self._model.dataChanged.connect(self._on_entry_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._strip)
        layout.addWidget(self._viewer, 1)

    # --- accessors ------------------------------------------------------------

    def viewer(self) -> ScreenshotViewer:
        """The screenshot viewer (for zoom commands)."""
        return self._viewer

    def attachments_model(self) -> AttachmentsModel:
        """The model of the attachment strip."""
        return self._model

    def attachment_list(self) -> QListView:
        """The attachment strip."""
        return self._strip

    def current_attachment_id(self) -> str | None:
        """The id of the attachment in the viewer, or None."""
        return self._shown_id

    # --- image care -------------------------------------------------------------

    def apply_care(self, care: ImageCare, revealed: bool) -> None:
        """Open images as ``care`` says: thumbnails hidden while it protects, the image
        shown blurred and/or in greyscale unless the moderator ``revealed`` it."""
        self._model.set_thumbnails_hidden(care.protected)
        self.show_with_care(care, revealed)

    def show_with_care(self, care: ImageCare, revealed: bool) -> None:
        """Show the image in the viewer as ``care`` says, or plainly once ``revealed``."""
        if revealed:
            self._viewer.set_protection(False, False)
        else:
            self._viewer.set_protection(care.blur, care.greyscale)

    # --- data in --------------------------------------------------------------

    def show_attachments(
        self,
        attachments: Sequence[Attachment],
        ready: Mapping[str, LoadedEvidence] | None = None,
    ) -> None:
        """Replace the attachments; each shows "Loading…" until its image arrives.

        Those in ``ready`` (read ahead) are shown at once, with no "Loading…" first.
        """
        self._shown_id = None
        self._viewer_id = None
        self._wanted_frames = {}
        self._model.set_attachments(attachments, ready)
        if attachments:
            self._strip.setCurrentIndex(self._model.index(0, 0))
        else:
            self._viewer.show_placeholder(NO_ATTACHMENTS_TEXT)

    def show_image_error(self, attachment_id: str, message: str) -> bool:
        """Mark an attachment as impossible to show; False when it is not in this case."""
        return self._model.set_error(attachment_id, message)

    def show_evidence(self, loaded: LoadedEvidence) -> bool:
        """Give an attachment its loaded evidence; False when it is not in this case."""
        return self._model.set_evidence(loaded)

    def show_qr_codes(self, attachment_id: str, codes: list[QrCode]) -> bool:
        """List the QR codes found in an attachment; False when it is not in this case."""
        return self._model.set_qr_codes(attachment_id, codes)

    def show_frame(self, attachment_id: str, index: int, levels: ImageLevels) -> bool:
        """Show frame ``index`` of an animation; False when it is not in this case.

        A frame the moderator has already stepped past is dropped.
        """
        wanted = self._wanted_frames.get(attachment_id)
        if wanted is not None and wanted != index:
            return False
        self._wanted_frames.pop(attachment_id, None)
        return self._model.set_frame(attachment_id, index, levels)

    def current_entry(self) -> AttachmentEntry | None:
        """The attachment in the viewer with everything known about it."""
        return self._model.entry(self._strip.currentIndex().row())

    def step_frame(self, delta: int) -> bool:
        """Ask for the next (+1) or previous (-1) frame of the animation shown; False at an end."""
        entry = self.current_entry()
        if entry is None or entry.evidence is None or entry.state is not LoadState.READY:
            return False
        attachment_id = entry.attachment.id
        index = self._wanted_frames.get(attachment_id, entry.frame) + delta
        if not 0 <= index < entry.evidence.frame_count:
            return False
        self._wanted_frames[attachment_id] = index
        self.frame_requested.emit(attachment_id, index)
        return True

    # --- stepping ---------------------------------------------------------------

    def next_attachment(self) -> bool:
        """Move to the next attachment; False at the end."""
        return self._step(1)

    def previous_attachment(self) -> bool:
        """Move to the previous attachment; False at the start."""
        return self._step(-1)

    def _step(self, delta: int) -> bool:
        row = self._strip.currentIndex().row() + delta
        if not 0 <= row < self._model.rowCount():
            return False
        self._strip.setCurrentIndex(self._model.index(row, 0))
        return True

    # --- internals --------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self._model.entry(current.row()) if current.isValid() else None
        if entry is None:
            return
        self._shown_id = entry.attachment.id
        self._show_entry(entry)
        self.attachment_selected.emit(entry.attachment.id)

    def _on_entry_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        current = self._strip.currentIndex()
        if current.isValid() and top_left.row() <= current.row() <= bottom_right.row():
            entry = self._model.entry(current.row())
            if entry is not None:
                self._show_entry(entry)

    def _show_entry(self, entry: AttachmentEntry) -> None:
        self._viewer.set_integrity_problem(entry.integrity_problem)
        self._viewer.set_qr_codes(entry.qr_codes)
        if entry.state is LoadState.READY and entry.levels is not None:
            same = self._viewer.levels() is not None and entry.attachment.id == self._viewer_id
            self._viewer.show_levels(entry.levels, facts_for(entry), keep_zoom=same)
        else:
            self._viewer.show_placeholder(placeholder_for(entry))
        self._viewer_id = entry.attachment.id
