"""The moderator's own image settings: blur and greyscale per category, and the break offer.

Reached by the "Image care settings" command. Changes are saved in
:class:`reviewdesk.ui.settings.DeskSettings` when the dialog is accepted and
apply to the next image opened.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import CATEGORY_TITLES, Category
from reviewdesk.domain.sensitivity import ImageCare, is_sensitive
from reviewdesk.ui.settings import DeskSettings

MAX_BREAK_AFTER = 500


class WellbeingDialog(QDialog):
    """Blur and greyscale check boxes for every category, and the break threshold."""

    def __init__(self, settings: DeskSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Image care settings")
        self.setAccessibleName("Image care settings")
        self._settings = settings
        self.blur_boxes: dict[Category, QCheckBox] = {}
        self.grey_boxes: dict[Category, QCheckBox] = {}

        intro = QLabel(
            "Choose how screenshots of each category open. Press B on an image to reveal it."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(16)
        for column, title in enumerate(("Category", "Blur", "Greyscale")):
            header = QLabel(title)
            header.setTextFormat(Qt.TextFormat.PlainText)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 0, column)
        ordered = sorted(Category, key=lambda c: (not is_sensitive(c), CATEGORY_TITLES[c]))
        for row, category in enumerate(ordered, 1):
            care = settings.image_care(category)
            name = CATEGORY_TITLES[category] + (" (sensitive)" if is_sensitive(category) else "")
            label = QLabel(name)
            label.setTextFormat(Qt.TextFormat.PlainText)
            blur = QCheckBox()
            blur.setChecked(care.blur)
            blur.setAccessibleName(f"Blur {CATEGORY_TITLES[category]}")
            grey = QCheckBox()
            grey.setChecked(care.greyscale)
            grey.setAccessibleName(f"Greyscale {CATEGORY_TITLES[category]}")
            grid.addWidget(label, row, 0)
            grid.addWidget(blur, row, 1, Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(grey, row, 2, Qt.AlignmentFlag.AlignHCenter)
            self.blur_boxes[category] = blur
            self.grey_boxes[category] = grey
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)

        self.break_spin = QSpinBox()
        self.break_spin.setRange(1, MAX_BREAK_AFTER)
        self.break_spin.setValue(settings.break_after_reveals)
        self.break_spin.setAccessibleName("Offer a break after this many revealed images")
        break_row = QHBoxLayout()
        break_label = QLabel("Offer a break after revealing this many sensitive images:")
        break_label.setTextFormat(Qt.TextFormat.PlainText)
        break_row.addWidget(break_label, 1)
        break_row.addWidget(self.break_spin)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addLayout(break_row)
        layout.addWidget(buttons)
        self.resize(520, 620)

    def accept(self) -> None:
        """Save every choice, then close."""
        for category, blur in self.blur_boxes.items():
            care = ImageCare(blur=blur.isChecked(), greyscale=self.grey_boxes[category].isChecked())
            self._settings.set_image_care(category, care)
        self._settings.break_after_reveals = self.break_spin.value()
        self._settings.sync()
        super().accept()
