"""A member's history beside the case, and notes on the member's file."""

from __future__ import annotations

from fastapi import APIRouter

from reviewdesk.api.models import MemberHistory, ModeratorNote, NoteIn
from reviewdesk.server.routes.deps import ContextDep, ModeratorDep, SessionDep, error_responses
from reviewdesk.server.services.history import member_history
from reviewdesk.server.services.members import add_note, moderator_note

router = APIRouter(tags=["members"])


@router.get("/members/{member_id}/history", responses=error_responses(401, 404))
def get_member_history(
    member_id: str, session: SessionDep, _moderator: ModeratorDep
) -> MemberHistory:
    """The member's profile, cases about them, strikes, notes and record as a reporter."""
    return member_history(session, member_id)


@router.post(
    "/members/{member_id}/notes", status_code=201, responses=error_responses(401, 404, 422)
)
def post_note(
    member_id: str,
    note: NoteIn,
    session: SessionDep,
    context: ContextDep,
    moderator: ModeratorDep,
) -> ModeratorNote:
    """Leave a note on the member's file, optionally about one case (any moderator may).

    The note then appears, newest first, among the notes of the member's history.
    """
    row = add_note(session, member_id, moderator, context.settings.now(), note.text, note.case_id)
    session.commit()
    return moderator_note(row, moderator.username)
