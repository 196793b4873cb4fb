"""One case in full, attachment bytes, and a member's history."""

from __future__ import annotations

import hashlib

import httpx
from server_calls import auth, case_id_of
from server_community import BRUNO, CHEN, DORA, EVE, SCREENSHOT


def test_case_detail_has_content_reports_evidence_and_the_conversation(
    client: httpx.Client,
) -> None:
    headers = auth(client, "ana")
    case_id = case_id_of(client, headers, "I know where you live")
    response = client.get(f"/v1/cases/{case_id}", headers=headers)
    assert response.status_code == 200
    detail = response.json()
    assert detail["summary"]["member_id"] == BRUNO.id
    assert detail["summary"]["member_name"] == BRUNO.display_name
    assert detail["summary"]["language"] == "en"
    assert detail["content"]["text"] == "I know where you live."
    assert detail["content"]["surface"] == "chat"
    [report] = detail["reports"]
    assert report["source"] == "member"
    assert report["reporter_id"] == CHEN.id
    assert report["reporter_name"] == CHEN.display_name
    # Chen filed one earlier report that was upheld: (1 + 1) / (1 + 2)
    assert report["reporter_reliability"] == round(2 / 3, 4)
    [attachment] = detail["attachments"]
    assert attachment["filename"] == "chat.png"
    assert attachment["media_type"] == "image/png"
    assert attachment["size"] == len(SCREENSHOT)
    assert attachment["sha256"] == hashlib.sha256(SCREENSHOT).hexdigest()
    assert (attachment["width"], attachment["height"]) == (48, 32)
    assert attachment["report_id"] == report["id"]
    [conversation] = detail["conversations"]
    texts = [message["text"] for message in conversation["messages"]]
    assert texts == ["Please stop writing to me.", "I know where you live."]  # in sending order
    assert [message["reported"] for message in conversation["messages"]] == [False, True]
    assert detail["decisions"] == []


def test_a_case_with_a_member_and_a_detector_report_shows_both(client: httpx.Client) -> None:
    headers = auth(client, "ana")
    case_id = case_id_of(client, headers, "Cheap lessons")
    detail = client.get(f"/v1/cases/{case_id}", headers=headers).json()
    assert detail["summary"]["report_count"] == 2
    assert detail["summary"]["automated"] is False
    sources = {report["source"]: report for report in detail["reports"]}
    assert sources["detector"]["detector"] == "link-burst"
    assert sources["detector"]["score"] == 0.9
    assert sources["detector"]["reporter_reliability"] is None


def test_decisions_so_far_are_part_of_the_detail(client: httpx.Client) -> None:
    headers = auth(client, "sam")
    case_id = case_id_of(client, headers, "Send me money")
    detail = client.get(f"/v1/cases/{case_id}", headers=headers).json()
    assert detail["summary"]["status"] == "escalated"
    [decision] = detail["decisions"]
    assert decision["outcome"] == "escalate"
    assert decision["moderator"]["username"] == "ana"
    assert decision["note"] == "Looks like extortion."


def test_attachment_bytes_match_the_advertised_sha256(client: httpx.Client) -> None:
    headers = auth(client, "ana")
    case_id = case_id_of(client, headers, "I know where you live")
    [attachment] = client.get(f"/v1/cases/{case_id}", headers=headers).json()["attachments"]
    response = client.get(f"/v1/attachments/{attachment['id']}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-sha256"] == attachment["sha256"]
    assert hashlib.sha256(response.content).hexdigest() == attachment["sha256"]
    assert response.content == SCREENSHOT
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get(f"/v1/attachments/{attachment['id']}").status_code == 401


def test_unknown_case_attachment_and_member_get_404(client: httpx.Client) -> None:
    headers = auth(client, "ana")
    for path, what in (
        ("/v1/cases/999999", "There is no case '999999'."),
        ("/v1/cases/abc", "There is no case 'abc'."),
        ("/v1/cases/99999999999999999999999", "There is no case '99999999999999999999999'."),
        ("/v1/cases/4294967296", "There is no case '4294967296'."),
        ("/v1/attachments/0", "There is no attachment '0'."),
        ("/v1/members/nobody/history", "There is no member 'nobody'."),
    ):
        response = client.get(path, headers=headers)
        assert response.status_code == 404, path
        assert response.json() == {"detail": what}


def test_member_history_lists_cases_strikes_notes_and_reporting_record(
    client: httpx.Client,
) -> None:
    headers = auth(client, "ana")
    eve = client.get(f"/v1/members/{EVE.id}/history", headers=headers).json()
    assert eve["member"]["display_name"] == EVE.display_name
    statuses = sorted((case["status"], case["outcome"]) for case in eve["prior_cases"])
    assert statuses == [("decided", "warn"), ("open", None)]
    decided = next(case for case in eve["prior_cases"] if case["status"] == "decided")
    assert decided["clause_ids"] == ["spam-1"]
    assert decided["decided_at"] is not None
    assert [(s["clause_id"], s["outcome"]) for s in eve["strikes"]] == [("spam-1", "warn")]
    assert eve["strikes"][0]["case_id"] == decided["case_id"]

    bruno = client.get(f"/v1/members/{BRUNO.id}/history", headers=headers).json()
    assert [(n["author"], n["text"]) for n in bruno["notes"]] == [
        ("sam", "Was rude to a teacher before.")
    ]
    assert bruno["member"]["role"] == "teacher"

    dora = client.get(f"/v1/members/{DORA.id}/history", headers=headers).json()
    assert (dora["reports_filed"], dora["reports_filed_upheld"]) == (4, 0)
    chen = client.get(f"/v1/members/{CHEN.id}/history", headers=headers).json()
    assert (chen["reports_filed"], chen["reports_filed_upheld"]) == (4, 1)
