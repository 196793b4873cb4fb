"""A case as it stood at one moment: the case widgets, the member's history then, the clauses then.

Reuses the desk's own case widgets (:class:`CaseView`, :class:`MemberPanel`,
:class:`PolicyPanel`) rather than drawing them again. The evidence is
downloaded on workers and checked against the SHA-256 recorded at decision
time; each file's line in the evidence check says whether it matches, and a
red banner names every file that does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from reviewdesk.api.models import (
    Attachment,
    CaseDetail,
    CaseSummary,
    ContentItem,
    Conversation,
    DecisionOut,
    EvidenceRecord,
    MemberHistory,
    PolicyClause,
    Report,
)
from reviewdesk.domain.sensitivity import default_care
from reviewdesk.ui.case import CaseView, MemberPanel, PolicyPanel
from reviewdesk.ui.case.plain_widgets import plain_label, section_box
from reviewdesk.ui.case.text_format import single_line
from reviewdesk.ui.connection import Connection, Refusal
from reviewdesk.ui.error_banner import describe_error
from reviewdesk.ui.evidence_images import LoadedEvidence, evidence_from_bytes
from reviewdesk.ui.tasks import TaskRunner

MISMATCH_STYLE = "QLabel { background: #b00020; color: white; font-weight: bold; padding: 6px; }"
MATCH_STYLE = "QLabel { color: #1a5e20; }"
PROBLEM_STYLE = "QLabel { color: #8e0000; font-weight: bold; }"


@dataclass(frozen=True)
class Snapshot:
    """What a case looked like at one moment, as the desk shows it."""

    summary: CaseSummary
    content: ContentItem | None
    reports: Sequence[Report]
    conversations: Sequence[Conversation]
    evidence: Sequence[EvidenceRecord]
    history: MemberHistory | None
    clauses: Sequence[PolicyClause]
    clause_heading: str
    at: datetime
    decisions: Sequence[DecisionOut] = ()


def attachment_of(record: EvidenceRecord) -> Attachment:
    """The attachment as recorded at decision time (its hash then is the one checked)."""
    return Attachment(
        id=record.attachment_id,
        filename=record.filename,
        media_type=record.media_type,
        size=record.size,
        sha256=record.sha256,
    )


@dataclass(frozen=True)
class EvidenceCheck:
    """The verdict on one file: does today's download match the hash recorded then."""

    attachment_id: str
    filename: str
    matches: bool | None  # None: could not be downloaded
    message: str


