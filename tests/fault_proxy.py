"""A fault-injecting HTTP/1.1 reverse proxy on 127.0.0.1, for tests.

:class:`FaultProxy` sits between a client (the desk) and a real upstream
service and forwards every request unchanged (method, path, query, headers,
body) over keep-alive connections, until a test adds a :class:`Fault`. A
fault matches requests by a regular expression on the path (and optionally
the method) and can replace the status, replace or rewrite the body, corrupt
some bytes of it, add headers, hold the request or the answer back, answer
without contacting the upstream, or reset the connection; with a
``probability`` below 1 it applies to a random share of the matching requests
(drawn from the proxy's seeded generator, so a run can be repeated). Faults can
be added and removed while requests are in flight; :meth:`FaultProxy.clear`
removes them all. Every request received is recorded (:meth:`FaultProxy.seen`).

:meth:`FaultProxy.set_down` (or :meth:`FaultProxy.down_for`) takes the whole
proxy down: open client connections are cut and new ones are reset as soon as
they are accepted, until it comes back up.

The proxy reads each answer in full before sending it on (bodies are test
sized), opens one upstream connection per request (so a request is never
sent twice), and :meth:`FaultProxy.stop` cuts the client connections still
open and joins every thread it started.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import random
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

#: Headers that describe one connection, not the message: never forwarded.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
#: Request headers the proxy sets itself (for the upstream) instead of copying.
_REPLACED_REQUEST_HEADERS = HOP_BY_HOP | {"host", "content-length"}
#: Answer headers the proxy sets itself (for the client) instead of copying.
_REPLACED_ANSWER_HEADERS = HOP_BY_HOP | {"content-length"}
#: Largest request body (or chunk) the proxy accepts from a client.
MAX_REQUEST_BYTES = 64_000_000
#: A chunked request body may have at most this many chunks.
MAX_CHUNKS = 100_000
#: Seconds an idle client connection is kept open.
CLIENT_IDLE_TIMEOUT = 30.0


#: SO_LINGER on, 0 seconds: closing the socket sends a TCP reset.
_LINGER_ZERO = struct.pack("ii", 1, 0)


def reset_socket(connection: socket.socket) -> None:
    """Close ``connection`` with a TCP reset instead of an orderly close."""
    with contextlib.suppress(OSError):
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_ZERO)
    connection.close()


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def corrupt(body: bytes, count: int) -> bytes:
    """``body`` with ``count`` bytes, spread evenly over it, inverted (every bit flipped).

    An empty body or a ``count`` of 0 returns ``body`` unchanged; a ``count``
    larger than the body inverts every byte.
    """
    if count <= 0 or not body:
        return body
    if count >= len(body):
        return bytes(b ^ 0xFF for b in body)
    damaged = bytearray(body)
    for i in range(count):  # count < len(body): the positions are distinct
        damaged[(i + 1) * len(body) // (count + 1)] ^= 0xFF
    return bytes(damaged)


def json_body(document: object) -> bytes:
    """``document`` as a UTF-8 JSON body (a shorthand for :attr:`Fault.body`)."""
    return json.dumps(document).encode("utf-8")


def rewrite_json(change: Callable[[Any], object]) -> Callable[[bytes], bytes]:
    """A :attr:`Fault.rewrite` that edits the upstream's JSON answer.

    ``change`` receives the parsed document and either edits it in place
    (returning ``None``) or returns the document to send instead.
    """

    def rewrite(body: bytes) -> bytes:
        document = json.loads(body)
        changed = change(document)
        return json_body(document if changed is None else changed)

    return rewrite


@dataclass(frozen=True, eq=False)
class Fault:
    """What to do to the requests whose path (without the query) fully matches ``path``.

    With ``method`` (e.g. ``"POST"``) only requests of that method match. The
    steps, in order: wait ``delay_request`` seconds; forward the request to
    the upstream unless ``forward`` is False (then the answer starts as
    ``status`` with an empty body); replace the status with ``status``; replace
    the body with ``body`` or pass it through ``rewrite``; invert
    ``corrupt_bytes`` bytes of it; add or override ``headers``; wait
    ``delay_answer`` seconds; then send the answer, or, with ``reset``, cut
    the connection (TCP reset) without answering. ``times`` limits how many
    matching requests the fault applies to (None: until removed).

    With ``probability`` p below 1, each matching request is drawn at random
    (the proxy's seeded generator): with chance p the fault applies, otherwise
    the request is treated as if this fault were absent (a later matching
    fault may apply) and it does not count against ``times``. Faults compare
    by identity.
    """

    path: str
    method: str | None = None
    status: int | None = None
    body: bytes | None = None
    rewrite: Callable[[bytes], bytes] | None = None
    corrupt_bytes: int = 0
    headers: Mapping[str, str] = field(default_factory=dict)
    delay_request: float = 0.0
    delay_answer: float = 0.0
    reset: bool = False
    forward: bool = True
    times: int | None = None
    probability: float = 1.0
    _pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_pattern", re.compile(self.path))
        if self.body is not None and self.rewrite is not None:
            raise ValueError("A fault replaces the body or rewrites it, not both.")
        if self.corrupt_bytes < 0 or self.delay_request < 0 or self.delay_answer < 0:
            raise ValueError("Byte counts and delays cannot be negative.")
        if self.times is not None and self.times < 1:
            raise ValueError("A fault applies at least once (or, with times=None, always).")
        if not self.forward and self.status is None and not self.reset:
            raise ValueError("A fault that does not forward needs a status or a reset.")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError(f"{self.status} is not an HTTP status.")
        if not 0.0 < self.probability <= 1.0:
            raise ValueError("A fault's probability is above 0 and at most 1.")

    def matches(self, method: str, path: str) -> bool:
        """True when a ``method`` request for ``path`` (no query) falls under this fault."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self._pattern.fullmatch(path) is not None


@dataclass(frozen=True)
class SeenRequest:
    """One request the proxy received, and the fault applied to it (None: forwarded as is)."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes
    fault: Fault | None


@dataclass
class _Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class _Rule:
    fault: Fault
    remaining: int | None


class _ProxyHTTPServer(ThreadingHTTPServer):
    """Serves :class:`_ProxyHandler`; tracks its threads and open client connections."""

    daemon_threads = True
    block_on_close = False  # FaultProxy.stop joins the threads itself, with a deadline

    def __init__(self, proxy: FaultProxy) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.proxy = proxy
        self._lock = threading.Lock()
        self._connection_threads: list[threading.Thread] = []
        self._connections: set[socket.socket] = set()

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection on a new thread, remembered for :meth:`join_threads`.

        While the proxy is down the connection is reset at once instead.
        """
        if self.proxy.is_down:
            reset_socket(request)
            return
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="fault-proxy-connection",
            daemon=True,
        )
        with self._lock:
            self._connection_threads = [t for t in self._connection_threads if t.is_alive()]
            self._connection_threads.append(thread)
        thread.start()

    def connection_opened(self, connection: socket.socket) -> None:
        """Note a client connection as open (so :meth:`cut_connections` reaches it)."""
        with self._lock:
            self._connections.add(connection)

    def connection_closed(self, connection: socket.socket) -> None:
        """Note a client connection as closed."""
        with self._lock:
            self._connections.discard(connection)

    def cut_connections(self, reset: bool = False) -> None:
        """Shut every open client connection down, waking the threads that read them.

        With ``reset`` the connections end with a TCP reset when their threads close them.
        """
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                if reset:
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_ZERO)
                connection.shutdown(socket.SHUT_RDWR)

    def join_threads(self, deadline: float) -> list[threading.Thread]:
        """Join the connection threads until ``deadline``; return those still running."""
        with self._lock:
            threads = list(self._connection_threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return [t for t in threads if t.is_alive()]


class _ProxyHandler(BaseHTTPRequestHandler):
    """Forwards one client connection's requests, applying the proxy's faults."""

    server: _ProxyHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = CLIENT_IDLE_TIMEOUT

    def setup(self) -> None:
        """Remember the connection (so stop() can cut it) and send small answers at once."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.connection_opened(self.connection)

    def finish(self) -> None:
        """Forget the connection; a client that vanished mid-answer is not an error."""
        self.server.connection_closed(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read :meth:`FaultProxy.seen` instead."""

    def handle_one_request(self) -> None:
        """Read one request and proxy it; any socket failure ends the connection."""
        try:
            super().handle_one_request()
        except OSError:
            self.close_connection = True

    def do_GET(self) -> None:
        """Proxy a GET."""
        self._proxy_request()

    # Every method is proxied the same way.
    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET  # noqa: N815

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 <= length <= MAX_REQUEST_BYTES:
            raise ValueError("request body too large")
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        for _ in range(MAX_CHUNKS):
            size = int(self.rfile.readline(100).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline(1000).strip():  # trailers, then the blank line
                    pass
                return b"".join(parts)
            total += size
            if total > MAX_REQUEST_BYTES:
                raise ValueError("request body too large")
            parts.append(self.rfile.read(size))
            self.rfile.readline(10)  # the CRLF after the chunk
        raise ValueError("too many chunks")

    def _proxy_request(self) -> None:
        proxy = self.server.proxy
        if proxy.is_down:  # a request that slipped in as the proxy went down: not served
            self._reset()
            return
        target = urlsplit(self.path)
        try:
            body = self._read_body()
        except ValueError:
            self.close_connection = True
            self._send(_Answer(400, [("Content-Type", "text/plain")], b"Bad request body"))
            return
        fault = proxy._take_fault(self.command, target.path)
        proxy._record(
            SeenRequest(
                method=self.command,
                path=target.path,
                query=target.query,
                headers=dict(self.headers.items()),
                body=body,
                fault=fault,
            )
        )
        if fault is not None and fault.delay_request and proxy._pause(fault.delay_request):
            self.close_connection = True
            return
        if fault is None or fault.forward:
            answer = self._forward(body)
        else:
            answer = _Answer(fault.status or 200, [], b"")
        if fault is not None:
            answer = _apply(fault, answer)
            if fault.delay_answer and proxy._pause(fault.delay_answer):
                self.close_connection = True
                return
            if fault.reset:
                self._reset()
                return
        self._send(answer)

    def _forward(self, body: bytes) -> _Answer:
        proxy = self.server.proxy
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() not in _REPLACED_REQUEST_HEADERS
        }
        if body or self.command in ("POST", "PUT", "PATCH"):
            headers["Content-Length"] = str(len(body))
        connection = http.client.HTTPConnection(
            proxy.upstream_host, proxy.upstream_port, timeout=proxy.upstream_timeout
        )
        try:
            connection.request(self.command, self.path, body=body or None, headers=headers)
            response = connection.getresponse()
            content = response.read()
            kept = [
                (name, value)
                for name, value in response.getheaders()
                if name.lower() not in _REPLACED_ANSWER_HEADERS
            ]
            return _Answer(response.status, kept, content)
        except (OSError, http.client.HTTPException) as exc:
            text = f"The fault proxy could not reach the upstream: {exc!r}"
            return _Answer(502, [("Content-Type", "text/plain; charset=utf-8")], text.encode())
        finally:
            connection.close()

    def _send(self, answer: _Answer) -> None:
        self.send_response_only(answer.status, _status_phrase(answer.status))
        for name, value in answer.headers:
            self.send_header(name, value)
        no_body = self.command == "HEAD" or answer.status in (204, 304) or answer.status < 200
        if not no_body:
            self.send_header("Content-Length", str(len(answer.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not no_body:
            self.wfile.write(answer.body)

    def _reset(self) -> None:
        """Close with SO_LINGER 0: the client sees a TCP reset, not an orderly close."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_ZERO)
        self.server.connection_closed(self.connection)
        self.connection.close()  # the real close (and the reset) follows when rfile closes


def _apply(fault: Fault, answer: _Answer) -> _Answer:
    status = fault.status if fault.status is not None else answer.status
    body = answer.body
    if fault.body is not None:
        body = fault.body
    elif fault.rewrite is not None:
        body = fault.rewrite(body)
    body = corrupt(body, fault.corrupt_bytes)
    overridden = {name.lower() for name in fault.headers}
    headers = [(n, v) for n, v in answer.headers if n.lower() not in overridden]
    headers += list(fault.headers.items())
    return _Answer(status, headers, body)


class FaultProxy:
    """A reverse proxy on 127.0.0.1 (a free port) in front of ``upstream_url``.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    ``upstream_timeout`` bounds each upstream request, in seconds. ``seed``
    seeds the generator that decides which requests a fault with a
    ``probability`` below 1 applies to.
    """

    def __init__(
        self, upstream_url: str, *, upstream_timeout: float = 30.0, seed: int | None = None
    ) -> None:
        parts = urlsplit(upstream_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"The upstream must be an http:// URL, not {upstream_url!r}.")
        if parts.path.strip("/"):
            raise ValueError("The upstream URL must not have a path.")
        self.upstream_host = parts.hostname
        self.upstream_port = parts.port or 80
        self.upstream_timeout = upstream_timeout
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []
        self._seen: list[SeenRequest] = []
        self._stopping = threading.Event()
        self._random = random.Random(seed)
        self._down = False
        self._down_until: float | None = None
        self._server: _ProxyHTTPServer | None = None
        self._serve_thread: threading.Thread | None = None

    # --- lifetime -----------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` of the running proxy."""
        if self._server is None:
            raise RuntimeError("The proxy is not running.")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> str:
        """Start serving on a background thread; return :attr:`url`."""
        if self._server is not None:
            raise RuntimeError("The proxy is already running.")
        self._stopping.clear()
        self._server = _ProxyHTTPServer(self)
        self._serve_thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fault-proxy",
            daemon=True,
        )
        self._serve_thread.start()
        return self.url

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving, cut open client connections, join every thread (within ``timeout``).

        Raises RuntimeError when a thread is still running after ``timeout`` seconds.
        """
        server, self._server = self._server, None
        if server is None:
            return
        deadline = time.monotonic() + timeout
        self._stopping.set()
        server.shutdown()
        if self._serve_thread is not None:
            self._serve_thread.join(max(0.0, deadline - time.monotonic()))
        server.cut_connections()
        stuck = server.join_threads(deadline)
        server.server_close()
        if stuck or (self._serve_thread is not None and self._serve_thread.is_alive()):
            raise RuntimeError("The fault proxy's threads did not stop in time.")

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- faults ---------------------------------------------------------------------

    def add(self, fault: Fault) -> Fault:
        """Apply ``fault`` to the matching requests from now on; returns it (for :meth:`remove`).

        When several faults match a request, the one added first applies.
        """
        with self._lock:
            self._rules.append(_Rule(fault, fault.times))
        return fault

    def remove(self, fault: Fault) -> None:
        """Stop applying ``fault`` (no error if it is used up or was never added)."""
        with self._lock:
            self._rules = [rule for rule in self._rules if rule.fault is not fault]

    def clear(self) -> None:
        """Remove every fault: from now on requests are forwarded unchanged."""
        with self._lock:
            self._rules = []

    def faults(self) -> list[Fault]:
        """The faults in force, in the order they apply."""
        with self._lock:
            return [rule.fault for rule in self._rules]

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for rule in self._rules:
                if rule.fault.matches(method, path):
                    probability = rule.fault.probability
                    if probability < 1.0 and self._random.random() >= probability:
                        continue
                    if rule.remaining is not None:
                        rule.remaining -= 1
                        if rule.remaining == 0:
                            self._rules.remove(rule)
                    return rule.fault
        return None

    # --- down and up ------------------------------------------------------------------

    @property
    def is_down(self) -> bool:
        """True while the proxy refuses service (:meth:`set_down`, :meth:`down_for`)."""
        with self._lock:
            if self._down:
                return True
            return self._down_until is not None and time.monotonic() < self._down_until

    def set_down(self, down: bool) -> None:
        """Take the proxy down (True) until it is brought back up (False).

        Going down cuts every open client connection (a request in flight is
        answered by nothing, even when the upstream already received it), and
        every connection accepted while down is reset at once, before any
        request is read. Requests refused this way are not recorded.
        """
        with self._lock:
            self._down = down
            self._down_until = None
        if down:
            self._cut_clients()

    def down_for(self, seconds: float) -> None:
        """Take the proxy down now and bring it back up by itself after ``seconds``."""
        if not seconds > 0:
            raise ValueError("The proxy goes down for a positive number of seconds.")
        with self._lock:
            self._down = False
            self._down_until = time.monotonic() + seconds
        self._cut_clients()

    def _cut_clients(self) -> None:
        server = self._server
        if server is not None:
            server.cut_connections(reset=True)

    def _pause(self, seconds: float) -> bool:
        """Wait ``seconds``; True when the proxy is stopping meanwhile."""
        return self._stopping.wait(seconds)

    # --- record ---------------------------------------------------------------------

    def _record(self, request: SeenRequest) -> None:
        with self._lock:
            self._seen.append(request)

    def seen(self, method: str | None = None, path: str | None = None) -> list[SeenRequest]:
        """The requests received so far, oldest first.

        ``method`` and ``path`` (a regular expression the whole path must
        match) narrow the list.
        """
        pattern = re.compile(path) if path is not None else None
        with self._lock:
            requests = list(self._seen)
        return [
            r
            for r in requests
            if (method is None or r.method.upper() == method.upper())
            and (pattern is None or pattern.fullmatch(r.path) is not None)
        ]

    def forget_seen(self) -> None:
        """Empty the record of requests."""
        with self._lock:
            self._seen = []
