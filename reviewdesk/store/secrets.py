"""Bearer tokens kept in the operating system's keyring, and nowhere else.

:class:`TokenStore` saves, loads and deletes the token of one (service address,
username) pair. When the system has no usable keyring, or the keyring fails,
the token is kept in memory for this session only and :attr:`TokenStore.warning`
says so in a sentence the UI can show. The token is never written to a file,
a setting or a log line.
"""

from __future__ import annotations

import logging
import threading

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail, null

from reviewdesk.backends.service_url import normalize_service_url

logger = logging.getLogger(__name__)

SERVICE_NAME = "ReviewDesk"
NO_KEYRING_WARNING = "No system keyring is available; you will need to sign in again next time."
KEYRING_FAILED_WARNING = (
    "The system keyring could not be used; you will need to sign in again next time."
)

#: What a keyring backend may raise when the keyring is missing, locked or broken.
_KEYRING_FAILURES: tuple[type[Exception], ...] = (
    keyring.errors.KeyringError,
    OSError,
    RuntimeError,
    ValueError,
)


def _unusable(backend: keyring.backend.KeyringBackend) -> bool:
    if isinstance(backend, fail.Keyring | null.Keyring):
        return True
    return isinstance(backend, chainer.ChainerBackend) and not backend.backends


def account_name(service_url: str, username: str) -> str:
    """The keyring account of a (service, username) pair: ``"<normalized url> <username>"``.

    A normalized URL holds no space, so the pair can always be told apart.
    """
    if not username:
        raise ValueError("A token is stored per username; the username is empty.")
    return f"{normalize_service_url(service_url)} {username}"


class TokenStore:
    """Saves bearer tokens in the system keyring, or in memory when there is none."""

    def __init__(
        self,
        backend: keyring.backend.KeyringBackend | None = None,
        service_name: str = SERVICE_NAME,
    ) -> None:
        """Use ``backend`` (default: the keyring the ``keyring`` package selected)."""
        self._backend = backend if backend is not None else keyring.get_keyring()
        self._service_name = service_name
        self._lock = threading.Lock()
        self._memory: dict[str, str] = {}
        self._warning: str | None = None
        if _unusable(self._backend):
            self._warning = NO_KEYRING_WARNING

    @property
    def persistent(self) -> bool:
        """True while tokens are saved in the system keyring and outlive the session."""
        return self._warning is None

    @property
    def warning(self) -> str | None:
        """Why tokens are not kept after the session, or ``None`` when they are."""
        return self._warning

    def _fall_back(self, action: str, error: Exception) -> None:
        """Stop using the keyring for this session (caller holds the lock)."""
        logger.warning(
            "The keyring failed to %s (%s); tokens stay in memory for this session.",
            action,
            type(error).__name__,
        )
        self._warning = KEYRING_FAILED_WARNING

    def save(self, service_url: str, username: str, token: str) -> None:
        """Keep ``token`` for the pair: in the keyring if possible, else in memory."""
        if not token:
            raise ValueError("An empty token cannot be saved.")
        account = account_name(service_url, username)
        with self._lock:
            if self.persistent:
                try:
                    self._backend.set_password(self._service_name, account, token)
                except _KEYRING_FAILURES as exc:
                    self._fall_back("save the sign-in", exc)
                else:
                    return
            self._memory[account] = token

    def load(self, service_url: str, username: str) -> str | None:
        """The saved token of the pair, or ``None``."""
        account = account_name(service_url, username)
        with self._lock:
            if not self.persistent:
                return self._memory.get(account)
            try:
                token: str | None = self._backend.get_password(self._service_name, account)
            except _KEYRING_FAILURES as exc:
                self._fall_back("read the sign-in", exc)
                return None
            return token or None

    def delete(self, service_url: str, username: str) -> None:
        """Forget the token of the pair everywhere it is kept; a missing token is fine."""
        account = account_name(service_url, username)
        with self._lock:
            self._memory.pop(account, None)
            if not self.persistent:
                return
            try:
                self._backend.delete_password(self._service_name, account)
            except keyring.errors.PasswordDeleteError:
                pass  # there was nothing to delete
            except _KEYRING_FAILURES as exc:
                self._fall_back("delete the sign-in", exc)

    def __repr__(self) -> str:
        return f"TokenStore(persistent={self.persistent}, backend={type(self._backend).__name__})"
