"""The list of decisions that did not go through: conflicts and refusals, with what to do next.

A conflict (the case had been decided by someone else first) shows the other
decision and who made it; the moderator's own decision is kept and can be
turned into a note on the member's file or an appeal for a second review, or
dismissed. A refusal shows the service's reason and can be corrected and
resent (the case opens with the decision on the form) or discarded. The
dialog only shows and asks; the :class:`OutboxPresenter` does the work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.domain.enums import OUTCOME_TITLES
from reviewdesk.store.outbox_types import OutboxEntry, OutboxState
from reviewdesk.ui.case.text_format import format_timestamp, plain_tooltip
from reviewdesk.ui.decision_messages import decision_phrase, outcome_phrase
from reviewdesk.ui.table_model_base import AnyIndex, ReadOnlyTableModel

COLUMNS = ("Case", "Problem", "Your decision", "What happened", "When")
NO_PROBLEMS = "Every decision went through: nothing needs your attention."


def own_decision_text(entry: OutboxEntry) -> str:
    """The moderator's own decision, in a few words."""
    return outcome_phrase(OUTCOME_TITLES[entry.decision.outcome], entry.decision.clause_ids)


def what_happened(entry: OutboxEntry) -> str:
    """The other decision (conflict) or the service's reason (refusal)."""
    if entry.state is OutboxState.CONFLICT and entry.result is not None:
        other = entry.result
        return (
            f"Already decided by {other.moderator.display_name} "
            f"({format_timestamp(other.decided_at)}): {decision_phrase(other)}"
        )
    return entry.last_error


class ProblemsModel(ReadOnlyTableModel):
    """Unresolved conflicts and refusals, oldest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self._entries: list[OutboxEntry] = []

    def set_entries(self, entries: Sequence[OutboxEntry]) -> None:
        """Show ``entries``."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> OutboxEntry | None:
        """The entry of ``row``."""
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def _row_total(self) -> int:
        return len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Plain text of each cell; the full text as tooltip."""
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        when = format_timestamp(datetime.fromtimestamp(entry.created_at, UTC))
        cells = (
            entry.case_id,
            "Conflict" if entry.state is OutboxState.CONFLICT else "Refused",
            own_decision_text(entry),
            what_happened(entry),
            when,
        )
        text = cells[index.column()]
        return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text


class DeliveryProblemsDialog(QDialog):
    """Conflicts and refusals, with the actions each allows."""

    #: (OutboxEntry): open its case with the decision on the form.
    correct_requested = Signal(object)
    #: (OutboxEntry): post the moderator's decision as a note on the member's file.
    note_requested = Signal(object)
    #: (OutboxEntry, reason): ask for a second review of the decision that won.
    appeal_requested = Signal(object, str)
    #: (OutboxEntry): drop the problem from the list (the decision stays in the outbox).
    dismiss_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delivery problems")
        self.setAccessibleName("Delivery problems")
        self.resize(1100, 420)
        self.model = ProblemsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Decisions that did not go through")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)

        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("The selected problem in full")
        self.detail.setMaximumHeight(110)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setAccessibleName("Why the decision should be reviewed")
        self.reason_edit.setPlaceholderText("For an appeal: why the decision that stands is wrong")
        self.reason_edit.setMaximumHeight(70)

        buttons = QDialogButtonBox(self)
        self.correct_button = self._button(buttons, "&Correct and resend", self._correct)
        self.note_button = self._button(buttons, "Turn into a &note", self._note)
        self.appeal_button = self._button(buttons, "&Appeal", self._appeal)
        self.dismiss_button = self._button(buttons, "&Dismiss", self._dismiss)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.reason_edit)
        layout.addWidget(buttons)
        self._update_buttons()

    @staticmethod
    def _button(box: QDialogButtonBox, title: str, slot: object) -> QPushButton:
        button = box.addButton(title, QDialogButtonBox.ButtonRole.ActionRole)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def set_entries(self, entries: Sequence[OutboxEntry]) -> None:
        """Show the unresolved problems, keeping the selection on the same entry if listed."""
        kept = self.current_entry()
        self.model.set_entries(entries)
        rows = [i for i, e in enumerate(entries) if kept is not None and e.id == kept.id]
        if entries:
            self.table.selectRow(rows[0] if rows else 0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status_label.setText(
            NO_PROBLEMS if not entries else f"{len(entries)} decision(s) did not go through."
        )
        self._update_buttons()

    def show_message(self, message: str) -> None:
        """Say how the last action went."""
        self.status_label.setText(message)

    def current_entry(self) -> OutboxEntry | None:
        """The selected problem."""
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _on_current(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        conflict = entry is not None and entry.state is OutboxState.CONFLICT
        refused = entry is not None and entry.state is OutboxState.REJECTED
        self.correct_button.setEnabled(refused)
        self.note_button.setEnabled(conflict)
        self.appeal_button.setEnabled(conflict)
        self.reason_edit.setEnabled(conflict)
        self.dismiss_button.setEnabled(entry is not None)
        if entry is None:
            self.detail.clear()
            return
        self.detail.setPlainText(
            f"Case {entry.case_id}\nYour decision: {own_decision_text(entry)}\n"
            f"Your note: {entry.decision.note or '(none)'}\n{what_happened(entry)}"
        )

    def _correct(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.correct_requested.emit(entry)

    def _note(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.note_requested.emit(entry)

    def _appeal(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        reason = self.reason_edit.toPlainText().strip()
        if not reason:
            self.show_message("Write why the decision should be reviewed, then press Appeal.")
            self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.appeal_requested.emit(entry, reason)

    def _dismiss(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.dismiss_requested.emit(entry)
