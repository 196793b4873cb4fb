"""The fault proxy forwards faithfully over keep-alive and applies each kind of fault."""

from __future__ import annotations

import errno
import http.client
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fault_proxy import Fault, FaultProxy, corrupt, json_body, rewrite_json

#: What the upstream serves at /bytes: every byte value, several times.
BLOB = bytes(range(256)) * 8


class _EchoServer(ThreadingHTTPServer):
    """The upstream: remembers "METHOD target" of every request it answered."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _EchoHandler)
        self.received: list[str] = []


class _EchoHandler(BaseHTTPRequestHandler):
    """Answers JSON describing the request; ``/bytes`` answers :data:`BLOB`."""

    server: _EchoServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.received.append(f"{self.command} {self.path}")
        if self.path == "/bytes":
            payload, kind = BLOB, "application/octet-stream"
        else:
            echo = {
                "method": self.command,
                "target": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
            }
            payload, kind = json.dumps(echo).encode(), "application/json"
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("Content-Type", kind)
        self.send_header("X-Upstream", "echo")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_DELETE = _answer  # noqa: N815 (http.server API)


@pytest.fixture
def echo() -> Iterator[_EchoServer]:
    """An echo service on 127.0.0.1, stopped after the test."""
    server = _EchoServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def upstream(echo: _EchoServer) -> str:
    """The echo service's URL."""
    return f"http://127.0.0.1:{echo.server_address[1]}"


@pytest.fixture
def proxy(upstream: str) -> Iterator[FaultProxy]:
    """A running proxy in front of the echo service."""
    with FaultProxy(upstream) as running:
        yield running


def _connect(proxy: FaultProxy) -> http.client.HTTPConnection:
    port = int(proxy.url.rsplit(":", 1)[1])
    return http.client.HTTPConnection("127.0.0.1", port, timeout=10)


