"""Finding the request a retry repeats: the same moderator, key and body fingerprint."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.server.errors import Unprocessable
from reviewdesk.server.tables import ModeratorRow

RowT = TypeVar("RowT")


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
