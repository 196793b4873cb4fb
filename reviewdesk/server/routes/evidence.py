"""Downloading the bytes of an attachment."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Response
from sqlalchemy import select

from reviewdesk.server.routes.deps import ModeratorDep, SessionDep, error_responses
from reviewdesk.server.services.lookup import get_attachment
from reviewdesk.server.tables import AttachmentBlobRow

router = APIRouter(tags=["evidence"])


@router.get(
    "/attachments/{attachment_id}",
    response_class=Response,
    responses={
        200: {
            "content": {"application/octet-stream": {}},
            "description": "The stored bytes; X-Content-SHA256 carries their SHA-256.",
        },
        **error_responses(401, 404),
    },
)
def download_attachment(
    attachment_id: str, session: SessionDep, _moderator: ModeratorDep
) -> Response:
    """The bytes of an attachment with its stored media type and SHA-256."""
    attachment = get_attachment(session, attachment_id)
    data = session.scalar(
        select(AttachmentBlobRow.data).where(AttachmentBlobRow.attachment_id == attachment.id)
    )
    return Response(
        content=data or b"",
        media_type=attachment.media_type,
        headers={
            "X-Content-SHA256": attachment.sha256,
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": (
                f'attachment; filename="attachment-{attachment.id}"; '
                f"filename*=UTF-8''{quote(attachment.filename, safe='')}"
            ),
        },
    )
