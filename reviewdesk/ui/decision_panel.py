"""The decision form: outcome, clause, duration, note and the two messages.

The panel only edits a draft and checks it with the domain's decision rules;
it never talks to the service. When the moderator submits a valid draft it
emits :attr:`DecisionPanel.submit_requested` with a :class:`DecisionDraft`
carrying an idempotency key that belongs to that exact decision body: sending
the same draft again after a network failure reuses it, so the decision can
never be recorded twice, while a draft changed after a failed send gets a new
key (the service refuses a key reused with a different body). Deciding stays
blocked until the case itself has been shown (:meth:`DecisionPanel.block_until_shown`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.api.models import CaseSummary, DecisionIn, LadderStep, PolicyClause
from reviewdesk.domain.decision_rules import (
    MAX_DURATION_DAYS,
    MAX_TEXT_LENGTH,
    decision_problems,
)
from reviewdesk.domain.enums import OUTCOME_TITLES, TIMED_OUTCOMES, Outcome
from reviewdesk.policy.templates import render_messages
from reviewdesk.ui.case.layout_fence import LayoutFence
from reviewdesk.ui.keymap import OUTCOME_KEYS

DEFAULT_DURATION_DAYS = 7
CHOOSE_OUTCOME = "Choose an outcome (keys 1–8)."


@dataclass(frozen=True)
class DecisionDraft:
    """A decision ready to post: the case, the body and its idempotency key."""

    case_id: str
    decision: DecisionIn
    idempotency_key: str


class ResultKind(StrEnum):
    """How the last submit went; sets the colour of the result line."""

    NEUTRAL = "neutral"
    SUCCESS = "success"
    ERROR = "error"


_RESULT_COLOURS: dict[ResultKind, str] = {
    ResultKind.NEUTRAL: "palette(text)",
    ResultKind.SUCCESS: "#1e7b34",
    ResultKind.ERROR: "#b3261e",
}


def _plain_editor(name: str, placeholder: str, lines: int, max_lines: int = 0) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setAccessibleName(name)
    editor.setPlaceholderText(placeholder)
    editor.setTabChangesFocus(True)
    line_height = editor.fontMetrics().lineSpacing()
    editor.setMinimumHeight(line_height * lines + 12)
    if max_lines:
        editor.setMaximumHeight(line_height * max_lines + 12)
    return editor


def start_over(editor: QPlainTextEdit, text: str = "") -> None:
    """Put ``text`` in ``editor`` with no undo history (a new case starts).

    An editor that already holds exactly that and has nothing to undo or redo
    is left alone: a new text would repaint it on every case switch.
    """
    document = editor.document()
    if (
        editor.toPlainText() == text
        and not document.isUndoAvailable()
        and not document.isRedoAvailable()
    ):
        return
    editor.setPlainText(text)


class _Prefilled:
    """Tracks whether a text editor still shows the text the desk put in it."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        self.editor = editor
        self.generated = ""

    def refresh(self, text: str) -> None:
        """Replace the text unless the moderator has changed what was generated."""
        if self.editor.toPlainText() == self.generated:
            self.editor.setPlainText(text)
        self.generated = text

    def reset(self, text: str = "") -> None:
        """Start over with ``text`` (a new case)."""
        self.generated = text
        start_over(self.editor, text)

    @property
    def edited(self) -> bool:
        """True once the moderator typed over the generated text."""
        return self.editor.toPlainText() != self.generated


