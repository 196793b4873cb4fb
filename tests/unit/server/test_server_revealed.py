"""Revealed attachments travel with a decision: stored, returned, and checked against the case."""

from __future__ import annotations

import uuid

import httpx
from server_calls import auth, case_id_of


def test_revealed_attachment_ids_are_stored_and_returned(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    case_id = case_id_of(client, ana, "I know where you live")
    attachment_id = client.get(f"/v1/cases/{case_id}", headers=ana).json()["attachments"][0]["id"]
    client.post(f"/v1/cases/{case_id}/claim", headers=ana)
    body = {
        "outcome": "warn",
        "clause_ids": ["threat-1"],
        "member_message": "Threats are not allowed.",
        "revealed_attachment_ids": [attachment_id],
    }
    headers = {**ana, "Idempotency-Key": str(uuid.uuid4())}
    response = client.post(f"/v1/cases/{case_id}/decisions", json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["revealed_attachment_ids"] == [attachment_id]
    detail = client.get(f"/v1/cases/{case_id}", headers=ana).json()
    assert [d["revealed_attachment_ids"] for d in detail["decisions"]] == [[attachment_id]]


def test_a_decision_without_reveals_has_an_empty_list(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    case_id = case_id_of(client, ana, "Cheap lessons")
    client.post(f"/v1/cases/{case_id}/claim", headers=ana)
    body = {"outcome": "no_violation"}
    headers = {**ana, "Idempotency-Key": str(uuid.uuid4())}
    response = client.post(f"/v1/cases/{case_id}/decisions", json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["revealed_attachment_ids"] == []


def test_an_attachment_of_another_case_is_refused(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    threat_case = case_id_of(client, ana, "I know where you live")
    foreign = client.get(f"/v1/cases/{threat_case}", headers=ana).json()["attachments"][0]["id"]
    spam_case = case_id_of(client, ana, "Cheap lessons")
    client.post(f"/v1/cases/{spam_case}/claim", headers=ana)
    body = {"outcome": "no_violation", "revealed_attachment_ids": [foreign, "999999"]}
    headers = {**ana, "Idempotency-Key": str(uuid.uuid4())}
    response = client.post(f"/v1/cases/{spam_case}/decisions", json=body, headers=headers)
    assert response.status_code == 422
    assert f"must belong to case {spam_case}" in response.text
    assert client.get(f"/v1/cases/{spam_case}", headers=ana).json()["decisions"] == []
