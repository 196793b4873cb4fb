"""Appeals: a second review asked for by a moderator whose decision lost."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from reviewdesk.api.models import AppealIn, AppealList, AppealOut
from reviewdesk.domain.enums import AppealStatus
from reviewdesk.server.routes.deps import (
    ContextDep,
    ModeratorDep,
    SessionDep,
    commit_with_retry,
    error_responses,
    idempotency_key_of,
)
from reviewdesk.server.services.appeals import file_appeal, list_appeals

router = APIRouter(tags=["appeals"])


@router.post(
    "/cases/{case_id}/appeals",
    status_code=201,
    responses={
        200: {"model": AppealOut, "description": "A replay: the appeal recorded first."},
        **error_responses(400, 401, 404, 422),
    },
)
def post_appeal(
    case_id: str,
    appeal: AppealIn,
    response: Response,
    session: SessionDep,
    context: ContextDep,
    moderator: ModeratorDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> AppealOut:
    """Ask for a second review of a decision on the case, proposing another decision.

    ``decision_id`` names the decision appealed (e.g. the one a 409 answer
    carried). Send an ``Idempotency-Key`` to retry safely: a replay returns the
    appeal recorded first.
    """
    key = idempotency_key_of(idempotency_key)
    now = context.settings.now()
    result = commit_with_retry(
        session, lambda: file_appeal(session, case_id, moderator, appeal, key, now)
    )
    if result.replayed:
        response.status_code = 200
    return result.appeal


@router.get("/appeals", responses=error_responses(401, 403, 422))
def get_appeals(
    session: SessionDep,
    moderator: ModeratorDep,
    status: Annotated[AppealStatus | None, Query()] = None,
) -> AppealList:
    """Appeals, oldest first, of one ``status`` or all (senior moderators and admins only)."""
    return AppealList(items=list_appeals(session, moderator, status))
