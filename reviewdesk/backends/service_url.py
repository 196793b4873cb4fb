"""The address of a moderation service, checked and written one canonical way.

The HTTP client and the token store both key things by service address, so
both use :func:`normalize_service_url`: ``HTTP://Example.org:8000/`` and
``http://example.org:8000`` are the same service.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from reviewdesk.backends.errors import BackendError

MAX_URL_LENGTH = 2000


class InvalidServiceUrl(BackendError):
    """The service address typed by the moderator is not a usable http(s) URL."""


def normalize_service_url(url: str) -> str:
    """Return ``url`` as ``scheme://host[:port][/path]`` without a trailing slash.

    Raises :class:`InvalidServiceUrl` with a sentence for the moderator when
    the address is empty, too long, not http(s), has no host, or carries a
    query, a fragment, credentials or whitespace.
    """
    text = url.strip()
    if not text:
        raise InvalidServiceUrl("Enter the address of the moderation service.")
    if len(text) > MAX_URL_LENGTH:
        raise InvalidServiceUrl("The service address is too long.")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise InvalidServiceUrl("The service address must not contain spaces or control codes.")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidServiceUrl("The service address is not a valid URL.") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidServiceUrl("The service address must start with http:// or https://.")
    if not parts.hostname:
        raise InvalidServiceUrl("The service address has no host name.")
    if parts.username is not None or parts.password is not None:
        raise InvalidServiceUrl("The service address must not contain a user name or password.")
    if parts.query or parts.fragment:
        raise InvalidServiceUrl("The service address must not contain '?' or '#'.")
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), "", ""))
