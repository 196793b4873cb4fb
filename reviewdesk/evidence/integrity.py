"""Checking that downloaded evidence is the file the service says it is."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

#: How many hex digits of each hash a mismatch sentence shows.
_SHOWN_DIGITS = 16


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lowercase hex digits."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class IntegrityResult:
    """The outcome of comparing a file with its advertised SHA-256.

    ``message`` is ``None`` when the file matches and a sentence for the
    moderator when it does not.
    """

    ok: bool
    expected: str
    actual: str
    message: str | None = None


def check_integrity(data: bytes, advertised_sha256: str) -> IntegrityResult:
    """Compare ``data`` with ``advertised_sha256`` (hex, any case, surrounding spaces allowed)."""
    expected = advertised_sha256.strip().lower()
    actual = sha256_hex(data)
    if expected == actual:
        return IntegrityResult(True, expected, actual)
    shown = expected[:_SHOWN_DIGITS] + ("…" if len(expected) > _SHOWN_DIGITS else "")
    if not expected:
        message = "The service gave no checksum for this file, so it cannot be verified."
    else:
        message = (
            f"The file does not match the checksum the service gave (expected {shown}, "
            f"got {actual[:_SHOWN_DIGITS]}…); it may be damaged or altered."
        )
    return IntegrityResult(False, expected, actual, message)
