"""Quality samples judged blind, agreement rates, and team statistics."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query

from reviewdesk.api.models import (
    Identifier,
    QualityReport,
    SampleIn,
    SampleItem,
    SampleList,
    SampleOut,
    SampleVerdictIn,
    TeamStats,
)
from reviewdesk.server.routes.deps import ContextDep, ModeratorDep, SessionDep, error_responses
from reviewdesk.server.services.samples import (
    draw_sample,
    get_sample,
    judge_item,
    list_samples,
    quality_report,
)
from reviewdesk.server.services.team_stats import team_stats

router = APIRouter(tags=["quality"])


@router.post("/samples", status_code=201, responses=error_responses(401, 403, 404, 422))
def post_sample(
    request: SampleIn, session: SessionDep, context: ContextDep, moderator: ModeratorDep
) -> SampleOut:
    """Draw and store a random sample of one moderator's decisions (senior moderators, admins).

    Give ``count`` or ``share``; ``since``/``until`` and ``clause_id`` narrow
    the decisions drawn from. The same ``seed`` over the same decisions draws
    the same sample. Items come without their original decision (blind).
    """
    result = draw_sample(session, moderator, request, context.settings.now())
    session.commit()
    return result


@router.get("/samples", responses=error_responses(401, 403))
def get_samples(session: SessionDep, moderator: ModeratorDep) -> SampleList:
    """Every sample, newest first, without items (senior moderators and admins)."""
    return list_samples(session, moderator)


@router.get("/samples/{sample_id}", responses=error_responses(401, 403, 404))
def get_one_sample(sample_id: str, session: SessionDep, moderator: ModeratorDep) -> SampleOut:
    """One sample; each item's ``original`` shows only once its verdict is recorded."""
    return get_sample(session, moderator, sample_id)


@router.post(
    "/samples/{sample_id}/items/{position}/verdict",
    status_code=201,
    responses=error_responses(401, 403, 404, 409, 422),
)
def post_verdict(
    sample_id: str,
    position: Annotated[int, Path(ge=1, le=100_000)],
    verdict: SampleVerdictIn,
    session: SessionDep,
    context: ContextDep,
    moderator: ModeratorDep,
) -> SampleItem:
    """Record the blind verdict on one item; the answer reveals the original and agreement."""
    result = judge_item(session, moderator, sample_id, position, verdict, context.settings.now())
    session.commit()
    return result


@router.get("/quality", responses=error_responses(401, 403, 404, 422))
def get_quality(
    session: SessionDep,
    moderator: ModeratorDep,
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
    moderator_id: Annotated[Identifier | None, Query()] = None,
) -> QualityReport:
    """Agreement of blind verdicts given in the period with the originals, per moderator, clause."""
    return quality_report(session, moderator, since, until, moderator_id)


@router.get("/stats", responses=error_responses(401, 422))
def get_stats(
    session: SessionDep,
    context: ContextDep,
    moderator: ModeratorDep,
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
) -> TeamStats:
    """Per moderator and per clause: volume, median handling time, overturn and escalation rates.

    Also the queue backlog by age. Senior moderators and admins see everyone;
    an agent sees only their own row (and no clause table).
    """
    return team_stats(session, moderator, since, until, context.settings.now())
