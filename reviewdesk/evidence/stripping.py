"""Evidence bytes with every piece of metadata removed: only re-encoded pixels.

A screenshot may carry GPS coordinates, camera serial numbers, editing
history or text chunks. Anything the desk writes to its cache is made here:
the decoded pixels (upright, first frame) encoded afresh as PNG, with no EXIF,
ICC profile, XMP or text chunk.
"""

from __future__ import annotations

import io

from reviewdesk.evidence.images import DecodedImage, decode_image


def stripped_png(decoded: DecodedImage, compress_level: int = 6) -> bytes:
    """``decoded``'s pixels as a PNG holding nothing but pixels (zlib level ``compress_level``)."""
    buffer = io.BytesIO()
    # A fresh image: no ``info`` (EXIF, ICC, text) can be carried over by the encoder.
    pixels = decoded.picture.copy()
    pixels.info.clear()
    pixels.save(buffer, "PNG", optimize=False, compress_level=compress_level)
    return buffer.getvalue()


def stripped_bytes(data: bytes) -> bytes:
    """``data`` decoded safely and re-encoded as metadata-free PNG.

    Raises :class:`reviewdesk.evidence.images.ImageRefused` when ``data`` is not
    an image the desk shows.
    """
    return stripped_png(decode_image(data))
