"""Bulk decisions: many decisions in one request, and a senior's reversal of a whole batch."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewdesk.api.models import (
    BatchDecisionItem,
    BatchDecisionsIn,
    BatchDecisionsOut,
    BatchItemResult,
    BatchReversalIn,
    BatchReversalOut,
    Identifier,
)
from reviewdesk.server.errors import AlreadyDecided, ApiError, Conflict
from reviewdesk.server.routes.deps import (
    CONCURRENT_WRITE,
    WRITE_ATTEMPTS,
    ContextDep,
    ModeratorDep,
    SessionDep,
    commit_with_retry,
    error_responses,
    idempotency_key_of,
)
from reviewdesk.server.services.audit_log import ChainTail
from reviewdesk.server.services.decision_batch import (
    PreparedBatch,
    batch_turn,
    hold_write_lock,
    prepare_batch,
)
from reviewdesk.server.services.decisions import DecisionResult, record_decision
from reviewdesk.server.services.reversals import record_reversal
from reviewdesk.server.tables import ModeratorRow

router = APIRouter(tags=["batches"])


class _SliceNeedsSavepoints(Exception):
    """An item failed after changing rows, with no savepoint to undo it alone."""


#: Items recorded in one transaction (the write lock is held about 0.3 s). Writers
#: take turns in arrival order (``write_turns``): a claim or single decision
#: asked for meanwhile goes right after this transaction, before the next one.
TRANSACTION_ITEMS = 100


def _decide_one(
    session: Session,
    item: BatchDecisionItem,
    moderator: ModeratorRow,
    context: ContextDep,
    prepared: PreparedBatch,
    savepoints: bool,
) -> BatchItemResult:
    """Record one item as ``POST /v1/cases/{id}/decisions`` would; a failing item alone is undone.

    With ``savepoints`` the item runs under a savepoint of its own; without,
    see :func:`_record_without_savepoint`. Either way the items before a
    failing one stay recorded and chained.
    """
    key = item.idempotency_key
    now = context.settings.now()
    record = _record_under_savepoint if savepoints else _record_without_savepoint
    try:
        result = record(session, item, moderator, now, prepared)
    except AlreadyDecided as conflict:
        prepared.item_done(item.case_id, key)
        return BatchItemResult(
            case_id=item.case_id,
            idempotency_key=key,
            status="conflict",
            status_code=409,
            detail=conflict.detail,
            decision=conflict.decision,
        )
    except ApiError as error:
        prepared.item_done(item.case_id, key)
        return BatchItemResult(
            case_id=item.case_id,
            idempotency_key=key,
            status="conflict" if error.status_code == 409 else "refused",
            status_code=error.status_code,
            detail=error.detail,
        )
    except BaseException:
        prepared.item_done(item.case_id, key)
        raise
    replayed = result.replayed
    prepared.item_done(item.case_id, key, None if replayed else result.decision)
    return BatchItemResult(
        case_id=item.case_id,
        idempotency_key=key,
        status="replayed" if replayed else "recorded",
        status_code=200 if replayed else 201,
        decision=result.decision,
    )


def _record_under_savepoint(
    session: Session,
    item: BatchDecisionItem,
    moderator: ModeratorRow,
    now: datetime,
    prepared: PreparedBatch,
) -> DecisionResult:
    """``record_decision`` for one item; on any failure its writes alone are undone.

    A unique key clash (a concurrent writer) is retried a few times, as
    ``commit_with_retry`` does for a single decision.
    """
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        tail = prepared.checkpoint()
        try:
            with session.begin_nested():
                result = _record_item(session, item, moderator, now, prepared)
        except IntegrityError:
            _undone(session, prepared, tail)
            prepared.clashed(session, item.case_id, item.idempotency_key)
            if attempt == WRITE_ATTEMPTS:
                raise Conflict(CONCURRENT_WRITE) from None
        except BaseException:
            _undone(session, prepared, tail)
            raise
        else:
            prepared.later.item_kept()
            return result
    raise AssertionError("unreachable: the last attempt returns or raises")


def _record_without_savepoint(
    session: Session,
    item: BatchDecisionItem,
    moderator: ModeratorRow,
    now: datetime,
    prepared: PreparedBatch,
) -> DecisionResult:
    """``record_decision`` for one item with no savepoint (on SQLite, which counts changed rows).

    A savepoint per item took about a fifth of a batch's time. The usual
    refusals (decided already, claimed by someone else, invalid) come before
    the item changes any row: such an item is undone by forgetting what it
    set in memory, as after rolling back to a savepoint. An item that fails
    after changing rows, or on a unique key clash, cannot be undone alone:
    :class:`_SliceNeedsSavepoints` has the whole slice recorded again, each
    item under a savepoint.
    """
    tail = prepared.checkpoint()
    before = _changed_rows(session)
    try:
        result = _record_item(session, item, moderator, now, prepared)
        session.flush()  # as releasing a savepoint does: nothing of the item is left pending
    except (AlreadyDecided, ApiError):
        if _changed_rows(session) != before or session.new or session.dirty or session.deleted:
            raise _SliceNeedsSavepoints from None
        _undone(session, prepared, tail)
        raise
    except IntegrityError:
        raise _SliceNeedsSavepoints from None
    except BaseException:
        _undone(session, prepared, tail)
        raise
    prepared.later.item_kept()
    return result


def _record_item(
    session: Session,
    item: BatchDecisionItem,
    moderator: ModeratorRow,
    now: datetime,
    prepared: PreparedBatch,
) -> DecisionResult:
    return record_decision(
        session, item.case_id, moderator, item.decision, item.idempotency_key, now, prepared
    )


def _changed_rows(session: Session) -> int | None:
    """The rows this session's SQLite connection has changed since it opened; None elsewhere."""
    connection = session.connection().connection.dbapi_connection
    return connection.total_changes if isinstance(connection, sqlite3.Connection) else None


