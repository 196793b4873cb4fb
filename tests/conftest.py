"""Test-wide isolation: offscreen Qt, a fake keyring, and private data/config dirs.

No test may touch the user's real settings, keyring, cache or data directories.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_ISOLATED_HOME = tempfile.mkdtemp(prefix="reviewdesk-tests-")
# Removed when the test process ends (after every test and its subprocesses).
atexit.register(shutil.rmtree, _ISOLATED_HOME, ignore_errors=True)
for _var, _sub in (
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_CACHE_HOME", "cache"),
    ("XDG_STATE_HOME", "state"),
):
    os.environ[_var] = os.path.join(_ISOLATED_HOME, _sub)
os.environ["REVIEWDESK_TEST_MODE"] = "1"

import keyring  # noqa: E402  (after the environment is isolated)
import keyring.backend  # noqa: E402


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps secrets in a dict: the only keyring tests ever use."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def private_cache_home(tmp_path: Path) -> Iterator[Path]:
    """Every test has its own cache directory: one test's evidence cache never serves another.

    (Set by hand, not with ``monkeypatch``, so a test's own patches are undone in their order.)
    """
    previous = os.environ["XDG_CACHE_HOME"]
    cache_home = tmp_path / "xdg-cache"
    os.environ["XDG_CACHE_HOME"] = str(cache_home)
    try:
        yield cache_home
    finally:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(autouse=True)
def fake_keyring() -> Iterator[MemoryKeyring]:
    """Every test runs against a fresh in-memory keyring."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
