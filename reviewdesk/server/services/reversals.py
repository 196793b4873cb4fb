"""Reversing a batch: a senior moderator undoes every decision of one bulk decision.

:func:`record_reversal` is the one place a reversal is recorded (so an audit
chain can wrap it): the reversal row (batch, who, when, reason, idempotency
key), each decision of the batch marked reversed, its strikes lifted, its case
reopened where nothing has moved on since, one ``reversal`` entry on the
enforcement feed for each decision the platform was told to enforce, and one
``reversal`` entry chained onto the decision log for each decision reversed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reviewdesk.api.models import BatchReversalIn, BatchReversalOut
from reviewdesk.domain.audit_enums import LogEntryKind
from reviewdesk.domain.enums import STATUS_AFTER, CaseStatus, Role, role_allows
from reviewdesk.server.errors import Conflict, Forbidden, NotFound, Unprocessable
from reviewdesk.server.services.audit_log import EntrySources, append_entry
from reviewdesk.server.services.catalogue_versions import current_catalogue_id
from reviewdesk.server.services.idempotency import earlier_request, fingerprint_of
from reviewdesk.server.services.wire import decision_out, moderator_out
from reviewdesk.server.tables import (
    BatchReversalRow,
    CaseRow,
    DecisionRow,
    FeedRow,
    LogEntryRow,
    ModeratorRow,
    StrikeRow,
)

REVERSALS_ARE_FOR_SENIORS = "Only senior moderators and admins may reverse a batch."
REVERSAL_KEY_REUSED = (
    "This Idempotency-Key was already used for a different reversal; "
    "send a new key with a new reversal."
)
NO_REASON = "A reversal needs a reason saying why the batch is undone."


@dataclass(frozen=True)
class ReversalResult:
    """A recorded reversal, and whether it was recorded earlier under the same key."""

    reversal: BatchReversalOut
    replayed: bool


def reversal_out(session: Session, row: BatchReversalRow) -> BatchReversalOut:
    """A recorded reversal as the API shows it, with the decisions it reversed."""
    reverser = session.get(ModeratorRow, row.moderator_id)
    assert reverser is not None
    decisions = session.execute(
        select(DecisionRow, ModeratorRow)
        .join(ModeratorRow, ModeratorRow.id == DecisionRow.moderator_id)
        .where(DecisionRow.reversal_id == row.id)
        .order_by(DecisionRow.id)
    ).all()
    reopened = session.scalars(
        select(CaseRow.id)
        .where(CaseRow.id.in_([decision.case_id for decision, _ in decisions]))
        .where(CaseRow.status == CaseStatus.OPEN)
        .order_by(CaseRow.id)
    ).all()
    return BatchReversalOut(
        id=str(row.id),
        batch_id=row.batch_id,
        reversed_by=moderator_out(reverser),
        reversed_at=row.reversed_at,
        reason=row.reason,
        decisions=[decision_out(decision, decider) for decision, decider in decisions],
        reopened_case_ids=[str(case_id) for case_id in reopened],
    )


def record_reversal(
    session: Session,
    batch_id: str,
    moderator: ModeratorRow,
    reversal: BatchReversalIn,
    idempotency_key: str | None,
    now: datetime,
) -> ReversalResult:
    """Reverse every decision of ``batch_id`` as ``moderator`` (not committed here).

    Raises 403 for an agent, 404 for a batch no decision belongs to, 409 for a
    batch reversed already (under another key), 422 for a blank reason or a
    key used for another reversal. A replay under the same key returns the
    reversal recorded first.
    """
    if not role_allows(moderator.role, Role.SENIOR):
        raise Forbidden(REVERSALS_ARE_FOR_SENIORS)
    fingerprint = fingerprint_of(batch_id, reversal)
    if idempotency_key is not None:
        earlier = earlier_request(
            session, BatchReversalRow, moderator, idempotency_key, fingerprint, REVERSAL_KEY_REUSED
        )
        if earlier is not None:
            return ReversalResult(reversal_out(session, earlier), replayed=True)
    if not reversal.reason.strip():
        raise Unprocessable(NO_REASON)
    decisions = session.scalars(
        select(DecisionRow).where(DecisionRow.batch_id == batch_id).order_by(DecisionRow.id)
    ).all()
    if not decisions:
        raise NotFound(f"There is no batch '{batch_id[:100]}': no decision was made in it.")
    done = session.scalar(select(BatchReversalRow).where(BatchReversalRow.batch_id == batch_id))
    if done is not None:
        by = session.get(ModeratorRow, done.moderator_id)
        who = by.display_name if by is not None else "another moderator"
        raise Conflict(
            f"Batch {batch_id} was already reversed by {who} at "
            f"{done.reversed_at:%Y-%m-%d %H:%M} UTC."
        )
    row = BatchReversalRow(
        batch_id=batch_id,
        moderator_id=moderator.id,
        reversed_at=now,
        reason=reversal.reason,
        idempotency_key=idempotency_key,
        fingerprint=fingerprint,
    )
    session.add(row)
    session.flush()
    for decision in decisions:
        _reverse_decision(session, decision, row)
    session.flush()
    for decision in decisions:
        _log_reversal(session, decision, row)
    return ReversalResult(reversal_out(session, row), replayed=False)


def _reverse_decision(session: Session, decision: DecisionRow, reversal: BatchReversalRow) -> None:
    """Mark one decision reversed, lift its strikes, reopen its case, tell the platform."""
    decision.reversal_id = reversal.id
    session.execute(delete(StrikeRow).where(StrikeRow.decision_id == decision.id))
    enforced = session.scalar(
        select(FeedRow).where(FeedRow.decision_id == decision.id, FeedRow.reversal_id.is_(None))
    )
    if enforced is not None:
        session.add(
            FeedRow(
                decision_id=decision.id,
                member_id=enforced.member_id,
                content_id=enforced.content_id,
                reversal_id=reversal.id,
            )
        )
    case = session.get(CaseRow, decision.case_id)
    assert case is not None
    if case.status is STATUS_AFTER[decision.outcome] and _is_latest(session, decision):
        _reopen(session, case)


def _log_reversal(session: Session, decision: DecisionRow, reversal: BatchReversalRow) -> None:
    """Chain one ``reversal`` entry for ``decision`` onto the decision log (same transaction)."""
    case = session.get(CaseRow, decision.case_id)
    assert case is not None
    entry = LogEntryRow(
        kind=LogEntryKind.REVERSAL, reversal_id=reversal.id, recorded_at=reversal.reversed_at
    )
    append_entry(
        session,
        EntrySources(entry, decision, reversal=reversal),
        case,
        [],
        current_catalogue_id(session),
    )


def _is_latest(session: Session, decision: DecisionRow) -> bool:
    """True when no decision on the case came after ``decision``."""
    newest = session.scalar(
        select(func.max(DecisionRow.id)).where(DecisionRow.case_id == decision.case_id)
    )
    return newest == decision.id


def _reopen(session: Session, case: CaseRow) -> None:
    """Put the case back in the queue, unless a newer case on its subject is open already."""
    if case.status is CaseStatus.DECIDED:
        other = session.scalar(
            select(CaseRow.id).where(
                CaseRow.subject_kind == case.subject_kind,
                CaseRow.open_subject_key == case.subject_key,
                CaseRow.id != case.id,
            )
        )
        if other is not None:
            return  # the subject's reports now gather in that case; this one stays closed
    case.status = CaseStatus.OPEN
    case.open_subject_key = case.subject_key
    case.outcome = None
    case.decided_at = None
    case.claim_moderator_id = None
    case.claim_expires_at = None
