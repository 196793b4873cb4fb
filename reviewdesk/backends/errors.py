"""Errors every backend raises, so the layers above never see transport details."""

from __future__ import annotations

from reviewdesk.api.models import DecisionOut


class BackendError(Exception):
    """Base of every backend error; ``str()`` is a sentence for the moderator."""


class ServiceUnavailable(BackendError):
    """The service could not be reached, timed out, or answered 5xx."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unreachable(ServiceUnavailable):
    """No answer came at all: the connection failed, broke or timed out."""


class AuthenticationRequired(BackendError):
    """The token is missing, wrong or expired (401): sign in again.

    ``sender`` is the backend (signed-in session) whose request was refused,
    when known: a desk that signed in again since can tell a late refusal of
    the old session from the end of the current one.
    """

    def __init__(self, message: str, sender: object | None = None) -> None:
        super().__init__(message)
        self.sender = sender


class Forbidden(BackendError):
    """The moderator's role may not do this (403)."""


class NotFound(BackendError):
    """The case, member or attachment does not exist (404)."""


class Rejected(BackendError):
    """The service refused the request as invalid (other 4xx); not worth retrying."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class RateLimited(ServiceUnavailable):
    """The service asked the desk to slow down (429)."""


class DecisionConflict(BackendError):
    """The case was already decided by someone else (409)."""

    def __init__(self, message: str, decision: DecisionOut) -> None:
        super().__init__(message)
        self.decision = decision


class ClaimConflict(BackendError):
    """The case is claimed by another moderator (409 on claim)."""


class MalformedResponse(BackendError):
    """The service answered with data that does not fit the API."""


class BatchUnsupported(BackendError):
    """The service has no batch endpoint (404/405 on it): post decisions one by one."""
