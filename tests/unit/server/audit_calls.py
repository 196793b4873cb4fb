"""Calls the audit tests share: deciding a case, reading the log, replaying."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from server_calls import case_id_of


def decide(
    client: httpx.Client, headers: dict[str, str], preview: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Decide the case whose preview starts with ``preview``; the recorded decision."""
    case_id = case_id_of(client, headers, preview)
    response = client.post(
        f"/v1/cases/{case_id}/decisions",
        json=body,
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text
    decision: dict[str, Any] = response.json()
    return decision


def log_page(client: httpx.Client, headers: dict[str, str], query: str = "") -> dict[str, Any]:
    """One page of the log (the answer must be 200)."""
    response = client.get(f"/v1/log?{query}", headers=headers)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def whole_chain(client: httpx.Client, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Every log entry in log order, read through the chain endpoint page by page."""
    entries: list[dict[str, Any]] = []
    after = 0
    for _page in range(1000):
        response = client.get(f"/v1/log/chain?after={after}&limit=7", headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        entries += body["items"]
        if body["next_cursor"] is None:
            return entries
        after = int(body["next_cursor"])
    raise AssertionError("chain paging did not end")
