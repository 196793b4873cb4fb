"""What routes share: the service context, sessions, callers, and commit-with-retry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from reviewdesk.api.models import ErrorBody
from reviewdesk.server.errors import BadRequest, Conflict
from reviewdesk.server.services.accounts import check_platform_key, moderator_for_token
from reviewdesk.server.services.priority import PriorityRefresher
from reviewdesk.server.settings import ServerSettings
from reviewdesk.server.tables import ModeratorRow

T = TypeVar("T")

#: How often a write that lost a race on a unique constraint is tried again.
WRITE_ATTEMPTS = 3
#: The 409 when a concurrent writer kept winning a unique key.
CONCURRENT_WRITE = "Another request changed the same data at the same moment; try again."
#: Longest Idempotency-Key header accepted.
MAX_KEY_LENGTH = 100


@dataclass(frozen=True)
class ServiceContext:
    """What every request of one app shares."""

    sessions: sessionmaker[Session]
    settings: ServerSettings
    refresher: PriorityRefresher


def service_context(request: Request) -> ServiceContext:
    """The context of the app serving ``request``."""
    context: ServiceContext = request.app.state.context
    return context


ContextDep = Annotated[ServiceContext, Depends(service_context)]


def database_session(context: ContextDep) -> Iterator[Session]:
    """A session for one request, closed (and rolled back if uncommitted) afterwards."""
    with context.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(database_session)]

moderator_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ModeratorToken",
    description="A token from POST /v1/auth/login.",
)
platform_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="PlatformKey",
    description="The platform's key, for intake and the enforcement feed.",
)


def current_moderator(
    session: SessionDep,
    context: ContextDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(moderator_bearer)],
) -> ModeratorRow:
    """The moderator whose live token came with the request (401 otherwise)."""
    token = credentials.credentials if credentials is not None else None
    return moderator_for_token(session, token, context.settings.now())


ModeratorDep = Annotated[ModeratorRow, Depends(current_moderator)]


def platform_caller(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(platform_bearer)],
) -> None:
    """Check that the request came with a platform key (401 otherwise)."""
    check_platform_key(session, credentials.credentials if credentials is not None else None)


PlatformDep = Depends(platform_caller)


def idempotency_key_of(header: str | None) -> str | None:
    """The Idempotency-Key header's value, None when absent or blank; 400 when too long."""
    key = (header or "").strip()
    if len(key) > MAX_KEY_LENGTH:
        raise BadRequest(f"The Idempotency-Key header is longer than {MAX_KEY_LENGTH} characters.")
    return key or None


def commit_with_retry(session: Session, action: Callable[[], T]) -> T:
    """Run ``action`` and commit; start over when a concurrent writer won a unique key."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            result = action()
            session.commit()
        except IntegrityError:
            session.rollback()
            if attempt == WRITE_ATTEMPTS:
                raise Conflict(CONCURRENT_WRITE) from None
        else:
            return result
    raise AssertionError("unreachable: the last attempt returns or raises")


_DESCRIPTIONS = {
    400: "The request is malformed.",
    401: "Credentials are missing, wrong or expired.",
    403: "The caller's role may not do this.",
    404: "The named thing does not exist.",
    409: "The request clashes with the current state.",
    413: "The body or an attachment is over the size limit.",
    422: "The request breaks a rule; the detail names every problem.",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries: each status answers with an ``ErrorBody``."""
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in codes}
