"""The decision log: filtered pages, contiguous runs for chain checks, and replay."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response

from reviewdesk.api.models import Identifier, LogPage, Replay, ReviewIn, ReviewOut
from reviewdesk.domain.audit_enums import LogEntryKind, LogSort
from reviewdesk.domain.enums import Category, Outcome, Surface
from reviewdesk.domain.permissions import Permission
from reviewdesk.server.errors import BadRequest
from reviewdesk.server.routes.deps import (
    ContextDep,
    ModeratorDep,
    SessionDep,
    commit_with_retry,
    error_responses,
)
from reviewdesk.server.services.log_query import LogQuery, chain_range, list_log
from reviewdesk.server.services.lookup import MAX_ROW_ID
from reviewdesk.server.services.replay import replay_decision
from reviewdesk.server.services.reviews import review_decision
from reviewdesk.server.services.roles import require

router = APIRouter(tags=["audit"])


def _json(page: LogPage) -> Response:
    """A page already validated by construction, serialised once (no second validation)."""
    return Response(content=page.model_dump_json(), media_type="application/json")


def _moderator_ids(values: list[Identifier] | None) -> list[int]:
    ids: list[int] = []
    for value in values or []:
        if not value.isdigit() or int(value) > MAX_ROW_ID:
            raise BadRequest(f"'{value[:40]}' is not a moderator id.")
        ids.append(int(value))
    return ids


@router.get("/log", response_model=LogPage, responses=error_responses(400, 401, 403, 422))
def get_log(
    session: SessionDep,
    moderator: ModeratorDep,
    moderator_id: Annotated[list[Identifier] | None, Query()] = None,
    kind: Annotated[list[LogEntryKind] | None, Query()] = None,
    outcome: Annotated[list[Outcome] | None, Query()] = None,
    clause: Annotated[list[Identifier] | None, Query()] = None,
    category: Annotated[list[Category] | None, Query()] = None,
    surface: Annotated[list[Surface] | None, Query()] = None,
    member: Annotated[list[Identifier] | None, Query()] = None,
    batch: Annotated[list[Identifier] | None, Query()] = None,
    reviewed: Annotated[bool | None, Query()] = None,
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Annotated[LogSort, Query()] = LogSort.NEWEST,
    cursor: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    """One page of the decision log (senior moderators and admins).

    Repeat a filter to allow several values. ``moderator_id`` is who acted
    (the decider, or the reviewer of a review entry); ``batch`` keeps the
    entries about decisions of a bulk decision's batch; ``reviewed`` keeps
    decision entries that have (or lack) a second review; ``since`` is
    inclusive and ``until`` exclusive; ``q`` finds entries whose notes,
    messages to members, or case (content, reports, conversation) hold every
    word. ``sort`` is log order, newest or oldest first; pass ``next_cursor``
    back as ``cursor`` for the next page.
    """
    require(moderator, Permission.READ_LOG)
    spec = LogQuery(
        actor_ids=_moderator_ids(moderator_id),
        kinds=kind or (),
        outcomes=outcome or (),
        clause_ids=clause or (),
        categories=category or (),
        surfaces=surface or (),
        member_ids=member or (),
        batch_ids=batch or (),
        reviewed=reviewed,
        since=since,
        until=until,
        text=q,
        sort=sort,
        cursor=cursor,
        limit=limit,
    )
    return _json(list_log(session, spec))


@router.get("/log/chain", response_model=LogPage, responses=error_responses(401, 403, 422))
def get_chain(
    session: SessionDep,
    moderator: ModeratorDep,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> Response:
    """The contiguous entries after ``after`` in log order, to verify their hash chain.

    Each entry's ``hash`` is SHA-256 over its ``prev_hash``, a newline and
    the canonical JSON of its ``record``; the first entry's ``prev_hash`` is 64 zeros.
    """
    require(moderator, Permission.READ_LOG)
    return _json(chain_range(session, after, limit))


@router.get("/log/{decision_id}/replay", responses=error_responses(401, 403, 404))
def get_replay(
    decision_id: str, session: SessionDep, context: ContextDep, moderator: ModeratorDep
) -> Replay:
    """A past decision with the case as its moderator saw it (senior moderators and admins)."""
    require(moderator, Permission.READ_LOG)
    return replay_decision(session, decision_id, context.settings.now())


@router.post(
    "/log/{decision_id}/review",
    status_code=201,
    responses=error_responses(401, 403, 404, 409, 422),
)
def post_review(
    decision_id: str,
    review: ReviewIn,
    session: SessionDep,
    context: ContextDep,
    moderator: ModeratorDep,
) -> ReviewOut:
    """Confirm or overturn a decision on second review (senior moderators and admins).

    An overturn carries the corrected decision (a final outcome, with the
    messages for the member and the reporter): it is recorded by the
    reviewer, replaces the first on the case, and is posted to the platform
    feed with ``replaces_decision_id``. Every review is chained into the log.
    """
    now = context.settings.now()
    result = commit_with_retry(
        session, lambda: review_decision(session, decision_id, moderator, review, now)
    )
    context.refresher.invalidate()
    return result


def routers() -> list[APIRouter]:
    """Every router of the audit and admin endpoints, for the app to include."""
    from reviewdesk.server.routes import admin, quality

    return [router, quality.router, admin.router]
