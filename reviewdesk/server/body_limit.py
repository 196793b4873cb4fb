"""An ASGI middleware that refuses request bodies over a size limit with a clear 413."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reviewdesk.api.models import ErrorBody
from reviewdesk.server.errors import describe_size


def too_large_detail(max_bytes: int) -> str:
    """The sentence of a 413 for a body over ``max_bytes``."""
    return (
        f"The request body is larger than the limit of {describe_size(max_bytes)}; "
        "send fewer or smaller attachments."
    )


class RequestTooLarge(HTTPException):
    """Raised while the body streams in, once it passes the limit (413)."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(status_code=413, detail=too_large_detail(max_bytes))


class BodySizeLimit:
    """Refuses bodies whose declared or streamed size passes ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_bytes:
            body = ErrorBody(detail=too_large_detail(self.max_bytes)).model_dump()
            await JSONResponse(body, status_code=413)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited_receive, send)
