"""Extra agent accounts added to a running embedded service (tests/service_accounts.py)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from service_accounts import add_agents, extra_agents

from reviewdesk.backends.errors import AuthenticationRequired, Forbidden
from reviewdesk.backends.http import HttpBackend
from reviewdesk.domain.enums import Role
from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.server.embedded import EmbeddedServer


@pytest.fixture
def embedded(community: DemoCommunity) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer(community)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _who(url: str, account: tuple[str, str]) -> tuple[str, Role]:
    with HttpBackend.login(url, *account) as client:
        return client.moderator.username, client.moderator.role


def test_twenty_added_agents_sign_in_at_once_as_agents(embedded: EmbeddedServer) -> None:
    url = embedded.base_url
    assert url is not None
    accounts = add_agents(embedded, 20)
    assert len({username for username, _ in accounts}) == 20
    assert accounts[0] == ("moderator01", "moderator01-pass")
    with ThreadPoolExecutor(max_workers=20) as pool:
        signed_in = list(pool.map(lambda account: _who(url, account), accounts))
    assert signed_in == [(username, Role.AGENT) for username, _ in accounts]
    with HttpBackend.login(url, *accounts[7]) as agent, pytest.raises(Forbidden):
        agent.list_appeals()
    with pytest.raises(AuthenticationRequired):
        HttpBackend.login(url, accounts[0][0], accounts[1][1])


def test_a_taken_username_adds_none_of_the_batch(embedded: EmbeddedServer) -> None:
    url = embedded.base_url
    assert url is not None
    add_agents(embedded, 2, prefix="desk")
    with pytest.raises(ValueError, match="'desk02' is already taken"):
        embedded.add_moderators(extra_agents(3, prefix="desk")[::-1])  # desk03 comes first
    with pytest.raises(AuthenticationRequired):
        HttpBackend.login(url, "desk03", "desk03-pass")
    assert add_agents(embedded, 1, prefix="other") == [("other01", "other01-pass")]


def test_accounts_need_a_started_server(community: DemoCommunity) -> None:
    with pytest.raises(RuntimeError, match="Start the embedded server"):
        EmbeddedServer(community).add_moderators(extra_agents(1))
    with pytest.raises(ValueError, match="at least one"):
        extra_agents(0)
