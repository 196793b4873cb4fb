"""One confirmation for a bulk decision: how many cases, which outcome, keyboard only.

Keys 1–8 choose the outcome (as in the decision form), Return confirms and
Escape cancels. The clause defaults to the first clause of the cases' most
common category, as the single-case form picks it, and each case gets the
outcome's template messages filled in with its own member and case id
(:func:`reviewdesk.policy.templates.render_messages`). The heading names the
count and the outcome ("Remove content for 37 cases?").
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import CaseSummary, DecisionIn, PolicyClause
from reviewdesk.domain.decision_rules import MAX_DURATION_DAYS, decision_problems
from reviewdesk.domain.enums import CATEGORY_TITLES, OUTCOME_TITLES, TIMED_OUTCOMES, Outcome
from reviewdesk.policy.templates import render_messages
from reviewdesk.ui.decision_panel import DEFAULT_DURATION_DAYS, DecisionDraft
from reviewdesk.ui.keymap import OUTCOME_KEYS


def cases_phrase(count: int) -> str:
    """ "1 case", "37 cases"."""
    return f"{count} case" if count == 1 else f"{count} cases"


def bulk_question(outcome: Outcome | None, count: int) -> str:
    """The dialog's heading: the count and the outcome."""
    if outcome is None:
        return f"Decide {cases_phrase(count)}: choose an outcome (keys 1–8)."
    return f"{OUTCOME_TITLES[outcome]} for {cases_phrase(count)}?"


def default_clause(cases: Sequence[CaseSummary], clauses: Sequence[PolicyClause]) -> str | None:
    """The first clause of the cases' most common category (None without one)."""
    categories = Counter(case.category for case in cases)
    for category, _count in categories.most_common():
        for clause in clauses:
            if clause.category == category:
                return clause.id
    return None


def other_categories_warning(cases: Sequence[CaseSummary], clause: PolicyClause | None) -> str:
    """What a moderator must know before citing ``clause`` for cases of other categories.

    A batch cites one clause for every case; citing a scam clause for a
    grooming case would give that member a wrong reason. Empty when every
    case is of the clause's category (or no clause is cited).
    """
    if clause is None:
        return ""
    others = Counter(case.category for case in cases if case.category != clause.category)
    if not others:
        return ""
    count = sum(others.values())
    listed = "; ".join(
        f"{number} {CATEGORY_TITLES[category]}" for category, number in others.most_common()
    )
    return (
        f"{count} of the {cases_phrase(len(cases))} {'is' if count == 1 else 'are'} not about "
        f"{CATEGORY_TITLES[clause.category]} ({listed}), yet would cite {clause.id} too: "
        "decide them apart unless the clause fits them."
    )


def bulk_drafts(
    cases: Sequence[CaseSummary],
    outcome: Outcome,
    clause: PolicyClause | None,
    duration_days: int | None,
    note: str,
) -> list[DecisionDraft]:
    """One draft per case, each with its own messages and idempotency key."""
    drafts: list[DecisionDraft] = []
    for case in cases:
        try:
            member_message, reporter_message = render_messages(
                outcome, clause, case.member_name, case.id, duration_days
            )
        except ValueError:
            member_message, reporter_message = "", ""
        decision = DecisionIn(
            outcome=outcome,
            clause_ids=[clause.id] if clause is not None and outcome is not Outcome.NO_VIOLATION
            else [],
            duration_days=duration_days if outcome in TIMED_OUTCOMES else None,
            note=note.strip(),
            member_message=member_message,
            reporter_message=reporter_message,
        )
        drafts.append(DecisionDraft(case.id, decision, uuid.uuid4().hex))
    return drafts


