"""The embedded demo: generate a community, serve it on loopback, sign in to it.

Everything here blocks (generating a few hundred cases takes seconds), so
the desk calls :meth:`DemoService.start` on a worker thread while the window
says the demo service is starting. The server and the generator are imported
only then, so a desk started on a real service never loads them. The server
listens on 127.0.0.1 only and stops when the desk exits.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from reviewdesk.backends.http import HttpBackend
from reviewdesk.server.demo.model import DemoCommunity, DemoModerator
from reviewdesk.ui.start_options import DemoOptions

if TYPE_CHECKING:
    from reviewdesk.server.embedded import EmbeddedServer


class DemoService:
    """Owns the embedded server of a ``--demo`` run and the demo account's sign-in."""

    def __init__(self, options: DemoOptions) -> None:
        self.options = options
        self._server: EmbeddedServer | None = None
        self._account: DemoModerator | None = None
        self._url = ""
        self._lock = threading.Lock()
        self._stopped = False

    @property
    def url(self) -> str:
        """The base URL of the running server ("" before it started)."""
        return self._url

    def start(self) -> HttpBackend:
        """Generate the community, start the server and sign in; blocks for seconds."""
        if self.options.open_cases < 0:
            raise ValueError("The number of open cases cannot be negative.")
        # Imported here, on the worker: a desk on a real service never loads the server.
        from reviewdesk.server.demo.generator import generate_community
        from reviewdesk.server.embedded import EmbeddedServer

        community = generate_community(seed=self.options.seed, open_cases=self.options.open_cases)
        self._account = demo_account(community, self.options.username)
        server = EmbeddedServer(community)
        with self._lock:
            if self._stopped:
                raise RuntimeError("The desk closed before the demo service started.")
            self._server = server
        self._url = server.start()
        return self.sign_in()

    def sign_in(self) -> HttpBackend:
        """Sign in (again) as the demo account; blocks."""
        if self._account is None or not self._url:
            raise RuntimeError("The demo service has not started.")
        return HttpBackend.login(self._url, self._account.username, self._account.password)

    def stop(self) -> None:
        """Stop the server (safe to call more than once, or before it started)."""
        with self._lock:
            self._stopped = True
            server, self._server = self._server, None
        if server is not None:
            server.stop()


def demo_account(community: DemoCommunity, username: str) -> DemoModerator:
    """The demo moderator called ``username``; a clear error naming the choices if none."""
    for moderator in community.moderators:
        if moderator.username == username:
            return moderator
    known = ", ".join(m.username for m in community.moderators)
    raise ValueError(f"There is no demo account '{username}'. Choose one of: {known}.")
