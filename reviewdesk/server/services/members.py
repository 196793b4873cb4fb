"""Members and content as the platform describes them, and moderators' notes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from reviewdesk.api.models import ContentItem, MemberProfile
from reviewdesk.server.services.lookup import not_found
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


def add_note(
    session: Session, member_id: str, author: ModeratorRow, created_at: datetime, text: str
) -> NoteRow:
    """Leave a note on a member's file."""
    require_member(session, member_id)
    note = NoteRow(member_id=member_id, author_id=author.id, created_at=created_at, text=text)
    session.add(note)
    return note