class SnapshotView(QWidget):
    """Case in the centre; the member's history then and the clause text then on the right."""

    #: Every file was checked (list of EvidenceCheck).
    evidence_checked = Signal(object)

    def __init__(self, runner: TaskRunner, scope: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._scope = scope
        self._expected: dict[str, EvidenceRecord] = {}
        self._checks: dict[str, EvidenceCheck] = {}
        self.case_view = CaseView(runner=runner)
        self.member_panel = MemberPanel()
        self.policy_panel = PolicyPanel()
        self.mismatch_banner = plain_label(accessible_name="Evidence mismatch warning", wrap=True)
        self.mismatch_banner.setStyleSheet(MISMATCH_STYLE)
        self.mismatch_banner.hide()
        self.evidence_lines = plain_label(accessible_name="Evidence check", wrap=True)
        self.evidence_box = section_box("Evidence check against the hashes recorded then")
        self._evidence_layout = QVBoxLayout(self.evidence_box)
        self._evidence_layout.setContentsMargins(6, 4, 6, 6)
        self._evidence_layout.setSpacing(2)
        self._evidence_layout.addWidget(self.evidence_lines)
        #: One line per file checked, green when it matches, red when not.
        self.check_labels: list[QLabel] = []

        self.member_box = section_box("The member's history as it stood then")
        member_layout = QVBoxLayout(self.member_box)
        member_layout.setContentsMargins(4, 4, 4, 4)
        member_layout.addWidget(self.member_panel)
        self.policy_box = section_box("Clause text then")
        policy_layout = QVBoxLayout(self.policy_box)
        policy_layout.setContentsMargins(4, 4, 4, 4)
        policy_layout.addWidget(self.policy_panel)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setAccessibleName("History and clause then")
        self.right.addWidget(self.member_box)
        self.right.addWidget(self.policy_box)
        self.right.setSizes([480, 420])

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(4)
        centre_layout.addWidget(self.mismatch_banner)
        centre_layout.addWidget(self.case_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 460])
        for splitter in (self.splitter, self.right):
            splitter.setChildrenCollapsible(False)
            splitter.setHandleWidth(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.clear("Open a decision from the log (Return) to replay it.")

    # --- showing --------------------------------------------------------------------------

    def clear(self, message: str) -> None:
        """Show no case, only ``message``."""
        self._runner.invalidate(self._scope)
        self._expected = {}
        self._checks = {}
        self.case_view.clear(message)
        self.member_panel.clear()
        self.policy_panel.clear()
        self.mismatch_banner.hide()
        self._show_check_lines([])
        self.evidence_lines.setVisible(True)
        self.evidence_lines.setText("No evidence checked yet.")

    def show_snapshot(self, snapshot: Snapshot, connection: Connection) -> None:
        """Show ``snapshot`` and start downloading and checking its evidence."""
        self._runner.invalidate(self._scope)
        attachments = [attachment_of(record) for record in snapshot.evidence]
        detail = CaseDetail(
            summary=snapshot.summary,
            content=snapshot.content,
            reports=list(snapshot.reports),
            attachments=attachments,
            conversations=list(snapshot.conversations),
            decisions=list(snapshot.decisions),
        )
        self.case_view.show_case(detail, now=snapshot.at)
        care = default_care(snapshot.summary.category)
        self.case_view.viewer().set_protection(care.blur, care.greyscale)
        if snapshot.history is not None:
            self.member_panel.show_history(
                snapshot.history, now=snapshot.at, current_case_id=snapshot.summary.id
            )
        else:
            self.member_panel.show_error(
                "No snapshot of the member's history was kept for this decision."
            )
        self.policy_box.setTitle(snapshot.clause_heading)
        self.policy_panel.show_clauses(list(snapshot.clauses))
        self.mismatch_banner.hide()
        self._expected = {record.attachment_id: record for record in snapshot.evidence}
        self._checks = {}
        self._show_check_lines([])
        self.evidence_lines.setVisible(True)
        if not attachments:
            self.evidence_lines.setText("The case held no screenshots.")
            self.evidence_checked.emit([])
            return
        self.evidence_lines.setText(f"Checking {len(attachments)} file(s)…")
        for attachment in attachments:
            self._load(attachment, connection)

    def _load(self, attachment: Attachment, connection: Connection) -> None:
        backend = connection.backend

        def fetch() -> LoadedEvidence:
            return evidence_from_bytes(attachment, backend.get_attachment(attachment.id))

        self._runner.run(
            fetch,
            lambda loaded: self._on_loaded(attachment, loaded),
            lambda error: self._on_failed(attachment, error, connection),
            scope=self._scope,
        )

    def _on_loaded(self, attachment: Attachment, loaded: LoadedEvidence) -> None:
        self.case_view.evidence.show_evidence(loaded)
        name = single_line(attachment.filename, 80)
        if loaded.genuine:
            check = EvidenceCheck(
                attachment.id,
                name,
                True,
                f"✓ {name}: matches the SHA-256 recorded at decision time.",
            )
        else:
            check = EvidenceCheck(
                attachment.id,
                name,
                False,
                f"✗ {name}: DOES NOT MATCH the SHA-256 recorded at decision time "
                f"(then {attachment.sha256[:16]}…, now {loaded.integrity.actual[:16]}…).",
            )
        self._record(check)

    def _on_failed(self, attachment: Attachment, error: Exception, connection: Connection) -> None:
        again = lambda: self._load(attachment, connection)  # noqa: E731
        if connection.check_error(error, again) is Refusal.STALE:
            return  # downloaded again with the new session
        name = single_line(attachment.filename, 80)
        self.case_view.show_image_error(attachment.id, describe_error(error))
        self._record(
            EvidenceCheck(
                attachment.id,
                name,
                None,
                f"? {name}: could not be downloaded to check it. {describe_error(error)}",
            )
        )

    def _record(self, check: EvidenceCheck) -> None:
        self._checks[check.attachment_id] = check
        ordered = [self._checks[key] for key in self._expected if key in self._checks]
        waiting = len(self._expected) - len(ordered)
        self.evidence_lines.setText(f"Checking {waiting} more file(s)…" if waiting else "")
        self.evidence_lines.setVisible(bool(waiting))
        self._show_check_lines(ordered)
        mismatched = [c.filename for c in ordered if c.matches is False]
        if mismatched:
            self.mismatch_banner.setText(
                "EVIDENCE DOES NOT MATCH what the moderator saw: "
                + ", ".join(mismatched)
                + " changed since the decision (SHA-256 differs from the one recorded then)."
            )
            self.mismatch_banner.show()
        if len(self._checks) == len(self._expected):
            self.evidence_checked.emit(ordered)

    def _show_check_lines(self, checks: Sequence[EvidenceCheck]) -> None:
        for label in self.check_labels:
            self._evidence_layout.removeWidget(label)
            label.deleteLater()
        self.check_labels = []
        for check in checks:
            label = plain_label(check.message, accessible_name="Evidence file check", wrap=True)
            label.setStyleSheet(MATCH_STYLE if check.matches else PROBLEM_STYLE)
            self._evidence_layout.addWidget(label)
            self.check_labels.append(label)

    def checks(self) -> list[EvidenceCheck]:
        """The files checked so far, in the snapshot's order."""
        return [self._checks[key] for key in self._expected if key in self._checks]

    def mismatch_text(self) -> str:
        """The red banner's sentence ("" while every file matches)."""
        return self.mismatch_banner.text() if not self.mismatch_banner.isHidden() else ""
