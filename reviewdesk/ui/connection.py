"""The signed-in session the window works through: one backend, replaceable on re-sign-in.

Every loader asks the connection for the current backend when it starts a
task, so after a new sign-in (token expired, service restarted) the next task
uses the new one. Backends replaced are closed when the connection closes,
after the task runner has stopped, so no running task loses its backend.

A request sent with a replaced backend can still come back refused (401)
after the new sign-in: that refusal is stale. It does not end the new
session (no second sign-in); the caller sends the request again instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from reviewdesk.api.models import ModeratorOut
from reviewdesk.backends.base import Backend
from reviewdesk.backends.errors import AuthenticationRequired

#: For a write refused as stale that the desk does not send again by itself.
STALE_SESSION_SENTENCE = (
    "Your {what} was not recorded: it went out just before you signed in again. Record it again."
)


class Connection(QObject):
    """Holds the current backend and tells the window when the session is lost."""

    #: A new backend replaced the old one (after signing in again).
    changed = Signal()
    #: A task was refused because the session ended; argument: the error.
    authentication_lost = Signal(object)

    def __init__(self, backend: Backend, base_url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._base_url = base_url
        self._retired: list[Backend] = []
        self._lost = False

    @property
    def backend(self) -> Backend:
        """The backend to use for the next task."""
        return self._backend

    @property
    def base_url(self) -> str:
        """The service this session talks to."""
        return self._base_url

    @property
    def moderator(self) -> ModeratorOut:
        """Who is signed in."""
        return self._backend.moderator

    @property
    def lost(self) -> bool:
        """True after the service refused the session and before a new sign-in."""
        return self._lost

    def replace(self, backend: Backend) -> None:
        """Use ``backend`` from now on (a fresh sign-in)."""
        self._retired.append(self._backend)
        self._backend = backend
        self._lost = False
        self.changed.emit()

    def is_stale(self, error: Exception) -> bool:
        """True for a 401 refusing a backend this connection has replaced since.

        The request went out before the new sign-in; the session in use is fine.
        """
        if not isinstance(error, AuthenticationRequired) or error.sender is None:
            return False
        return error.sender is not self._backend

    def check_error(self, error: Exception, retry: Callable[[], None] | None = None) -> bool:
        """Report ``error`` if it means the session ended; True when it was a 401.

        A stale 401 (see :meth:`is_stale`) ends nothing: ``retry`` (if given)
        sends the request again with the current backend.
        """
        if self.is_stale(error):
            if retry is not None:
                retry()
            return True
        if isinstance(error, AuthenticationRequired):
            if not self._lost:
                self._lost = True
                self.authentication_lost.emit(error)
            return True
        return False

    def close(self) -> None:
        """Close every backend this connection used (call after the runner stopped)."""
        for backend in (*self._retired, self._backend):
            close = getattr(backend, "close", None)
            if callable(close):
                close()
        self._retired.clear()
