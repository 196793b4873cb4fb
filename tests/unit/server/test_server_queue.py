"""The queue: paging with cursors, filters, and priority order."""

from __future__ import annotations

import time
from typing import Any

import httpx
from server_calls import ALL_STATUSES, all_cases, auth
from server_community import SUBJECTS, FakeClock

from reviewdesk.server.services.queue import BAD_CURSOR


def test_paging_with_cursors_visits_every_matching_case_once_in_priority_order(
    client: httpx.Client,
) -> None:
    headers = auth(client, "ana")
    items = all_cases(client, headers, ALL_STATUSES)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    first = client.get(f"/v1/cases?limit=2{ALL_STATUSES}", headers=headers).json()
    assert first["total"] == len(items)
    # 3 old Dora cases + 1 old spam case (decided) and 7 open/escalated/awaiting
    assert len(items) == 11
    keys = [(-float(str(item["priority"])), int(str(item["id"]))) for item in items]
    assert keys == sorted(keys)


def test_the_default_queue_holds_open_cases_only(client: httpx.Client) -> None:
    body = client.get("/v1/cases", headers=auth(client, "ana")).json()
    assert {item["status"] for item in body["items"]} == {"open"}
    assert body["total"] == len(body["items"]) == 5
    assert body["next_cursor"] is None


def test_a_critical_case_comes_before_every_other_case(client: httpx.Client) -> None:
    items = client.get("/v1/cases", headers=auth(client, "ana")).json()["items"]
    assert items[0]["category"] == "threats"
    assert items[0]["severity"] == 4
    assert items[-1]["severity"] == min(item["severity"] for item in items)


def test_a_report_from_an_abusive_reporter_weighs_less_than_one_from_a_reliable_one(
    client: httpx.Client,
) -> None:
    items = client.get("/v1/cases?category=harassment", headers=auth(client, "ana")).json()["items"]
    by_preview = {item["preview"]: item for item in items}
    trusted = by_preview["You are useless at this language"]
    abused = by_preview["Nice weather today"]
    # same severity, same age, one report each: only the reporters differ
    assert trusted["opened_at"] == abused["opened_at"]
    assert trusted["priority"] > abused["priority"]
    assert [item["preview"] for item in items].index(trusted["preview"]) < [
        item["preview"] for item in items
    ].index(abused["preview"])


def test_priorities_grow_with_age_once_the_refresh_interval_has_passed(
    client: httpx.Client, clock: FakeClock
) -> None:
    headers = auth(client, "ana")
    before = {
        i["id"]: i["priority"] for i in client.get("/v1/cases", headers=headers).json()["items"]
    }
    clock.advance(seconds=30)
    within = {
        i["id"]: i["priority"] for i in client.get("/v1/cases", headers=headers).json()["items"]
    }
    assert within == before
    clock.advance(hours=10)  # within the token's lifetime
    # The listing that finds a refresh due starts it in the background; later ones show it.
    deadline = time.monotonic() + 10
    while True:
        after = {
            i["id"]: i["priority"] for i in client.get("/v1/cases", headers=headers).json()["items"]
        }
        if all(after[case_id] > before[case_id] for case_id in before):
            break
        assert time.monotonic() < deadline, "the priorities never grew"
        time.sleep(0.05)
    assert after.keys() == before.keys()


def test_filters_combine_and_total_counts_matches(client: httpx.Client) -> None:
    headers = auth(client, "ana")

    def fetch(query: str) -> dict[str, Any]:
        response = client.get(f"/v1/cases?{query}", headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    spam = fetch("category=spam")
    assert [item["preview"] for item in spam["items"]] == ["Cheap lessons at spam.example"]
    assert spam["total"] == 1
    both = fetch("category=spam&category=threats")
    assert both["total"] == 2
    chat = fetch("surface=chat")
    assert {item["surface"] for item in chat["items"]} == {"chat"}
    spanish = fetch("language=es")
    assert [item["member_id"] for item in spanish["items"]] == [SUBJECTS.scam_account]
    assert [item["subject_kind"] for item in spanish["items"]] == ["account"]
    high = fetch("min_severity=3")
    assert {item["severity"] for item in high["items"]} == {3, 4}
    every = fetch("limit=500")["items"]
    cut = sorted(item["priority"] for item in every)[len(every) // 2]
    urgent = fetch(f"min_priority={cut}")["items"]
    assert urgent
    assert {item["id"] for item in urgent} == {i["id"] for i in every if i["priority"] >= cut}
    escalated = fetch("status=escalated")
    assert [item["status"] for item in escalated["items"]] == ["escalated"]
    by_name = fetch("q=bruno%20KELLER")
    assert [item["member_name"] for item in by_name["items"]] == ["Bruno Keller"]
    by_text = fetch("q=WEATHER")
    assert [item["preview"] for item in by_text["items"]] == ["Nice weather today"]
    assert fetch("q=%25")["total"] == 0  # a literal percent sign, not a wildcard
    assert fetch("q=_")["total"] == 0


def test_a_bad_cursor_or_limit_gets_a_clear_4xx(client: httpx.Client) -> None:
    headers = auth(client, "ana")
    for cursor in ("not-a-cursor", "W10", "eyJ4IjoxfQ", "WzEuMCwtMV0"):
        response = client.get(f"/v1/cases?cursor={cursor}", headers=headers)
        assert response.status_code == 400, cursor
        assert response.json() == {"detail": BAD_CURSOR}
    for limit in ("0", "501", "ten"):
        response = client.get(f"/v1/cases?limit={limit}", headers=headers)
        assert response.status_code == 422
        assert "Query parameter 'limit'" in response.json()["detail"]
    unknown_status = client.get("/v1/cases?status=sleeping", headers=headers)
    assert unknown_status.status_code == 422
    assert "'status.0'" in unknown_status.json()["detail"]


def test_a_claimed_case_shows_its_holder_in_the_queue(client: httpx.Client) -> None:
    headers = auth(client, "ana")
    first = client.get("/v1/cases?limit=1", headers=headers).json()["items"][0]
    assert first["claim"] is None
    assert client.post(f"/v1/cases/{first['id']}/claim", headers=headers).status_code == 200
    again = client.get("/v1/cases?limit=1", headers=headers).json()["items"][0]
    assert again["claim"]["moderator"]["username"] == "ana"


def test_a_decision_reweighs_only_the_open_cases_of_its_reporters(client: httpx.Client) -> None:
    headers = auth(client, "ana")

    def priorities() -> dict[str, float]:
        items = client.get("/v1/cases?limit=500", headers=headers).json()["items"]
        return {item["preview"]: float(item["priority"]) for item in items}

    before = priorities()
    time.sleep(0.3)  # the listing's own background refresh (same clock, same values) is over
    spam = next(
        item
        for item in client.get("/v1/cases?category=spam", headers=headers).json()["items"]
        if item["preview"] == "Cheap lessons at spam.example"
    )
    decided = client.post(
        f"/v1/cases/{spam['id']}/decisions",
        json={"outcome": "no_violation"},
        headers={**headers, "Idempotency-Key": "reweigh-1"},
    )
    assert decided.status_code == 201, decided.text
    after = priorities()
    # Chen reported the spam that was not upheld: Chen's other reports weigh less at once.
    assert after["You are useless at this language"] < before["You are useless at this language"]
    assert after["I know where you live."] < before["I know where you live."]
    # Dora's report is untouched.
    assert after["Nice weather today"] == before["Nice weather today"]
