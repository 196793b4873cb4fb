"""The second-review form of the replay: confirm, or overturn with the corrected decision.

Keyboard first: Ctrl+Shift+C chooses "confirm", Ctrl+Shift+O "overturn";
either puts the cursor in the reason, and Tab goes on to the corrected
outcome, clauses, days and messages; Ctrl+Return records the review. The
corrected decision's messages to the member and the reporter are prefilled
from the policy's templates and stay editable; the form checks the corrected
decision with the same rules as the decision panel before anything is sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import DecisionIn, PolicyClause, ReviewIn
from reviewdesk.domain.audit_enums import ReviewVerdict
from reviewdesk.domain.decision_rules import MAX_DURATION_DAYS, decision_problems
from reviewdesk.domain.enums import (
    CLAUSE_OUTCOMES,
    FINAL_OUTCOMES,
    OUTCOME_TITLES,
    TIMED_OUTCOMES,
    Outcome,
)
from reviewdesk.policy.templates import render_messages
from reviewdesk.ui.case.plain_widgets import plain_label
from reviewdesk.ui.case.text_format import single_line

#: Outcomes a correction may have (it closes the case), in the desk's order.
CORRECTION_OUTCOMES: tuple[Outcome, ...] = tuple(o for o in Outcome if o in FINAL_OUTCOMES)


def _editor(name: str, placeholder: str, lines: int) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setAccessibleName(name)
    editor.setPlaceholderText(placeholder)
    editor.setTabChangesFocus(True)
    editor.setFixedHeight(editor.fontMetrics().lineSpacing() * lines + 14)
    return editor


class ReviewForm(QWidget):
    """Verdict, reason, and (for an overturn) the corrected outcome, clauses, days and messages."""

    #: The senior asked to record the review (ReviewIn), after it passed the checks.
    submit_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Second review")
        self._member_name = ""
        self._case_id = ""
        self._clauses: dict[str, PolicyClause] = {}
        self._messages_edited = False
        self._filling = False

        self.confirm_radio = QRadioButton("Confirm  (Ctrl+Shift+C)")
        self.confirm_radio.setAccessibleName("Confirm the decision")
        self.overturn_radio = QRadioButton("Overturn  (Ctrl+Shift+O)")
        self.overturn_radio.setAccessibleName("Overturn the decision")
        self.verdicts = QButtonGroup(self)
        self.verdicts.addButton(self.confirm_radio)
        self.verdicts.addButton(self.overturn_radio)
        verdict_row = QHBoxLayout()
        verdict_row.setContentsMargins(0, 0, 0, 0)
        verdict_row.addWidget(self.confirm_radio)
        verdict_row.addWidget(self.overturn_radio)
        verdict_row.addStretch(1)

        self.reason_edit = _editor("Reason for the review", "Why (required)", 3)
        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName("Corrected outcome")
        for outcome in CORRECTION_OUTCOMES:
            self.outcome_combo.addItem(OUTCOME_TITLES[outcome], outcome.value)
        self.clause_list = QListWidget()
        self.clause_list.setAccessibleName("Corrected clauses (Space ticks)")
        self.clause_list.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 14)
        self.days_spin = QSpinBox()
        self.days_spin.setAccessibleName("Corrected duration in days")
        self.days_spin.setRange(0, MAX_DURATION_DAYS)
        self.days_spin.setSpecialValueText("no duration")
        self.member_edit = _editor("Message to the member", "Message to the member", 3)
        self.reporter_edit = _editor("Message to the reporter", "Message to the reporter", 2)

        self.correction = QWidget()
        correction_form = QFormLayout(self.correction)
        correction_form.setContentsMargins(0, 0, 0, 0)
        correction_form.addRow("Outcome", self.outcome_combo)
        correction_form.addRow("Clauses", self.clause_list)
        correction_form.addRow("Days", self.days_spin)
        correction_form.addRow("To member", self.member_edit)
        correction_form.addRow("To reporter", self.reporter_edit)

        self.problems_label = plain_label(accessible_name="Review problems", wrap=True)
        self.problems_label.setStyleSheet("QLabel { color: #8e0000; }")
        self.result_label = plain_label(accessible_name="Review result", wrap=True)
        self.submit_button = QPushButton("Record the review  (Ctrl+Return)")
        self.submit_button.setAccessibleName("Record the review")
        self.submit_button.clicked.connect(self.request_submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(verdict_row)
        reason_form = QFormLayout()
        reason_form.setContentsMargins(0, 0, 0, 0)
        reason_form.addRow("Reason", self.reason_edit)
        layout.addLayout(reason_form)
        layout.addWidget(self.correction)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.submit_button)
        layout.addWidget(self.result_label)

        self.verdicts.buttonToggled.connect(lambda _b, _c: self._refresh())
        self.outcome_combo.currentIndexChanged.connect(lambda _i: self._refresh_messages())
        self.clause_list.itemChanged.connect(lambda _item: self._refresh_messages())
        self.days_spin.valueChanged.connect(lambda _v: self._refresh_messages())
        self.member_edit.textChanged.connect(self._on_message_edited)
        self.reporter_edit.textChanged.connect(self._on_message_edited)
        self.clear()

    # --- what the form is about -----------------------------------------------------------

    def start(
        self,
        case_id: str,
        member_name: str,
        clauses: Sequence[PolicyClause],
        cited: Sequence[str],
        already_reviewed: str = "",
    ) -> None:
        """A fresh review of a decision on ``case_id``; ``clauses`` are those a correction may cite.

        ``already_reviewed`` (a sentence) locks the form: a decision is reviewed once.
        """
        self._case_id, self._member_name = case_id, member_name
        self._clauses = {clause.id: clause for clause in clauses}
        self.clause_list.blockSignals(True)
        self.clause_list.clear()
        for clause in clauses:
            item = QListWidgetItem(f"{clause.id} · {single_line(clause.title, 60)}")
            item.setData(Qt.ItemDataRole.UserRole, clause.id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(
                Qt.CheckState.Checked if clause.id in cited else Qt.CheckState.Unchecked
            )
            self.clause_list.addItem(item)
        self.clause_list.blockSignals(False)
        self.verdicts.setExclusive(False)
        self.confirm_radio.setChecked(False)
        self.overturn_radio.setChecked(False)
        self.verdicts.setExclusive(True)
        self.reason_edit.clear()
        self.days_spin.setValue(0)
        self._messages_edited = False
        self.result_label.clear()
        self.setEnabled(not already_reviewed)
        if already_reviewed:
            self.result_label.setText(already_reviewed)
        self._refresh()

    def clear(self) -> None:
        """No decision under review."""
        self._case_id = ""
        self.setEnabled(False)
        self.problems_label.clear()
        self.result_label.clear()
        self.correction.setVisible(False)

    def choose(self, verdict: ReviewVerdict) -> None:
        """Choose ``verdict`` and put the cursor where the senior writes next."""
        if not self.isEnabled():
            return
        radio = self.confirm_radio if verdict is ReviewVerdict.CONFIRM else self.overturn_radio
        radio.setChecked(True)
        # The reason first; Tab goes on to the corrected outcome, clauses and messages.
        self.reason_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_result(self, text: str, *, done: bool) -> None:
        """Say how recording went; ``done`` locks the form (the decision is reviewed)."""
        self.result_label.setText(text)
        if done:
            self.setEnabled(False)
        else:
            self.submit_button.setEnabled(True)

    # --- reading the form ------------------------------------------------------------------

    def verdict(self) -> ReviewVerdict | None:
        """The verdict chosen, if any."""
        if self.confirm_radio.isChecked():
            return ReviewVerdict.CONFIRM
        if self.overturn_radio.isChecked():
            return ReviewVerdict.OVERTURN
        return None

    def corrected_outcome(self) -> Outcome:
        """The corrected outcome chosen."""
        return Outcome(self.outcome_combo.currentData())

    def checked_clauses(self) -> list[str]:
        """The clauses ticked for the correction, in catalogue order."""
        ticked: list[str] = []
        for row in range(self.clause_list.count()):
            item = self.clause_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ticked.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return ticked

    def corrected(self) -> DecisionIn:
        """The corrected decision as the form says it."""
        outcome = self.corrected_outcome()
        return DecisionIn(
            outcome=outcome,
            clause_ids=self.checked_clauses() if outcome in CLAUSE_OUTCOMES else [],
            duration_days=(self.days_spin.value() or None) if outcome in TIMED_OUTCOMES else None,
            note=self.reason_edit.toPlainText().strip(),
            member_message=self.member_edit.toPlainText(),
            reporter_message=self.reporter_edit.toPlainText(),
        )

    def problems(self) -> list[str]:
        """Every reason the review cannot be recorded as it stands."""
        verdict = self.verdict()
        if verdict is None:
            return ["Choose confirm (Ctrl+Shift+C) or overturn (Ctrl+Shift+O)."]
        problems: list[str] = []
        if not self.reason_edit.toPlainText().strip():
            problems.append("Write the reason for the review.")
        if verdict is ReviewVerdict.OVERTURN:
            corrected = self.corrected()
            problems.extend(
                decision_problems(
                    corrected.outcome,
                    corrected.clause_ids,
                    corrected.duration_days,
                    corrected.note,
                    self._clauses.keys(),
                )
            )
        return problems

    def review(self) -> ReviewIn | None:
        """The review to record, or None while the form has problems."""
        verdict = self.verdict()
        if verdict is None or self.problems():
            return None
        corrected = self.corrected() if verdict is ReviewVerdict.OVERTURN else None
        return ReviewIn(
            verdict=verdict, reason=self.reason_edit.toPlainText().strip(), corrected=corrected
        )

    def request_submit(self) -> bool:
        """Ctrl+Return: emit the review if it passes the checks, else show what is missing."""
        if not self.isEnabled():
            return False
        problems = self.problems()
        self.problems_label.setText("\n".join(problems))
        review = self.review()
        if review is None:
            return False
        self.submit_button.setEnabled(False)
        self.result_label.setText("Recording the review…")
        self.submit_requested.emit(review)
        return True

    # --- reactions --------------------------------------------------------------------------

    def _refresh(self) -> None:
        self.correction.setVisible(self.verdict() is ReviewVerdict.OVERTURN)
        self.problems_label.clear()
        self._refresh_messages()

    def _on_message_edited(self) -> None:
        if not self._filling:
            self._messages_edited = True

    def _refresh_messages(self) -> None:
        outcome = self.corrected_outcome()
        self.days_spin.setEnabled(outcome in TIMED_OUTCOMES)
        self.clause_list.setEnabled(outcome in CLAUSE_OUTCOMES)
        if self._messages_edited or not self._case_id:
            return
        ticked = self.checked_clauses()
        clause = self._clauses.get(ticked[0]) if ticked else None
        days = self.days_spin.value() or None
        try:
            member, reporter = render_messages(
                outcome, clause, self._member_name, self._case_id, days
            )
        except ValueError:
            member, reporter = "", ""
        self._filling = True
        try:
            self.member_edit.setPlainText(member)
            self.reporter_edit.setPlainText(reporter)
        finally:
            self._filling = False
