"""Signing in, tokens that run out, roles, and the platform key kept apart."""

from __future__ import annotations

import httpx
from server_calls import PLATFORM, auth
from server_community import PASSWORDS, FakeClock

from reviewdesk.server.services.accounts import BAD_TOKEN, NO_TOKEN, WRONG_CREDENTIALS


def test_login_returns_a_token_that_identifies_the_moderator(client: httpx.Client) -> None:
    response = client.post("/v1/auth/login", json={"username": "sam", "password": PASSWORDS["sam"]})
    assert response.status_code == 200
    body = response.json()
    assert body["moderator"]["username"] == "sam"
    assert body["moderator"]["role"] == "senior"
    me = client.get("/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json() == body["moderator"]


def test_wrong_password_and_unknown_user_get_the_same_401(client: httpx.Client) -> None:
    wrong = client.post("/v1/auth/login", json={"username": "sam", "password": "nope"})
    unknown = client.post("/v1/auth/login", json={"username": "nobody", "password": "nope"})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.json() == {"detail": WRONG_CREDENTIALS}


def test_requests_without_or_with_a_wrong_token_get_401(client: httpx.Client) -> None:
    missing = client.get("/v1/me")
    assert missing.status_code == 401
    assert missing.json() == {"detail": NO_TOKEN}
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    wrong = client.get("/v1/policy", headers={"Authorization": "Bearer not-a-token"})
    assert wrong.status_code == 401
    assert wrong.json() == {"detail": BAD_TOKEN}


def test_a_token_stops_working_when_it_expires(client: httpx.Client, clock: FakeClock) -> None:
    headers = auth(client, "ana")
    assert client.get("/v1/me", headers=headers).status_code == 200
    clock.advance(hours=11, minutes=59)
    assert client.get("/v1/me", headers=headers).status_code == 200
    clock.advance(minutes=2)
    expired = client.get("/v1/me", headers=headers)
    assert expired.status_code == 401
    assert expired.json() == {"detail": BAD_TOKEN}


def test_the_platform_key_and_moderator_tokens_do_not_open_each_others_doors(
    client: httpx.Client,
) -> None:
    assert client.get("/v1/me", headers=PLATFORM).status_code == 401
    moderator = auth(client, "ada")
    feed_as_moderator = client.get("/v1/feed", headers=moderator)
    assert feed_as_moderator.status_code == 401
    assert "platform" in feed_as_moderator.json()["detail"]
    assert client.get("/v1/feed", headers=PLATFORM).status_code == 200


def test_policy_lists_the_catalogue_in_force(client: httpx.Client) -> None:
    response = client.get("/v1/policy", headers=auth(client, "ana"))
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "test-1"
    assert {c["id"] for c in body["clauses"]} >= {"spam-1", "threat-1"}
