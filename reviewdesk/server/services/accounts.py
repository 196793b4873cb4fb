"""Moderator accounts, their bearer tokens, and the platform's keys."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewdesk.api.models import TokenOut
from reviewdesk.domain.enums import Role
from reviewdesk.server.errors import Unauthorized
from reviewdesk.server.security import (
    dummy_password_hash,
    hash_password,
    new_secret,
    secret_hash,
    verify_password,
)
from reviewdesk.server.services.wire import moderator_out
from reviewdesk.server.tables import ModeratorRow, PlatformKeyRow, TokenRow

WRONG_CREDENTIALS = "The username or password is wrong."
NO_TOKEN = "Sign in first: this request needs an 'Authorization: Bearer <token>' header."
BAD_TOKEN = "Your session token is unknown or has expired; sign in again."
NO_PLATFORM_KEY = (
    "This endpoint is for the platform: send its key as 'Authorization: Bearer <platform key>'."
)
BAD_PLATFORM_KEY = "The platform key is not valid."
ACCOUNT_DISABLED = "This account is disabled; ask an admin."


def create_moderator(
    session: Session, username: str, password: str, display_name: str, role: Role
) -> ModeratorRow:
    """Add a moderator account with a hashed password."""
    row = ModeratorRow(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
    )
    session.add(row)
    session.flush()
    return row


def moderator_by_username(session: Session, username: str) -> ModeratorRow | None:
    """The account called ``username``, if there is one."""
    return session.scalar(select(ModeratorRow).where(ModeratorRow.username == username))


def log_in(
    session: Session, username: str, password: str, now: datetime, lifetime_seconds: int
) -> TokenOut:
    """Exchange credentials for a fresh bearer token; raise 401 when they are wrong."""
    moderator = moderator_by_username(session, username)
    stored = moderator.password_hash if moderator is not None else dummy_password_hash()
    if not verify_password(password, stored) or moderator is None:
        raise Unauthorized(WRONG_CREDENTIALS)
    if moderator.disabled:
        raise Unauthorized(ACCOUNT_DISABLED)
    session.execute(delete(TokenRow).where(TokenRow.expires_at <= now))
    token = new_secret()
    expires_at = now + timedelta(seconds=lifetime_seconds)
    session.add(
        TokenRow(
            token_hash=secret_hash(token),
            moderator_id=moderator.id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()
    return TokenOut(token=token, expires_at=expires_at, moderator=moderator_out(moderator))


def moderator_for_token(session: Session, token: str | None, now: datetime) -> ModeratorRow:
    """The moderator a live bearer token belongs to; raise 401 otherwise."""
    if not token:
        raise Unauthorized(NO_TOKEN)
    moderator = session.scalar(
        select(ModeratorRow)
        .join(TokenRow, TokenRow.moderator_id == ModeratorRow.id)
        .where(
            TokenRow.token_hash == secret_hash(token),
            TokenRow.expires_at > now,
            ModeratorRow.disabled.is_not(True),
        )
    )
    if moderator is None:
        raise Unauthorized(BAD_TOKEN)
    return moderator


def add_platform_key(session: Session, key: str, label: str, now: datetime) -> None:
    """Allow ``key`` to file reports and read the feed."""
    session.add(PlatformKeyRow(key_hash=secret_hash(key), label=label, created_at=now))
    session.flush()


def check_platform_key(session: Session, key: str | None) -> None:
    """Raise 401 unless ``key`` is a known platform key."""
    if not key:
        raise Unauthorized(NO_PLATFORM_KEY)
    known = session.get(PlatformKeyRow, secret_hash(key))
    if known is None:
        raise Unauthorized(BAD_PLATFORM_KEY)
