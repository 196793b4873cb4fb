"""A non-modal banner across the top of the window for service and session problems.

It shows one sentence (plain text), an optional "Retry" button and a close
button; the window below stays usable. Messages come from the backend
errors, whose ``str()`` is already written for the moderator.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from reviewdesk.backends.errors import BackendError, Forbidden, MalformedResponse


class BannerKind(StrEnum):
    """How serious the banner's message is; sets its colour."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


_STYLES: dict[BannerKind, str] = {
    BannerKind.INFO: "background:#e8f1fb; color:#123; border:1px solid #9bbce0;",
    BannerKind.WARNING: "background:#fff4d6; color:#3a2a00; border:1px solid #e0c060;",
    BannerKind.ERROR: "background:#fde2e1; color:#4a0c0a; border:1px solid #d9837f;",
}


def describe_error(error: Exception) -> str:
    """A sentence for the moderator about any failure of a background task."""
    if isinstance(error, MalformedResponse):
        return f"The service sent something the desk cannot read. {error}"
    if isinstance(error, BackendError):
        return str(error)
    return f"Something went wrong in the desk: {type(error).__name__}: {error}"


def banner_kind_for(error: Exception) -> BannerKind:
    """A refused permission is a warning (nothing is broken); every other failure an error."""
    return BannerKind.WARNING if isinstance(error, Forbidden) else BannerKind.ERROR


class ErrorBanner(QFrame):
    """One message with an optional Retry action; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAccessibleName("Service status")
        self._retry: Callable[[], None] | None = None
        self.kind = BannerKind.INFO

        self.message_label = QLabel(self)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setAccessibleName("Service status message")

        self.retry_button = QPushButton("Retry", self)
        self.retry_button.setAccessibleName("Retry")
        self.retry_button.clicked.connect(self._on_retry)

        self.close_button = QPushButton("Dismiss", self)
        self.close_button.setAccessibleName("Dismiss message")
        self.close_button.clicked.connect(self.clear)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.message_label, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.close_button)
        self.hide()

    @property
    def message(self) -> str:
        """The sentence shown ("" when hidden)."""
        return self.message_label.text() if not self.isHidden() else ""

    def show_message(
        self,
        message: str,
        kind: BannerKind = BannerKind.ERROR,
        retry: Callable[[], None] | None = None,
    ) -> None:
        """Show ``message``; a Retry button appears when ``retry`` is given."""
        self.kind = kind
        self._retry = retry
        self.setStyleSheet(f"QFrame#errorBanner {{{_STYLES[kind]} border-radius:3px;}}")
        self.message_label.setText(message)
        self.retry_button.setVisible(retry is not None)
        self.close_button.setVisible(kind is not BannerKind.INFO)
        self.show()

    def show_error(self, error: Exception, retry: Callable[[], None] | None = None) -> None:
        """Show a background task's failure as a sentence."""
        self.show_message(describe_error(error), banner_kind_for(error), retry)

    def clear(self) -> None:
        """Hide the banner."""
        self._retry = None
        self.message_label.clear()
        self.hide()

    def _on_retry(self) -> None:
        retry = self._retry
        self.clear()
        if retry is not None:
            retry()
