"""Blind quality samples, agreement rates, team statistics, and administration."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from server_calls import auth, case_id_of
from server_community import PASSWORDS, FakeClock

ANA_ID = "1"


def draw(client: httpx.Client, headers: dict[str, str], **body: Any) -> httpx.Response:
    return client.post("/v1/samples", json={"moderator_id": ANA_ID, **body}, headers=headers)


def test_a_sample_is_seeded_reproducible_and_blind(client: httpx.Client) -> None:
    sam = auth(client, "sam")
    first = draw(client, sam, count=3, seed=42)
    assert first.status_code == 201, first.text
    sample = first.json()
    assert sample["population"] == 5
    assert sample["seed"] == 42
    assert len(sample["items"]) == 3
    assert all(item["original"] is None and item["verdict"] is None for item in sample["items"])
    again = draw(client, sam, count=3, seed=42).json()
    assert [i["decision_id"] for i in again["items"]] == [i["decision_id"] for i in sample["items"]]
    stored = client.get(f"/v1/samples/{sample['id']}", headers=sam).json()
    assert stored["items"] == sample["items"]
    listed = client.get("/v1/samples", headers=sam).json()["items"]
    assert [s["id"] for s in listed] == [again["id"], sample["id"]]
    unseeded = draw(client, sam, share=0.5).json()
    assert len(unseeded["items"]) == 3
    assert isinstance(unseeded["seed"], int)


def test_samples_narrow_by_clause_and_period(client: httpx.Client) -> None:
    sam = auth(client, "sam")
    by_clause = draw(client, sam, share=1.0, clause_id="spam-1").json()
    assert by_clause["population"] == 1
    late = draw(client, sam, share=1.0, since="2026-10-20T00:00:00Z").json()
    assert late["population"] == 1  # only the escalation is from today
    assert draw(client, sam, count=2, share=0.5).status_code == 422
    assert draw(client, sam).status_code == 422
    assert draw(client, sam, count=1, moderator_id="77").status_code == 404


def test_a_verdict_reveals_the_original_and_counts_towards_agreement(
    client: httpx.Client,
) -> None:
    sam = auth(client, "sam")
    sample = draw(client, sam, share=1.0, clause_id="spam-1").json()
    [item] = sample["items"]
    url = f"/v1/samples/{sample['id']}/items/1/verdict"
    judged = client.post(url, json={"outcome": "warn", "clause_ids": ["spam-1"]}, headers=sam)
    assert judged.status_code == 201, judged.text
    body = judged.json()
    assert body["agrees"] is True
    assert body["original"]["outcome"] == "warn"
    assert body["judged_by"]["username"] == "sam"
    assert client.post(url, json={"outcome": "warn"}, headers=sam).status_code == 409
    missing = f"/v1/samples/{sample['id']}/items/2/verdict"
    assert client.post(missing, json={"outcome": "warn"}, headers=sam).status_code == 404
    stored = client.get(f"/v1/samples/{sample['id']}", headers=sam).json()
    assert stored["items"][0]["original"]["id"] == item["decision_id"]

    others = draw(client, sam, share=1.0, until="2026-10-11T00:00:00Z").json()
    for item in others["items"]:
        verdict = {"outcome": "remove_content", "clause_ids": ["harass-1"]}
        url = f"/v1/samples/{others['id']}/items/{item['position']}/verdict"
        assert client.post(url, json=verdict, headers=sam).json()["agrees"] is False
    quality = client.get("/v1/quality", headers=sam).json()
    # The second sample holds the spam warning again: each judged item counts.
    assert len(others["items"]) == 4
    assert quality["per_moderator"] == [{"key": ANA_ID, "judged": 5, "agreed": 1, "rate": 0.2}]
    assert quality["per_clause"] == [{"key": "spam-1", "judged": 2, "agreed": 1, "rate": 0.5}]
    bob_only = client.get("/v1/quality?moderator_id=2", headers=sam).json()
    assert bob_only["per_moderator"] == []


def test_team_statistics_per_moderator_and_clause(client: httpx.Client, clock: FakeClock) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    case_id = case_id_of(client, ana, "Cheap lessons")
    client.post(f"/v1/cases/{case_id}/claim", headers=ana)
    clock.advance(seconds=90)
    client.post(
        f"/v1/cases/{case_id}/decisions",
        json={"outcome": "warn", "clause_ids": ["spam-1"]},
        headers={**ana, "Idempotency-Key": str(uuid.uuid4())},
    )
    spam = client.get("/v1/log?limit=1", headers=sam).json()["items"][0]["record"]["decision_id"]
    client.post(
        f"/v1/log/{spam}/review",
        json={
            "verdict": "overturn",
            "reason": "A first advert earns a removal only.",
            "corrected": {"outcome": "remove_content", "clause_ids": ["spam-1"]},
        },
        headers=sam,
    )
    stats = client.get("/v1/stats", headers=sam).json()
    ana_row = next(row for row in stats["per_moderator"] if row["key"] == ANA_ID)
    assert ana_row["label"] == "Ana Agent"
    assert ana_row["decisions"] == 6
    assert ana_row["escalations"] == 1
    assert ana_row["escalation_rate"] == round(1 / 6, 4)
    assert ana_row["median_handling_seconds"] == 90.0
    assert (ana_row["reviewed"], ana_row["overturned"], ana_row["overturn_rate"]) == (1, 1, 1.0)
    bob_row = next(row for row in stats["per_moderator"] if row["key"] == "2")
    assert bob_row["decisions"] == 1
    assert bob_row["median_handling_seconds"] is None
    spam_row = next(row for row in stats["per_clause"] if row["key"] == "spam-1")
    assert (spam_row["decisions"], spam_row["overturned"]) == (2, 1)
    assert stats["backlog"] == sum(b["cases"] for b in stats["backlog_by_age"])
    assert stats["backlog"] == 6
    buckets = {b["bucket"]: b["cases"] for b in stats["backlog_by_age"]}
    assert buckets["1h_to_4h"] == 6
    mine = client.get("/v1/stats", headers=auth(client, "bob")).json()
    assert [row["key"] for row in mine["per_moderator"]] == ["2"]
    assert mine["per_clause"] == []


def test_admins_manage_accounts(client: httpx.Client) -> None:
    ada = auth(client, "ada")
    created = client.post(
        "/v1/admin/moderators",
        json={"username": "cleo", "display_name": "Cleo New", "password": "cleo-pass-1"},
        headers=ada,
    )
    assert created.status_code == 201, created.text
    cleo_id = created.json()["moderator"]["id"]
    assert created.json()["moderator"]["role"] == "agent"
    login = client.post("/v1/auth/login", json={"username": "cleo", "password": "cleo-pass-1"})
    assert login.json()["moderator"]["role"] == "agent"
    token = {"Authorization": f"Bearer {login.json()['token']}"}
    assert client.get("/v1/log", headers=token).status_code == 403
    promoted = client.patch(f"/v1/admin/moderators/{cleo_id}", json={"role": "senior"}, headers=ada)
    assert promoted.json()["moderator"]["role"] == "senior"
    assert client.get("/v1/me", headers=token).json()["role"] == "senior"
    assert client.get("/v1/log", headers=token).status_code == 200
    disabled = client.patch(f"/v1/admin/moderators/{cleo_id}", json={"disabled": True}, headers=ada)
    assert disabled.json()["disabled"] is True
    assert client.get("/v1/me", headers=token).status_code == 401
    again = client.post("/v1/auth/login", json={"username": "cleo", "password": "cleo-pass-1"})
    assert again.status_code == 401
    assert "disabled" in again.json()["detail"]
    taken = client.post(
        "/v1/admin/moderators",
        json={"username": "cleo", "display_name": "Other", "password": "other-pass-1"},
        headers=ada,
    )
    assert taken.status_code == 409
    listed = client.get("/v1/admin/moderators", headers=ada).json()["items"]
    assert [(a["moderator"]["username"], a["disabled"]) for a in listed][-1] == ("cleo", True)
    last_admin = client.patch("/v1/admin/moderators/4", json={"role": "agent"}, headers=ada)
    assert last_admin.status_code == 422
    assert client.patch("/v1/admin/moderators/4", json={}, headers=ada).status_code == 422


def test_publishing_a_catalogue_refuses_a_taken_version(client: httpx.Client) -> None:
    ada = auth(client, "ada")
    catalogue = client.get("/v1/policy", headers=ada).json()
    response = client.post("/v1/policy/versions", json=catalogue, headers=ada)
    assert response.status_code == 422
    assert "exists already" in response.json()["detail"]


def test_every_senior_and_admin_endpoint_refuses_an_agent(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    catalogue = client.get("/v1/policy", headers=ana).json()
    calls: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", "/v1/log", None),
        ("GET", "/v1/log/chain", None),
        ("GET", "/v1/log/1/replay", None),
        ("POST", "/v1/log/1/review", {"verdict": "confirm", "reason": "Fine."}),
        ("POST", "/v1/samples", {"moderator_id": "2", "count": 1}),
        ("GET", "/v1/samples", None),
        ("GET", "/v1/samples/1", None),
        ("POST", "/v1/samples/1/items/1/verdict", {"outcome": "warn"}),
        ("GET", "/v1/quality", None),
        ("GET", "/v1/admin/moderators", None),
        (
            "POST",
            "/v1/admin/moderators",
            {"username": "x1", "display_name": "X", "password": "password-1"},
        ),
        ("PATCH", "/v1/admin/moderators/1", {"role": "admin"}),
        ("POST", "/v1/policy/versions", {**catalogue, "version": "mine"}),
        ("GET", "/v1/appeals", None),
    ]
    sam = auth(client, "sam")
    for method, path, body in calls:
        response = client.request(method, path, json=body, headers=ana)
        assert response.status_code == 403, (method, path, response.text)
        assert response.json()["detail"]
    for method, path, body in calls[-5:-1]:
        response = client.request(method, path, json=body, headers=sam)
        assert response.status_code == 403, ("senior", method, path)
    assert PASSWORDS["ana"]
