"""Tokens in the system keyring, with a memory-only fallback when there is none."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import keyring
import keyring.backend
import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from reviewdesk.backends.service_url import InvalidServiceUrl
from reviewdesk.store.secrets import (
    KEYRING_FAILED_WARNING,
    NO_KEYRING_WARNING,
    SERVICE_NAME,
    TokenStore,
)

URL = "https://desk.example.org:8443/"
TOKEN = "tok-9d8c7b6a"


class DictKeyring(keyring.backend.KeyringBackend):
    """A keyring holding secrets in a dict, counting every call."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls += 1
        if (service, username) not in self.secrets:
            raise PasswordDeleteError("not found")
        del self.secrets[(service, username)]


class LockedKeyring(DictKeyring):
    """A keyring that is present but refuses to store anything."""

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        raise KeyringLocked("The collection is locked.")

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        raise KeyringLocked("The collection is locked.")


@pytest.fixture
def system_keyring() -> Iterator[DictKeyring]:
    """A fake keyring installed as the system's, restored afterwards."""
    previous = keyring.get_keyring()
    fake = DictKeyring()
    keyring.set_keyring(fake)
    try:
        yield fake
    finally:
        keyring.set_keyring(previous)


def test_a_token_round_trips_through_the_system_keyring(system_keyring: DictKeyring) -> None:
    store = TokenStore()
    assert store.persistent
    assert store.warning is None
    store.save(URL, "ines", TOKEN)
    assert system_keyring.secrets == {(SERVICE_NAME, "https://desk.example.org:8443 ines"): TOKEN}
    assert TokenStore().load("HTTPS://Desk.Example.org:8443", "ines") == TOKEN
    store.delete(URL, "ines")
    assert system_keyring.secrets == {}
    assert store.load(URL, "ines") is None


def test_tokens_are_kept_per_service_and_username(system_keyring: DictKeyring) -> None:
    store = TokenStore()
    store.save(URL, "ines", "token-a")
    store.save(URL, "keiko", "token-b")
    store.save("http://127.0.0.1:8000", "ines", "token-c")
    assert store.load(URL, "ines") == "token-a"
    assert store.load(URL, "keiko") == "token-b"
    assert store.load("http://127.0.0.1:8000/", "ines") == "token-c"
    assert store.load("http://127.0.0.1:8001", "ines") is None


def test_deleting_a_token_that_was_never_saved_is_fine(system_keyring: DictKeyring) -> None:
    store = TokenStore()
    store.delete(URL, "nobody")
    assert store.persistent


@pytest.mark.parametrize("unusable", [fail.Keyring, null.Keyring])
def test_without_a_keyring_the_token_lives_in_memory_for_the_session(
    unusable: type[keyring.backend.KeyringBackend],
) -> None:
    store = TokenStore(backend=unusable())
    assert not store.persistent
    assert store.warning == NO_KEYRING_WARNING
    store.save(URL, "ines", TOKEN)
    assert store.load(URL, "ines") == TOKEN
    assert TokenStore(backend=unusable()).load(URL, "ines") is None  # gone next session
    store.delete(URL, "ines")
    assert store.load(URL, "ines") is None


def test_the_fail_keyring_selected_by_keyring_is_detected() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = TokenStore()
    finally:
        keyring.set_keyring(previous)
    assert not store.persistent
    assert store.warning == NO_KEYRING_WARNING


def test_a_keyring_that_fails_on_use_falls_back_to_memory_without_leaking(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    locked = LockedKeyring()
    store = TokenStore(backend=locked)
    assert store.persistent  # nothing known to be wrong yet
    store.save(URL, "ines", TOKEN)
    assert not store.persistent
    assert store.warning == KEYRING_FAILED_WARNING
    assert store.load(URL, "ines") == TOKEN
    calls = locked.calls
    store.save(URL, "ines", "newer")
    assert store.load(URL, "ines") == "newer"
    assert locked.calls == calls  # the broken keyring is not retried all session
    assert "KeyringLocked" in caplog.text
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(store)


def test_a_keyring_that_fails_on_load_gives_no_token() -> None:
    store = TokenStore(backend=LockedKeyring())
    assert store.load(URL, "ines") is None
    assert store.warning == KEYRING_FAILED_WARNING


def test_bad_input_is_refused_with_a_clear_error(system_keyring: DictKeyring) -> None:
    store = TokenStore()
    with pytest.raises(ValueError, match="empty token"):
        store.save(URL, "ines", "")
    with pytest.raises(ValueError, match="username is empty"):
        store.save(URL, "", TOKEN)
    with pytest.raises(InvalidServiceUrl):
        store.load("desk.example.org", "ines")
    assert system_keyring.secrets == {}
