"""Members and content as the platform describes them, and moderators' notes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from reviewdesk.api.models import ContentItem, MemberProfile, ModeratorNote
from reviewdesk.server.errors import NotFound, Unprocessable
from reviewdesk.server.services.lookup import get_case, not_found
from reviewdesk.server.settings import as_utc
from reviewdesk.server.tables import ContentRow, MemberRow, ModeratorRow, NoteRow


def upsert_member(session: Session, profile: MemberProfile) -> MemberRow:
    """Store ``profile``, replacing what was known of that member."""
    row = session.get(MemberRow, profile.id)
    if row is None:
        row = MemberRow(id=profile.id)
        session.add(row)
    row.display_name = profile.display_name
    row.role = profile.role
    row.country = profile.country.upper()
    row.native_languages = list(profile.native_languages)
    row.learning_languages = list(profile.learning_languages)
    row.joined_at = as_utc(profile.joined_at)
    row.bio = profile.bio
    return row


def upsert_content(session: Session, content: ContentItem, member_id: str) -> ContentRow:
    """Store a reported content item of ``member_id``, replacing an older copy."""
    row = session.get(ContentRow, content.id)
    if row is None:
        row = ContentRow(id=content.id)
        session.add(row)
    row.member_id = member_id
    row.surface = content.surface
    row.text = content.text
    row.posted_at = as_utc(content.posted_at)
    return row


def require_member(session: Session, member_id: str) -> MemberRow:
    """The member called ``member_id``; raise 404 when the service has never heard of them."""
    row = session.get(MemberRow, member_id)
    if row is None:
        raise not_found("member", member_id)
    return row


EMPTY_NOTE = "A note needs some text."


def add_note(
    session: Session,
    member_id: str,
    author: ModeratorRow,
    created_at: datetime,
    text: str,
    case_id: str | None = None,
) -> NoteRow:
    """Leave a note on a member's file, perhaps about the case ``case_id`` (its API id).

    Raises 404 for an unknown member, 422 for a blank note or an unknown case.
    """
    require_member(session, member_id)
    if not text.strip():
        raise Unprocessable(EMPTY_NOTE)
    case_row_id: int | None = None
    if case_id is not None:
        try:
            case_row_id = get_case(session, case_id).id
        except NotFound as unknown:
            raise Unprocessable(unknown.detail) from None
    note = NoteRow(
        member_id=member_id,
        author_id=author.id,
        created_at=created_at,
        text=text,
        case_id=case_row_id,
    )
    session.add(note)
    session.flush()
    return note


def moderator_note(note: NoteRow, author_username: str) -> ModeratorNote:
    """A note as the API shows it."""
    return ModeratorNote(
        author=author_username,
        created_at=note.created_at,
        text=note.text,
        case_id=str(note.case_id) if note.case_id is not None else None,
    )
