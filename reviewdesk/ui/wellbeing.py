"""Care for the moderator: counting revealed sensitive images and offering a break.

:class:`RevealTracker` counts, per session, the sensitive images the moderator
chose to see in full; every time the count reaches a multiple of the
configured number it emits :attr:`RevealTracker.break_due`. :class:`BreakBar`
is the non-modal offer across the top of the window: "Pause" hides the work
area behind a calm page until "Resume"; "Not now" dismisses it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from reviewdesk.domain.sensitivity import DEFAULT_BREAK_AFTER

BAR_STYLE = (
    "QFrame#breakBar { background:#ece6fb; color:#2b1a55; border:1px solid #b9a7ea;"
    " border-radius:3px; }"
)
PAUSED_TEXT = (
    "Paused. The cases are hidden; nothing is decided while you are away. "
    "Take the time you need, then press Resume."
)


def break_sentence(count: int) -> str:
    """What the break offer says after ``count`` revealed images."""
    images = "image" if count == 1 else "images"
    return (
        f"You have looked at {count} sensitive {images} in full this session. "
        "A short break helps: pause now, or carry on."
    )


class RevealTracker(QObject):
    """Counts the sensitive attachments revealed this session (each attachment once)."""

    #: The count reached a multiple of the threshold: offer a break (count).
    break_due = Signal(int)
    count_changed = Signal(int)

    def __init__(self, threshold: int = DEFAULT_BREAK_AFTER, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threshold = max(1, threshold)
        self._seen: set[str] = set()

    @property
    def count(self) -> int:
        """Sensitive attachments revealed this session."""
        return len(self._seen)

    @property
    def threshold(self) -> int:
        """A break is offered every this many reveals."""
        return self._threshold

    def set_threshold(self, threshold: int) -> None:
        """Offer a break every ``threshold`` reveals from now on (at least 1)."""
        self._threshold = max(1, threshold)

    def record(self, attachment_id: str) -> bool:
        """Count one revealed attachment; False when it was counted before."""
        if attachment_id in self._seen:
            return False
        self._seen.add(attachment_id)
        self.count_changed.emit(self.count)
        if self.count % self._threshold == 0:
            self.break_due.emit(self.count)
        return True


class BreakBar(QFrame):
    """The non-modal break offer; "Pause" hides ``cover`` until "Resume"."""

    paused_changed = Signal(bool)

    def __init__(self, cover: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breakBar")
        self.setAccessibleName("Break offer")
        self.setStyleSheet(BAR_STYLE)
        self._cover = cover
        self._paused = False
        self.message_label = QLabel(self)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName("Break offer message")
        self.pause_button = QPushButton("Pause", self)
        self.pause_button.setAccessibleName("Pause and hide the cases")
        self.dismiss_button = QPushButton("Not now", self)
        self.dismiss_button.setAccessibleName("Carry on without a break")
        for button in (self.pause_button, self.dismiss_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.pause_button.clicked.connect(self._on_pause_button)
        self.dismiss_button.clicked.connect(self.hide)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 4, 6, 4)
        self._layout.addStretch(0)
        self._layout.addWidget(self.message_label, 1)
        self._layout.addWidget(self.pause_button)
        self._layout.addWidget(self.dismiss_button)
        self._layout.addStretch(0)
        self.hide()

    def set_cover(self, cover: QWidget) -> None:
        """The widget hidden while paused (the work area)."""
        self._cover = cover

    def offer(self, count: int) -> None:
        """Offer a break after ``count`` revealed images (never while already paused)."""
        if self._paused:
            return
        self.message_label.setText(break_sentence(count))
        self.pause_button.setText("Pause")
        self.dismiss_button.show()
        self.show()

    def is_paused(self) -> bool:
        """True while the work area is hidden for a break."""
        return self._paused

    def message(self) -> str:
        """The sentence shown ("" when hidden)."""
        return self.message_label.text() if not self.isHidden() else ""

    def pause(self) -> None:
        """Hide the work area and show the pause page."""
        if self._paused:
            return
        self._paused = True
        if self._cover is not None:
            self._cover.hide()
        self.message_label.setText(PAUSED_TEXT)
        self.pause_button.setText("Resume")
        self.pause_button.setAccessibleName("Resume work")
        self.dismiss_button.hide()
        self._centre(True)
        self.show()
        # The keyboard leaves the hidden cases (no typing into a hidden search field);
        # only a deliberate Space on Resume, or the pause command again, ends the break.
        self.pause_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.paused_changed.emit(True)

    def resume(self) -> None:
        """Show the work area again and put the offer away."""
        if not self._paused:
            return
        self._paused = False
        if self._cover is not None:
            self._cover.show()
        self.pause_button.setAccessibleName("Pause and hide the cases")
        self._centre(False)
        self.hide()
        self.paused_changed.emit(False)

    def _centre(self, paused: bool) -> None:
        """Paused, the bar is the whole page: its words and Resume sit in the middle."""
        self._layout.setStretch(0, 1 if paused else 0)
        self._layout.setStretch(1, 0 if paused else 1)
        self._layout.setStretch(4, 1 if paused else 0)
        self.message_label.setMaximumWidth(560 if paused else 16_777_215)

    def _on_pause_button(self) -> None:
        if self._paused:
            self.resume()
        else:
            self.pause()
