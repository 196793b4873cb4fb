"""Replay of a past decision as seen then, and second review (confirm / overturn)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx
from audit_calls import decide, log_page, whole_chain
from server_calls import PLATFORM, auth, case_id_of
from server_community import SCREENSHOT

from reviewdesk.api.models import LogEntry
from reviewdesk.audit.chain_check import verify_chain

THREAT = {
    "outcome": "suspend",
    "clause_ids": ["threat-1"],
    "duration_days": 30,
    "note": "Direct threat with a home address",
    "member_message": "Your account is suspended for 30 days.",
    "reporter_message": "We acted on your report.",
}
CORRECTION = {
    "outcome": "terminate",
    "clause_ids": ["threat-1"],
    "note": "A threat of violence ends the account.",
    "member_message": "Your account is closed for threatening another member.",
    "reporter_message": "We closed the account you reported.",
}


def claim_and_decide_threat(client: httpx.Client, ana: dict[str, str]) -> dict[str, Any]:
    case_id = case_id_of(client, ana, "I know where")
    assert client.post(f"/v1/cases/{case_id}/claim", headers=ana).status_code == 200
    detail = client.get(f"/v1/cases/{case_id}", headers=ana).json()
    attachment_id = detail["attachments"][0]["id"]
    response = client.post(
        f"/v1/cases/{case_id}/decisions",
        json={**THREAT, "revealed_attachment_ids": [attachment_id]},
        headers={**ana, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text
    decision: dict[str, Any] = response.json()
    return decision


def test_replay_shows_the_case_as_the_moderator_saw_it(client: httpx.Client) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    history_then = client.get("/v1/members/m-bruno/history", headers=ana).json()
    decision = claim_and_decide_threat(client, ana)
    # Later events must not leak into the replay: a note and another report.
    client.post("/v1/members/m-bruno/notes", json={"text": "Written afterwards"}, headers=sam)
    replay = client.get(f"/v1/log/{decision['id']}/replay", headers=sam)
    assert replay.status_code == 200, replay.text
    body = replay.json()
    assert body["decision"]["id"] == decision["id"]
    assert body["decision"]["member_message"] == THREAT["member_message"]
    assert body["entry"]["record"]["decision_id"] == decision["id"]
    assert body["snapshot_recorded"] is True
    assert body["history"] == history_then
    now_history = client.get("/v1/members/m-bruno/history", headers=sam).json()
    assert now_history != history_then
    [evidence] = body["evidence"]
    assert evidence["sha256"] == hashlib.sha256(SCREENSHOT).hexdigest()
    assert evidence["revealed"] is True
    downloaded = client.get(f"/v1/attachments/{evidence['attachment_id']}", headers=sam)
    assert hashlib.sha256(downloaded.content).hexdigest() == evidence["sha256"]
    assert body["catalogue_version"] == "test-1"
    assert [c["id"] for c in body["clauses"]] == ["threat-1"]
    assert body["clauses"][0]["text"] == "What threat-1 forbids, in a sentence."
    assert [r["text"] for r in body["reports"]] == ["Report by Chen Li"]
    assert [m["id"] for m in body["conversations"][0]["messages"]] == ["msg-1", "msg-2"]
    assert body["entry"]["context"]["handling_seconds"] == 0.0


def test_replay_keeps_the_clause_text_of_the_catalogue_then_in_force(
    client: httpx.Client,
) -> None:
    ana, sam, ada = auth(client, "ana"), auth(client, "sam"), auth(client, "ada")
    decision = claim_and_decide_threat(client, ana)
    catalogue = client.get("/v1/policy", headers=ada).json()
    for clause in catalogue["clauses"]:
        clause["text"] = "Reworded in version two."
    published = client.post(
        "/v1/policy/versions", json={**catalogue, "version": "test-2"}, headers=ada
    )
    assert published.status_code == 201, published.text
    assert client.get("/v1/policy", headers=ana).json()["version"] == "test-2"
    body = client.get(f"/v1/log/{decision['id']}/replay", headers=sam).json()
    assert body["catalogue_version"] == "test-1"
    assert body["clauses"][0]["text"] == "What threat-1 forbids, in a sentence."
    versions = client.get("/v1/policy/versions", headers=ana).json()["items"]
    assert [(v["version"], v["in_force"]) for v in versions] == [
        ("test-2", True),
        ("test-1", False),
    ]


def test_replay_of_an_unknown_decision_is_404(client: httpx.Client) -> None:
    sam = auth(client, "sam")
    assert client.get("/v1/log/999/replay", headers=sam).status_code == 404
    assert client.get("/v1/log/x/replay", headers=sam).status_code == 404


def test_a_confirmation_is_logged_and_marks_the_decision_reviewed(client: httpx.Client) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    decision = decide(client, ana, "Cheap lessons", {"outcome": "warn", "clause_ids": ["spam-1"]})
    feed_before = client.get("/v1/feed", headers=PLATFORM).json()["last_seq"]
    response = client.post(
        f"/v1/log/{decision['id']}/review",
        json={"verdict": "confirm", "reason": "Clear advertising."},
        headers=sam,
    )
    assert response.status_code == 201, response.text
    review = response.json()
    assert review["verdict"] == "confirm"
    assert review["corrected"] is None
    record = review["entry"]["record"]
    assert (record["kind"], record["decision_id"], record["note"]) == (
        "review",
        decision["id"],
        "Clear advertising.",
    )
    assert record["actor_id"] == review["reviewer"]["id"]
    assert record["outcome"] == "warn"
    assert client.get("/v1/feed", headers=PLATFORM).json()["last_seq"] == feed_before
    reviewed = log_page(client, sam, "reviewed=true")["items"]
    assert [e["record"]["decision_id"] for e in reviewed] == [decision["id"]]
    assert reviewed[0]["context"]["review_verdict"] == "confirm"
    again = client.post(
        f"/v1/log/{decision['id']}/review",
        json={"verdict": "confirm", "reason": "Twice."},
        headers=auth(client, "ada"),
    )
    assert again.status_code == 409
    entries = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    assert verify_chain(entries).intact


def test_an_overturn_posts_the_correction_to_the_feed_and_moves_strikes(
    client: httpx.Client,
) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    decision = claim_and_decide_threat(client, ana)
    response = client.post(
        f"/v1/log/{decision['id']}/review",
        json={"verdict": "overturn", "reason": "Too lenient.", "corrected": CORRECTION},
        headers=sam,
    )
    assert response.status_code == 201, response.text
    review = response.json()
    corrected = review["corrected"]
    assert corrected["outcome"] == "terminate"
    assert corrected["moderator"]["username"] == "sam"
    assert corrected["member_message"] == CORRECTION["member_message"]
    record = review["entry"]["record"]
    assert record["verdict"] == "overturn"
    assert record["corrected_decision_id"] == corrected["id"]
    assert record["outcome"] == "terminate"
    assert record["member_message"] == CORRECTION["member_message"]
    feed = client.get("/v1/feed", headers=PLATFORM).json()["entries"]
    assert feed[-1]["decision"]["id"] == corrected["id"]
    assert feed[-1]["replaces_decision_id"] == decision["id"]
    assert feed[-1]["decision"]["reporter_message"] == CORRECTION["reporter_message"]
    history = client.get("/v1/members/m-bruno/history", headers=sam).json()
    assert [(s["clause_id"], s["outcome"]) for s in history["strikes"]] == [
        ("threat-1", "terminate")
    ]
    case = client.get(f"/v1/cases/{decision['case_id']}", headers=sam).json()
    assert case["summary"]["status"] == "decided"
    assert [d["outcome"] for d in case["decisions"]] == ["suspend", "terminate"]
    found = log_page(client, sam, "q=lenient")["items"]
    assert [e["record"]["kind"] for e in found] == ["review"]
    entries = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    assert verify_chain(entries).intact


def test_reviews_that_break_a_rule_are_refused(client: httpx.Client) -> None:
    ana, sam = auth(client, "ana"), auth(client, "sam")
    decision = decide(client, ana, "Cheap lessons", {"outcome": "warn", "clause_ids": ["spam-1"]})
    url = f"/v1/log/{decision['id']}/review"
    cases = [
        ({"verdict": "overturn", "reason": "No."}, "needs the corrected decision"),
        (
            {"verdict": "confirm", "reason": "Fine.", "corrected": {"outcome": "no_violation"}},
            "takes no corrected",
        ),
        ({"verdict": "confirm", "reason": "   "}, "needs a reason"),
        (
            {"verdict": "overturn", "reason": "Hm.", "corrected": {"outcome": "escalate"}},
            "must be a final outcome",
        ),
        (
            {
                "verdict": "overturn",
                "reason": "Hm.",
                "corrected": {"outcome": "warn", "clause_ids": ["spam-1"]},
            },
            "same as the original",
        ),
        (
            {
                "verdict": "overturn",
                "reason": "Hm.",
                "corrected": {"outcome": "warn", "clause_ids": ["nope-9"]},
            },
            "Unknown policy clause",
        ),
    ]
    for body, words in cases:
        response = client.post(url, json=body, headers=sam)
        assert response.status_code == 422, body
        assert words in response.json()["detail"], response.json()
    escalation = log_page(client, sam, "outcome=escalate")["items"][0]["record"]["decision_id"]
    not_final = client.post(
        f"/v1/log/{escalation}/review",
        json={"verdict": "overturn", "reason": "Hm.", "corrected": {"outcome": "no_violation"}},
        headers=sam,
    )
    assert not_final.status_code == 422
    assert "Only a final decision" in not_final.json()["detail"]
    own = decide(client, sam, "Nice weather", {"outcome": "no_violation"})
    mine = client.post(
        f"/v1/log/{own['id']}/review", json={"verdict": "confirm", "reason": "Ok."}, headers=sam
    )
    assert mine.status_code == 422
    assert "someone else" in mine.json()["detail"]
    unknown = client.post(
        "/v1/log/999/review", json={"verdict": "confirm", "reason": "Ok."}, headers=sam
    )
    assert unknown.status_code == 404


def test_agents_may_not_review(client: httpx.Client) -> None:
    bob = auth(client, "bob")
    decision = decide(client, auth(client, "ana"), "Cheap lessons", {"outcome": "no_violation"})
    response = client.post(
        f"/v1/log/{decision['id']}/review",
        json={"verdict": "confirm", "reason": "Looks right."},
        headers=bob,
    )
    assert response.status_code == 403
    assert log_page(client, auth(client, "sam"), "kind=review")["items"] == []
