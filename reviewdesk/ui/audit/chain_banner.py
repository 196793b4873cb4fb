"""The loud red banner that says the decision log's hash chain is broken, and where."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

BROKEN_STYLE = (
    "QFrame#chainBanner { background: #b00020; border: 2px solid #6d0014; }"
    " QLabel { color: white; }"
)


class ChainBanner(QFrame):
    """Hidden while the chain holds; at a break, a red strip naming the first broken entry."""

    #: "Show the entry" was pressed: the sequence number of the broken entry.
    show_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chainBanner")
        self.setAccessibleName("Tamper warning")
        self.setStyleSheet(BROKEN_STYLE)
        self._seq: int | None = None
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Tamper warning message")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.label.font())
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() + 1)
        self.label.setFont(font)
        self.show_button = QPushButton("Show the entry")
        self.show_button.setAccessibleName("Show the first broken entry")
        self.show_button.clicked.connect(self._on_show)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_button)
        self.hide()

    def show_break(self, seq: int, message: str) -> None:
        """Show that the chain breaks at entry ``seq`` with the verifier's ``message``."""
        self._seq = seq
        self.label.setText(message)
        self.show()

    def clear(self) -> None:
        """The chain holds (or nothing is shown): hide."""
        self._seq = None
        self.label.clear()
        self.hide()

    @property
    def broken_seq(self) -> int | None:
        """The first broken entry shown (None while the chain holds)."""
        return self._seq if self.isVisible() or not self.isHidden() else None

    @property
    def message(self) -> str:
        """The sentence shown ("" while hidden)."""
        return self.label.text() if not self.isHidden() else ""

    def _on_show(self) -> None:
        if self._seq is not None:
            self.show_requested.emit(self._seq)
