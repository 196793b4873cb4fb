"""Does a file's real format match the media type the service advertised?

A file sent as ``image/png`` that is really a JPEG (or HTML) is mislabelled,
perhaps on purpose; the desk says so instead of showing it.
"""

from __future__ import annotations

#: Media types (lower case, without parameters) that name each decoder format.
_MEDIA_TYPES: dict[str, frozenset[str]] = {
    "PNG": frozenset({"image/png", "image/apng", "image/x-png"}),
    "JPEG": frozenset({"image/jpeg", "image/jpg", "image/pjpeg"}),
    "GIF": frozenset({"image/gif"}),
    "WEBP": frozenset({"image/webp"}),
    "BMP": frozenset({"image/bmp", "image/x-bmp", "image/x-ms-bmp"}),
}


def normal_media_type(media_type: str) -> str:
    """``media_type`` lower-cased, without parameters or surrounding spaces."""
    return media_type.split(";", 1)[0].strip().lower()


def media_type_problem(advertised: str, detected_format: str) -> str | None:
    """A sentence when ``detected_format`` (a decoder name) is not ``advertised``; else None.

    An empty or generic advertised type (``application/octet-stream``) is not
    a mismatch: the service made no claim.
    """
    claimed = normal_media_type(advertised)
    if claimed in ("", "application/octet-stream"):
        return None
    known = _MEDIA_TYPES.get(detected_format)
    if known is not None and claimed in known:
        return None
    return wrong_type_sentence(advertised, f"a {detected_format} image")


def wrong_type_sentence(advertised: str, actual: str) -> str:
    """ "Wrong content type: the service says X, but it is ``actual``. It is not shown." """
    claimed = normal_media_type(advertised) or "no type"
    shown = claimed if len(claimed) <= 60 else claimed[:60] + "…"
    return (
        f"Wrong content type: the service says this file is {shown}, "
        f"but it is {actual}. It is not shown."
    )
