"""The platform's side: reports in, decisions out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from reviewdesk.api.models import FeedPage, IntakeReceipt, IntakeReport
from reviewdesk.server.routes.deps import (
    ContextDep,
    PlatformDep,
    SessionDep,
    commit_with_retry,
    error_responses,
)
from reviewdesk.server.services.feed import feed_page
from reviewdesk.server.services.intake import intake_report
from reviewdesk.server.services.lookup import MAX_ROW_ID

router = APIRouter(tags=["platform"], dependencies=[PlatformDep])


@router.post("/intake/reports", status_code=201, responses=error_responses(401, 413, 422))
def file_report(report: IntakeReport, session: SessionDep, context: ContextDep) -> IntakeReceipt:
    """File a report; it joins the undecided case of its subject or opens a new one."""
    now = context.settings.now()
    return commit_with_retry(session, lambda: intake_report(session, report, now, context.settings))


@router.get("/feed", responses=error_responses(401, 422))
def read_feed(
    session: SessionDep,
    after: Annotated[int, Query(ge=0, le=MAX_ROW_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> FeedPage:
    """Final decisions to carry out, in order, after sequence number ``after``."""
    return feed_page(session, after, limit)
