"""The decision log as a paged Qt table: one row per log entry, newest first by default."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from reviewdesk.api.models import LogEntry
from reviewdesk.domain.audit_enums import LogEntryKind, ReviewVerdict
from reviewdesk.domain.enums import CATEGORY_TITLES, OUTCOME_TITLES, SURFACE_TITLES
from reviewdesk.ui.audit.paged_model import PagedTableModel, TableColumn
from reviewdesk.ui.case.text_format import format_timestamp, plain_tooltip, single_line
from reviewdesk.ui.tasks import TaskRunner

LOG_SCOPE = "audit-log"
#: The service's sort key for log order (time order).
SORT_RECORDED = "recorded"

#: Characters of a batch id the log table shows (the tooltip has all of it).
BATCH_SHOWN = 8
BROKEN_COLOUR = QColor("#f4b4b4")
AFTER_BREAK_COLOUR = QColor("#fbe3e3")

KIND_TITLES = {
    LogEntryKind.DECISION: "Decision",
    LogEntryKind.REVIEW: "Review",
    LogEntryKind.REVERSAL: "Reversal",
}
VERDICT_TITLES = {ReviewVerdict.CONFIRM: "Confirmed", ReviewVerdict.OVERTURN: "Overturned"}


def review_text(entry: LogEntry) -> str:
    """The review column: the verdict of a review entry, or whether a decision was reviewed."""
    record, context = entry.record, entry.context
    if record.kind is LogEntryKind.REVIEW:
        return VERDICT_TITLES[record.verdict] if record.verdict else "Review"
    if context.review_verdict is not None:
        return VERDICT_TITLES[context.review_verdict]
    return "Reviewed" if context.reviewed else "–"


def entry_text(entry: LogEntry) -> str:
    """The entry column: its kind, and "reversed" on a decision whose batch was reversed."""
    title = KIND_TITLES[entry.record.kind]
    if entry.record.kind is LogEntryKind.DECISION and entry.context.reversed:
        return f"{title} (reversed)"
    return title


def batch_of(entry: LogEntry) -> str | None:
    """The batch a decision was made in (or a reversal undid), if any."""
    return entry.record.batch_id or entry.context.batch_id


def batch_text(entry: LogEntry) -> str:
    """The batch column: the batch id shortened to its first characters (full in the tooltip)."""
    batch = batch_of(entry)
    if batch is None:
        return "–"
    return batch if len(batch) <= BATCH_SHOWN else batch[:BATCH_SHOWN] + "…"


def handling_text(entry: LogEntry) -> str:
    """Handling time as ``4 min 10 s`` (``–`` when the decider had not claimed the case)."""
    seconds = entry.context.handling_seconds
    if seconds is None:
        return "–"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def _note_preview(entry: LogEntry) -> str:
    record = entry.record
    return single_line(record.note or record.member_message or record.reporter_message, 120)


def _note_tooltip(entry: LogEntry) -> str:
    record = entry.record
    parts = [
        f"{title}: {text}"
        for title, text in (
            ("Note", record.note),
            ("To the member", record.member_message),
            ("To the reporter", record.reporter_message),
        )
        if text
    ]
    return plain_tooltip("\n\n".join(parts)) if parts else ""


LOG_COLUMNS: tuple[TableColumn[LogEntry], ...] = (
    TableColumn("#", lambda e: f"{e.record.seq:,}", sort_key=SORT_RECORDED, numeric=True),
    TableColumn(
        "Recorded", lambda e: format_timestamp(e.record.recorded_at), sort_key=SORT_RECORDED
    ),
    TableColumn("Entry", entry_text),
    TableColumn(
        "Moderator",
        lambda e: single_line(e.context.actor.display_name, 40),
        tooltip=lambda e: plain_tooltip(
            f"{e.context.actor.display_name} ({e.context.actor.username})"
        ),
    ),
    TableColumn("Outcome", lambda e: OUTCOME_TITLES[e.record.outcome]),
    TableColumn("Clauses", lambda e: ", ".join(e.record.clause_ids) or "–"),
    TableColumn("Category", lambda e: CATEGORY_TITLES[e.context.category]),
    TableColumn("Surface", lambda e: SURFACE_TITLES[e.context.surface]),
    TableColumn(
        "Member",
        lambda e: single_line(e.context.member_name, 40),
        tooltip=lambda e: plain_tooltip(f"{e.context.member_name} ({e.context.member_id})"),
    ),
    TableColumn("Case", lambda e: e.record.case_id),
    TableColumn("Batch", batch_text, tooltip=lambda e: plain_tooltip(batch_of(e) or "")),
    TableColumn("Second review", review_text),
    TableColumn("Handling", handling_text, numeric=True),
    TableColumn("Note and messages", _note_preview, tooltip=_note_tooltip),
)


class LogModel(PagedTableModel[LogEntry]):
    """Log entries, a page at a time; rows from a chain break on are tinted red."""

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(runner, LOG_COLUMNS, LOG_SCOPE, parent)
        self._broken_seq: int | None = None
        self.set_background(self._colour)

    def mark_break(self, seq: int | None) -> None:
        """Tint the entry with sequence number ``seq`` (and the later ones); None: no break."""
        self._broken_seq = seq
        self.set_background(self._colour)

    def row_of_seq(self, seq: int) -> int | None:
        """The row of the entry with sequence number ``seq``, if loaded."""
        for position, entry in enumerate(self.rows()):
            if entry.record.seq == seq:
                return position
        return None

    def row_of_decision(self, decision_id: str) -> int | None:
        """The row of the decision entry of ``decision_id``, if loaded."""
        for position, entry in enumerate(self.rows()):
            if (
                entry.record.decision_id == decision_id
                and entry.record.kind is LogEntryKind.DECISION
            ):
                return position
        return None

    def _colour(self, entry: LogEntry) -> QColor | None:
        broken = self._broken_seq
        if broken is None:
            return None
        if entry.record.seq == broken:
            return BROKEN_COLOUR
        return AFTER_BREAK_COLOUR if entry.record.seq > broken else None
