"""A batch reversal is chained onto the decision log: one ``reversal`` entry per decision."""

from __future__ import annotations

import hashlib
import sqlite3

import httpx
from audit_calls import log_page, whole_chain
from server_calls import auth
from test_server_reversals import decided_batch, reverse

from reviewdesk.api.models import LogEntry
from reviewdesk.audit.chain_check import BreakKind, verify_chain
from reviewdesk.domain.log_chain import canonical_json

REASON = "The wave was a real teacher's announcement."


def test_a_reversal_appends_one_chained_entry_per_reversed_decision(
    client: httpx.Client,
) -> None:
    batch_id, cases, decisions = decided_batch(client)
    sam = auth(client, "sam")
    before = whole_chain(client, sam)
    response = reverse(client, sam, batch_id, REASON, key="log-1")
    assert response.status_code == 201, response.text
    reversal_id = response.json()["id"]

    entries = whole_chain(client, sam)
    added = entries[len(before) :]
    assert [e["record"]["kind"] for e in added] == ["reversal"] * 3
    assert [e["record"]["decision_id"] for e in added] == [d["id"] for d in decisions]
    assert [e["record"]["case_id"] for e in added] == cases
    for entry in added:
        record = entry["record"]
        assert record["reversal_id"] == reversal_id
        assert record["batch_id"] == batch_id
        assert record["note"] == REASON
        assert record["outcome"] == "warn"
        assert entry["context"]["actor"]["username"] == "sam"
        payload = entry["prev_hash"] + "\n" + canonical_json(record)
        assert hashlib.sha256(payload.encode()).hexdigest() == entry["hash"]
    assert added[0]["prev_hash"] == before[-1]["hash"]
    assert verify_chain([LogEntry.model_validate(e) for e in entries]).intact


def test_a_replayed_reversal_adds_no_entry(client: httpx.Client) -> None:
    batch_id, _, _ = decided_batch(client, 2)
    sam = auth(client, "sam")
    assert reverse(client, sam, batch_id, key="log-2").status_code == 201
    count = len(whole_chain(client, sam))
    assert reverse(client, sam, batch_id, key="log-2").status_code == 200
    assert len(whole_chain(client, sam)) == count


def test_the_log_filters_reversals_and_shows_the_decisions_as_reversed(
    client: httpx.Client,
) -> None:
    batch_id, _, decisions = decided_batch(client, 2)
    sam = auth(client, "sam")
    reverse(client, sam, batch_id, key="log-3")
    page = log_page(client, sam, "kind=reversal")
    assert {e["record"]["kind"] for e in page["items"]} == {"reversal"}
    assert {e["record"]["decision_id"] for e in page["items"]} == {d["id"] for d in decisions}
    own = [
        e
        for e in log_page(client, sam, "kind=decision&limit=500")["items"]
        if e["record"]["decision_id"] in {d["id"] for d in decisions}
    ]
    assert len(own) == 2
    assert {e["context"]["batch_id"] for e in own} == {batch_id}
    assert all(e["context"]["reversed"] for e in own)
    assert "reversal_id" not in own[0]["record"]
    untouched = [e for e in log_page(client, sam, "kind=decision")["items"] if e not in own]
    assert untouched
    assert not any(e["context"]["reversed"] for e in untouched)


def test_editing_a_reversal_row_breaks_the_chain_at_its_entries(
    client: httpx.Client, database_url: str
) -> None:
    batch_id, _, _ = decided_batch(client, 2)
    sam = auth(client, "sam")
    reverse(client, sam, batch_id, key="log-4")
    intact = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    assert verify_chain(intact).intact
    first_reversal = next(e for e in intact if e.record.kind == "reversal")
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE batch_reversals SET reason = 'a mistake, nothing more'")
    entries = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    report = verify_chain(entries)
    assert report.broken is not None
    assert report.broken.seq == first_reversal.record.seq
    assert report.broken.kind is BreakKind.CONTENT


def test_the_log_filters_by_batch(client: httpx.Client) -> None:
    batch_id, _, decisions = decided_batch(client, 2)
    other_batch, _, _ = decided_batch(client, 1)
    sam = auth(client, "sam")
    page = log_page(client, sam, f"batch={batch_id}&kind=decision")
    assert [e["record"]["decision_id"] for e in page["items"]] == [
        d["id"] for d in reversed(decisions)
    ]
    assert {e["context"]["batch_id"] for e in page["items"]} == {batch_id}
    both = log_page(client, sam, f"batch={batch_id}&batch={other_batch}")
    assert len(both["items"]) == 3
    assert log_page(client, sam, "batch=no-such-batch")["items"] == []
