"""A panel's two faces: a centred status message, or its content.

The case view and its side panels each show either a message ("No case
selected", "Loading…", an error) or what they are about; this stack is the one
way they switch between the two.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from reviewdesk.ui.case.plain_widgets import plain_label


def content_column(spacing: int) -> tuple[QWidget, QVBoxLayout]:
    """A borderless page and the vertical layout to fill it with."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    return page, layout


class StatusPages(QStackedWidget):
    """Fills ``owner`` (a widget without a layout yet) with a status page and ``content``.

    :attr:`status` is the plain-text label of the status page.
    """

    def __init__(
        self, owner: QWidget, content: QWidget, *, text: str, accessible_name: str
    ) -> None:
        super().__init__(owner)
        self.status = plain_label(text, accessible_name=accessible_name, wrap=True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addWidget(self.status)
        self.addWidget(content)
        layout = QVBoxLayout(owner)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self)

    def show_status(self, text: str) -> None:
        """Show ``text`` on the status page."""
        self.status.setText(text)
        self.setCurrentIndex(0)

    def show_content(self) -> None:
        """Show the content page."""
        self.setCurrentIndex(1)
