"""POST /v1/decisions/batch: each item recorded exactly as the single endpoint would record it."""

from __future__ import annotations

import hashlib
import uuid

import httpx
from batch_calls import REMOVE_SPAM, batch_items, file_spam, post_batch
from server_calls import PLATFORM, auth, case_id_of
from test_server_decisions import decide

from reviewdesk.api.models import DecisionIn
from reviewdesk.domain.enums import Outcome
from reviewdesk.server.services.decisions import KEY_REUSED, request_fingerprint


def test_a_batch_records_every_decision_with_its_batch_id_and_feeds_them(
    client: httpx.Client,
) -> None:
    ana = auth(client, "ana")
    cases = file_spam(client, 5)
    batch_id = str(uuid.uuid4())
    items = batch_items(cases, batch_id)
    response = post_batch(client, ana, items)
    assert response.status_code == 200, response.text
    answers = response.json()["items"]
    assert [(a["case_id"], a["status"], a["status_code"]) for a in answers] == [
        (case_id, "recorded", 201) for case_id in cases
    ]
    assert [a["idempotency_key"] for a in answers] == [i["idempotency_key"] for i in items]
    assert {a["decision"]["batch_id"] for a in answers} == {batch_id}
    for case_id in cases:
        detail = client.get(f"/v1/cases/{case_id}", headers=ana).json()
        assert detail["summary"]["status"] == "decided"
        assert [d["batch_id"] for d in detail["decisions"]] == [batch_id]
    feed = client.get("/v1/feed?after=0&limit=1000", headers=PLATFORM).json()["entries"]
    fed = [e["decision"]["case_id"] for e in feed if e["decision"]["batch_id"] == batch_id]
    assert fed == cases
    assert {e["kind"] for e in feed} == {"decision"}


def test_a_resent_batch_replays_each_item_and_records_nothing_twice(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    cases = file_spam(client, 3)
    items = batch_items(cases, "b-replay")
    first = post_batch(client, ana, items).json()["items"]
    again = post_batch(client, ana, items).json()["items"]
    assert [a["status"] for a in again] == ["replayed"] * 3
    assert [a["status_code"] for a in again] == [200] * 3
    assert [a["decision"] for a in again] == [a["decision"] for a in first]
    for case_id in cases:
        decisions = client.get(f"/v1/cases/{case_id}", headers=ana).json()["decisions"]
        assert len(decisions) == 1


def test_items_are_answered_one_by_one_as_the_single_endpoint_would(client: httpx.Client) -> None:
    ana, bob = auth(client, "ana"), auth(client, "bob")
    decided_by_bob, claimed_by_bob, fine = file_spam(client, 3)
    assert decide(client, bob, decided_by_bob, REMOVE_SPAM).status_code == 201
    assert client.post(f"/v1/cases/{claimed_by_bob}/claim", headers=bob).status_code == 200
    escalated = case_id_of(client, ana, "Send me money")
    bad_clause = {"outcome": "warn", "clause_ids": ["no-such-clause"]}
    items = [
        *batch_items([decided_by_bob, claimed_by_bob, fine]),
        *batch_items(["999999"]),
        *batch_items([escalated]),
        *batch_items([fine], body=bad_clause),
    ]
    answers = post_batch(client, ana, items).json()["items"]
    summary = [(a["case_id"], a["status"], a["status_code"]) for a in answers]
    assert summary == [
        (decided_by_bob, "conflict", 409),
        (claimed_by_bob, "conflict", 409),
        (fine, "recorded", 201),
        ("999999", "refused", 404),
        (escalated, "refused", 403),
        (fine, "refused", 422),
    ]
    standing = answers[0]["decision"]
    assert standing["moderator"]["username"] == "bob"
    assert "Bob Agent" in answers[0]["detail"]
    assert answers[1]["decision"] is None
    assert "Bob Agent" in answers[1]["detail"]
    assert answers[3]["detail"] == "There is no case '999999'."
    assert "no-such-clause" in answers[5]["detail"]


def test_a_key_reused_for_another_decision_is_refused_in_a_batch_too(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    (case_id,) = file_spam(client, 1)
    items = batch_items([case_id])
    post_batch(client, ana, items)
    items[0]["decision"] = {**items[0]["decision"], "note": "another decision"}
    (answer,) = post_batch(client, ana, items).json()["items"]
    assert (answer["status"], answer["status_code"], answer["detail"]) == (
        "refused",
        422,
        KEY_REUSED,
    )


def test_a_decision_posted_singly_replays_through_the_batch_and_back(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    (case_id,) = file_spam(client, 1)
    single = decide(client, ana, case_id, REMOVE_SPAM, key="same-key")
    assert single.status_code == 201
    items = [{"case_id": case_id, "idempotency_key": "same-key", "decision": REMOVE_SPAM}]
    (answer,) = post_batch(client, ana, items).json()["items"]
    assert (answer["status"], answer["decision"]) == ("replayed", single.json())


def test_the_batch_endpoint_needs_a_signed_in_moderator_and_at_most_200_items(
    client: httpx.Client,
) -> None:
    ana = auth(client, "ana")
    assert post_batch(client, {}, batch_items(["1"])).status_code == 401
    too_many = post_batch(client, ana, batch_items([str(n) for n in range(201)]))
    assert too_many.status_code == 422
    assert "200" in too_many.json()["detail"]
    assert post_batch(client, ana, []).status_code == 422


def test_a_decision_outside_any_batch_is_fingerprinted_as_before_batches_existed() -> None:
    """A retry of a decision an older service recorded must still be a replay, not a new key."""
    decision = DecisionIn(outcome=Outcome.WARN, clause_ids=["spam-1"], note="Stop.")
    before_batches = (
        '{"outcome":"warn","clause_ids":["spam-1"],"duration_days":null,"note":"Stop.",'
        '"member_message":"","reporter_message":"","revealed_attachment_ids":[]}'
    )
    expected = hashlib.sha256(("17\n" + before_batches).encode()).hexdigest()
    assert request_fingerprint("17", decision) == expected
    in_batch = decision.model_copy(update={"batch_id": "b-1"})
    assert request_fingerprint("17", in_batch) != expected
