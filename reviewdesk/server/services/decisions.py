"""Recording decisions: validation, idempotent replay, a race-safe close, and effects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Table, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from reviewdesk.api.models import DecisionIn, DecisionOut
from reviewdesk.domain.audit_enums import LogEntryKind
from reviewdesk.domain.decision_rules import decision_problems
from reviewdesk.domain.enums import (
    FINAL_OUTCOMES,
    STATUS_AFTER,
    STRIKE_OUTCOMES,
    CaseStatus,
    Role,
    role_allows,
)
from reviewdesk.server.errors import AlreadyDecided, Conflict, Forbidden, Unprocessable
from reviewdesk.server.services.audit_log import EntrySources, append_entry, case_search_text
from reviewdesk.server.services.catalogue import current_catalogue
from reviewdesk.server.services.claims import (
    ESCALATIONS_ARE_FOR_SENIORS,
    claim_conflict,
    free_for_bound,
    held_by_other,
)
from reviewdesk.server.services.decision_batch import PreparedBatch
from reviewdesk.server.services.decision_log import closing_decision
from reviewdesk.server.services.idempotency import earlier_request, fingerprint_of
from reviewdesk.server.services.lookup import get_case
from reviewdesk.server.services.plain_insert import insert_row
from reviewdesk.server.services.priority import refresh_after_decision
from reviewdesk.server.services.snapshots import handling_seconds, store_snapshot, take_snapshot
from reviewdesk.server.services.wire import decision_out
from reviewdesk.server.tables import (
    AttachmentRow,
    CaseRow,
    DecisionRow,
    FeedRow,
    LogEntryRow,
    ModeratorRow,
    StrikeRow,
)

_CASES = cast(Table, CaseRow.__table__)
_FEED_ENTRY = insert(cast(Table, FeedRow.__table__))

KEY_REUSED = (
    "This Idempotency-Key was already used for a different decision; "
    "send a new key with a new decision."
)


@dataclass(frozen=True)
class DecisionResult:
    """A recorded decision, and whether it was recorded earlier under the same key."""

    decision: DecisionOut
    replayed: bool


def request_fingerprint(shown_case_id: str, decision: DecisionIn) -> str:
    """Identifies one decision request, so a replay can be told from a different request.

    A decision outside any batch is fingerprinted as before batches existed,
    so a retry of a decision recorded by an older service still replays.
    """
    if decision.batch_id is None:
        return fingerprint_of(shown_case_id, _WithoutBatch.of(decision))
    return fingerprint_of(shown_case_id, decision)


class _WithoutBatch(BaseModel):
    """A decision's fields as fingerprinted before ``batch_id`` existed (same JSON)."""

    model_config = ConfigDict(extra="allow")

    @classmethod
    def of(cls, decision: DecisionIn) -> _WithoutBatch:
        return cls.model_validate(decision.model_dump(mode="json", exclude={"batch_id"}))


def _replay(
    session: Session, moderator: ModeratorRow, idempotency_key: str, fingerprint: str
) -> DecisionResult | None:
    earlier = earlier_request(
        session, DecisionRow, moderator, idempotency_key, fingerprint, KEY_REUSED
    )
    if earlier is None:
        return None
    return DecisionResult(decision_out(earlier, moderator), replayed=True)


def _already_decided(session: Session, case: CaseRow) -> AlreadyDecided | Conflict:
    closing = closing_decision(session, case.id)
    if closing is None:
        return Conflict(f"Case {case.id} is already decided.")
    return AlreadyDecided(
        f"Case {case.id} was already decided by {closing.moderator.display_name}: "
        f"{closing.outcome.value}.",
        closing,
    )


def _close_statement(decided: bool) -> Update:
    """The race-safe UPDATE closing a case (built once per kind; values are bound)."""
    cases = _CASES.c
    values: dict[str, object] = {
        "status": bindparam("new_status"),
        "claim_moderator_id": None,
        "claim_expires_at": None,
    }
    if decided:
        values.update(
            open_subject_key=None, outcome=bindparam("outcome"), decided_at=bindparam("now")
        )
    return (
        update(_CASES)
        .where(
            cases.id == bindparam("case_id"),
            cases.status == bindparam("observed"),
            free_for_bound(),
        )
        .values(**values)
    )


_CLOSE = {decided: _close_statement(decided) for decided in (False, True)}


def _close_case(
    session: Session, case: CaseRow, moderator: ModeratorRow, decision: DecisionIn, now: datetime
) -> None:
    """Move the case to its next status unless someone changed it first; raise 409 then."""
    observed = case.status
    new_status = STATUS_AFTER[decision.outcome]
    decided = new_status is CaseStatus.DECIDED
    values: dict[str, object] = {
        "status": new_status,
        "claim_moderator_id": None,
        "claim_expires_at": None,
    }
    if decided:
        values.update(open_subject_key=None, outcome=decision.outcome, decided_at=now)
    # A plain table UPDATE (the loaded case is brought up to date below).
    result = session.connection().execute(
        _CLOSE[decided],
        {
            "case_id": case.id,
            "observed": observed,
            "moderator_id": moderator.id,
            "now": now,
            "new_status": new_status,
            "outcome": decision.outcome,
        },
    )
    if result.rowcount == 1:
        # The loaded case now matches the row; no need to read it back.
        for key, value in values.items():
            set_committed_value(case, key, value)
        return
    session.refresh(case)
    if case.status is CaseStatus.DECIDED:
        raise _already_decided(session, case)
    if held_by_other(case, moderator, now):
        raise claim_conflict(session, case)
    raise Conflict(
        f"Case {case.id} changed while you were deciding (it is now {case.status.value}); "
        "reload it and decide again."
    )


