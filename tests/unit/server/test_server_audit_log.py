"""The decision log: filters, search, paging, the hash chain and its tamper evidence."""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
from typing import Any

import httpx
from audit_calls import decide, log_page, whole_chain
from server_calls import auth
from server_community import NOW, FakeClock

from reviewdesk.api.models import LogEntry
from reviewdesk.audit.chain_check import BreakKind, verify_chain
from reviewdesk.domain.log_chain import GENESIS_HASH, canonical_json

WARN_SPAM = {"outcome": "warn", "clause_ids": ["spam-1"], "note": "Third advert this week"}


def records(page: dict[str, Any]) -> list[dict[str, Any]]:
    return [item["record"] for item in page["items"]]


def test_every_decision_is_chained_from_the_genesis_hash(client: httpx.Client) -> None:
    sam = auth(client, "sam")
    decide(client, auth(client, "ana"), "Cheap lessons", WARN_SPAM)
    entries = whole_chain(client, sam)
    assert [e["record"]["seq"] for e in entries] == list(range(1, 8))
    assert entries[0]["prev_hash"] == GENESIS_HASH
    for before, after in itertools.pairwise(entries):
        assert after["prev_hash"] == before["hash"]
    for entry in entries:
        payload = entry["prev_hash"] + "\n" + canonical_json(entry["record"])
        assert hashlib.sha256(payload.encode()).hexdigest() == entry["hash"]
    parsed = [LogEntry.model_validate(e) for e in entries]
    assert verify_chain(parsed).intact


def test_the_log_shows_what_was_decided_with_its_context(client: httpx.Client) -> None:
    sam = auth(client, "sam")
    decision = decide(client, auth(client, "ana"), "Cheap lessons", WARN_SPAM)
    newest = log_page(client, sam, "limit=1")["items"][0]
    record, context = newest["record"], newest["context"]
    assert record["decision_id"] == decision["id"]
    assert record["kind"] == "decision"
    assert record["outcome"] == "warn"
    assert record["clause_ids"] == ["spam-1"]
    assert record["note"] == "Third advert this week"
    assert record["actor_id"] == decision["moderator"]["id"]
    assert context["actor"]["username"] == "ana"
    assert context["member_id"] == "m-eve"
    assert context["category"] == "spam"
    assert context["surface"] == "comment"
    assert context["automated_detection"] is True
    assert context["member_reported"] is True
    assert context["clause_categories"] == ["spam"]
    assert context["catalogue_version"] == "test-1"
    assert context["reviewed"] is False


def test_filters_narrow_the_log(client: httpx.Client) -> None:
    sam = auth(client, "sam")
    decide(client, auth(client, "ana"), "Cheap lessons", WARN_SPAM)
    # seeded: ana decided 3 no-violations, a spam warning and an escalation; bob asked for info
    assert len(records(log_page(client, sam, "moderator_id=1"))) == 6
    assert [r["outcome"] for r in records(log_page(client, sam, "moderator_id=2"))] == [
        "request_info"
    ]
    assert len(records(log_page(client, sam, "outcome=no_violation"))) == 3
    assert len(records(log_page(client, sam, "outcome=warn&outcome=escalate"))) == 3
    assert len(records(log_page(client, sam, "clause=spam-1"))) == 2
    assert records(log_page(client, sam, "clause=scam-1")) == []
    assert len(records(log_page(client, sam, "category=spam"))) == 2
    assert len(records(log_page(client, sam, "surface=comment"))) == 1
    assert len(records(log_page(client, sam, "member=m-alice"))) == 3
    assert len(records(log_page(client, sam, "kind=review"))) == 0
    assert len(records(log_page(client, sam, "reviewed=false"))) == 7
    assert records(log_page(client, sam, "reviewed=true")) == []
    combined = records(log_page(client, sam, "moderator_id=1&category=spam&outcome=warn"))
    assert len(combined) == 2


def test_the_period_is_inclusive_at_since_and_exclusive_at_until(client: httpx.Client) -> None:
    sam = auth(client, "sam")
    decide(client, auth(client, "ana"), "Cheap lessons", WARN_SPAM)
    at_now = records(log_page(client, sam, f"since={NOW.isoformat().replace('+00:00', 'Z')}"))
    assert [r["note"] for r in at_now] == ["Third advert this week"]
    before_now = records(log_page(client, sam, f"until={NOW.isoformat().replace('+00:00', 'Z')}"))
    assert len(before_now) == 6
    assert records(log_page(client, sam, "since=2030-01-01T00:00:00Z")) == []


