"""Intake from the platform: joining cases, evidence, limits, and the feed."""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

import httpx
from server_calls import PLATFORM, auth
from server_community import ALICE, DORA, FARID, SCREENSHOT, png_bytes


def flag(content_id: str, reporter: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    """A member's flag on content by Farid, as the platform would send it."""
    return {
        "subject_kind": "content",
        "member": FARID.model_dump(mode="json"),
        "content": {
            "id": content_id,
            "surface": "discussion",
            "text": "Join my paid group <b>now</b>",
            "posted_at": "2026-10-20T08:00:00Z",
        },
        "source": "member",
        "reporter": reporter,
        "reason": "commercial",
        "surface": "discussion",
        **extra,
    }


def file(client: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return client.post("/v1/intake/reports", json=body, headers=PLATFORM)


def attachment(
    data: bytes, name: str = "shot.png", media_type: str = "image/png"
) -> dict[str, str]:
    return {
        "filename": name,
        "media_type": media_type,
        "data_base64": base64.b64encode(data).decode("ascii"),
    }


def test_reports_on_one_subject_join_one_case_until_it_is_decided(client: httpx.Client) -> None:
    alice, dora = ALICE.model_dump(mode="json"), DORA.model_dump(mode="json")
    first = file(client, flag("c-new", alice))
    second = file(client, flag("c-new", dora, text="same post"))
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["case_id"] == second.json()["case_id"]
    assert first.json()["report_id"] != second.json()["report_id"]
    case_id = first.json()["case_id"]

    ana = auth(client, "ana")
    detail = client.get(f"/v1/cases/{case_id}", headers=ana).json()
    assert detail["summary"]["report_count"] == 2
    assert detail["summary"]["preview"] == "Join my paid group <b>now</b>"
    assert [r["reporter_id"] for r in detail["reports"]] == [ALICE.id, DORA.id]

    decided = client.post(
        f"/v1/cases/{case_id}/decisions",
        json={"outcome": "no_violation"},
        headers={**ana, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert decided.status_code == 201
    entries = client.get("/v1/feed", headers=PLATFORM).json()["entries"]
    assert entries[-1]["decision"]["id"] == decided.json()["id"]
    assert entries[-1]["content_id"] == "c-new"

    third = file(client, flag("c-new", alice))
    assert third.status_code == 201
    assert third.json()["case_id"] != case_id


def test_account_reports_join_the_open_account_case(client: httpx.Client) -> None:
    body = {
        "subject_kind": "account",
        "member": FARID.model_dump(mode="json"),
        "source": "detector",
        "detector": "signup-burst",
        "score": 0.4,
        "reason": "multi_account",
        "surface": "profile",
    }
    first, second = file(client, body), file(client, {**body, "score": 0.8})
    assert first.json()["case_id"] == second.json()["case_id"]
    summary = client.get(
        f"/v1/cases/{first.json()['case_id']}", headers=auth(client, "ana")
    ).json()["summary"]
    assert summary["subject_kind"] == "account"
    assert summary["automated"] is True
    assert summary["report_count"] == 2


def test_attachments_are_stored_with_hash_and_size_even_when_broken(client: httpx.Client) -> None:
    broken = png_bytes(20, 10)[:40]
    text = b"not an image at all"
    body = flag(
        "c-evidence",
        ALICE.model_dump(mode="json"),
        attachments=[
            attachment(SCREENSHOT),
            attachment(broken, "cut.png"),
            attachment(text, "note.txt", "text/plain"),
        ],
    )
    response = file(client, body)
    assert response.status_code == 201, response.text
    ana = auth(client, "ana")
    stored = client.get(f"/v1/cases/{response.json()['case_id']}", headers=ana).json()[
        "attachments"
    ]
    facts = [(a["filename"], a["size"], a["width"], a["height"]) for a in stored]
    assert facts == [
        ("shot.png", len(SCREENSHOT), 48, 32),
        ("cut.png", len(broken), None, None),
        ("note.txt", len(text), None, None),
    ]
    for item, data in zip(stored, (SCREENSHOT, broken, text), strict=True):
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
        download = client.get(f"/v1/attachments/{item['id']}", headers=ana)
        assert download.content == data


def test_bad_attachments_are_refused_and_nothing_is_stored(client: httpx.Client) -> None:
    total_before = client.get("/v1/cases", headers=auth(client, "ana")).json()["total"]
    bad_base64 = {"filename": "x.png", "media_type": "image/png", "data_base64": "@@@"}
    response = file(client, flag("c-bad", ALICE.model_dump(mode="json"), attachments=[bad_base64]))
    assert response.status_code == 422
    assert response.json() == {"detail": "Attachment 'x.png' is not valid base64."}
    odd_type = attachment(b"x", media_type="text/html\r\nX-Evil: 1")
    response = file(client, flag("c-bad", ALICE.model_dump(mode="json"), attachments=[odd_type]))
    assert response.status_code == 422
    assert "media type" in response.json()["detail"]
    assert client.get("/v1/cases", headers=auth(client, "ana")).json()["total"] == total_before


def test_inconsistent_reports_are_refused_with_every_reason(client: httpx.Client) -> None:
    body = flag("c-x", None)
    body.pop("content")
    body["detector"] = "oops"
    response = file(client, body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "must include the content item" in detail
    assert "must name its reporter" in detail
    assert "carries no detector name" in detail


def test_intake_needs_the_platform_key(client: httpx.Client) -> None:
    body = flag("c-new", ALICE.model_dump(mode="json"))
    assert client.post("/v1/intake/reports", json=body).status_code == 401
    moderator = auth(client, "ana")
    assert client.post("/v1/intake/reports", json=body, headers=moderator).status_code == 401
    wrong = client.post("/v1/intake/reports", json=body, headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401
    assert wrong.json() == {"detail": "The platform key is not valid."}
