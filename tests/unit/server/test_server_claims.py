"""Claims: one holder at a time, renewal, expiry, release."""

from __future__ import annotations

import httpx
from server_calls import auth, case_id_of
from server_community import NOW, FakeClock


def test_a_claim_blocks_others_until_it_is_released(client: httpx.Client) -> None:
    ana, bob = auth(client, "ana"), auth(client, "bob")
    case_id = case_id_of(client, ana, "Cheap lessons")
    claimed = client.post(f"/v1/cases/{case_id}/claim", headers=ana)
    assert claimed.status_code == 200
    body = claimed.json()
    assert body["moderator"]["username"] == "ana"
    assert body["expires_at"].startswith("2026-10-20T09:05:00")  # 300 s lease

    blocked = client.post(f"/v1/cases/{case_id}/claim", headers=bob)
    assert blocked.status_code == 409
    assert blocked.json() == {
        "detail": f"Case {case_id} is claimed by Ana Agent (ana) until 2026-10-20 09:05:00 UTC."
    }
    assert client.delete(f"/v1/cases/{case_id}/claim", headers=ana).status_code == 204
    assert client.post(f"/v1/cases/{case_id}/claim", headers=bob).status_code == 200


def test_the_holder_renews_and_an_expired_lease_frees_the_case(
    client: httpx.Client, clock: FakeClock
) -> None:
    ana, bob = auth(client, "ana"), auth(client, "bob")
    case_id = case_id_of(client, ana, "Cheap lessons")
    assert client.post(f"/v1/cases/{case_id}/claim", headers=ana).status_code == 200
    clock.advance(seconds=200)
    renewed = client.post(f"/v1/cases/{case_id}/claim", headers=ana)
    assert renewed.status_code == 200
    assert renewed.json()["expires_at"].startswith("2026-10-20T09:08:20")
    clock.advance(seconds=250)  # the first lease would have run out by now
    assert client.post(f"/v1/cases/{case_id}/claim", headers=bob).status_code == 409
    clock.advance(seconds=60)
    taken = client.post(f"/v1/cases/{case_id}/claim", headers=bob)
    assert taken.status_code == 200
    assert taken.json()["moderator"]["username"] == "bob"
    summary = client.get(f"/v1/cases/{case_id}", headers=bob).json()["summary"]
    assert summary["claim"]["moderator"]["username"] == "bob"


def test_an_expired_claim_is_not_shown_as_a_claim(client: httpx.Client, clock: FakeClock) -> None:
    ana = auth(client, "ana")
    case_id = case_id_of(client, ana, "Cheap lessons")
    client.post(f"/v1/cases/{case_id}/claim", headers=ana)
    clock.advance(seconds=301)
    assert client.get(f"/v1/cases/{case_id}", headers=ana).json()["summary"]["claim"] is None


def test_only_the_holder_or_a_senior_may_release(client: httpx.Client) -> None:
    ana, bob, sam = auth(client, "ana"), auth(client, "bob"), auth(client, "sam")
    case_id = case_id_of(client, ana, "Cheap lessons")
    client.post(f"/v1/cases/{case_id}/claim", headers=ana)
    refused = client.delete(f"/v1/cases/{case_id}/claim", headers=bob)
    assert refused.status_code == 403
    assert "Ana Agent" in refused.json()["detail"]
    assert client.delete(f"/v1/cases/{case_id}/claim", headers=sam).status_code == 204
    assert client.get(f"/v1/cases/{case_id}", headers=bob).json()["summary"]["claim"] is None


def test_decided_and_escalated_cases_cannot_be_claimed_by_agents(client: httpx.Client) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    decided = case_id_of(client, ana, "Buy followers")
    refused = client.post(f"/v1/cases/{decided}/claim", headers=ana)
    assert refused.status_code == 409
    assert "already decided" in refused.json()["detail"]
    escalated = case_id_of(client, ana, "Send me money")
    assert client.post(f"/v1/cases/{escalated}/claim", headers=ana).status_code == 403
    assert client.post(f"/v1/cases/{escalated}/claim", headers=sam).status_code == 200


def test_claim_times_come_from_the_service_clock(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    case_id = case_id_of(client, ana, "Cheap lessons")
    body = client.post(f"/v1/cases/{case_id}/claim", headers=ana).json()
    assert body["expires_at"] == (NOW.replace(minute=5)).isoformat().replace("+00:00", "Z")
