"""Fixtures of the backend tests: a stub service on loopback and a client signed in to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from http_samples import document, token_out
from http_stub_server import StubService

from reviewdesk.backends.http import HttpBackend


@pytest.fixture
def stub() -> Iterator[StubService]:
    """A started stub service, stopped after the test."""
    service = StubService()
    service.start()
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def backend(stub: StubService) -> Iterator[HttpBackend]:
    """A client signed in to ``stub`` with a short read timeout; closed after the test."""
    stub.answer("POST", "/v1/auth/login", json_body=document(token_out()))
    client = HttpBackend.login(stub.base_url, "ines", "pa55word", timeout=2.0)
    try:
        yield client
    finally:
        client.close()
