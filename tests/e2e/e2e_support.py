"""What the end-to-end tests share: demo accounts, the movable server clock, the service handle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from reviewdesk.backends.http import HttpBackend
from reviewdesk.server.embedded import EmbeddedServer

OPEN_CASES = 24
AGENT = ("agent", "agent-demo")
AGENT2 = ("agent2", "agent2-demo")
SENIOR = ("senior", "senior-demo")
#: The offscreen platform's note when a top-level window is shown; harmless.


class MovableClock:
    """The server's clock: real time plus an offset a test can move forward."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@dataclass
class RunningService:
    """A seeded reference server the test controls."""

    server: EmbeddedServer
    url: str
    clock: MovableClock

    def sign_in(self, account: tuple[str, str]) -> HttpBackend:
        """A client of the service as ``account`` (for checking what was recorded)."""
        return HttpBackend.login(self.url, *account)
