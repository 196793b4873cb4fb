"""A tiny canned HTTP service on 127.0.0.1 for testing the desk's HTTP client.

Each test sets the answer of every (method, path) it needs, good or bad, and
reads back what the client sent. The server runs in a thread and is stopped by
the fixture that started it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Canned:
    """One canned answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    drop: bool = False  # close the connection without answering
    declare_length: bool = True  # send Content-Length (else the body ends at close)
    stall_after: int | None = None  # send this many body bytes, then wait ``delay``


@dataclass(frozen=True)
class Received:
    """One request the stub received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


class _StubHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, stub: StubService) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stub = stub


class _Handler(BaseHTTPRequestHandler):
    server: _StubHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the tests read ``StubService.received`` instead."""

    def _serve(self) -> None:
        stub = self.server.stub
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        stub.record(
            Received(
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
        )
        canned = stub.lookup(self.command, parts.path)
        if canned.stall_after is None and canned.delay and stub.stopping.wait(canned.delay):
            return
        if canned.drop:
            self.close_connection = True
            return
        try:
            self.send_response(canned.status)
            headers = {"Content-Type": "application/json", **canned.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            if canned.declare_length:
                self.send_header("Content-Length", str(len(canned.body)))
            self.end_headers()
            if canned.stall_after is not None:
                self.wfile.write(canned.body[: canned.stall_after])
                self.wfile.flush()
                if stub.stopping.wait(canned.delay):
                    return
                self.wfile.write(canned.body[canned.stall_after :])
            else:
                self.wfile.write(canned.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to answer

    do_GET = do_POST = do_DELETE = do_PUT = _serve  # noqa: N815  (http.server's names)


class StubService:
    """Canned answers by (method, path); records every request."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], Canned] = {}
        self._lock = threading.Lock()
        self.received: list[Received] = []
        self.stopping = threading.Event()
        self._server: _StubHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    def answer(
        self,
        method: str,
        path: str,
        *,
        status: int = 200,
        json_body: Any = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        drop: bool = False,
        declare_length: bool = True,
        stall_after: int | None = None,
    ) -> None:
        """Set the answer to ``method path`` (``json_body`` is encoded; ``body`` is raw)."""
        raw = body if body is not None else b""
        if json_body is not None:
            raw = (
                json_body.encode() if isinstance(json_body, str) else json.dumps(json_body).encode()
            )
        with self._lock:
            self._routes[(method, path)] = Canned(
                status, raw, dict(headers or {}), delay, drop, declare_length, stall_after
            )

    def lookup(self, method: str, path: str) -> Canned:
        with self._lock:
            found = self._routes.get((method, path))
        return found or Canned(404, json.dumps({"detail": f"No stub route for {path}."}).encode())

    def record(self, request: Received) -> None:
        with self._lock:
            self.received.append(request)

    def requests_to(self, path: str) -> list[Received]:
        """Every request received for ``path``, in order."""
        with self._lock:
            return [r for r in self.received if r.path == path]

    def start(self) -> str:
        """Start listening on a free loopback port; return the base URL."""
        self._server = _StubHTTPServer(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        return self.base_url

    def stop(self) -> None:
        """Wake any delayed answer, stop serving and free the port."""
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
