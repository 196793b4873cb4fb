"""Calls the batch and reversal tests share: filing a wave of spam cases, posting batches."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from server_calls import PLATFORM
from server_community import CHEN, EVE, NOW, content, member_report

from reviewdesk.api.models import IntakeReport
from reviewdesk.domain.enums import Category, Surface

REMOVE_SPAM: dict[str, Any] = {"outcome": "remove_content", "clause_ids": ["spam-1"]}


def file_spam(client: httpx.Client, count: int, tag: str = "wave") -> list[str]:
    """File ``count`` fresh spam comments by Eve; their new case ids, in order."""
    case_ids: list[str] = []
    for n in range(count):
        item = content(f"c-{tag}-{n}", f"Cheap lessons {tag} {n}", NOW, Surface.COMMENT)
        case_ids.append(file_report(client, member_report(EVE, CHEN, Category.SPAM, NOW, item)))
    return case_ids


def file_report(client: httpx.Client, report: IntakeReport) -> str:
    """File one report as the platform; the id of the case it went to."""
    response = client.post(
        "/v1/intake/reports",
        content=report.model_dump_json(),
        headers={**PLATFORM, "Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["case_id"])


def batch_items(
    case_ids: list[str], batch_id: str | None = None, body: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """One batch item per case with a fresh key."""
    decision = {**(body or REMOVE_SPAM), "batch_id": batch_id}
    return [
        {"case_id": case_id, "idempotency_key": f"k-{uuid.uuid4()}", "decision": decision}
        for case_id in case_ids
    ]


def post_batch(
    client: httpx.Client, headers: dict[str, str], items: list[dict[str, Any]]
) -> httpx.Response:
    return client.post("/v1/decisions/batch", json={"items": items}, headers=headers)
