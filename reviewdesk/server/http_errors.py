"""Exception handlers: every error becomes an ``ErrorBody`` (or ``ConflictBody``) answer."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from reviewdesk.api.models import ConflictBody, ErrorBody
from reviewdesk.server.errors import AlreadyDecided, ApiError

LOG = logging.getLogger("reviewdesk.server")

MAX_REPORTED_PROBLEMS = 10
_SHOWN_PATH_LENGTH = 200
_PLACES = {
    "body": "Field",
    "query": "Query parameter",
    "path": "Path parameter",
    "header": "Header",
    "cookie": "Cookie",
}
UNEXPECTED = (
    "The service hit an unexpected error and did not complete the request; "
    "try again, and tell the service's operator if it happens again."
)
DATABASE_BUSY = "The service's database is busy or unreachable; try again in a moment."


def error_response(
    status_code: int, detail: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON answer with an :class:`ErrorBody`."""
    return JSONResponse(ErrorBody(detail=detail).model_dump(), status_code, headers=headers)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def describe_validation_errors(errors: Sequence[Any]) -> str:
    """Turn FastAPI/pydantic validation errors into sentences naming each bad field."""
    sentences: list[str] = []
    for error in errors[:MAX_REPORTED_PROBLEMS]:
        location = tuple(error.get("loc", ()))
        message = str(error.get("msg", "is invalid"))
        if error.get("type") == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "")
            sentences.append(_sentence(f"The request body is not valid JSON ({reason})"))
            continue
        place = str(location[0]) if location else ""
        path = ".".join(str(part) for part in location[1:])
        if place == "body" and not path:
            sentences.append(_sentence(f"The request body is invalid: {message}"))
        else:
            sentences.append(_sentence(f"{_PLACES.get(place, 'Value')} '{path}': {message}"))
    if len(errors) > MAX_REPORTED_PROBLEMS:
        sentences.append(f"({len(errors) - MAX_REPORTED_PROBLEMS} more problems not shown.)")
    return " ".join(sentences) or "The request is invalid."


def _shown_path(request: Request) -> str:
    path = request.url.path
    return path if len(path) <= _SHOWN_PATH_LENGTH else path[:_SHOWN_PATH_LENGTH] + "…"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error a readable JSON body."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status_code, exc.detail, exc.headers or None)

    @app.exception_handler(AlreadyDecided)
    async def _already_decided(_request: Request, exc: AlreadyDecided) -> JSONResponse:
        body = ConflictBody(detail=exc.detail, decision=exc.decision)
        return JSONResponse(body.model_dump(mode="json"), status_code=409)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, describe_validation_errors(exc.errors()))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 404 and exc.detail == "Not Found":
            detail = f"There is no endpoint {request.method} {_shown_path(request)}."
        elif exc.status_code == 405:
            detail = f"The method {request.method} is not allowed on {_shown_path(request)}."
        else:
            detail = _sentence(str(exc.detail))
        return error_response(exc.status_code, detail, dict(exc.headers or {}) or None)

    @app.exception_handler(OperationalError)
    async def _database_trouble(_request: Request, exc: OperationalError) -> JSONResponse:
        LOG.warning("database error: %s", exc.orig)
        return error_response(503, DATABASE_BUSY, {"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        LOG.error("unexpected error", exc_info=exc)
        return error_response(500, UNEXPECTED)