def test_search_finds_notes_and_the_cases_own_words(client: httpx.Client) -> None:
    sam = auth(client, "sam")
    decide(client, auth(client, "ana"), "Cheap lessons", WARN_SPAM)
    by_note = records(log_page(client, sam, "q=advert"))
    assert [r["note"] for r in by_note] == ["Third advert this week"]
    by_content = records(log_page(client, sam, "q=spam.example"))
    assert len(by_content) == 1
    by_report_text = records(log_page(client, sam, "q=EXTORTION"))
    assert [r["outcome"] for r in by_report_text] == ["escalate"]
    assert records(log_page(client, sam, "q=advert+nowhere")) == []
    # FTS5 operators and quotes are searched as plain words ("money or else").
    assert [r["outcome"] for r in records(log_page(client, sam, 'q=OR"'))] == ["escalate"]
    assert records(log_page(client, sam, "q=NEAR(")) == []
    assert len(records(log_page(client, sam, "q=ordinary&outcome=no_violation"))) == 3
    assert records(log_page(client, sam, "q=ordinary&outcome=warn")) == []


def test_pages_follow_one_another_in_both_orders(client: httpx.Client) -> None:
    sam = auth(client, "sam")
    seen: list[int] = []
    cursor = ""
    for _ in range(10):
        page = log_page(client, sam, f"limit=4&cursor={cursor}")
        seen += [r["seq"] for r in records(page)]
        if page["next_cursor"] is None:
            break
        cursor = page["next_cursor"]
    assert seen == [6, 5, 4, 3, 2, 1]
    oldest = log_page(client, sam, "sort=oldest&limit=4")
    assert [r["seq"] for r in records(oldest)] == [1, 2, 3, 4]
    rest = log_page(client, sam, f"sort=oldest&limit=4&cursor={oldest['next_cursor']}")
    assert [r["seq"] for r in records(rest)] == [5, 6]
    assert rest["next_cursor"] is None
    bad = client.get("/v1/log?cursor=abc", headers=sam)
    assert bad.status_code == 400


def test_recorded_time_never_goes_back_along_the_log(
    client: httpx.Client, clock: FakeClock
) -> None:
    sam, ana = auth(client, "sam"), auth(client, "ana")
    decide(client, ana, "Cheap lessons", WARN_SPAM)
    clock.advance(days=-30)
    decide(client, ana, "Nice weather", {"outcome": "no_violation"})
    newest = records(log_page(client, sam, "limit=2"))
    assert newest[0]["recorded_at"] == newest[1]["recorded_at"]
    assert newest[0]["acted_at"] < newest[1]["acted_at"]


def test_editing_a_decision_row_breaks_the_chain_at_that_entry(
    client: httpx.Client, database_url: str
) -> None:
    sam = auth(client, "sam")
    decide(client, auth(client, "ana"), "Cheap lessons", WARN_SPAM)
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE decisions SET note = 'nothing to see' WHERE id = 4")
    entries = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    report = verify_chain(entries)
    assert report.broken is not None
    assert report.broken.seq == 4
    assert report.broken.decision_id == "4"
    assert report.broken.kind is BreakKind.CONTENT
    assert verify_chain(entries[:3]).intact
    assert verify_chain(entries[4:], prev_hash=entries[3].hash).intact


def test_deleting_or_renumbering_an_entry_breaks_the_chain(
    client: httpx.Client, database_url: str
) -> None:
    sam = auth(client, "sam")
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM decision_log WHERE seq = 5")
    entries = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    gap = verify_chain(entries).broken
    assert gap is not None
    assert (gap.seq, gap.kind) == (6, BreakKind.ORDER)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE decision_log SET seq = 5 WHERE seq = 6")
    entries = [LogEntry.model_validate(e) for e in whole_chain(client, sam)]
    renumbered = verify_chain(entries).broken
    assert renumbered is not None
    assert (renumbered.seq, renumbered.kind) == (5, BreakKind.LINK)


def test_agents_may_not_read_the_log(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    for path in ("/v1/log", "/v1/log/chain", "/v1/log/1/replay"):
        response = client.get(path, headers=ana)
        assert response.status_code == 403, path
        assert "senior" in response.json()["detail"]
    assert client.get("/v1/log").status_code == 401
    assert client.get("/v1/log", headers=auth(client, "ada")).status_code == 200
