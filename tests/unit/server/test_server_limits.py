"""Size limits on attachments and on whole request bodies (413 with a clear sentence)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from server_calls import PLATFORM
from server_community import ALICE
from test_server_intake import attachment, file, flag

from reviewdesk.server.settings import ServerSettings


@pytest.fixture
def settings(clock: Any) -> ServerSettings:
    """Small limits, so the limits can be tested with small bodies."""
    return ServerSettings(clock=clock, max_attachment_bytes=1000, max_request_bytes=20_000)


def test_an_attachment_over_the_limit_gets_413(client: httpx.Client) -> None:
    big = attachment(b"\0" * 1001)
    response = file(client, flag("c-big", ALICE.model_dump(mode="json"), attachments=[big]))
    assert response.status_code == 413
    assert response.json() == {
        "detail": "Attachment 'shot.png' is larger than the limit of 1000 bytes."
    }
    assert (
        file(
            client,
            flag("c-ok", ALICE.model_dump(mode="json"), attachments=[attachment(b"\0" * 1000)]),
        ).status_code
        == 201
    )


def test_a_request_body_over_the_limit_gets_413_declared_or_streamed(client: httpx.Client) -> None:
    body = flag("c-huge", ALICE.model_dump(mode="json"), text="x" * 9000)
    body["attachments"] = [attachment(b"\0" * 900)] * 20
    response = file(client, body)
    assert response.status_code == 413
    assert "larger than the limit of 20000 bytes" in response.json()["detail"]

    def chunks() -> Any:
        for _ in range(30):
            yield b" " * 1000

    streamed = client.post(
        "/v1/intake/reports",
        content=chunks(),
        headers={**PLATFORM, "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413
    assert "larger than the limit" in streamed.json()["detail"]
