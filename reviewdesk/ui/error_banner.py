"""A non-modal banner across the top of the window for service and session problems.

It shows one sentence (plain text), an optional "Retry" button and a close
button; the window below stays usable. Messages come from the backend
errors, whose ``str()`` is already written for the moderator.

Every message belongs to a *source*: the kind of operation that raised it
(the queue, the open case, its claim, a decision on one case, the session…).
A later message of the same source replaces it, and when that kind of
operation succeeds the window clears its source, so a banner never outlives
the problem it reports. While several sources have a message, the newest is
shown; clearing or dismissing it brings back the one before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from reviewdesk.backends.errors import BackendError, Forbidden


class BannerKind(StrEnum):
    """How serious the banner's message is; sets its colour."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class BannerSource(StrEnum):
    """The operations whose problems the banner reports, each cleared by its own success."""

    #: Starting, signing in, the session itself.
    CONNECTION = "connection"
    #: Loading the queue (first page or a further one).
    QUEUE = "queue"
    #: Loading the open case's detail.
    CASE = "case"
    #: Claiming the open case.
    CLAIM = "claim"
    #: Loading the policy catalogue.
    POLICY = "policy"
    #: Delivering the outbox: the service cannot be reached.
    OFFLINE = "offline"
    #: A decision ended as a conflict or a refusal (cleared when none is left).
    DELIVERY = "delivery"
    #: Anything no success clears (warnings, unexpected failures): dismissed by hand.
    GENERAL = "general"


_STYLES: dict[BannerKind, str] = {
    BannerKind.INFO: "background:#e8f1fb; color:#123; border:1px solid #9bbce0;",
    BannerKind.WARNING: "background:#fff4d6; color:#3a2a00; border:1px solid #e0c060;",
    BannerKind.ERROR: "background:#fde2e1; color:#4a0c0a; border:1px solid #d9837f;",
}


def describe_error(error: Exception) -> str:
    """A sentence for the moderator about any failure of a background task.

    A backend error's text is already that sentence (a malformed answer says
    itself that the desk cannot read it), so it is used as it is.
    """
    if isinstance(error, BackendError):
        return str(error)
    return f"Something went wrong in the desk: {type(error).__name__}: {error}"


def banner_kind_for(error: Exception) -> BannerKind:
    """A refused permission is a warning (nothing is broken); every other failure an error."""
    return BannerKind.WARNING if isinstance(error, Forbidden) else BannerKind.ERROR


@dataclass(frozen=True)
class _Message:
    """One source's message."""

    text: str
    kind: BannerKind
    retry: Callable[[], None] | None
    action: str = "Retry"


class ErrorBanner(QFrame):
    """The newest message of any source, with an optional Retry; hidden when all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAccessibleName("Service status")
        #: Messages by source, oldest first; the last one is shown.
        self._messages: dict[str, _Message] = {}
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
        self.close_button.clicked.connect(self.dismiss)

        for button in (self.retry_button, self.close_button):
            # Reachable by Tab, but a click does not take the keyboard focus: the
            # button hides at once, and the focus would land on the next widget
            # (the queue search) instead of where the moderator was working.
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

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

    @property
    def source(self) -> str | None:
        """The source of the message shown (None when hidden)."""
        return next(reversed(self._messages), None)

    def message_for(self, source: str) -> str | None:
        """The message ``source`` has on the banner now (shown or behind a newer one)."""
        held = self._messages.get(source)
        return held.text if held is not None else None

    def show_message(
        self,
        message: str,
        kind: BannerKind = BannerKind.ERROR,
        retry: Callable[[], None] | None = None,
        source: str = BannerSource.GENERAL,
        action: str = "Retry",
    ) -> None:
        """Show ``message`` for ``source``, replacing its last one.

        With ``retry``, a button titled ``action`` calls it.
        """
        self._messages.pop(source, None)
        self._messages[source] = _Message(message, kind, retry, action)
        self._display()

    def show_error(
        self,
        error: Exception,
        retry: Callable[[], None] | None = None,
        source: str = BannerSource.GENERAL,
    ) -> None:
        """Show a background task's failure as a sentence."""
        self.show_message(describe_error(error), banner_kind_for(error), retry, source)

    def clear_source(self, source: str) -> None:
        """``source`` works again: take its message away (if it has one)."""
        if self._messages.pop(source, None) is not None:
            self._display()

    def dismiss(self) -> None:
        """Take the message shown away (the moderator read it)."""
        shown = self.source
        if shown is not None:
            self.clear_source(shown)

    def clear(self) -> None:
        """Take every message away and hide the banner."""
        self._messages.clear()
        self._display()

    def _display(self) -> None:
        shown = self.source
        if shown is None:
            self.message_label.clear()
            self.hide()
            return
        message = self._messages[shown]
        style = f"QFrame#errorBanner {{{_STYLES[message.kind]} border-radius:3px;}}"
        self.kind = message.kind
        if self.styleSheet() != style:  # restyling relays out the whole window
            self.setStyleSheet(style)
        self.message_label.setText(message.text)
        self.retry_button.setText(message.action)
        self.retry_button.setAccessibleName(message.action)
        self.retry_button.setVisible(message.retry is not None)
        self.close_button.setVisible(message.kind is not BannerKind.INFO)
        self.show()

    def _on_retry(self) -> None:
        shown = self.source
        if shown is None:
            return
        retry = self._messages.pop(shown).retry
        self._display()
        if retry is not None:
            retry()
