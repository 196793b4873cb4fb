"""Calls the service's tests make again and again."""

from __future__ import annotations

import httpx
from server_community import PASSWORDS, PLATFORM_KEY

PLATFORM = {"Authorization": f"Bearer {PLATFORM_KEY}"}
ALL_STATUSES = "&status=open&status=escalated&status=awaiting_info&status=decided"


def auth(client: httpx.Client, username: str) -> dict[str, str]:
    """Sign in as ``username``; the headers that carry the token."""
    response = client.post(
        "/v1/auth/login", json={"username": username, "password": PASSWORDS[username]}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def all_cases(
    client: httpx.Client, headers: dict[str, str], query: str = "", page_size: int = 2
) -> list[dict[str, object]]:
    """Every case the query matches, page by page (bounded)."""
    items: list[dict[str, object]] = []
    cursor = ""
    for _page in range(100):
        url = f"/v1/cases?limit={page_size}{query}" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        if body["next_cursor"] is None:
            return items
        cursor = body["next_cursor"]
    raise AssertionError("paging did not end")


def case_id_of(client: httpx.Client, headers: dict[str, str], subject_preview: str) -> str:
    """The id of the case whose preview starts with ``subject_preview`` (any status)."""
    for item in all_cases(client, headers, ALL_STATUSES, page_size=500):
        if str(item["preview"]).startswith(subject_preview):
            return str(item["id"])
    raise AssertionError(f"no case with preview {subject_preview!r}")