def _record_slice(
    session: Session,
    items: list[BatchDecisionItem],
    moderator: ModeratorRow,
    context: ContextDep,
    savepoints: bool,
) -> list[BatchItemResult]:
    """Record ``items`` in one write transaction and commit it; their answers, in order.

    Without ``savepoints`` only where the connection counts changed rows (SQLite).
    """
    hold_write_lock(session)
    prepared = prepare_batch(
        session, moderator, [(item.case_id, item.idempotency_key) for item in items]
    )
    savepoints = savepoints or _changed_rows(session) is None
    # Each recorded decision re-weighed its reporters' open cases (record_decision):
    # no whole-queue refresh is needed, which with 100,000 cases would take seconds.
    results = [
        _decide_one(session, item, moderator, context, prepared, savepoints) for item in items
    ]
    prepared.later.run(session)  # the kept items' feed entries, snapshots, search text
    # Ends this writer's turn: writers that asked meanwhile go before the next slice.
    session.commit()
    return results


def _undone(session: Session, prepared: PreparedBatch, tail: ChainTail) -> None:
    """After an item was undone (its savepoint rolled back, or it changed no row): forget
    what it set in memory."""
    prepared.rolled_back(tail)
    prepared.later.item_dropped()
    # Values set as already stored (the case just closed) must be read again.
    session.expire_all()


@router.post(
    "/decisions/batch", response_model=BatchDecisionsOut, responses=error_responses(401, 422)
)
def decide_batch(
    batch: BatchDecisionsIn, session: SessionDep, context: ContextDep, moderator: ModeratorDep
) -> Response:
    """Decide up to 200 cases in one request, each with its own idempotency key.

    Each item is recorded with exactly the rules of
    ``POST /v1/cases/{case_id}/decisions`` (in transactions of up to 100
    items; a failing item changes nothing, see ``_decide_one``), and
    gets its own answer: ``recorded`` (201), ``replayed`` (200: the decision
    recorded first under its key), ``conflict`` (409: with the decision that
    stands, or without one when someone else's claim stood in the way) or
    ``refused`` (4xx, with the reason). The answer lists the items in the
    order posted.
    """
    results: list[BatchItemResult] = []
    for start in range(0, len(batch.items), TRANSACTION_ITEMS):
        chunk = batch.items[start : start + TRANSACTION_ITEMS]
        with batch_turn():
            try:
                results.extend(_record_slice(session, chunk, moderator, context, False))
            except _SliceNeedsSavepoints:
                session.rollback()  # nothing of the slice stays; it is recorded again
                results.extend(_record_slice(session, chunk, moderator, context, True))
    # Built from validated models: serialised once, not validated again on the way out.
    answer = BatchDecisionsOut(items=results)
    return Response(content=answer.model_dump_json(), media_type="application/json")


@router.post(
    "/batches/{batch_id}/reversal",
    status_code=201,
    responses={
        200: {"model": BatchReversalOut, "description": "A replay: the reversal recorded first."},
        **error_responses(400, 401, 403, 404, 409, 422),
    },
)
def reverse_batch(
    batch_id: Identifier,
    reversal: BatchReversalIn,
    response: Response,
    session: SessionDep,
    context: ContextDep,
    moderator: ModeratorDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> BatchReversalOut:
    """Reverse every decision of a batch, saying why (senior moderators and admins only).

    Each decision is marked reversed, its strikes are lifted, its case goes
    back to the queue (unless a newer decision or case took its place), and
    the feed gets one ``reversal`` entry per decision the platform enforced.
    Send an ``Idempotency-Key`` to retry safely; a batch reversed already
    answers 409 naming who reversed it.
    """
    key = idempotency_key_of(idempotency_key)
    now = context.settings.now()
    result = commit_with_retry(
        session, lambda: record_reversal(session, batch_id, moderator, reversal, key, now)
    )
    if result.replayed:
        response.status_code = 200
    else:
        context.refresher.invalidate()
    return result.reversal
