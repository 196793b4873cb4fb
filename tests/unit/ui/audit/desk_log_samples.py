"""Log entries for the audit desk's unit tests: a correctly chained run, and ways to break it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reviewdesk.api.models import LogContext, LogEntry, LogRecord, ModeratorOut
from reviewdesk.domain.audit_enums import LogEntryKind
from reviewdesk.domain.enums import Category, Outcome, Role, SubjectKind, Surface
from reviewdesk.domain.log_chain import GENESIS_HASH, entry_hash

MODERATOR = ModeratorOut(id="7", username="mei", display_name="王美玲", role=Role.AGENT)
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def chained_log(count: int) -> list[LogEntry]:
    """``count`` decision entries, seq 1..count, each chained to the one before."""
    entries: list[LogEntry] = []
    previous = GENESIS_HASH
    for seq in range(1, count + 1):
        record = LogRecord(
            seq=seq,
            kind=LogEntryKind.DECISION,
            recorded_at=START + timedelta(minutes=seq),
            acted_at=START + timedelta(minutes=seq),
            decision_id=str(100 + seq),
            case_id=str(200 + seq),
            actor_id="7",
            outcome=Outcome.WARN if seq % 2 else Outcome.NO_VIOLATION,
            clause_ids=["HAR-1"] if seq % 2 else [],
            note=f"Note {seq}: <b>not bold</b>",
        )
        digest = entry_hash(previous, record.model_dump(mode="json"))
        entries.append(
            LogEntry(
                record=record,
                prev_hash=previous,
                hash=digest,
                context=LogContext(
                    actor=MODERATOR,
                    member_id=f"m-{seq}",
                    member_name="سارة",
                    subject_kind=SubjectKind.ACCOUNT,
                    category=Category.HARASSMENT,
                    surface=Surface.CHAT,
                ),
            )
        )
        previous = digest
    return entries


def with_note(entry: LogEntry, note: str) -> LogEntry:
    """``entry`` with its record's note rewritten and its hashes left as they were."""
    return entry.model_copy(update={"record": entry.record.model_copy(update={"note": note})})
