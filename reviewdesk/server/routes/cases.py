"""The queue, one case in full, claims and decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from reviewdesk.api.models import (
    CaseDetail,
    CasePage,
    ClaimOut,
    ConflictBody,
    DecisionIn,
    DecisionOut,
    Identifier,
)
from reviewdesk.domain.enums import CaseStatus, Category, Severity, Surface
from reviewdesk.server.errors import BadRequest
from reviewdesk.server.routes.deps import (
    ContextDep,
    ModeratorDep,
    SessionDep,
    commit_with_retry,
    error_responses,
    idempotency_key_of,
)
from reviewdesk.server.services.case_detail import case_detail
from reviewdesk.server.services.claims import claim_case, release_case
from reviewdesk.server.services.decisions import record_decision
from reviewdesk.server.services.queue import QueueQuery, list_cases

router = APIRouter(tags=["cases"])


@router.get("/cases", responses=error_responses(400, 401, 422))
def get_cases(
    session: SessionDep,
    context: ContextDep,
    _moderator: ModeratorDep,
    status: Annotated[list[CaseStatus] | None, Query()] = None,
    category: Annotated[list[Category] | None, Query()] = None,
    surface: Annotated[list[Surface] | None, Query()] = None,
    language: Annotated[list[Identifier] | None, Query()] = None,
    min_severity: Annotated[Severity | None, Query()] = None,
    min_priority: Annotated[float | None, Query(ge=0)] = None,
    q: Annotated[str, Query(max_length=200)] = "",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> CasePage:
    """One page of the queue, most urgent first; repeat a filter to allow several values.

    ``status`` defaults to ``open``. ``q`` matches the preview or the member's
    name. Pass the ``next_cursor`` of a page as ``cursor`` to get the next one.
    """
    now = context.settings.now()
    context.refresher.refresh_if_due(session, now)
    spec = QueueQuery(
        statuses=status if status else (CaseStatus.OPEN,),
        categories=category or (),
        surfaces=surface or (),
        languages=language or (),
        min_severity=min_severity,
        min_priority=min_priority,
        text=q,
        cursor=cursor,
        limit=limit,
    )
    return list_cases(session, spec, now)


@router.get("/cases/{case_id}", responses=error_responses(401, 404))
def get_case(
    case_id: str, session: SessionDep, context: ContextDep, _moderator: ModeratorDep
) -> CaseDetail:
    """One case with its subject, reports, evidence, conversations and decisions."""
    return case_detail(session, case_id, context.settings.now())


@router.post("/cases/{case_id}/claim", responses=error_responses(401, 403, 404, 409))
def claim(
    case_id: str, session: SessionDep, context: ContextDep, moderator: ModeratorDep
) -> ClaimOut:
    """Claim a case for a lease, or renew one's own claim.

    Answers 409 naming the holder while someone else's lease runs.
    """
    settings = context.settings
    result = claim_case(session, case_id, moderator, settings.now(), settings.claim_lease_seconds)
    session.commit()
    return result


@router.delete("/cases/{case_id}/claim", status_code=204, responses=error_responses(401, 403, 404))
def release(
    case_id: str, session: SessionDep, context: ContextDep, moderator: ModeratorDep
) -> Response:
    """Give a case back to the queue (its holder, or a senior moderator)."""
    release_case(session, case_id, moderator, context.settings.now())
    session.commit()
    return Response(status_code=204)


@router.post(
    "/cases/{case_id}/decisions",
    status_code=201,
    responses={
        200: {"model": DecisionOut, "description": "A replay: the decision recorded first."},
        **error_responses(400, 401, 403, 404, 422),
        409: {
            "model": ConflictBody,
            "description": "Already decided (ConflictBody), or claimed by someone else "
            "(an ErrorBody without a decision).",
        },
    },
)
def decide(
    case_id: str,
    decision: DecisionIn,
    response: Response,
    session: SessionDep,
    context: ContextDep,
    moderator: ModeratorDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> DecisionOut:
    """Decide a case. Send a fresh ``Idempotency-Key`` per decision; resend it to retry safely."""
    key = idempotency_key_of(idempotency_key)
    if key is None:
        raise BadRequest("Send an Idempotency-Key header (a fresh random id per decision).")
    now = context.settings.now()
    result = commit_with_retry(
        session, lambda: record_decision(session, case_id, moderator, decision, key, now)
    )
    if result.replayed:
        response.status_code = 200
    # Priorities the decision changed were recomputed with it (never the whole queue).
    return result.decision