def _exchange(
    connection: http.client.HTTPConnection,
    method: str,
    target: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    connection.request(method, target, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def test_requests_are_forwarded_unchanged_over_one_kept_alive_connection(
    proxy: FaultProxy, upstream: str
) -> None:
    connection = _connect(proxy)
    try:
        status, headers, body = _exchange(
            connection,
            "POST",
            "/v1/cases/c-1/decisions?dry=1&x=%C3%A9",
            b'{"outcome": "warn"}',
            {"Idempotency-Key": "k-42", "Content-Type": "application/json"},
        )
        first_socket = connection.sock
        status2, _, body2 = _exchange(connection, "GET", "/v1/cases")
        assert connection.sock is first_socket, "the client connection was kept alive"
    finally:
        connection.close()
    echo = json.loads(body)
    assert status == 201
    assert headers["X-Upstream"] == "echo"
    assert echo["method"] == "POST"
    assert echo["target"] == "/v1/cases/c-1/decisions?dry=1&x=%C3%A9"
    assert echo["headers"]["idempotency-key"] == "k-42"
    assert echo["headers"]["host"] == upstream.removeprefix("http://")
    assert echo["body"] == '{"outcome": "warn"}'
    assert status2 == 200
    assert json.loads(body2)["method"] == "GET"
    seen = proxy.seen()
    assert [(r.method, r.path, r.query) for r in seen] == [
        ("POST", "/v1/cases/c-1/decisions", "dry=1&x=%C3%A9"),
        ("GET", "/v1/cases", ""),
    ]
    assert seen[0].body == b'{"outcome": "warn"}'
    assert all(r.fault is None for r in seen)
    assert len(proxy.seen("POST", r"/v1/cases/[^/]+/decisions")) == 1


def test_status_body_and_headers_are_replaced_for_matching_requests_only(
    proxy: FaultProxy,
) -> None:
    fault = proxy.add(
        Fault(
            r"/v1/cases/[^/]+",
            method="GET",
            status=500,
            body=b'{"detail": "\xff\xfe not utf-8"}',
            headers={"Content-Type": "text/html", "Retry-After": "7"},
        )
    )
    connection = _connect(proxy)
    try:
        status, headers, body = _exchange(connection, "GET", "/v1/cases/c-9")
        other_status, _, other = _exchange(connection, "GET", "/v1/cases/c-9/claim")
        post_status, _, _ = _exchange(connection, "POST", "/v1/cases/c-9", b"{}")
    finally:
        connection.close()
    assert (status, body) == (500, b'{"detail": "\xff\xfe not utf-8"}')
    assert headers["Content-Type"] == "text/html"
    assert headers["Retry-After"] == "7"
    assert headers["Content-Length"] == str(len(body))
    assert other_status == 200
    assert json.loads(other)["target"] == "/v1/cases/c-9/claim"
    assert post_status == 201, "the fault is for GET only"
    assert proxy.seen()[0].fault is fault
    assert proxy.faults() == [fault]


def test_a_rewrite_edits_the_real_answer(proxy: FaultProxy) -> None:
    def drop_headers(document: dict[str, Any]) -> None:
        del document["headers"]

    proxy.add(Fault(r"/echo", rewrite=rewrite_json(drop_headers)))
    proxy.add(Fault(r"/swap", rewrite=rewrite_json(lambda document: [document["method"]])))
    connection = _connect(proxy)
    try:
        _, _, edited = _exchange(connection, "GET", "/echo")
        _, _, swapped = _exchange(connection, "GET", "/swap")
    finally:
        connection.close()
    assert json.loads(edited) == {"method": "GET", "target": "/echo", "body": ""}
    assert json.loads(swapped) == ["GET"]


def test_corruption_flips_exactly_the_asked_number_of_bytes(proxy: FaultProxy) -> None:
    proxy.add(Fault(r"/bytes", corrupt_bytes=5))
    connection = _connect(proxy)
    try:
        status, _, body = _exchange(connection, "GET", "/bytes")
    finally:
        connection.close()
    assert status == 200
    assert len(body) == len(BLOB)
    changed = [i for i, (a, b) in enumerate(zip(body, BLOB, strict=True)) if a != b]
    assert len(changed) == 5
    assert all(body[i] == BLOB[i] ^ 0xFF for i in changed)
    assert corrupt(b"abc", 10) == bytes(b ^ 0xFF for b in b"abc")
    assert corrupt(b"", 3) == b""


def test_a_delayed_answer_still_arrives_intact(proxy: FaultProxy) -> None:
    proxy.add(Fault(r"/slow", delay_answer=0.4))
    connection = _connect(proxy)
    try:
        started = time.monotonic()
        status, _, body = _exchange(connection, "GET", "/slow")
        waited = time.monotonic() - started
    finally:
        connection.close()
    assert status == 200
    assert json.loads(body)["target"] == "/slow"
    assert waited >= 0.4


def test_a_reset_cuts_the_connection_after_the_upstream_got_the_request(
    proxy: FaultProxy, echo: _EchoServer
) -> None:
    proxy.add(Fault(r"/cut", method="POST", reset=True, times=1))
    connection = _connect(proxy)
    try:
        with pytest.raises(ConnectionResetError) as cut:
            _exchange(connection, "POST", "/cut", b"payload")
    finally:
        connection.close()
    assert cut.value.errno == errno.ECONNRESET, "a TCP reset, not an orderly close"
    assert echo.received == ["POST /cut"]
    again = _connect(proxy)
    try:
        status, _, body = _exchange(again, "POST", "/cut", b"payload")
    finally:
        again.close()
    assert status == 201, "the fault applied once only"
    assert echo.received == ["POST /cut", "POST /cut"]
    assert json.loads(body)["body"] == "payload"
    assert proxy.faults() == []


def test_an_answer_made_up_without_the_upstream_and_clear(
    proxy: FaultProxy, echo: _EchoServer
) -> None:
    proxy.add(Fault(r"/.*", forward=False, status=503, body=json_body({"detail": "down"})))
    connection = _connect(proxy)
    try:
        status, _, body = _exchange(connection, "DELETE", "/v1/cases/c-1/claim")
        assert echo.received == []
        proxy.clear()
        cleared_status, _, cleared = _exchange(connection, "DELETE", "/v1/cases/c-1/claim")
    finally:
        connection.close()
    assert (status, json.loads(body)) == (503, {"detail": "down"})
    assert cleared_status == 200
    assert json.loads(cleared)["method"] == "DELETE"


def test_faults_are_checked_when_made() -> None:
    with pytest.raises(ValueError, match="not both"):
        Fault("/x", body=b"", rewrite=lambda b: b)
    with pytest.raises(ValueError, match="needs a status or a reset"):
        Fault("/x", forward=False)
    with pytest.raises(ValueError, match="at least once"):
        Fault("/x", times=0)


def test_stop_cuts_idle_connections_and_joins_every_thread(upstream: str) -> None:
    proxy = FaultProxy(upstream)
    proxy.start()
    connection = _connect(proxy)
    _exchange(connection, "GET", "/idle")  # the connection now idles, kept alive
    proxy.add(Fault(r"/held", delay_answer=30))
    held = _connect(proxy)
    held.request("GET", "/held")  # its answer is held back when stop() comes
    deadline = time.monotonic() + 5
    while not proxy.seen(path="/held") and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    proxy.stop(timeout=5)
    assert time.monotonic() - started < 5
    assert not [t for t in threading.enumerate() if t.name.startswith("fault-proxy")]
    connection.close()
    held.close()


def _statuses(proxy: FaultProxy, count: int, target: str = "/flaky") -> list[int]:
    connection = _connect(proxy)
    try:
        return [_exchange(connection, "POST", target, b"x")[0] for _ in range(count)]
    finally:
        connection.close()


def test_a_fault_with_a_probability_hits_a_seeded_share_after_the_upstream_got_each_request(
    upstream: str, echo: _EchoServer
) -> None:
    runs: list[list[int]] = []
    for _ in range(2):
        with FaultProxy(upstream, seed=20) as proxy:
            fault = proxy.add(Fault(r"/flaky", status=500, probability=0.2))
            runs.append(_statuses(proxy, 200))
            applied = [r for r in proxy.seen() if r.fault is fault]
        assert len(applied) == runs[-1].count(500)
    first, second = runs
    assert first == second, "the same seed picks the same requests"
    assert set(first) == {201, 500}
    assert 20 <= first.count(500) <= 60, "about a fifth of 200 requests"
    assert len(echo.received) == 400, "every request reached the upstream, 500s included"
    with FaultProxy(upstream, seed=21) as other:
        other.add(Fault(r"/flaky", status=500, probability=0.2))
        assert _statuses(other, 200) != first, "another seed picks other requests"


def test_a_request_a_probable_fault_spares_falls_to_the_next_fault_and_times_counts_hits(
    proxy: FaultProxy,
) -> None:
    proxy.add(Fault(r"/flaky", status=500, probability=0.5, times=3))
    proxy.add(Fault(r"/flaky", status=503))
    statuses = _statuses(proxy, 40)
    assert statuses.count(500) == 3
    assert statuses.count(503) == 37


def test_a_probability_outside_zero_to_one_is_refused() -> None:
    for probability in (0.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="probability"):
            Fault("/x", status=500, probability=probability)


def test_429_with_retry_after_is_answered_without_the_upstream(
    proxy: FaultProxy, echo: _EchoServer
) -> None:
    proxy.add(
        Fault(
            r"/v1/cases/[^/]+/decisions",
            method="POST",
            forward=False,
            status=429,
            body=json_body({"detail": "Slow down."}),
            headers={"Retry-After": "3", "Content-Type": "application/json"},
            times=1,
        )
    )
    connection = _connect(proxy)
    try:
        status, headers, body = _exchange(connection, "POST", "/v1/cases/c-1/decisions", b"{}")
        retried, _, _ = _exchange(connection, "POST", "/v1/cases/c-1/decisions", b"{}")
    finally:
        connection.close()
    assert (status, headers["Retry-After"], json.loads(body)) == (
        429,
        "3",
        {"detail": "Slow down."},
    )
    assert retried == 201
    assert echo.received == ["POST /v1/cases/c-1/decisions"], "only the retry reached it"


def test_a_proxy_that_is_down_resets_new_connections_until_it_is_up_again(
    proxy: FaultProxy, echo: _EchoServer
) -> None:
    proxy.set_down(True)
    assert proxy.is_down
    refused = _connect(proxy)
    try:
        with pytest.raises(ConnectionError):
            _exchange(refused, "GET", "/while-down")
    finally:
        refused.close()
    assert echo.received == []
    assert proxy.seen() == [], "refused requests are not recorded"
    proxy.set_down(False)
    assert not proxy.is_down
    assert _statuses(proxy, 1, "/after") == [201]
    assert echo.received == ["POST /after"]


def test_going_down_cuts_idle_and_busy_connections(proxy: FaultProxy, echo: _EchoServer) -> None:
    idle = _connect(proxy)
    assert _exchange(idle, "GET", "/idle")[0] == 200
    proxy.add(Fault(r"/held", delay_answer=5))
    busy = _connect(proxy)
    busy.request("POST", "/held", body=b"decision")
    deadline = time.monotonic() + 5
    while "POST /held" not in echo.received and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    proxy.set_down(True)
    try:
        with pytest.raises(ConnectionError):
            busy.getresponse()
        assert time.monotonic() - started < 2, "the held answer was cut, not awaited"
        with pytest.raises(ConnectionError):
            _exchange(idle, "GET", "/idle")
    finally:
        idle.close()
        busy.close()
    assert echo.received == ["GET /idle", "POST /held"], "the upstream got the cut request"


def test_down_for_comes_back_up_by_itself(proxy: FaultProxy) -> None:
    with pytest.raises(ValueError, match="positive"):
        proxy.down_for(0)
    started = time.monotonic()
    proxy.down_for(0.5)
    refused = _connect(proxy)
    try:
        with pytest.raises(ConnectionError):
            _exchange(refused, "GET", "/soon")
    finally:
        refused.close()
    while proxy.is_down and time.monotonic() - started < 5:
        time.sleep(0.02)
    assert time.monotonic() - started >= 0.5
    assert not proxy.is_down
    assert _statuses(proxy, 1, "/back") == [201]
