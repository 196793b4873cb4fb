"""Finding the request a retry repeats: the same moderator, key and body fingerprint."""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.server.errors import Unprocessable
from reviewdesk.server.tables import ModeratorRow

RowT = TypeVar("RowT")


def fingerprint_of(shown_id: str, body: BaseModel) -> str:
    """Identifies one request (the id in its path and its body), so a replay can be told apart."""
    canonical = shown_id + "\n" + body.model_dump_json()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def earlier_request(
    session: Session,
    table: type[RowT],
    moderator: ModeratorRow,
    idempotency_key: str,
    fingerprint: str,
    key_reused: str,
) -> RowT | None:
    """The row ``moderator`` stored under ``idempotency_key`` in ``table``, or None.

    ``table`` has ``moderator_id``, ``idempotency_key`` and ``fingerprint``
    columns. The same key with another body is refused (422, ``key_reused``).
    """
    columns: Any = table
    earlier = session.scalar(
        select(table).where(
            columns.moderator_id == moderator.id,
            columns.idempotency_key == idempotency_key,
        )
    )
    if earlier is not None and getattr(earlier, "fingerprint", None) != fingerprint:
        raise Unprocessable(key_reused)
    return earlier