class DecisionPanel(QGroupBox):
    """Edits one decision for the open case and asks for it to be submitted."""

    #: A valid draft the moderator wants posted.
    submit_requested = Signal(object)
    #: The draft changed (outcome, clause, duration or text).
    draft_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Decision", parent)
        self.setAccessibleName("Decision")
        self._case: CaseSummary | None = None
        self._clauses: dict[str, PolicyClause] = {}
        self._category_clause_ids: list[str] = []
        #: ``(id, title)`` of the clauses in the clause list, category's first, then the rest.
        self._listed_clauses: tuple[tuple[tuple[str, str], ...], ...] = ((), ())
        self._suggested: dict[str, LadderStep] = {}
        #: Idempotency key per decision body (its JSON) of the open case's drafts.
        self._keys: dict[str, str] = {}
        self._revealed: list[str] = []
        #: Revealed when the decision now being corrected was first made.
        self._revealed_earlier: list[str] = []
        self._locked_reason = ""
        self._unseen_reason = ""
        self._busy = False
        self._duration_edited = False
        self._filling = False

        self.outcome_group = QButtonGroup(self)
        self.outcome_group.setExclusive(True)
        self.outcome_buttons: dict[Outcome, QRadioButton] = {}
        outcome_grid = QGridLayout()
        outcome_grid.setHorizontalSpacing(12)
        outcome_grid.setVerticalSpacing(2)
        for position, outcome in enumerate(Outcome):
            button = QRadioButton(f"{OUTCOME_KEYS[outcome]}  {OUTCOME_TITLES[outcome]}")
            button.setAccessibleName(f"Outcome {OUTCOME_TITLES[outcome]}")
            button.setToolTip(f"{OUTCOME_TITLES[outcome]} ({OUTCOME_KEYS[outcome]})")
            self.outcome_group.addButton(button, position)
            self.outcome_buttons[outcome] = button
            outcome_grid.addWidget(button, position // 2, position % 2)
        self.outcome_group.buttonToggled.connect(self._on_outcome_toggled)

        self.clause_combo = QComboBox()
        self.clause_combo.setAccessibleName("Policy clause")
        self.clause_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.clause_combo.setMinimumContentsLength(20)
        self.clause_combo.currentIndexChanged.connect(self._on_clause_changed)

        self.duration_spin = QSpinBox()
        self.duration_spin.setAccessibleName("Duration in days")
        self.duration_spin.setRange(1, MAX_DURATION_DAYS)
        self.duration_spin.setSuffix(" days")
        self.duration_spin.setValue(DEFAULT_DURATION_DAYS)
        self.duration_spin.valueChanged.connect(self._on_duration_changed)

        self.note_edit = _plain_editor("Note", "Why this decision (kept in the case log)", 2, 4)
        self.note_edit.textChanged.connect(self._on_text_changed)
        self.member_message_edit = _plain_editor(
            "Message to the member", "Notice sent to the reported member", 3
        )
        self.reporter_message_edit = _plain_editor(
            "Message to the reporter", "Outcome message sent to the reporters", 3
        )
        for editor in (self.member_message_edit, self.reporter_message_edit):
            editor.textChanged.connect(self._on_text_changed)
        self._member_message = _Prefilled(self.member_message_edit)
        self._reporter_message = _Prefilled(self.reporter_message_edit)

        self.messages_tabs = QTabWidget()
        self.messages_tabs.setAccessibleName("Messages")
        self.messages_tabs.setDocumentMode(True)
        self.messages_tabs.addTab(self.member_message_edit, "To the member")
        self.messages_tabs.addTab(self.reporter_message_edit, "To the reporter")

        self.problems_label = QLabel()
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setWordWrap(True)
        self.problems_label.setAccessibleName("Problems with the decision")
        self.problems_label.setStyleSheet("color:#8a5300;")

        self.result_label = QLabel()
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName("Decision result")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.submit_button = QPushButton("Submit decision")
        self.submit_button.setDefault(False)
        self.submit_button.setAutoDefault(False)
        self.submit_button.setAccessibleName("Submit decision")
        self.submit_button.clicked.connect(self.request_submit)

        clause_row = QHBoxLayout()
        clause_row.addWidget(self.clause_combo, 1)
        clause_row.addWidget(self.duration_spin)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        form.addRow("Clause / days", clause_row)
        form.addRow("Note", self.note_edit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addLayout(outcome_grid)
        layout.addLayout(form)
        layout.addWidget(self.messages_tabs, 1)
        # Fenced: a new problem or result text lays out its own lines, not the window.
        layout.addWidget(LayoutFence(self.problems_label))
        layout.addWidget(LayoutFence(self.result_label))
        layout.addWidget(self.submit_button)

        self.setTabOrder(self.clause_combo, self.duration_spin)
        self.setTabOrder(self.duration_spin, self.note_edit)
        self.setTabOrder(self.note_edit, self.messages_tabs)
        self.setTabOrder(self.messages_tabs, self.member_message_edit)
        self.setTabOrder(self.member_message_edit, self.submit_button)
        self.clear()

    # --- setting up -----------------------------------------------------------

    def set_catalogue(self, clauses: Sequence[PolicyClause]) -> None:
        """Every clause of the policy in force (for validation and the clause list)."""
        self._clauses = {clause.id: clause for clause in clauses}
        if self._case is not None:
            self._fill_clauses(self._current_clause_id())

    def set_revealed_attachments(self, case_id: str, attachment_ids: Sequence[str]) -> None:
        """The attachments of ``case_id`` the moderator revealed; recorded with the decision."""
        if self._case is not None and self._case.id == case_id:
            earlier = [a for a in self._revealed_earlier if a not in attachment_ids]
            self._revealed = earlier + list(attachment_ids)

    def revealed_attachments(self) -> list[str]:
        """The revealed attachment ids the next draft carries."""
        return list(self._revealed)

    def start_draft(self, case: CaseSummary) -> None:
        """Begin a fresh decision for ``case``: new idempotency keys, empty fields."""
        self._case = case
        self._revealed = []
        self._revealed_earlier = []
        self._keys = {}
        self._suggested = {}
        self._locked_reason = ""
        self._unseen_reason = ""
        self._busy = False
        self._duration_edited = False
        self._filling = True
        try:
            self._empty_fields()
            self.duration_spin.setValue(DEFAULT_DURATION_DAYS)
            self._category_clause_ids = [
                c.id for c in self._clauses.values() if c.category == case.category
            ]
            self._fill_clauses(self._category_clause_ids[0] if self._category_clause_ids else None)
        finally:
            self._filling = False
        self.result_label.clear()
        self._refresh()

    def set_category_clauses(self, clause_ids: Sequence[str]) -> None:
        """The clauses that apply to the case's category, listed first."""
        self._category_clause_ids = [c for c in clause_ids if c in self._clauses]
        self._fill_clauses(self._current_clause_id())

    def set_suggestions(self, suggested: dict[str, LadderStep]) -> None:
        """The ladder rung suggested per clause from the member's strikes."""
        self._suggested = dict(suggested)
        self._apply_suggested_duration()
        self._refresh_messages()
        self._refresh()

    def select_clause(self, clause_id: str | None) -> None:
        """Cite ``clause_id`` (None: no clause)."""
        index = self.clause_combo.findData(clause_id) if clause_id else 0
        if index >= 0:
            self.clause_combo.setCurrentIndex(index)

    def select_outcome(self, outcome: Outcome) -> None:
        """Choose an outcome (what the keys 1..8 do)."""
        if self.outcome_buttons[outcome].isEnabled():
            self.outcome_buttons[outcome].setChecked(True)

    def load_decision(self, decision: DecisionIn) -> None:
        """Put an earlier decision on the form (to correct a refused one and send it again)."""
        button = self.outcome_buttons[decision.outcome]
        button.setChecked(True)
        self.select_clause(decision.clause_ids[0] if decision.clause_ids else None)
        if decision.duration_days is not None:
            self.duration_spin.setValue(decision.duration_days)
            self._duration_edited = True
        self.note_edit.setPlainText(decision.note)
        self.member_message_edit.setPlainText(decision.member_message)
        self.reporter_message_edit.setPlainText(decision.reporter_message)
        self._revealed_earlier = list(decision.revealed_attachment_ids)
        self._revealed = list(self._revealed_earlier)
        self._refresh()

    def focus_note(self) -> None:
        """Put the cursor at the end of the note."""
        self.note_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note_edit.moveCursor(self.note_edit.textCursor().MoveOperation.End)

    def clear(self, message: str = "") -> None:
        """No case open: disable everything."""
        self._case = None
        self._keys = {}
        self._unseen_reason = ""
        self._filling = True
        try:
            self._empty_fields()
            self.clause_combo.clear()
        finally:
            self._filling = False
        self.result_label.setText(message)
        self._refresh()

    def _empty_fields(self) -> None:
        """Uncheck every outcome and empty the note and both messages (call while filling)."""
        self.outcome_group.setExclusive(False)
        for button in self.outcome_buttons.values():
            button.setChecked(False)
        self.outcome_group.setExclusive(True)
        start_over(self.note_edit)
        self._member_message.reset()
        self._reporter_message.reset()

    # --- state during submission ----------------------------------------------------

    def lock(self, reason: str) -> None:
        """Forbid deciding (the case is claimed by someone else); say why."""
        self._locked_reason = reason
        self.show_result(reason, ResultKind.ERROR)
        self._refresh()

    def unlock(self) -> None:
        """Allow deciding again (the claim was obtained)."""
        self._locked_reason = ""
        self._refresh()

    def block_until_shown(self, reason: str, show: bool = False) -> None:
        """Forbid deciding until :meth:`case_shown`: the moderator cannot see the case yet.

        ``reason`` is said when the moderator tries to submit, or at once with ``show``.
        """
        self._unseen_reason = reason
        if show:
            self.show_result(reason, ResultKind.ERROR)
        self._refresh()

    def case_shown(self) -> None:
        """The case is on screen: deciding is allowed (unless it is locked or busy)."""
        if self._unseen_reason and self.result_label.text() == self._unseen_reason:
            self.result_label.clear()
        self._unseen_reason = ""
        self._refresh()

    def set_busy(self, busy: bool) -> None:
        """While a decision is being sent, refuse a second submit."""
        self._busy = busy
        if busy:
            self.show_result("Sending the decision…", ResultKind.NEUTRAL)
        self._refresh()

    def show_result(self, message: str, kind: ResultKind = ResultKind.NEUTRAL) -> None:
        """Say how the last submit went, as plain text."""
        self.result_label.setStyleSheet(f"color:{_RESULT_COLOURS[kind]};")
        self.result_label.setText(message)

    # --- reading the draft ----------------------------------------------------------

    @property
    def case_id(self) -> str | None:
        """The case the draft is for."""
        return self._case.id if self._case is not None else None

    @property
    def idempotency_key(self) -> str:
        """The key the draft as it stands is sent with ("" while it cannot be sent)."""
        draft = self.draft()
        return draft.idempotency_key if draft is not None else ""

    @property
    def locked_reason(self) -> str:
        """Why deciding is not allowed ("" when it is)."""
        return self._locked_reason

    @property
    def blocked_reason(self) -> str:
        """Why deciding is not possible yet: the case is not shown ("" once it is)."""
        return self._unseen_reason

    def outcome(self) -> Outcome | None:
        """The chosen outcome, if any."""
        for outcome, button in self.outcome_buttons.items():
            if button.isChecked():
                return outcome
        return None

    def problems(self) -> list[str]:
        """Every reason the current draft cannot be sent (empty when it can)."""
        outcome = self.outcome()
        if self._case is None:
            return ["No case is open."]
        if outcome is None:
            return [CHOOSE_OUTCOME]
        problems = decision_problems(
            outcome,
            self._clause_ids(outcome),
            self._duration(outcome),
            self.note_edit.toPlainText(),
            known_clause_ids=self._clauses.keys() if self._clauses else None,
        )
        for name, editor in (
            ("message to the member", self.member_message_edit),
            ("message to the reporter", self.reporter_message_edit),
        ):
            if len(editor.toPlainText()) > MAX_TEXT_LENGTH:
                problems.append(f"The {name} is longer than {MAX_TEXT_LENGTH} characters.")
        return problems

    def draft(self) -> DecisionDraft | None:
        """The draft as it would be posted, or None while it has problems."""
        outcome = self.outcome()
        if self._case is None or outcome is None or self.problems():
            return None
        try:
            decision = DecisionIn(
                outcome=outcome,
                clause_ids=self._clause_ids(outcome),
                duration_days=self._duration(outcome),
                note=self.note_edit.toPlainText().strip(),
                member_message=self.member_message_edit.toPlainText().strip(),
                reporter_message=self.reporter_message_edit.toPlainText().strip(),
                revealed_attachment_ids=list(self._revealed),
            )
        except ValidationError as error:
            self.problems_label.setText(f"The decision is not valid: {error.errors()[0]['msg']}.")
            return None
        return DecisionDraft(self._case.id, decision, self._key_for(decision))

    def _key_for(self, decision: DecisionIn) -> str:
        """The idempotency key of exactly this body: the same body always gets the same key."""
        return self._keys.setdefault(decision.model_dump_json(), uuid.uuid4().hex)

    def request_submit(self) -> bool:
        """Emit :attr:`submit_requested` if the draft is valid; else show why not."""
        if self._busy or self._locked_reason or self._unseen_reason:
            reason = self._locked_reason or self._unseen_reason
            if reason:
                self.show_result(reason, ResultKind.ERROR)
            return False
        draft = self.draft()
        if draft is None:
            problems = self.problems()
            if problems:
                self.problems_label.setText("\n".join(problems))
                self.show_result("Not sent: fix the problems above.", ResultKind.ERROR)
            return False
        self.submit_requested.emit(draft)
        return True

    # --- internals ----------------------------------------------------------------------

    def _current_clause_id(self) -> str | None:
        data = self.clause_combo.currentData()
        return data if isinstance(data, str) else None

    def _clause_ids(self, outcome: Outcome) -> list[str]:
        clause_id = self._current_clause_id()
        if outcome is Outcome.NO_VIOLATION or clause_id is None:
            return []
        return [clause_id]

    def _duration(self, outcome: Outcome) -> int | None:
        return self.duration_spin.value() if outcome in TIMED_OUTCOMES else None

    def _fill_clauses(self, selected: str | None) -> None:
        filling, self._filling = self._filling, True
        try:
            listed = [self._clauses[c] for c in self._category_clause_ids if c in self._clauses]
            others = [c for c in self._clauses.values() if c.id not in self._category_clause_ids]
            entries = (
                tuple((c.id, c.title) for c in listed),
                tuple((c.id, c.title) for c in others),
            )
            if entries == self._listed_clauses and self.clause_combo.count():
                # The same list as for the last case (same category): only the choice changes.
                self.select_clause(selected)
                return
            self._listed_clauses = entries
            self.clause_combo.clear()
            self.clause_combo.addItem("No clause", None)
            for clause in listed:
                self.clause_combo.addItem(f"{clause.id} — {clause.title}", clause.id)
            if listed and others:
                self.clause_combo.insertSeparator(self.clause_combo.count())
            for clause in others:
                self.clause_combo.addItem(f"{clause.id} — {clause.title}", clause.id)
            self.select_clause(selected)
        finally:
            self._filling = filling

    def _apply_suggested_duration(self) -> None:
        step = self._suggested.get(self._current_clause_id() or "")
        if step is not None and step.duration_days and not self._duration_edited:
            blocked = self.duration_spin.blockSignals(True)
            self.duration_spin.setValue(step.duration_days)
            self.duration_spin.blockSignals(blocked)

    def _on_outcome_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked and not self._filling:
            self._refresh_messages()
            self._refresh()

    def _on_clause_changed(self, _index: int) -> None:
        if not self._filling:
            self._apply_suggested_duration()
            self._refresh_messages()
            self._refresh()

    def _on_duration_changed(self, _value: int) -> None:
        if not self._filling:
            self._duration_edited = True
            self._refresh_messages()
            self._refresh()

    def _on_text_changed(self) -> None:
        if not self._filling:
            self._refresh()

    def _refresh_messages(self) -> None:
        outcome = self.outcome()
        if self._case is None or outcome is None:
            return
        clause_id = self._current_clause_id()
        clause = self._clauses.get(clause_id) if clause_id else None
        try:
            member_text, reporter_text = render_messages(
                outcome,
                clause,
                self._case.member_name,
                self._case.id,
                self._duration(outcome),
            )
        except ValueError:
            # The outcome's messages cite a clause or a duration not chosen yet.
            member_text, reporter_text = "", ""
        self._filling = True
        try:
            self._member_message.refresh(member_text)
            self._reporter_message.refresh(reporter_text)
        finally:
            self._filling = False

    def _refresh(self) -> None:
        has_case = self._case is not None
        editable = (
            has_case and not self._locked_reason and not self._unseen_reason and not self._busy
        )
        for button in self.outcome_buttons.values():
            button.setEnabled(editable)
        outcome = self.outcome()
        self.clause_combo.setEnabled(editable and outcome is not Outcome.NO_VIOLATION)
        self.duration_spin.setEnabled(editable and outcome in TIMED_OUTCOMES)
        for editor in (self.note_edit, self.member_message_edit, self.reporter_message_edit):
            editor.setReadOnly(not editable)
        self.submit_button.setEnabled(editable)
        # While the case cannot be seen, what the draft lacks is beside the point.
        problems = self.problems() if has_case and not self._unseen_reason else []
        self.problems_label.setText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))
        self.draft_changed.emit()
