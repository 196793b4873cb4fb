"""Deciding: effects, idempotent replay, conflicts, validation, roles."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from server_calls import PLATFORM, auth, case_id_of
from server_community import EVE

from reviewdesk.server.services.decisions import KEY_REUSED

WARN_SPAM = {"outcome": "warn", "clause_ids": ["spam-1"], "member_message": "Stop posting ads."}


def decide(
    client: httpx.Client, headers: dict[str, str], case_id: str, body: dict[str, Any], key: str = ""
) -> httpx.Response:
    return client.post(
        f"/v1/cases/{case_id}/decisions",
        json=body,
        headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())},
    )


def test_a_warning_closes_the_case_strikes_the_member_and_reaches_the_feed(
    client: httpx.Client,
) -> None:
    ana = auth(client, "ana")
    case_id = case_id_of(client, ana, "Cheap lessons")
    client.post(f"/v1/cases/{case_id}/claim", headers=ana)
    response = decide(client, ana, case_id, WARN_SPAM, key="key-1")
    assert response.status_code == 201
    decision = response.json()
    assert decision["case_id"] == case_id
    assert decision["outcome"] == "warn"
    assert decision["moderator"]["username"] == "ana"
    assert decision["idempotency_key"] == "key-1"
    assert decision["decided_at"].startswith("2026-10-20T09:00:00")

    summary = client.get(f"/v1/cases/{case_id}", headers=ana).json()["summary"]
    assert summary["status"] == "decided"
    assert summary["claim"] is None
    history = client.get(f"/v1/members/{EVE.id}/history", headers=ana).json()
    newest_strike, earlier_strike = history["strikes"]  # newest first
    assert (newest_strike["case_id"], newest_strike["clause_id"]) == (case_id, "spam-1")
    assert earlier_strike["case_id"] != case_id
    feed = client.get("/v1/feed?after=0", headers=PLATFORM).json()
    newest = feed["entries"][-1]
    assert newest["decision"] == decision
    assert newest["member_id"] == EVE.id
    assert newest["content_id"] == "c-spam"
    assert feed["last_seq"] == newest["seq"]
    assert client.get(f"/v1/feed?after={newest['seq']}", headers=PLATFORM).json() == {
        "entries": [],
        "last_seq": newest["seq"],
    }


def test_a_replay_with_the_same_key_returns_the_first_decision_and_records_one(
    client: httpx.Client,
) -> None:
    ana = auth(client, "ana")
    case_id = case_id_of(client, ana, "Cheap lessons")
    first = decide(client, ana, case_id, WARN_SPAM, key="same-key")
    again = decide(client, ana, case_id, WARN_SPAM, key="same-key")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    detail = client.get(f"/v1/cases/{case_id}", headers=ana).json()
    assert len(detail["decisions"]) == 1
    feed = client.get("/v1/feed", headers=PLATFORM).json()["entries"]
    assert sum(entry["decision"]["id"] == first.json()["id"] for entry in feed) == 1


def test_the_same_key_with_another_body_is_refused(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    case_id = case_id_of(client, ana, "Cheap lessons")
    assert decide(client, ana, case_id, WARN_SPAM, key="k").status_code == 201
    other = decide(client, ana, case_id, {**WARN_SPAM, "note": "changed"}, key="k")
    assert other.status_code == 422
    assert other.json() == {"detail": KEY_REUSED}


def test_deciding_a_case_someone_else_decided_returns_their_decision(client: httpx.Client) -> None:
    ana, bob = auth(client, "ana"), auth(client, "bob")
    case_id = case_id_of(client, ana, "Cheap lessons")
    first = decide(client, ana, case_id, WARN_SPAM).json()
    late = decide(client, bob, case_id, {"outcome": "no_violation"})
    assert late.status_code == 409
    body = late.json()
    assert body["decision"] == first
    assert body["detail"] == f"Case {case_id} was already decided by Ana Agent: warn."


def test_a_case_claimed_by_someone_else_cannot_be_decided(client: httpx.Client) -> None:
    ana, bob = auth(client, "ana"), auth(client, "bob")
    case_id = case_id_of(client, ana, "Cheap lessons")
    client.post(f"/v1/cases/{case_id}/claim", headers=ana)
    refused = decide(client, bob, case_id, WARN_SPAM)
    assert refused.status_code == 409
    assert set(refused.json()) == {"detail"}
    assert "claimed by Ana Agent (ana)" in refused.json()["detail"]
    assert client.get(f"/v1/cases/{case_id}", headers=bob).json()["summary"]["status"] == "open"


def test_invalid_decisions_name_every_problem(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    case_id = case_id_of(client, ana, "Cheap lessons")
    response = decide(
        client, ana, case_id, {"outcome": "suspend", "clause_ids": ["nope-9", "spam-1", "spam-1"]}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "Unknown policy clause: nope-9." in detail
    assert "A policy clause is cited twice." in detail
    assert "needs a duration in days" in detail
    missing_clause = decide(client, ana, case_id, {"outcome": "remove_content"})
    assert missing_clause.status_code == 422
    assert "must cite at least one policy clause" in missing_clause.json()["detail"]
    assert client.get(f"/v1/cases/{case_id}", headers=ana).json()["decisions"] == []


def test_a_decision_needs_an_idempotency_key(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    case_id = case_id_of(client, ana, "Cheap lessons")
    response = client.post(f"/v1/cases/{case_id}/decisions", json=WARN_SPAM, headers=ana)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    too_long = decide(client, ana, case_id, WARN_SPAM, key="k" * 101)
    assert too_long.status_code == 400


def test_escalated_cases_are_decided_by_seniors_only(client: httpx.Client) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    case_id = case_id_of(client, ana, "Send me money")
    suspend = {"outcome": "suspend", "clause_ids": ["scam-1"], "duration_days": 30}
    refused = decide(client, ana, case_id, suspend)
    assert refused.status_code == 403
    assert "senior" in refused.json()["detail"]
    assert decide(client, sam, case_id, suspend).status_code == 201


def test_escalating_and_asking_for_information_keep_the_case_out_of_the_feed(
    client: httpx.Client,
) -> None:
    ana = auth(client, "ana")
    feed_before = client.get("/v1/feed", headers=PLATFORM).json()["last_seq"]
    case_id = case_id_of(client, ana, "Cheap lessons")
    escalated = decide(client, ana, case_id, {"outcome": "escalate", "note": "Unsure."})
    assert escalated.status_code == 201
    summary = client.get(f"/v1/cases/{case_id}", headers=ana).json()["summary"]
    assert summary["status"] == "escalated"
    assert client.get("/v1/feed", headers=PLATFORM).json()["last_seq"] == feed_before
    awaiting = case_id_of(client, ana, "Meet me elsewhere")
    closed = decide(
        client, ana, awaiting, {"outcome": "no_violation", "reporter_message": "Block."}
    )
    assert closed.status_code == 201
    assert client.get("/v1/feed", headers=PLATFORM).json()["last_seq"] == feed_before + 1
