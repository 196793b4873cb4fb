"""Fetch, check and decode one screenshot into ``QImage`` levels: the worker-thread half.

Runs entirely off the GUI thread (``QImage`` is safe there; ``QPixmap`` is
not). The result, :class:`LoadedEvidence`, carries the full-size image and
smaller copies (halves, quarters...) so the viewer can paint a fitted view
without ever scaling millions of pixels on the GUI thread, plus a thumbnail,
the integrity check and the facts the viewer shows. A file the safe decoder
refuses, or whose real format is not the advertised one, comes back with a
``refusal`` sentence and no image; a file whose SHA-256 differs from the
advertised one is still decoded (safely) but marked as not genuine.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from reviewdesk.api.models import Attachment
from reviewdesk.backends.base import Backend
from reviewdesk.evidence.images import DecodedImage, ImageRefused, decode_image
from reviewdesk.evidence.integrity import IntegrityResult, check_integrity
from reviewdesk.evidence.media_type import media_type_problem, wrong_type_sentence
from reviewdesk.evidence.qr import QrCode, find_qr_codes
from reviewdesk.evidence.sniff import looks_like_svg, unsupported_format_name

#: The smallest level kept: below this long side the viewer scales on the fly.
SMALLEST_LEVEL = 512
THUMBNAIL_SIZE = 48
NOT_GENUINE = "NOT GENUINE: hash differs from what the service advertised."


class EvidenceRefused(Exception):
    """The attachment cannot be shown; ``str()`` says why, for the moderator."""


@dataclass(frozen=True)
class ImageLevels:
    """One picture at full size and at successive halvings (``levels[0]`` is full size)."""

    levels: tuple[QImage, ...]
    has_alpha: bool = False

    @property
    def full(self) -> QImage:
        """The full-size image."""
        return self.levels[0]

    def width(self) -> int:
        """Width of the full-size image in pixels."""
        return self.levels[0].width()

    def height(self) -> int:
        """Height of the full-size image in pixels."""
        return self.levels[0].height()


@dataclass(frozen=True)
class LoadedEvidence:
    """One attachment after download, verification and decoding.

    ``pictures`` is None when the file cannot be shown; ``refusal`` then says
    why. ``integrity.ok`` is False when the bytes are not what the service
    advertised. ``data`` keeps the original bytes in memory (never on disk)
    so later frames of an animation can be decoded when asked for.
    """

    attachment_id: str
    integrity: IntegrityResult
    byte_size: int
    pictures: ImageLevels | None = None
    thumbnail: QImage | None = None
    refusal: str = ""
    format: str = ""
    source_mode: str = ""
    frame_count: int = 1
    frames_capped: bool = False
    data: bytes = field(default=b"", repr=False)

    @property
    def genuine(self) -> bool:
        """True when the bytes match the SHA-256 the service advertised."""
        return self.integrity.ok

    @property
    def integrity_problem(self) -> str:
        """The red-banner sentence for a file that is not genuine ("" when it is)."""
        if self.integrity.ok:
            return ""
        return f"{NOT_GENUINE} {self.integrity.message or ''}".strip()


def qimage_from_decoded(decoded: DecodedImage) -> QImage:
    """A ``QImage`` over the decoder's pixels (RGBX when opaque, RGBA with transparency).

    The ``QImage`` keeps the pixel bytes alive itself; no second copy is made.
    """
    pixels = decoded.pixel_bytes()
    image_format = (
        QImage.Format.Format_RGBA8888 if decoded.has_alpha else QImage.Format.Format_RGBX8888
    )
    return QImage(pixels, decoded.width, decoded.height, decoded.width * 4, image_format)


def image_levels(decoded: DecodedImage) -> ImageLevels:
    """``decoded`` at full size and halved until the long side is near :data:`SMALLEST_LEVEL`."""
    levels = [qimage_from_decoded(decoded)]
    factor = 2
    while max(decoded.width, decoded.height) // factor >= SMALLEST_LEVEL:
        levels.append(qimage_from_decoded(decoded.reduced(factor)))
        factor *= 2
    return ImageLevels(tuple(levels), decoded.has_alpha)


def thumbnail_of(levels: ImageLevels, size: int = THUMBNAIL_SIZE) -> QImage:
    """A small copy for the attachment strip, made from the smallest level."""
    return levels.levels[-1].scaled(
        size,
        size,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def _refusal_for(data: bytes, advertised: str, reason: str) -> str:
    """The decoder's reason, said as a wrong content type when the file is another format."""
    if looks_like_svg(data):
        return reason
    name = unsupported_format_name(data)
    claimed = advertised.strip().lower()
    if name is None or not claimed.startswith("image/"):
        return reason
    if name.split()[0].lower() in claimed:
        return reason  # the service said so: simply a format the desk does not show
    return wrong_type_sentence(advertised, name)


def evidence_from_bytes(attachment: Attachment, data: bytes) -> LoadedEvidence:
    """Verify and decode downloaded bytes; blocks (call it on a worker).

    Never raises for a bad file: the result says why it cannot be shown.
    """
    loaded = LoadedEvidence(attachment.id, check_integrity(data, attachment.sha256), len(data))
    try:
        decoded = decode_image(data)
    except ImageRefused as refused:
        return replace(loaded, refusal=_refusal_for(data, attachment.media_type, refused.reason))
    loaded = replace(
        loaded,
        format=decoded.format,
        source_mode=decoded.source_mode,
        frame_count=decoded.frame_count,
        frames_capped=decoded.frames_capped,
    )
    wrong_type = media_type_problem(attachment.media_type, decoded.format)
    if wrong_type is not None:
        return replace(loaded, refusal=wrong_type)
    pictures = image_levels(decoded)
    return replace(
        loaded,
        pictures=pictures,
        thumbnail=thumbnail_of(pictures),
        data=data if decoded.animated else b"",
    )


def load_attachment_image(backend: Backend, attachment: Attachment) -> LoadedEvidence:
    """Download, verify and decode ``attachment``; blocks, so call it on a worker.

    Network errors raise; a file that cannot be shown comes back with a refusal.
    """
    return evidence_from_bytes(attachment, backend.get_attachment(attachment.id))


def load_frame(data: bytes, index: int) -> ImageLevels:
    """Frame ``index`` of an animation as image levels; blocks (call it on a worker).

    Raises :class:`EvidenceRefused` when the frame cannot be decoded.
    """
    try:
        decoded = decode_image(data, frame=index)
    except ImageRefused as refused:
        raise EvidenceRefused(refused.reason) from refused
    return image_levels(decoded)


def scan_qr_codes(image: QImage) -> list[QrCode]:
    """The QR codes in ``image``; blocks for up to a few hundred milliseconds (worker only)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    if grey.isNull():
        return []
    data = bytes(grey.constBits())
    return find_qr_codes(data, grey.width(), grey.height(), grey.bytesPerLine())
