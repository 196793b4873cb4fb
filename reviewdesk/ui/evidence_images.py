"""Fetch, check and decode one screenshot into a ``QImage``: the worker-thread half.

Runs entirely off the GUI thread (``QImage`` is safe there; ``QPixmap`` is
not). An attachment whose bytes do not match the hash the service advertised,
or that the safe decoder refuses, raises :class:`EvidenceRefused` with a
sentence the case view shows in place of the image.
"""

from __future__ import annotations

from PySide6.QtGui import QImage

from reviewdesk.api.models import Attachment
from reviewdesk.backends.base import Backend
from reviewdesk.evidence.images import DecodedImage, ImageRefused, decode_image
from reviewdesk.evidence.integrity import check_integrity


class EvidenceRefused(Exception):
    """The attachment cannot be shown; ``str()`` says why, for the moderator."""


def qimage_from_decoded(decoded: DecodedImage) -> QImage:
    """A ``QImage`` owning a copy of the decoder's RGBA pixels."""
    image = QImage(
        decoded.rgba,
        decoded.width,
        decoded.height,
        decoded.width * 4,
        QImage.Format.Format_RGBA8888,
    )
    return image.copy()


def load_attachment_image(backend: Backend, attachment: Attachment) -> QImage:
    """Download, verify and decode ``attachment``; blocks, so call it on a worker."""
    data = backend.get_attachment(attachment.id)
    integrity = check_integrity(data, attachment.sha256)
    if not integrity.ok:
        raise EvidenceRefused(integrity.message or "The file does not match its checksum.")
    try:
        decoded = decode_image(data)
    except ImageRefused as refused:
        raise EvidenceRefused(str(refused)) from refused
    return qimage_from_decoded(decoded)
