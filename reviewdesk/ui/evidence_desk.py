"""The evidence side of the window: loaded screenshots, QR scans, frames, and image care.

:class:`EvidenceDesk` sits between the case loader and the case view. It
hands each loaded attachment to the evidence panel, scans it for QR codes on
a worker, decodes further frames of animations on a worker when the moderator
steps through them, and applies the moderator's image care: images of a
sensitive case open blurred and/or in greyscale as their settings say, B
reveals one, every reveal is remembered for the decision
(:attr:`EvidenceDesk.revealed_changed`) and counted for the break offer.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reviewdesk.api.models import CaseSummary
from reviewdesk.domain.enums import Category
from reviewdesk.domain.sensitivity import DEFAULT_BREAK_AFTER, ImageCare, default_care, is_sensitive
from reviewdesk.evidence.qr import QrCode
from reviewdesk.ui.case.case_view import CaseView
from reviewdesk.ui.case.screenshot_viewer import PAN_STEP
from reviewdesk.ui.commands import CommandRegistry
from reviewdesk.ui.evidence_images import ImageLevels, LoadedEvidence, load_frame, scan_qr_codes
from reviewdesk.ui.settings import DeskSettings
from reviewdesk.ui.tasks import TaskRunner
from reviewdesk.ui.wellbeing import BreakBar, RevealTracker
from reviewdesk.ui.wellbeing_dialog import WellbeingDialog

logger = logging.getLogger(__name__)

EVIDENCE_SCOPE = "evidence"


class EvidenceDesk(QObject):
    """Loads what the evidence panel needs beyond the first frame, and looks after the moderator.

    ``revealed_changed`` carries (case id, ids of the attachments revealed on it).
    """

    revealed_changed = Signal(str, list)

    def __init__(
        self,
        runner: TaskRunner,
        case_view: CaseView,
        settings: DeskSettings | None,
        break_bar: BreakBar,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._case_view = case_view
        self._panel = case_view.evidence
        self._viewer = self._panel.viewer()
        self._settings = settings
        self.break_bar = break_bar
        threshold = settings.break_after_reveals if settings is not None else DEFAULT_BREAK_AFTER
        self.tracker = RevealTracker(threshold, self)
        self.tracker.break_due.connect(break_bar.offer)
        self._case_id: str | None = None
        self._category: Category | None = None
        self._care = ImageCare(blur=False, greyscale=False)
        self._revealed: list[str] = []
        self._dialog: WellbeingDialog | None = None
        self._panel.attachment_selected.connect(self._on_attachment_selected)
        self._panel.frame_requested.connect(self._load_frame)
        self._viewer.protection_changed.connect(self._on_protection_changed)

    # --- commands -------------------------------------------------------------

    def bind_commands(self, registry: CommandRegistry) -> None:
        """Attach the evidence and image-care commands of ``registry``."""
        registry.on("evidence.reveal", self.toggle_reveal)
        registry.on("evidence.next_frame", lambda: self._panel.step_frame(1))
        registry.on("evidence.previous_frame", lambda: self._panel.step_frame(-1))
        registry.on("evidence.pan_left", lambda: self._viewer.pan(-PAN_STEP, 0))
        registry.on("evidence.pan_right", lambda: self._viewer.pan(PAN_STEP, 0))
        registry.on("evidence.pan_up", lambda: self._viewer.pan(0, -PAN_STEP))
        registry.on("evidence.pan_down", lambda: self._viewer.pan(0, PAN_STEP))
        registry.on("wellbeing.settings", self.open_settings)
        registry.on("wellbeing.pause", self._toggle_pause)

    # --- state ----------------------------------------------------------------------

    @property
    def care(self) -> ImageCare:
        """How images of the open case open."""
        return self._care

    @property
    def revealed(self) -> list[str]:
        """Attachments of the open case the moderator revealed, in order."""
        return list(self._revealed)

    def care_for(self, category: Category) -> ImageCare:
        """The moderator's image care for ``category`` (the defaults without settings)."""
        if self._settings is None:
            return default_care(category)
        return self._settings.image_care(category)

    # --- loader signals -------------------------------------------------------------

    def case_opening(self, summary: CaseSummary) -> None:
        """A case starts opening: drop the old one's work, apply the new category's care."""
        self._runner.invalidate(EVIDENCE_SCOPE)
        self._case_id = summary.id
        self._category = summary.category
        self._revealed = []
        self._apply_care(self.care_for(summary.category))
        self.revealed_changed.emit(summary.id, [])

    def case_closed(self) -> None:
        """No case is shown any more (signed out): drop its work and what was revealed."""
        self._runner.invalidate(EVIDENCE_SCOPE)
        self._case_id = None
        self._category = None
        self._revealed = []

    def image_loaded(self, attachment_id: str, loaded: LoadedEvidence) -> None:
        """An attachment arrived: show it and look for QR codes in it on a worker.

        A preview is shown at once; the QR scan waits for the full resolution.
        """
        if not self._panel.show_evidence(loaded) or loaded.pictures is None:
            return
        if loaded.preview:
            return
        image = loaded.pictures.full
        self._runner.run(
            lambda: scan_qr_codes(image),
            lambda codes: self._on_qr_codes(attachment_id, codes),
            lambda error: logger.warning("QR scan of %s failed: %s", attachment_id, error),
            scope=EVIDENCE_SCOPE,
        )

    def _on_qr_codes(self, attachment_id: str, codes: list[QrCode]) -> None:
        if codes:
            self._panel.show_qr_codes(attachment_id, codes)

    # --- frames -----------------------------------------------------------------------

    def _load_frame(self, attachment_id: str, index: int) -> None:
        entry = self._panel.current_entry()
        if entry is None or entry.attachment.id != attachment_id or entry.evidence is None:
            return
        data = entry.evidence.data
        self._runner.run(
            lambda: load_frame(data, index),
            lambda levels: self._on_frame(attachment_id, index, levels),
            lambda error: self._case_view.show_image_error(attachment_id, str(error)),
            scope=EVIDENCE_SCOPE,
        )

    def _on_frame(self, attachment_id: str, index: int, levels: ImageLevels) -> None:
        self._panel.show_frame(attachment_id, index, levels)

    # --- image care ---------------------------------------------------------------------

    def toggle_reveal(self) -> None:
        """Reveal the image shown, or protect it again (the B key)."""
        if self._viewer.has_image():
            self._viewer.toggle_reveal()

    def _apply_care(self, care: ImageCare) -> None:
        self._care = care
        current = self._panel.current_attachment_id()
        self._panel.apply_care(care, revealed=current is not None and current in self._revealed)

    def _show_with_care(self, revealed: bool) -> None:
        self._panel.show_with_care(self._care, revealed)

    def _on_attachment_selected(self, attachment_id: str) -> None:
        self._show_with_care(attachment_id in self._revealed)

    def _on_protection_changed(self, blurred: bool, grey: bool) -> None:
        attachment_id = self._panel.current_attachment_id()
        if attachment_id is None or self._case_id is None:
            return
        less_hidden = (self._care.blur and not blurred) or (self._care.greyscale and not grey)
        if not less_hidden or attachment_id in self._revealed:
            return
        self._revealed.append(attachment_id)
        self._panel.attachments_model().set_revealed(attachment_id)
        self.revealed_changed.emit(self._case_id, list(self._revealed))
        if self._category is not None and is_sensitive(self._category):
            self.tracker.record(attachment_id)

    def open_settings(self) -> None:
        """Open the image care settings; saved choices apply at once to the open case."""
        if self._settings is None:
            return
        window = self._case_view.window()
        parent = window if isinstance(window, QWidget) else None
        self._dialog = WellbeingDialog(self._settings, parent)
        self._dialog.accepted.connect(self._on_settings_saved)
        self._dialog.open()

    def settings_dialog(self) -> WellbeingDialog | None:
        """The settings dialog last opened, if any."""
        return self._dialog

    def _on_settings_saved(self) -> None:
        if self._settings is None:
            return
        self.tracker.set_threshold(self._settings.break_after_reveals)
        if self._category is not None:
            self._apply_care(self._settings.image_care(self._category))

    def _toggle_pause(self) -> None:
        if self.break_bar.is_paused():
            self.break_bar.resume()
        else:
            self.break_bar.pause()
