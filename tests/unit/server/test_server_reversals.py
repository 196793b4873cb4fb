"""POST /v1/batches/{id}/reversal: a senior undoes a batch; the feed tells the platform."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from batch_calls import batch_items, file_spam, post_batch
from server_calls import PLATFORM, auth
from server_community import EVE

from reviewdesk.server.services.reversals import REVERSAL_KEY_REUSED, REVERSALS_ARE_FOR_SENIORS

WARN_SPAM: dict[str, Any] = {"outcome": "warn", "clause_ids": ["spam-1"]}


def reverse(
    client: httpx.Client,
    headers: dict[str, str],
    batch_id: str,
    reason: str = "The wave was a real teacher's announcement.",
    key: str | None = None,
) -> httpx.Response:
    extra = {"Idempotency-Key": key} if key else {}
    return client.post(
        f"/v1/batches/{batch_id}/reversal", json={"reason": reason}, headers={**headers, **extra}
    )


def decided_batch(
    client: httpx.Client, count: int = 3
) -> tuple[str, list[str], list[dict[str, Any]]]:
    """A batch of ``count`` warnings by Ana: its id, its cases and the recorded decisions."""
    ana = auth(client, "ana")
    cases = file_spam(client, count, tag=f"rev-{uuid.uuid4().hex[:6]}")
    batch_id = str(uuid.uuid4())
    answers = post_batch(client, ana, batch_items(cases, batch_id, WARN_SPAM)).json()["items"]
    assert {a["status"] for a in answers} == {"recorded"}
    return batch_id, cases, [a["decision"] for a in answers]


def strikes_on(client: httpx.Client, headers: dict[str, str], cases: list[str]) -> int:
    history = client.get(f"/v1/members/{EVE.id}/history", headers=headers).json()
    return sum(1 for strike in history["strikes"] if strike["case_id"] in cases)


def test_a_senior_reverses_a_batch_and_the_feed_carries_one_reversal_per_decision(
    client: httpx.Client,
) -> None:
    batch_id, cases, decisions = decided_batch(client)
    sam = auth(client, "sam")
    assert strikes_on(client, sam, cases) == 3
    before = client.get("/v1/feed?after=0&limit=1000", headers=PLATFORM).json()["last_seq"]

    response = reverse(client, sam, batch_id, key="rev-1")
    assert response.status_code == 201, response.text
    reversal = response.json()
    assert reversal["batch_id"] == batch_id
    assert reversal["reversed_by"]["username"] == "sam"
    assert reversal["reason"] == "The wave was a real teacher's announcement."
    assert [d["id"] for d in reversal["decisions"]] == [d["id"] for d in decisions]
    assert {d["reversal_id"] for d in reversal["decisions"]} == {reversal["id"]}
    assert reversal["reopened_case_ids"] == cases

    feed = client.get(f"/v1/feed?after={before}", headers=PLATFORM).json()["entries"]
    assert [(e["kind"], e["decision"]["id"]) for e in feed] == [
        ("reversal", d["id"]) for d in decisions
    ]
    assert {e["member_id"] for e in feed} == {EVE.id}
    assert {e["reversal"]["batch_id"] for e in feed} == {batch_id}
    assert {e["reversal"]["reversed_by"]["username"] for e in feed} == {"sam"}
    for case_id in cases:
        summary = client.get(f"/v1/cases/{case_id}", headers=sam).json()["summary"]
        assert summary["status"] == "open"
    assert strikes_on(client, sam, cases) == 0


def test_a_reopened_case_can_be_decided_again(client: httpx.Client) -> None:
    batch_id, cases, _ = decided_batch(client, 1)
    assert reverse(client, auth(client, "sam"), batch_id).status_code == 201
    ana = auth(client, "ana")
    again = post_batch(client, ana, batch_items(cases, body={"outcome": "no_violation"}))
    assert again.json()["items"][0]["status"] == "recorded"
    detail = client.get(f"/v1/cases/{cases[0]}", headers=ana).json()
    assert detail["summary"]["status"] == "decided"
    assert [d["outcome"] for d in detail["decisions"]] == ["warn", "no_violation"]


def test_reversing_is_idempotent_under_its_key_and_refused_a_second_time(
    client: httpx.Client,
) -> None:
    batch_id, _cases, _ = decided_batch(client, 2)
    sam, ada = auth(client, "sam"), auth(client, "ada")
    first = reverse(client, sam, batch_id, key="rev-a")
    replay = reverse(client, sam, batch_id, key="rev-a")
    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json()["id"] == first.json()["id"]
    other_reason = reverse(client, sam, batch_id, reason="Something else.", key="rev-a")
    assert (other_reason.status_code, other_reason.json()["detail"]) == (422, REVERSAL_KEY_REUSED)
    twice = reverse(client, ada, batch_id, key="rev-b")
    assert twice.status_code == 409
    assert "already reversed by Sam Senior" in twice.json()["detail"]
    feed = client.get("/v1/feed?after=0&limit=1000", headers=PLATFORM).json()["entries"]
    reversals = [
        e for e in feed if e["kind"] == "reversal" and e["reversal"]["batch_id"] == batch_id
    ]
    assert len(reversals) == 2


def test_agents_may_not_reverse_and_unknown_batches_are_404(client: httpx.Client) -> None:
    batch_id, cases, _ = decided_batch(client, 1)
    ana = auth(client, "ana")
    refused = reverse(client, ana, batch_id)
    assert (refused.status_code, refused.json()["detail"]) == (403, REVERSALS_ARE_FOR_SENIORS)
    assert client.get(f"/v1/cases/{cases[0]}", headers=ana).json()["summary"]["status"] == "decided"
    unknown = reverse(client, auth(client, "sam"), "no-such-batch")
    assert unknown.status_code == 404
    assert "no-such-batch" in unknown.json()["detail"]
    blank = reverse(client, auth(client, "sam"), batch_id, reason="   ")
    assert blank.status_code == 422
