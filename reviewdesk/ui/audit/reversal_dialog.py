"""One confirmation before a senior reverses a batch: its id, how many decisions, the outcome.

The reason is required (the service records it and the platform feed carries
it): the confirm button stays disabled while it is blank. Ctrl+Return
confirms from the reason field, Escape cancels.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import OUTCOME_TITLES, Outcome

#: Longest reason the service takes.
MAX_REASON_CHARS = 10_000


def decisions_phrase(count: int) -> str:
    """ "1 decision", "37 decisions"."""
    return f"{count} decision" if count == 1 else f"{count} decisions"


def outcomes_phrase(outcomes: Counter[Outcome]) -> str:
    """The batch's outcome ("Warn"), or each outcome with its count when they differ."""
    if len(outcomes) == 1:
        return OUTCOME_TITLES[next(iter(outcomes))]
    return ", ".join(f"{OUTCOME_TITLES[o]} ×{n}" for o, n in outcomes.most_common())


def reversal_question(batch_id: str, count: int, outcomes: Counter[Outcome]) -> str:
    """The dialog's heading, naming the batch, the count and the outcome."""
    return (
        f"Reverse batch {batch_id}? This undoes {decisions_phrase(count)} "
        f"({outcomes_phrase(outcomes)})."
    )


class BatchReversalDialog(QDialog):
    """Asks once, with a required reason, before a whole batch is reversed."""

    def __init__(
        self,
        batch_id: str,
        count: int,
        outcomes: Counter[Outcome],
        moderators: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reverse a batch")
        self.setAccessibleName("Batch reversal")
        self.setModal(True)
        self.setMinimumWidth(560)
        self.batch_id = batch_id

        self.question_label = QLabel(reversal_question(batch_id, count, outcomes))
        self.question_label.setTextFormat(Qt.TextFormat.PlainText)
        self.question_label.setAccessibleName("Question")
        self.question_label.setWordWrap(True)
        font = self.question_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.question_label.setFont(font)

        self.details_label = QLabel(
            f"Decided by {moderators}. Each decision is marked reversed, its strikes are "
            "lifted, its case reopens where nothing has moved on since, and the platform "
            "is told to undo what it enforced."
        )
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_label.setWordWrap(True)

        reason_label = QLabel("Reason (required; the platform and the log keep it):")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleName("Reason")
        self.reason_edit.setPlaceholderText("Why is this batch being undone?")
        self.reason_edit.setTabChangesFocus(True)
        reason_label.setBuddy(self.reason_edit)

        self.buttons = QDialogButtonBox()
        self.confirm_button = QPushButton(f"Reverse {decisions_phrase(count)}")
        self.confirm_button.setDefault(True)
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.activated.connect(self._confirm_if_ready)
        self.reason_edit.textChanged.connect(self._refresh)

        layout = QVBoxLayout(self)
        layout.addWidget(self.question_label)
        layout.addWidget(self.details_label)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self._refresh()
        self.reason_edit.setFocus()

    def reason(self) -> str:
        """The reason as typed, trimmed."""
        return self.reason_edit.toPlainText().strip()

    def ready(self) -> bool:
        """True when the reason says something and is not too long."""
        return bool(self.reason()) and len(self.reason()) <= MAX_REASON_CHARS

    def accept(self) -> None:
        """Confirm, but never without a reason."""
        if self.ready():
            super().accept()

    def _confirm_if_ready(self) -> None:
        if self.ready():
            self.accept()

    def _refresh(self) -> None:
        self.confirm_button.setEnabled(self.ready())
