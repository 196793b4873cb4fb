"""Transport failures: timeouts, refused and dropped connections, oversized answers."""

from __future__ import annotations

import re
import socket
import time

import pytest
from http_samples import TOKEN, catalogue, document
from http_stub_server import StubService

from reviewdesk.backends import http
from reviewdesk.backends.base import CaseFilter
from reviewdesk.backends.errors import MalformedResponse, ServiceUnavailable
from reviewdesk.backends.http import HttpBackend


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_slow_answer_times_out_as_service_unavailable(stub: StubService) -> None:
    stub.answer("GET", "/v1/me", json_body={}, delay=10.0)
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as caught:
        HttpBackend.from_token(stub.base_url, TOKEN, timeout=0.3)
    assert time.monotonic() - started < 5.0
    host = stub.base_url.removeprefix("http://")
    assert str(caught.value) == (
        f"Could not check the saved sign-in: the service at {host} failed "
        "(it did not answer within 0.3 seconds)."
    )


def test_an_answer_that_stalls_halfway_times_out_too(stub: StubService) -> None:
    stub.answer("GET", "/v1/me", body=b"x" * 200_000, delay=10.0, stall_after=1000)
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as caught:
        HttpBackend.from_token(stub.base_url, TOKEN, timeout=0.3)
    assert time.monotonic() - started < 5.0
    assert str(caught.value).endswith("(it stopped answering for 0.3 seconds).")


def test_an_unknown_host_name_is_service_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # no DNS query leaves the test
    with pytest.raises(ServiceUnavailable) as caught:
        HttpBackend.login("http://desk.example.invalid", "ines", "pw")
    assert str(caught.value) == (
        "Could not sign in: the service at desk.example.invalid failed "
        "(the host name was not found)."
    )


def test_a_closed_port_is_service_unavailable_connection_refused() -> None:
    port = _closed_port()
    with pytest.raises(ServiceUnavailable) as caught:
        HttpBackend.login(f"http://127.0.0.1:{port}", "ines", "pw")
    assert str(caught.value) == (
        f"Could not sign in: the service at 127.0.0.1:{port} failed (the connection was refused)."
    )
    assert caught.value.retry_after is None


def test_a_connection_dropped_before_the_answer_is_service_unavailable(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer("GET", "/v1/policy", drop=True)
    with pytest.raises(ServiceUnavailable) as caught:
        backend.get_policy()
    host = stub.base_url.removeprefix("http://")
    assert str(caught.value) == (
        f"Could not load the policy catalogue: the service at {host} failed "
        "(the connection was cut)."
    )


def test_an_answer_cut_short_is_service_unavailable(
    backend: HttpBackend, stub: StubService
) -> None:
    body = document(catalogue())
    stub.answer(
        "GET",
        "/v1/policy",
        json_body=body,
        headers={"Content-Length": "100000"},
        declare_length=False,
    )
    with pytest.raises(ServiceUnavailable) as caught:
        backend.get_policy()
    assert str(caught.value).startswith("Could not load the policy catalogue: the service at ")
    assert str(caught.value).endswith("failed (the answer broke off).")


def test_an_attachment_declared_over_the_cap_is_not_downloaded(
    backend: HttpBackend, stub: StubService
) -> None:
    stub.answer(
        "GET",
        "/v1/attachments/a-1",
        body=b"tiny",
        headers={"Content-Length": str(http.MAX_ATTACHMENT_BYTES + 1)},
        declare_length=False,
    )
    with pytest.raises(MalformedResponse) as caught:
        backend.get_attachment("a-1")
    assert str(caught.value) == (
        "Could not download the attachment: the answer is larger than 50 MB and was not read."
    )


def test_an_attachment_streamed_past_the_cap_is_cut_off(
    backend: HttpBackend, stub: StubService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "MAX_ATTACHMENT_BYTES", 4096)
    stub.answer("GET", "/v1/attachments/a-2", body=b"\x00" * 4097, declare_length=False)
    stub.answer("GET", "/v1/attachments/a-3", body=b"\x01" * 4096, declare_length=False)
    with pytest.raises(MalformedResponse, match=re.escape("larger than 0.004096 MB")):
        backend.get_attachment("a-2")
    assert backend.get_attachment("a-3") == b"\x01" * 4096


def test_a_json_answer_past_its_cap_is_refused(
    backend: HttpBackend, stub: StubService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "MAX_JSON_BYTES", 1000)
    stub.answer("GET", "/v1/cases", json_body={"items": [], "total": 0, "pad": "x" * 2000})
    with pytest.raises(
        MalformedResponse, match="Could not load the case list: the answer is larger"
    ):
        backend.list_cases(CaseFilter())
