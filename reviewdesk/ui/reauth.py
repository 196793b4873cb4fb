"""Signing in again when the service ends the session in the middle of work (401).

Two ways, one interface: a real service asks the moderator in the sign-in
dialog (prefilled with the URL and username, the token saved again), the
embedded demo signs the demo account in again by itself. Either way the
connection gets the new backend and the window carries on where it was; the
draft in the decision panel is untouched, so the moderator only resubmits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reviewdesk.backends.base import Backend
from reviewdesk.ui.connection import Connection
from reviewdesk.ui.error_banner import describe_error
from reviewdesk.ui.sign_in import LoginFunction, SignInDialog
from reviewdesk.ui.tasks import TaskRunner

#: Called with the new backend after a successful sign-in (e.g. to save its token).
SignedInHook = Callable[[Backend, str, str], None]


class Reauthenticator(Protocol):
    """Gets a fresh backend for a connection whose session ended."""

    def reauthenticate(self, connection: Connection) -> None:
        """Start signing in again; replace the connection's backend when done."""
        ...


class DialogReauthenticator(QObject):
    """Asks the moderator to sign in again in the sign-in dialog."""

    #: The moderator closed the dialog without signing in.
    cancelled = Signal()

    def __init__(
        self,
        parent_widget: QWidget,
        runner: TaskRunner,
        login: LoginFunction,
        username: str,
        on_signed_in: SignedInHook | None = None,
    ) -> None:
        super().__init__(parent_widget)
        self._parent_widget = parent_widget
        self._runner = runner
        self._login = login
        self._username = username
        self._on_signed_in = on_signed_in
        self.dialog: SignInDialog | None = None

    def reauthenticate(self, connection: Connection) -> None:
        """Open the sign-in dialog (once) prefilled with the session's service and user."""
        if self.dialog is not None:
            self.dialog.raise_()
            return
        dialog = SignInDialog(
            self._runner,
            self._login,
            url=connection.base_url,
            username=self._username,
            notice="The service ended your session. Sign in again to carry on; "
            "your draft decision is kept.",
            parent=self._parent_widget,
        )
        self.dialog = dialog

        def signed_in(backend: Backend) -> None:
            self._username = dialog.username
            if self._on_signed_in is not None:
                self._on_signed_in(backend, dialog.url, dialog.username)
            connection.replace(backend)

        def finished(_result: int) -> None:
            self.dialog = None
            dialog.deleteLater()

        dialog.signed_in.connect(signed_in)
        dialog.rejected.connect(self.cancelled.emit)
        dialog.finished.connect(finished)
        dialog.open()


class AutomaticReauthenticator(QObject):
    """Signs in again without asking (the embedded demo knows its account)."""

    #: Signing in again failed: the error.
    failed = Signal(object)

    def __init__(
        self, runner: TaskRunner, sign_in: Callable[[], Backend], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._sign_in = sign_in
        self._busy = False

    def reauthenticate(self, connection: Connection) -> None:
        """Sign in on a worker, then hand the connection the new backend."""
        if self._busy:
            return
        self._busy = True

        def done(backend: Backend) -> None:
            self._busy = False
            connection.replace(backend)

        def failed(error: Exception) -> None:
            self._busy = False
            self.failed.emit(error)

        self._runner.run(self._sign_in, done, failed)


def failure_sentence(error: Exception) -> str:
    """What to tell the moderator when signing in again failed."""
    return f"Signing in again failed. {describe_error(error)}"
