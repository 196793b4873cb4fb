"""Turning the service's HTTP answers into wire models or moderator-readable errors.

Everything here is pure: it looks at a status, headers and body bytes that the
transport already read, and either returns a validated model or builds the
:mod:`reviewdesk.backends.errors` exception a moderator should see. The body is
hostile input: details are cleaned and clipped before they reach a sentence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from reviewdesk.api.models import ConflictBody
from reviewdesk.backends.errors import (
    AuthenticationRequired,
    BackendError,
    ClaimConflict,
    DecisionConflict,
    Forbidden,
    MalformedResponse,
    NotFound,
    RateLimited,
    Rejected,
    ServiceUnavailable,
)

ModelT = TypeVar("ModelT", bound=BaseModel)

#: Longest piece of server-supplied text (a detail, a field path) put in a message.
MAX_DETAIL_CHARS = 300
#: A Retry-After beyond this is treated as this (a hostile value must not park the desk).
MAX_RETRY_AFTER_SECONDS = 3600.0

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Operation:
    """One kind of call to the service, named the ways a moderator's message needs.

    ``verb`` completes "Could not …" ("load the case list"), ``request`` names
    what was sent ("the decision"), ``answer`` names what came back ("a case
    list"). ``signs_in`` marks the sign-in itself, where "sign in again" makes
    no sense.
    """

    verb: str
    request: str
    answer: str
    signs_in: bool = False


def clean_text(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    """Return server-supplied ``text`` on one line, without control characters, clipped."""
    flat = _SPACES.sub(" ", _UNPRINTABLE.sub(" ", text)).strip()
    if len(flat) > limit:
        return flat[: limit - 1].rstrip() + "…"
    return flat


def as_sentence(lead: str, detail: str) -> str:
    """Join ``lead`` and a cleaned ``detail`` into one sentence ending in punctuation."""
    tail = clean_text(detail)
    if not tail.endswith((".", "!", "?", "…")):
        tail += "."
    return f"{lead}: {tail}"


def describe_validation_error(error: ValidationError) -> str:
    """Name the first problem of a failed validation as ``path: message``."""
    problems = error.errors(include_url=False, include_input=False)
    if not problems:
        return "the answer does not fit the API"
    first = problems[0]
    if first["type"] == "json_invalid":
        return "the answer is not valid JSON"
    path = ".".join(str(part) for part in first["loc"])
    text = first["msg"] if not path else f"{path}: {first['msg']}"
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
    return clean_text(text) + suffix


def parse_answer(model: type[ModelT], body: bytes, operation: Operation) -> ModelT:
    """Validate ``body`` as JSON of ``model``; a misfit raises :class:`MalformedResponse`."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        problem = describe_validation_error(exc)
    # Raised outside the handler so the validation error, which quotes the
    # answer (perhaps a token), is not chained to what the desk shows and logs.
    raise MalformedResponse(f"The service sent {operation.answer} the desk cannot read: {problem}.")


def server_detail(body: bytes) -> str | None:
    """The ``detail`` sentence of an error answer, or ``None`` when there is none.

    Accepts the API's ``ErrorBody`` (and ``ConflictBody``) and also the list of
    field problems a FastAPI validation error carries.
    """
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    detail = document.get("detail")
    if isinstance(detail, str) and detail.strip():
        return clean_text(detail)
    if isinstance(detail, list):
        parts: list[str] = []
        for item in detail[:3]:
            if isinstance(item, dict) and isinstance(item.get("msg"), str):
                location = item.get("loc")
                where = (
                    ".".join(str(p) for p in location[1:] or location)
                    if isinstance(location, list) and location
                    else ""
                )
                parts.append(f"{where}: {item['msg']}" if where else str(item["msg"]))
        if parts:
            return clean_text("; ".join(parts))
    return None


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Parse a Retry-After header (seconds or an HTTP date) into seconds, clamped."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


def _retry_phrase(retry_after: float | None) -> str:
    if retry_after is None:
        return ""
    return f" and asked the desk to wait {retry_after:.0f} seconds"


def error_for_status(
    status: int, headers: Mapping[str, str], body: bytes, operation: Operation
) -> BackendError:
    """Build the error a moderator should see for an unexpected answer ``status``."""
    detail = server_detail(body)
    could_not = f"Could not {operation.verb}"
    retry_after = retry_after_seconds(headers.get("Retry-After"))
    if status == 401:
        message = as_sentence(could_not, detail or "the sign-in is missing or has expired")
        if not operation.signs_in:
            message += " Please sign in again."
        return AuthenticationRequired(message)
    if status == 403:
        lead = f"You are not allowed to {operation.verb}"
        return Forbidden(as_sentence(lead, detail or "your role does not permit it"))
    if status == 404:
        return NotFound(as_sentence(could_not, detail or "it does not exist"))
    if status == 409:
        try:
            conflict = ConflictBody.model_validate_json(body)
        except ValidationError:
            return ClaimConflict(
                as_sentence(could_not, detail or "another moderator is working on this case")
            )
        return DecisionConflict(as_sentence(could_not, conflict.detail), conflict.decision)
    if status == 429:
        return RateLimited(
            f"{could_not}: the service is busy{_retry_phrase(retry_after)}.", retry_after
        )
    if 500 <= status <= 599:
        lead = f"{could_not}: the service had a problem (HTTP {status})"
        message = as_sentence(lead, detail) if detail else lead + "."
        return ServiceUnavailable(message + " Try again later.", retry_after)
    if 400 <= status <= 499:
        return Rejected(
            as_sentence(f"The service refused {operation.request}", detail or f"HTTP {status}"),
            status,
        )
    return MalformedResponse(
        f"The service sent an unexpected answer to {operation.request} (HTTP {status})."
    )
