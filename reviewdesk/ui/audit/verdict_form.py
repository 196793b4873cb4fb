"""The blind verdict of a quality sample: what the senior would have decided, before seeing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import PolicyClause, SampleVerdictIn
from reviewdesk.domain.enums import CLAUSE_OUTCOMES, OUTCOME_TITLES, Outcome
from reviewdesk.ui.case.plain_widgets import plain_label
from reviewdesk.ui.case.text_format import single_line


class VerdictForm(QWidget):
    """Outcome, clauses and a note; Ctrl+Return records it (the original shows only after)."""

    #: A verdict to record (SampleVerdictIn).
    submit_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Blind verdict")
        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName("Your outcome")
        self.outcome_combo.addItem("Choose an outcome…", None)
        for outcome in Outcome:
            self.outcome_combo.addItem(OUTCOME_TITLES[outcome], outcome.value)
        self.clause_list = QListWidget()
        self.clause_list.setAccessibleName("Your clauses (Space ticks)")
        self.clause_list.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 14)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName("Your note")
        self.note_edit.setPlaceholderText("Why (optional)")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.submit_button = QPushButton("Record my verdict  (Ctrl+Return)")
        self.submit_button.setAccessibleName("Record my verdict")
        self.problem = plain_label(accessible_name="Verdict problem", wrap=True)
        self.problem.setStyleSheet("QLabel { color: #8e0000; }")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Outcome", self.outcome_combo)
        form.addRow("Clauses", self.clause_list)
        form.addRow("Note", self.note_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.submit_button)
        self.submit_button.clicked.connect(self.request_submit)
        self.outcome_combo.currentIndexChanged.connect(lambda _i: self._refresh())

    def set_clauses(self, clauses: Sequence[PolicyClause]) -> None:
        """The clauses a verdict may cite."""
        self.clause_list.clear()
        for clause in clauses:
            item = QListWidgetItem(f"{clause.id} · {single_line(clause.title, 60)}")
            item.setData(Qt.ItemDataRole.UserRole, clause.id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(Qt.CheckState.Unchecked)
            self.clause_list.addItem(item)

    def start(self) -> None:
        """A fresh verdict."""
        self.outcome_combo.setCurrentIndex(0)
        for row in range(self.clause_list.count()):
            self.clause_list.item(row).setCheckState(Qt.CheckState.Unchecked)
        self.note_edit.clear()
        self.problem.clear()
        self.setEnabled(True)
        self.submit_button.setEnabled(True)

    def checked_clauses(self) -> list[str]:
        """Clauses ticked, in catalogue order."""
        return [
            str(self.clause_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.clause_list.count())
            if self.clause_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def verdict(self) -> SampleVerdictIn | None:
        """The verdict as the form says it, or None while it lacks an outcome or clause."""
        value = self.outcome_combo.currentData()
        if value is None:
            return None
        outcome = Outcome(value)
        clauses = self.checked_clauses() if outcome in CLAUSE_OUTCOMES else []
        if outcome in CLAUSE_OUTCOMES and not clauses:
            return None
        return SampleVerdictIn(
            outcome=outcome, clause_ids=clauses, note=self.note_edit.toPlainText().strip()
        )

    def request_submit(self) -> bool:
        """Ctrl+Return: emit the verdict, or say what it lacks."""
        if not self.isEnabled():
            return False
        verdict = self.verdict()
        if verdict is None:
            self.problem.setText(
                "Choose an outcome; a sanction or removal also needs at least one clause."
            )
            return False
        self.problem.clear()
        self.submit_button.setEnabled(False)
        self.submit_requested.emit(verdict)
        return True

    def _refresh(self) -> None:
        value = self.outcome_combo.currentData()
        self.clause_list.setEnabled(value is not None and Outcome(value) in CLAUSE_OUTCOMES)
