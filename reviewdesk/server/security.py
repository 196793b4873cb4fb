"""Password hashing (scrypt) and random bearer secrets stored only as hashes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import cache

_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SCRYPT_LENGTH = 32
_SCHEME = "scrypt"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_SCRYPT_LENGTH)


def hash_password(password: str) -> str:
    """Hash ``password`` with a fresh salt; the result records the scrypt parameters."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    encoded_salt = base64.b64encode(salt).decode("ascii")
    encoded_digest = base64.b64encode(digest).decode("ascii")
    return f"{_SCHEME}${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encoded_salt}${encoded_digest}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (a :func:`hash_password` result)."""
    try:
        scheme, n, r, p, encoded_salt, encoded_digest = stored.split("$")
        if scheme != _SCHEME:
            return False
        salt = base64.b64decode(encoded_salt)
        expected = base64.b64decode(encoded_digest)
        actual = _scrypt(password, salt, int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


@cache
def dummy_password_hash() -> str:
    """A hash to check against when the account does not exist.

    A wrong username then costs as much time as a wrong password.
    """
    return hash_password(secrets.token_urlsafe(16))


def new_secret() -> str:
    """A fresh random bearer secret (token or platform key)."""
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    """The SHA-256 under which a bearer secret is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