class BulkDecisionDialog(QDialog):
    """Asks once before deciding many cases alike."""

    def __init__(
        self,
        cases: Sequence[CaseSummary],
        clauses: Sequence[PolicyClause],
        what: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Decide several cases")
        self.setAccessibleName("Bulk decision")
        self.setModal(True)
        self._cases = list(cases)
        self._clauses = {clause.id: clause for clause in clauses}

        self.question_label = QLabel()
        self.question_label.setTextFormat(Qt.TextFormat.PlainText)
        self.question_label.setAccessibleName("Question")
        self.question_label.setWordWrap(True)
        font = self.question_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.question_label.setFont(font)

        self.what_label = QLabel(what)
        self.what_label.setTextFormat(Qt.TextFormat.PlainText)
        self.what_label.setWordWrap(True)
        self.what_label.setVisible(bool(what))

        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[Outcome, QRadioButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for position, outcome in enumerate(Outcome):
            button = QRadioButton(f"{OUTCOME_KEYS[outcome]}  {OUTCOME_TITLES[outcome]}")
            button.setAccessibleName(f"Outcome {OUTCOME_TITLES[outcome]}")
            self.outcome_group.addButton(button, position)
            self.outcome_buttons[outcome] = button
            grid.addWidget(button, position // 2, position % 2)
            shortcut = QShortcut(QKeySequence(OUTCOME_KEYS[outcome]), self)
            shortcut.activated.connect(lambda chosen=outcome: self.choose(chosen))
        self.outcome_group.buttonToggled.connect(lambda *_args: self._refresh())

        self.clause_combo = QComboBox()
        self.clause_combo.setAccessibleName("Policy clause")
        self.clause_combo.addItem("No clause", None)
        for clause in clauses:
            self.clause_combo.addItem(f"{clause.id} — {clause.title}", clause.id)
        chosen = default_clause(self._cases, clauses)
        if chosen is not None:
            self.clause_combo.setCurrentIndex(self.clause_combo.findData(chosen))
        self.clause_combo.currentIndexChanged.connect(lambda _i: self._refresh())

        self.duration_spin = QSpinBox()
        self.duration_spin.setAccessibleName("Duration in days")
        self.duration_spin.setRange(1, MAX_DURATION_DAYS)
        self.duration_spin.setSuffix(" days")
        self.duration_spin.setValue(DEFAULT_DURATION_DAYS)
        self.duration_spin.valueChanged.connect(lambda _v: self._refresh())

        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("Why (kept in each case's log; needed to escalate)")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 12)
        self.note_edit.textChanged.connect(self._refresh)

        self.messages_label = QLabel(
            "Each member and reporter gets the outcome's template message, with their own "
            "name and case number."
        )
        self.messages_label.setTextFormat(Qt.TextFormat.PlainText)
        self.messages_label.setWordWrap(True)
        self.messages_label.setStyleSheet("color: #505050;")

        self.categories_label = QLabel()
        self.categories_label.setTextFormat(Qt.TextFormat.PlainText)
        self.categories_label.setWordWrap(True)
        self.categories_label.setAccessibleName("Cases of other categories")
        self.categories_label.setStyleSheet("color:#8e0000;")

        self.problems_label = QLabel()
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setWordWrap(True)
        self.problems_label.setAccessibleName("Problems with the decision")
        self.problems_label.setStyleSheet("color:#8a5300;")

        self.buttons = QDialogButtonBox()
        self.confirm_button = QPushButton()
        self.confirm_button.setDefault(True)
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Clause", self.clause_combo)
        form.addRow("Duration", self.duration_spin)
        form.addRow("Note", self.note_edit)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(self.question_label)
        layout.addWidget(self.what_label)
        layout.addLayout(grid)
        layout.addLayout(form)
        layout.addWidget(self.messages_label)
        layout.addWidget(self.categories_label)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._refresh()

    # --- choosing ------------------------------------------------------------------

    def choose(self, outcome: Outcome) -> None:
        """Pick ``outcome`` (what its key 1–8 does)."""
        self.outcome_buttons[outcome].setChecked(True)
        self.confirm_button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def outcome(self) -> Outcome | None:
        """The chosen outcome."""
        for outcome, button in self.outcome_buttons.items():
            if button.isChecked():
                return outcome
        return None

    def clause(self) -> PolicyClause | None:
        """The chosen clause."""
        data = self.clause_combo.currentData()
        return self._clauses.get(data) if isinstance(data, str) else None

    def problems(self) -> list[str]:
        """Why the decision cannot be made as it stands (empty when it can)."""
        outcome = self.outcome()
        if outcome is None:
            return ["Choose an outcome (keys 1–8)."]
        clause = self.clause()
        return decision_problems(
            outcome,
            [clause.id] if clause is not None and outcome is not Outcome.NO_VIOLATION else [],
            self.duration_spin.value() if outcome in TIMED_OUTCOMES else None,
            self.note_edit.toPlainText(),
        )

    def drafts(self) -> list[DecisionDraft]:
        """The decisions to send, one per case (empty while there are problems)."""
        outcome = self.outcome()
        if outcome is None or self.problems():
            return []
        days = self.duration_spin.value() if outcome in TIMED_OUTCOMES else None
        return bulk_drafts(
            self._cases, outcome, self.clause(), days, self.note_edit.toPlainText()
        )

    def _refresh(self) -> None:
        outcome = self.outcome()
        count = len(self._cases)
        self.question_label.setText(bulk_question(outcome, count))
        self.clause_combo.setEnabled(outcome is not Outcome.NO_VIOLATION)
        self.duration_spin.setEnabled(outcome in TIMED_OUTCOMES)
        cited = self.clause() if outcome is not Outcome.NO_VIOLATION else None
        warning = other_categories_warning(self._cases, cited)
        self.categories_label.setText(warning)
        self.categories_label.setVisible(bool(warning))
        problems = self.problems() if outcome is not None else []
        self.problems_label.setText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))
        title = OUTCOME_TITLES[outcome] if outcome is not None else "Decide"
        self.confirm_button.setText(f"{title}: {cases_phrase(count)}  (Return)")
        self.confirm_button.setEnabled(outcome is not None and not problems)

    def _confirm(self) -> None:
        if not self.problems():
            self.accept()
        else:
            self.problems_label.setText("\n".join(self.problems()))
            self.problems_label.setVisible(True)
