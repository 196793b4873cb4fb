"""Signing in, and who the signed-in moderator is."""

from __future__ import annotations

from fastapi import APIRouter

from reviewdesk.api.models import LoginRequest, ModeratorOut, TokenOut
from reviewdesk.server.routes.deps import ContextDep, ModeratorDep, SessionDep, error_responses
from reviewdesk.server.services.accounts import log_in
from reviewdesk.server.services.wire import moderator_out

router = APIRouter(tags=["moderators"])


@router.post("/auth/login", responses=error_responses(401, 422))
def login(credentials: LoginRequest, session: SessionDep, context: ContextDep) -> TokenOut:
    """Exchange a username and password for a bearer token."""
    token = log_in(
        session,
        credentials.username,
        credentials.password,
        context.settings.now(),
        context.settings.token_lifetime_seconds,
    )
    session.commit()
    return token


@router.get("/me", responses=error_responses(401))
def me(moderator: ModeratorDep) -> ModeratorOut:
    """The moderator the token belongs to."""
    return moderator_out(moderator)
