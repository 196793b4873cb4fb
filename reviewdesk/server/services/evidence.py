"""Attachments sent with reports: decoding, size limits, hashes and image size."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import threading
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from reviewdesk.api.models import IntakeAttachment
from reviewdesk.server.errors import TooLarge, Unprocessable, describe_size
from reviewdesk.server.services.image_hash import perceptual_hash

_MEDIA_TYPE = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$"
)
#: The warnings filter is process-wide: one decode at a time changes it.
_WARNINGS_LOCK = threading.Lock()


@dataclass(frozen=True)
class DecodedFile:
    """An attachment's bytes with the facts the desk needs before downloading it."""

    filename: str
    media_type: str
    data: bytes
    sha256: str
    width: int | None
    height: int | None
    #: Perceptual hash (16 hex digits) of an image, for grouping alike ones.
    image_hash: str | None = None


def image_size(data: bytes, max_pixels: int) -> tuple[int, int] | None:
    """Width and height of an image, or None when it is no image, broken, or too large.

    Only the header and the chunk structure are read; pixels are never decoded,
    so a decompression bomb costs nothing.
    """
    with _WARNINGS_LOCK, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    return None
                image.verify()
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            OSError,
            SyntaxError,
            ValueError,
            EOFError,
        ):
            return None
    return width, height


def _too_large(name: str, max_bytes: int) -> TooLarge:
    return TooLarge(f"Attachment '{name}' is larger than the limit of {describe_size(max_bytes)}.")


def decode_attachment(attachment: IntakeAttachment, max_bytes: int, max_pixels: int) -> DecodedFile:
    """Decode one base64 attachment; raise 413 past ``max_bytes`` and 422 on bad input."""
    name = attachment.filename
    if not _MEDIA_TYPE.match(attachment.media_type):
        raise Unprocessable(
            f"Attachment '{name}' has an invalid media type; use a form like 'image/png'."
        )
    encoded = attachment.data_base64
    if len(encoded) // 4 * 3 > max_bytes + 3:
        raise _too_large(name, max_bytes)
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise Unprocessable(f"Attachment '{name}' is not valid base64.") from None
    if len(data) > max_bytes:
        raise _too_large(name, max_bytes)
    size = image_size(data, max_pixels)
    return DecodedFile(
        filename=name,
        media_type=attachment.media_type.lower(),
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        width=size[0] if size else None,
        height=size[1] if size else None,
        image_hash=perceptual_hash(data, max_pixels) if size else None,
    )
