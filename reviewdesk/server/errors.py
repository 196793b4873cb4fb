"""Errors the service's logic raises; the app turns each into a 4xx answer."""

from __future__ import annotations

from reviewdesk.api.models import DecisionOut


def describe_size(size: int) -> str:
    """A byte count as people read it in messages: '15 MB', '2.5 MB', '900 bytes'."""
    megabytes = size / (1024 * 1024)
    if megabytes >= 1:
        return f"{megabytes:.1f}".removesuffix(".0") + " MB"
    return f"{size} bytes"


class ApiError(Exception):
    """A request the service refuses, with the status and a sentence for a person."""

    status_code = 400

    def __init__(self, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}


class BadRequest(ApiError):
    """The request is malformed (400)."""

    status_code = 400


class Unauthorized(ApiError):
    """No valid credentials (401)."""

    status_code = 401

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ApiError):
    """The caller's role may not do this (403)."""

    status_code = 403


class NotFound(ApiError):
    """The named thing does not exist (404)."""

    status_code = 404


class Conflict(ApiError):
    """The request clashes with the current state, e.g. someone else's claim (409)."""

    status_code = 409


class TooLarge(ApiError):
    """The request or one of its files is over the size limit (413)."""

    status_code = 413


class Unprocessable(ApiError):
    """The request is well formed but breaks a rule (422)."""

    status_code = 422


class AlreadyDecided(Exception):
    """The case was closed by ``decision`` before this request could decide it (409)."""

    def __init__(self, detail: str, decision: DecisionOut) -> None:
        super().__init__(detail)
        self.detail = detail
        self.decision = decision
