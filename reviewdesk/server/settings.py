"""Tunable limits and the clock of one running moderation service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Return ``moment`` as aware UTC; a naive value is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class ServerSettings:
    """Limits and lifetimes of the service; tests swap the clock for a fake one."""

    claim_lease_seconds: int = 300
    token_lifetime_seconds: int = 12 * 3600
    max_attachment_bytes: int = 15 * 1024 * 1024
    #: A whole request body; large enough for one message of the longest length
    #: the wire format allows, however it is escaped (see ``MAX_MESSAGE_CHARS``).
    max_request_bytes: int = 100 * 1024 * 1024
    max_image_pixels: int = 64_000_000
    priority_refresh_seconds: float = 60.0
    clock: Callable[[], datetime] = field(default=utc_now)

    def now(self) -> datetime:
        """The current time according to this service's clock, in UTC."""
        return as_utc(self.clock())