def _revealed_problems(session: Session, case: CaseRow, revealed: list[str]) -> list[str]:
    """A sentence for revealed attachment ids that are not attachments of ``case``."""
    if not revealed:
        return []
    own = {
        str(attachment_id)
        for attachment_id in session.scalars(
            select(AttachmentRow.id).where(AttachmentRow.case_id == case.id)
        )
    }
    strangers = sorted(set(revealed) - own)
    if not strangers:
        return []
    return [
        f"Revealed attachments must belong to case {case.id}; these do not: "
        + ", ".join(strangers[:5])
        + ("…" if len(strangers) > 5 else "")
        + "."
    ]


def record_decision(
    session: Session,
    shown_case_id: str,
    moderator: ModeratorRow,
    decision: DecisionIn,
    idempotency_key: str,
    now: datetime,
    prepared: PreparedBatch | None = None,
) -> DecisionResult:
    """Decide a case as ``moderator``; a replay of the same request returns the first result.

    Raises 404 for an unknown case, 422 for an invalid decision or a reused key,
    403 when an agent decides an escalated case, 409 when the case is decided
    already (:class:`AlreadyDecided`) or claimed by someone else. ``prepared``
    is what a batch read in advance for its items (see ``decision_batch``).
    """
    fingerprint = request_fingerprint(shown_case_id, decision)
    if prepared is None or not prepared.key_unused(idempotency_key):
        replay = _replay(session, moderator, idempotency_key, fingerprint)
        if replay is not None:
            return replay
    try:
        row = _record(
            session,
            shown_case_id,
            moderator,
            decision,
            (idempotency_key, fingerprint),
            now,
            prepared,
        )
    except (AlreadyDecided, Conflict):
        # A concurrent request with the same key may have won the race: then
        # this request is its replay, not a conflict.
        replay = _replay(session, moderator, idempotency_key, fingerprint)
        if replay is not None:
            return replay
        raise
    return DecisionResult(decision_out(row, moderator), replayed=False)


def _record(
    session: Session,
    shown_case_id: str,
    moderator: ModeratorRow,
    decision: DecisionIn,
    request_key: tuple[str, str],
    now: datetime,
    prepared: PreparedBatch | None = None,
) -> DecisionRow:
    """Validate, close the case race-safely, and store the decision with its effects.

    ``request_key`` is the idempotency key and the request's fingerprint.
    """
    case = get_case(session, shown_case_id)
    known_clauses = {clause.id for clause in current_catalogue(session).clauses}
    problems = decision_problems(
        decision.outcome,
        decision.clause_ids,
        decision.duration_days,
        decision.note,
        known_clause_ids=known_clauses,
    )
    problems.extend(_revealed_problems(session, case, decision.revealed_attachment_ids))
    if problems:
        raise Unprocessable(" ".join(problems))
    if case.status is CaseStatus.DECIDED:
        raise _already_decided(session, case)
    if case.status is CaseStatus.ESCALATED and not role_allows(moderator.role, Role.SENIOR):
        raise Forbidden(ESCALATIONS_ARE_FOR_SENIORS)
    if held_by_other(case, moderator, now):
        raise claim_conflict(session, case)
    snapshot = take_snapshot(session, case, moderator, prepared.pieces if prepared else None)
    _close_case(session, case, moderator, decision, now)

    row = decision_row(
        case.id, moderator.id, decision, now, request_key, batch_id=decision.batch_id
    )
    insert_row(session, row, new_id=True)  # a plain INSERT; the row is only read from here on
    if decision.outcome in STRIKE_OUTCOMES:
        session.add_all(
            StrikeRow(
                member_id=case.member_id,
                case_id=case.id,
                decision_id=row.id,
                clause_id=clause_id,
                outcome=decision.outcome,
                issued_at=now,
            )
            for clause_id in decision.clause_ids
        )
    # A batch stores the rows nothing reads back (feed, snapshot, search text) at its end.
    later = prepared.later if prepared is not None else None
    if decision.outcome in FINAL_OUTCOMES:
        feed = {"decision_id": row.id, "member_id": case.member_id, "content_id": case.content_id}
        if later is not None:
            later.add(_FEED_ENTRY, feed)
        else:
            session.connection().execute(_FEED_ENTRY, feed)
    store_snapshot(session, row, snapshot, later)
    search_parts = prepared.search_parts.get(case.id) if prepared is not None else None
    append_entry(  # flushes the decision's strikes with its own row
        session,
        EntrySources(LogEntryRow(kind=LogEntryKind.DECISION, recorded_at=now), row),
        case,
        search_parts if search_parts is not None else case_search_text(session, case),
        snapshot.catalogue_id,
        handling_seconds(snapshot, now),
        prepared.tail if prepared is not None else None,
        later,
    )
    # The reporters' track records changed: their other open cases weigh anew
    # (a batch knows which cases only detectors reported: nothing to weigh there).
    if prepared is None or prepared.reported_by_members(case.id):
        refresh_after_decision(session, case.id, now)
    return row


def decision_row(
    case_id: int,
    moderator_id: int,
    decision: DecisionIn,
    now: datetime,
    request_key: tuple[str, str],
    batch_id: str | None = None,
) -> DecisionRow:
    """A new decision row: ``decision`` as recorded ``now`` under (idempotency key, fingerprint)."""
    return DecisionRow(
        case_id=case_id,
        moderator_id=moderator_id,
        outcome=decision.outcome,
        clause_ids=list(decision.clause_ids),
        duration_days=decision.duration_days,
        note=decision.note,
        member_message=decision.member_message,
        reporter_message=decision.reporter_message,
        revealed_attachment_ids=list(decision.revealed_attachment_ids),
        decided_at=now,
        idempotency_key=request_key[0],
        fingerprint=request_key[1],
        batch_id=batch_id,
    )
