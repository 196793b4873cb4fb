"""Log entries for the audit tests: a valid chain built the way the service builds it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from reviewdesk.api.models import LogContext, LogEntry, LogRecord, ModeratorOut
from reviewdesk.domain.enums import Category, Outcome, Role, SubjectKind, Surface
from reviewdesk.domain.log_chain import GENESIS_HASH, entry_hash

DECIDED = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
POSTED = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
AGENT = ModeratorOut(id="7", username="agent7", display_name="Agent Seven", role=Role.AGENT)


def context(**changes: Any) -> LogContext:
    fields: dict[str, Any] = {
        "actor": AGENT,
        "member_id": "m-1",
        "member_name": "Mina Park",
        "subject_kind": SubjectKind.CONTENT,
        "category": Category.SPAM,
        "surface": Surface.COMMENT,
        "content_id": "c-1",
        "content_posted_at": POSTED,
        "member_reported": True,
        "clause_categories": [Category.SPAM],
        "catalogue_version": "v1",
    }
    fields.update(changes)
    return LogContext(**fields)


def record(seq: int = 1, **changes: Any) -> LogRecord:
    fields: dict[str, Any] = {
        "seq": seq,
        "kind": "decision",
        "recorded_at": DECIDED + timedelta(minutes=seq),
        "acted_at": DECIDED + timedelta(minutes=seq),
        "decision_id": str(100 + seq),
        "case_id": str(200 + seq),
        "actor_id": "7",
        "outcome": Outcome.REMOVE_CONTENT,
        "clause_ids": ["spam-1"],
        "note": "Advertising a paid course in a comment.",
        "member_message": "We removed your comment: adverts are not allowed.",
    }
    fields.update(changes)
    return LogRecord(**fields)


def entry(
    prev_hash: str = GENESIS_HASH, entry_context: LogContext | None = None, **changes: Any
) -> LogEntry:
    rec = record(**changes)
    return LogEntry(
        record=rec,
        prev_hash=prev_hash,
        hash=entry_hash(prev_hash, rec.model_dump(mode="json")),
        context=entry_context or context(),
    )


def chain(count: int) -> list[LogEntry]:
    entries: list[LogEntry] = []
    previous = GENESIS_HASH
    for seq in range(1, count + 1):
        item = entry(prev_hash=previous, seq=seq, note=f"Entry number {seq}")
        entries.append(item)
        previous = item.hash
    return entries
