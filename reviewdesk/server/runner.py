"""Serving an ASGI app with uvicorn on a background thread, on a socket bound up front."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn
from starlette.types import ASGIApp

#: How long :meth:`BackgroundServer.stop` waits for open requests to finish.
GRACEFUL_SHUTDOWN_SECONDS = 5


class BackgroundServer:
    """One uvicorn server on its own thread; ``start`` returns once it accepts connections."""

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> None:
        self._app = app
        self._host = host
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.base_url: str | None = None

    def start(self, timeout: float = 30.0) -> str:
        """Bind, serve on a background thread, and return the base URL (no trailing slash)."""
        if self.base_url is not None:
            return self.base_url
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        bound = socket.socket(family, socket.SOCK_STREAM)
        bound.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this. Without it a keep-alive answer
        # written in two parts waits ~40 ms for the client's delayed ACK.
        bound.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            bound.bind((self._host, self._port))
        except OSError:
            bound.close()
            raise
        config = uvicorn.Config(
            self._app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws="none",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [bound]}, name="reviewdesk-server", daemon=True
        )
        self._server, self._thread, self._socket = server, thread, bound
        thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"The moderation service did not start within {timeout:g} s.")
            time.sleep(0.01)
        host, port = bound.getsockname()[:2]
        shown_host = f"[{host}]" if family == socket.AF_INET6 else host
        self.base_url = f"http://{shown_host}:{port}"
        return self.base_url

    def stop(self, timeout: float = 30.0) -> None:
        """Stop serving and wait for the thread to end; safe to call more than once."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None
        self.base_url = None
