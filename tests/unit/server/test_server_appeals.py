"""Appeals: the moderator who lost a conflict asks for a second review; seniors list them."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from server_calls import auth, case_id_of

from reviewdesk.server.services.appeals import (
    APPEAL_KEY_REUSED,
    APPEALS_ARE_FOR_SENIORS,
    NO_REASON,
)

WARN_SPAM = {"outcome": "warn", "clause_ids": ["spam-1"], "member_message": "Stop posting ads."}
NO_VIOLATION = {"outcome": "no_violation"}
REASON = "The link is to a language school the member teaches at; it is not spam."


def lost_conflict(client: httpx.Client) -> tuple[str, dict[str, Any], dict[str, str]]:
    """Ana decides the spam case, Bob's later decision gets a 409: (case, Ana's decision, Bob)."""
    ana, bob = auth(client, "ana"), auth(client, "bob")
    case_id = case_id_of(client, ana, "Cheap lessons")
    won = client.post(
        f"/v1/cases/{case_id}/decisions",
        json=WARN_SPAM,
        headers={**ana, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert won.status_code == 201
    lost = client.post(
        f"/v1/cases/{case_id}/decisions",
        json=NO_VIOLATION,
        headers={**bob, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert lost.status_code == 409
    return case_id, lost.json()["decision"], bob


def appeal(
    client: httpx.Client,
    headers: dict[str, str],
    case_id: str,
    body: dict[str, Any],
    key: str | None = None,
) -> httpx.Response:
    extra = {"Idempotency-Key": key} if key is not None else {}
    return client.post(f"/v1/cases/{case_id}/appeals", json=body, headers={**headers, **extra})


def test_the_loser_of_a_conflict_files_an_appeal_that_seniors_and_admins_see(
    client: httpx.Client,
) -> None:
    case_id, winner, bob = lost_conflict(client)
    body = {"decision_id": winner["id"], "proposed": NO_VIOLATION, "reason": REASON}
    filed = appeal(client, bob, case_id, body)
    assert filed.status_code == 201, filed.text
    recorded = filed.json()
    assert recorded["case_id"] == case_id
    assert recorded["decision_id"] == winner["id"]
    assert recorded["filed_by"]["username"] == "bob"
    assert recorded["proposed"] == {
        "outcome": "no_violation",
        "clause_ids": [],
        "duration_days": None,
        "note": "",
        "member_message": "",
        "reporter_message": "",
        "revealed_attachment_ids": [],
        "batch_id": None,
    }
    assert recorded["reason"] == REASON
    assert recorded["filed_at"] == "2026-10-20T09:00:00Z"
    assert recorded["status"] == "open"
    for reader in ("sam", "ada"):
        listed = client.get("/v1/appeals?status=open", headers=auth(client, reader))
        assert listed.status_code == 200
        assert listed.json() == {"items": [recorded]}
    everything = client.get("/v1/appeals", headers=auth(client, "sam")).json()
    assert everything == {"items": [recorded]}
    detail = client.get(f"/v1/cases/{case_id}", headers=bob).json()
    assert [d["id"] for d in detail["decisions"]] == [winner["id"]], "an appeal decides nothing"


def test_agents_may_not_list_appeals(client: httpx.Client) -> None:
    refused = client.get("/v1/appeals?status=open", headers=auth(client, "ana"))
    assert (refused.status_code, refused.json()) == (403, {"detail": APPEALS_ARE_FOR_SENIORS})
    assert client.get("/v1/appeals").status_code == 401
    unknown_status = client.get("/v1/appeals?status=shelved", headers=auth(client, "sam"))
    assert unknown_status.status_code == 422


def test_a_retried_appeal_with_the_same_key_is_stored_once(client: httpx.Client) -> None:
    case_id, winner, bob = lost_conflict(client)
    body = {"decision_id": winner["id"], "proposed": NO_VIOLATION, "reason": REASON}
    first = appeal(client, bob, case_id, body, key="appeal-1")
    again = appeal(client, bob, case_id, body, key="appeal-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    reused = appeal(client, bob, case_id, {**body, "reason": "Another reason."}, key="appeal-1")
    assert (reused.status_code, reused.json()) == (422, {"detail": APPEAL_KEY_REUSED})
    without_key = appeal(client, bob, case_id, body)
    assert without_key.status_code == 201
    assert without_key.json()["id"] != first.json()["id"], "without a key, each post is new"
    listed = client.get("/v1/appeals", headers=auth(client, "sam")).json()["items"]
    assert [item["id"] for item in listed] == [first.json()["id"], without_key.json()["id"]]
    too_long = appeal(client, bob, case_id, body, key="k" * 101)
    assert too_long.status_code == 400


def test_an_appeal_must_name_a_decision_of_the_case_and_propose_a_valid_one(
    client: httpx.Client,
) -> None:
    case_id, winner, bob = lost_conflict(client)
    other_case = case_id_of(client, bob, "Meet me elsewhere")
    good = {"decision_id": winner["id"], "proposed": NO_VIOLATION, "reason": REASON}

    elsewhere = appeal(client, bob, other_case, good)
    assert elsewhere.status_code == 422
    assert elsewhere.json()["detail"] == (
        f"Decision '{winner['id']}' is not a decision on case {other_case}."
    )
    for missing in ("999999", "not-a-number"):
        unknown = appeal(client, bob, case_id, {**good, "decision_id": missing})
        assert unknown.status_code == 422
        assert f"Decision '{missing}' is not a decision" in unknown.json()["detail"]

    invalid = appeal(
        client, bob, case_id, {**good, "proposed": {"outcome": "suspend", "clause_ids": ["nope"]}}
    )
    assert invalid.status_code == 422
    assert "Unknown policy clause: nope." in invalid.json()["detail"]
    assert "needs a duration in days" in invalid.json()["detail"]

    blank = appeal(client, bob, case_id, {**good, "reason": "  \n "})
    assert (blank.status_code, blank.json()) == (422, {"detail": NO_REASON})
    assert appeal(client, bob, case_id, {**good, "reason": ""}).status_code == 422
    no_reason = {"decision_id": winner["id"], "proposed": NO_VIOLATION}
    assert appeal(client, bob, case_id, no_reason).status_code == 422
    assert appeal(client, bob, "999999", good).status_code == 404
    assert client.get("/v1/appeals", headers=auth(client, "sam")).json() == {"items": []}
