"""The signed-in session the window works through: one backend, replaceable on re-sign-in.

Every loader asks the connection for the current backend when it starts a
task, so after a new sign-in (token expired, service restarted) the next task
uses the new one. Backends replaced are closed when the connection closes,
after the task runner has stopped, so no running task loses its backend.

A request sent with a replaced backend can still come back refused (401)
after the new sign-in: that refusal is stale. It does not end the new
session (no second sign-in); the request goes again instead.

Every handler of a failed request passes its error to
:meth:`Connection.check_error`, with what sends the request again, and
nothing else looks at refusals: ``check_error`` alone decides whether the
request goes again with the new session, the session ended (one sign-in is
asked for) or the error is the caller's to report (see :class:`Refusal`).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

from reviewdesk.api.models import ModeratorOut
from reviewdesk.backends.base import Backend
from reviewdesk.backends.errors import AuthenticationRequired

#: For a write refused as stale that the desk does not send again by itself.
STALE_SESSION_SENTENCE = (
    "Your {what} was not recorded: it went out just before you signed in again. Record it again."
)


class Refusal(Enum):
    """What :meth:`Connection.check_error` made of a failed request's error.

    True for both kinds of refusal (a 401), False for any other error.
    """

    #: Not a refusal of the session: the caller reports the error.
    NONE = "none"
    #: A 401 refusing a session replaced since: the request went again with the new
    #: one (or, for a write not repeated blindly, the caller says it was not recorded).
    STALE = "stale"
    #: A 401 refusing the session in use: it ended, and one sign-in is asked for.
    ENDED = "ended"

    def __bool__(self) -> bool:
        return self is not Refusal.NONE


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

    def _is_stale(self, error: AuthenticationRequired) -> bool:
        """True for a 401 refusing a backend this connection has replaced since.

        The request went out before the new sign-in; the session in use is fine.
        A refusal that names no backend is taken as the current session's.
        """
        return error.sender is not None and error.sender is not self._backend

    def check_error(self, error: Exception, retry: Callable[[], None] | None = None) -> Refusal:
        """Decide what ``error`` of a failed request means; the one place that does.

        - A 401 refusing a session replaced since (stale): ``retry`` sends the
          request again with the current backend, at once and once; nothing
          else happens (no sign-in). A write that must not be repeated blindly
          passes no ``retry`` and tells the moderator it was not recorded.
        - A 401 refusing the session in use: the session ended.
          :attr:`authentication_lost` is emitted once per session, on the next
          turn of the event loop, so the caller finishes its own handling (say,
          clearing a case it could not read) before a new sign-in starts
          loading again. ``retry`` is not called.
        - Anything else: :attr:`Refusal.NONE`, the caller reports it.
        """
        if not isinstance(error, AuthenticationRequired):
            return Refusal.NONE
        if self._is_stale(error):
            if retry is not None:
                retry()
            return Refusal.STALE
        if not self._lost:
            self._lost = True
            QTimer.singleShot(0, self, lambda: self._announce_lost(error))
        return Refusal.ENDED

    def _announce_lost(self, error: AuthenticationRequired) -> None:
        if self._lost:  # not signed in again meanwhile
            self.authentication_lost.emit(error)

    def close(self) -> None:
        """Close every backend this connection used (call after the runner stopped)."""
        for backend in (*self._retired, self._backend):
            close = getattr(backend, "close", None)
            if callable(close):
                close()
        self._retired.clear()
