"""A member's history beside the case."""

from __future__ import annotations

from fastapi import APIRouter

from reviewdesk.api.models import MemberHistory
from reviewdesk.server.routes.deps import ModeratorDep, SessionDep, error_responses
from reviewdesk.server.services.history import member_history

router = APIRouter(tags=["members"])


@router.get("/members/{member_id}/history", responses=error_responses(401, 404))
def get_member_history(
    member_id: str, session: SessionDep, _moderator: ModeratorDep
) -> MemberHistory:
    """The member's profile, cases about them, strikes, notes and record as a reporter."""
    return member_history(session, member_id)
