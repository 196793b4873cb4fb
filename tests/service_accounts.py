"""Extra moderator accounts on a running embedded service, for tests with many moderators."""

from __future__ import annotations

from reviewdesk.domain.enums import Role
from reviewdesk.server.demo.model import DemoModerator
from reviewdesk.server.embedded import EmbeddedServer


def extra_agents(count: int, prefix: str = "moderator") -> list[DemoModerator]:
    """``count`` agent accounts ``<prefix>01``, ``<prefix>02``... with made-up passwords."""
    if count < 1:
        raise ValueError("Ask for at least one account.")
    return [
        DemoModerator(
            username=f"{prefix}{number:02d}",
            password=f"{prefix}{number:02d}-pass",
            display_name=f"Moderator {number:02d}",
            role=Role.AGENT,
        )
        for number in range(1, count + 1)
    ]


def add_agents(
    server: EmbeddedServer, count: int, prefix: str = "moderator"
) -> list[tuple[str, str]]:
    """Add ``count`` agents to the running ``server``; return their (username, password) pairs.

    The pairs have the shape of the e2e accounts (``e2e_support.AGENT``), so
    ``RunningService.sign_in`` and ``HttpBackend.login`` take them as they are.
    """
    accounts = extra_agents(count, prefix)
    server.add_moderators(accounts)
    return [(account.username, account.password) for account in accounts]
