"""The embedded service: start and stop more than once, and races between moderators."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from server_community import PASSWORDS

from reviewdesk.server.demo.model import DemoCommunity
from reviewdesk.server.embedded import EmbeddedServer

RACERS = 10


def sign_in(base_url: str, username: str) -> dict[str, str]:
    response = httpx.post(
        f"{base_url}/v1/auth/login",
        json={"username": username, "password": PASSWORDS[username]},
        timeout=30.0,
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def open_case(base_url: str, headers: dict[str, str], preview: str) -> str:
    items = httpx.get(f"{base_url}/v1/cases", headers=headers, timeout=30.0).json()["items"]
    return next(str(item["id"]) for item in items if str(item["preview"]).startswith(preview))


def url_of(server: EmbeddedServer) -> str | None:
    """The server's base URL now (a call, so type narrowing does not outlive a stop)."""
    return server.base_url


def race(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    """Run ``calls`` at the same moment on their own threads."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], httpx.Response]) -> httpx.Response:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture(scope="module")
def embedded(community: DemoCommunity) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer(community)
    server.start()
    yield server
    server.stop()


def test_start_and_stop_twice_serves_a_fresh_seeded_service_each_time(
    community: DemoCommunity,
) -> None:
    server = EmbeddedServer(community)
    urls = []
    for _round in range(2):
        with server:
            assert server.base_url is not None
            assert server.base_url.startswith("http://127.0.0.1:")
            headers = sign_in(server.base_url, "ana")
            me = httpx.get(f"{server.base_url}/v1/me", headers=headers, timeout=30.0)
            assert me.json()["username"] == "ana"
            urls.append(server.base_url)
        assert url_of(server) is None
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{urls[-1]}/v1/policy", timeout=5.0)
    assert server.platform_key == community.platform_key
    assert [m.username for m in server.moderators] == ["ana", "bob", "sam", "ada"]


def test_racing_decisions_on_one_case_have_exactly_one_winner(embedded: EmbeddedServer) -> None:
    base = embedded.base_url
    assert base is not None
    moderators = [sign_in(base, name) for name in ("ana", "bob", "sam")]
    case_id = open_case(base, moderators[0], "You are useless")

    def decide(index: int) -> Callable[[], httpx.Response]:
        headers = {**moderators[index % 3], "Idempotency-Key": str(uuid.uuid4())}
        body = {"outcome": "warn", "clause_ids": ["harass-1"], "note": f"racer {index}"}
        return lambda: httpx.post(
            f"{base}/v1/cases/{case_id}/decisions", json=body, headers=headers, timeout=60.0
        )

    responses = race([decide(index) for index in range(RACERS)])
    assert Counter(r.status_code for r in responses) == {201: 1, 409: RACERS - 1}
    winner = next(r.json() for r in responses if r.status_code == 201)
    for loser in (r for r in responses if r.status_code == 409):
        assert loser.json()["decision"] == winner
    detail = httpx.get(f"{base}/v1/cases/{case_id}", headers=moderators[0], timeout=30.0).json()
    assert [d["id"] for d in detail["decisions"]] == [winner["id"]]
    feed = httpx.get(
        f"{base}/v1/feed",
        headers={"Authorization": f"Bearer {embedded.platform_key}"},
        timeout=30.0,
    ).json()
    assert sum(entry["decision"]["case_id"] == case_id for entry in feed["entries"]) == 1


def test_racing_claims_leave_one_holder(embedded: EmbeddedServer) -> None:
    base = embedded.base_url
    assert base is not None
    ana, bob = sign_in(base, "ana"), sign_in(base, "bob")
    case_id = open_case(base, ana, "Nice weather")

    def claim(headers: dict[str, str]) -> Callable[[], httpx.Response]:
        return lambda: httpx.post(f"{base}/v1/cases/{case_id}/claim", headers=headers, timeout=60.0)

    responses = race([claim(ana if index % 2 else bob) for index in range(RACERS)])
    holders = {r.json()["moderator"]["username"] for r in responses if r.status_code == 200}
    assert len(holders) == 1
    statuses = Counter(r.status_code for r in responses)
    assert statuses[200] == RACERS // 2
    assert statuses[409] == RACERS // 2


def test_replaying_one_key_concurrently_records_one_decision(embedded: EmbeddedServer) -> None:
    base = embedded.base_url
    assert base is not None
    sam = sign_in(base, "sam")
    case_id = open_case(base, sam, "Cheap lessons")
    headers = {**sam, "Idempotency-Key": "one-key-for-all"}
    body = {"outcome": "remove_content", "clause_ids": ["spam-1"]}
    responses = race(
        [
            lambda: httpx.post(
                f"{base}/v1/cases/{case_id}/decisions", json=body, headers=headers, timeout=60.0
            )
        ]
        * 6
    )
    assert Counter(r.status_code for r in responses) == {201: 1, 200: 5}
    assert len({r.json()["id"] for r in responses}) == 1


def test_served_connections_send_small_answers_without_waiting_for_acks() -> None:
    """Nagle's algorithm is off on the listening socket, so keep-alive answers go at once."""
    import socket

    from fastapi import FastAPI

    from reviewdesk.server.runner import BackgroundServer

    runner = BackgroundServer(FastAPI(), "127.0.0.1", 0)
    runner.start()
    try:
        assert runner._socket is not None
        assert runner._socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        runner.stop()
