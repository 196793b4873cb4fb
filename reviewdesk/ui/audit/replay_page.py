"""The replay of one past decision, and its second review.

Left: what the moderator did (outcome, clauses, what they revealed, their
note, what was sent to the member and the reporter) and the review form.
Centre and right: the case as they saw it (:class:`SnapshotView`). The
replay is fetched on a worker; a failure keeps the last replay and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QScrollArea, QSplitter, QVBoxLayout, QWidget

from reviewdesk.api.models import LogEntry, PolicyClause, Replay, ReviewIn, ReviewOut
from reviewdesk.domain.audit_enums import ReviewVerdict
from reviewdesk.domain.enums import OUTCOME_TITLES
from reviewdesk.ui.audit import audit_requests
from reviewdesk.ui.audit.log_model import VERDICT_TITLES
from reviewdesk.ui.audit.review_form import ReviewForm
from reviewdesk.ui.audit.snapshot_view import Snapshot, SnapshotView
from reviewdesk.ui.case.plain_widgets import plain_label, plain_text_box, section_box
from reviewdesk.ui.case.text_format import format_timestamp, plural, single_line
from reviewdesk.ui.connection import STALE_SESSION_SENTENCE, Connection, Refusal
from reviewdesk.ui.error_banner import describe_error
from reviewdesk.ui.tasks import TaskRunner

REPLAY_SCOPE = "audit-replay"
EVIDENCE_SCOPE = "audit-replay-evidence"


def decision_line(replay: Replay) -> str:
    """``Suspend 7 days · H-2.1 · by Name (user) · 2026-11-20 14:02``."""
    decision = replay.decision
    outcome = OUTCOME_TITLES[decision.outcome]
    if decision.duration_days is not None:
        outcome += f" {plural(decision.duration_days, 'day')}"
    parts = [outcome]
    if decision.clause_ids:
        parts.append(", ".join(decision.clause_ids))
    moderator = decision.moderator
    parts.append(f"by {single_line(moderator.display_name, 60)} ({moderator.username})")
    parts.append(format_timestamp(decision.decided_at))
    if decision.batch_id is not None:
        parts.append(f"batch {decision.batch_id}")
    if decision.reversal_id is not None:
        parts.append("reversed with its batch")
    return " · ".join(parts)


def review_sentence(replay: Replay) -> str:
    """Whether (and how) the decision was reviewed already ("" when not)."""
    for entry in replay.reviews:
        record = entry.record
        if record.verdict is not None:
            who = single_line(entry.context.actor.display_name, 60)
            return (
                f"{VERDICT_TITLES[record.verdict]} by {who} on "
                f"{format_timestamp(record.recorded_at)}: {single_line(record.note, 300)}"
            )
    return ""


def snapshot_of(replay: Replay) -> Snapshot:
    """The case part of a replay, for the snapshot view."""
    version = replay.catalogue_version or "unknown"
    since = (
        f", in force since {format_timestamp(replay.catalogue_installed_at)}"
        if replay.catalogue_installed_at
        else ""
    )
    return Snapshot(
        summary=replay.summary,
        content=replay.content,
        reports=replay.reports,
        conversations=replay.conversations,
        evidence=replay.evidence,
        history=replay.history,
        clauses=replay.clauses,
        clause_heading=f"Clause text then: catalogue version {version}{since}",
        at=replay.decision.decided_at,
        decisions=[replay.decision],
    )


class ReplayPage(QWidget):
    """A decision replayed: what was done, the case as it was, and the review form."""

    #: A review was recorded (ReviewOut).
    reviewed = Signal(object)
    #: A request failed: (error, retry).
    failed = Signal(object, object)
    #: A request succeeded.
    recovered = Signal()
    #: A replay is shown (Replay).
    replay_shown = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Replay")
        self._runner = runner
        self._connection: Connection | None = None
        self._replay: Replay | None = None
        self._opening: str | None = None
        #: The clauses in force now: what a correction may cite.
        self._catalogue: list[PolicyClause] = []

        self.title = plain_label(
            "No decision open.", accessible_name="Replayed decision", bold=True, wrap=True
        )
        self.decision = plain_label(accessible_name="Decision", wrap=True)
        self.revealed = plain_label(accessible_name="Screenshots revealed", wrap=True)
        self.note = plain_text_box(accessible_name="Moderator's note", minimum_lines=2)
        self.member_message = plain_text_box(accessible_name="Message sent to the member")
        self.reporter_message = plain_text_box(accessible_name="Message sent to the reporter")
        self.review_state = plain_label(accessible_name="Review state", wrap=True)
        line = self.fontMetrics().lineSpacing()
        for box, lines in ((self.note, 5), (self.member_message, 4), (self.reporter_message, 3)):
            box.setMaximumHeight(line * lines + 14)
        self.form = ReviewForm()

        did_box = section_box("What the moderator did")
        did = QVBoxLayout(did_box)
        did.setContentsMargins(6, 4, 6, 6)
        did.setSpacing(3)
        for title, widget in (
            ("", self.decision),
            ("", self.revealed),
            ("Note", self.note),
            ("Sent to the member", self.member_message),
            ("Sent to the reporter", self.reporter_message),
        ):
            if title:
                did.addWidget(plain_label(title, accessible_name=title, bold=True))
            did.addWidget(widget)
        review_box = section_box("Second review")
        review = QVBoxLayout(review_box)
        review.setContentsMargins(6, 4, 6, 6)
        review.addWidget(self.review_state)
        review.addWidget(self.form)

        self.snapshot = SnapshotView(runner, EVIDENCE_SCOPE)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(did_box)
        left_layout.addWidget(self.snapshot.evidence_box)
        left_layout.addWidget(review_box)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(420)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.snapshot)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([470, 1430])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.splitter, 1)
        self.form.submit_requested.connect(self._submit)
        self._show_empty()

    # --- session --------------------------------------------------------------------------

    def attach(self, connection: Connection) -> None:
        """Work through ``connection``."""
        self._connection = connection

    def detach(self) -> None:
        """Forget the session and what was shown."""
        self._connection = None
        self._runner.invalidate(REPLAY_SCOPE)
        self._replay = None
        self._show_empty()

    def set_catalogue(self, clauses: Sequence[PolicyClause]) -> None:
        """The catalogue in force now, whose clauses a correction may cite."""
        self._catalogue = list(clauses)

    @property
    def replay(self) -> Replay | None:
        """The replay shown, if any."""
        return self._replay

    # --- opening ----------------------------------------------------------------------------

    def open_entry(self, entry: LogEntry) -> None:
        """Replay the decision of log entry ``entry`` (a review entry replays its decision)."""
        self.open_decision(entry.record.decision_id)

    def open_decision(self, decision_id: str) -> None:
        """Fetch and show the replay of ``decision_id``."""
        connection = self._connection
        if connection is None:
            return
        self._runner.invalidate(REPLAY_SCOPE)
        self._opening = decision_id
        self.title.setText(f"Opening decision {decision_id}…")
        backend = connection.backend
        self._runner.run(
            lambda: audit_requests.fetch_replay(backend, decision_id),
            self._show,
            lambda error: self._on_failed(error, lambda: self.open_decision(decision_id)),
            scope=REPLAY_SCOPE,
        )

    def _show(self, replay: Replay) -> None:
        self.recovered.emit()
        self._replay = replay
        decision = replay.decision
        self.title.setText(
            f"Replay of decision {decision.id} on case {decision.case_id}: the case as "
            f"{single_line(decision.moderator.display_name, 60)} saw it when deciding"
        )
        self.decision.setText(decision_line(replay))
        names = {r.attachment_id: r.filename for r in replay.evidence}
        revealed = [single_line(names.get(a, a), 60) for a in decision.revealed_attachment_ids]
        self.revealed.setText(
            "Revealed before deciding: " + ", ".join(revealed)
            if revealed
            else "Revealed before deciding: nothing (blurred screenshots stayed blurred)."
        )
        self.note.setPlainText(decision.note or "(no note)")
        self.member_message.setPlainText(decision.member_message or "(nothing sent)")
        self.reporter_message.setPlainText(decision.reporter_message or "(nothing sent)")
        if not replay.snapshot_recorded:
            self.review_state.setText(
                "No snapshot was recorded for this decision: what is shown is the case now."
            )
        already = review_sentence(replay)
        self.review_state.setText(already or "Not reviewed yet.")
        self.form.start(
            decision.case_id,
            replay.summary.member_name,
            self._catalogue or replay.clauses,
            decision.clause_ids,
            already_reviewed=already,
        )
        if self._connection is not None:
            self.snapshot.show_snapshot(snapshot_of(replay), self._connection)
        self.replay_shown.emit(replay)

    def _show_empty(self) -> None:
        self.title.setText("No decision open. Choose one in the log and press Return.")
        for label in (self.decision, self.revealed, self.review_state):
            label.clear()
        for box in (self.note, self.member_message, self.reporter_message):
            box.clear()
        self.form.clear()
        self.snapshot.clear("Open a decision from the log (Return) to replay it.")

    def _on_failed(self, error: Exception, retry: Callable[[], None]) -> None:
        connection = self._connection
        if connection is not None and connection.check_error(error, retry):
            return
        self.title.setText(f"The decision could not be replayed. {describe_error(error)}")
        self.failed.emit(error, retry)

    # --- review -----------------------------------------------------------------------------

    def choose(self, verdict: ReviewVerdict) -> None:
        """Ctrl+Shift+C / Ctrl+Shift+O: start confirming or overturning."""
        self.form.choose(verdict)

    def submit_review(self) -> bool:
        """Ctrl+Return: record the review if the form is complete."""
        return self.form.request_submit()

    def _submit(self, review: ReviewIn) -> None:
        connection, replay = self._connection, self._replay
        if connection is None or replay is None:
            return
        backend, decision_id = connection.backend, replay.decision.id
        self._runner.run(
            lambda: audit_requests.post_review(backend, decision_id, review),
            self._on_reviewed,
            self._on_review_failed,
        )

    def _on_reviewed(self, out: ReviewOut) -> None:
        self.recovered.emit()
        sentence = f"{VERDICT_TITLES[out.verdict]}: recorded as log entry #{out.entry.record.seq}."
        if out.corrected is not None:
            sentence += (
                f" The corrected decision ({OUTCOME_TITLES[out.corrected.outcome]}) goes to the "
                "platform feed and the messages go out."
            )
        self.form.show_result(sentence, done=True)
        self.review_state.setText(sentence)
        self.reviewed.emit(out)

    def _on_review_failed(self, error: Exception) -> None:
        connection = self._connection
        # A review is not sent again by itself (no retry): the moderator records it again.
        refusal = connection.check_error(error) if connection is not None else Refusal.NONE
        if refusal is Refusal.STALE:
            self.form.show_result(STALE_SESSION_SENTENCE.format(what="review"), done=False)
            return
        if refusal:
            self.form.show_result("Sign in again, then record the review.", done=False)
            return
        self.form.show_result(f"The review was not recorded. {describe_error(error)}", done=False)
