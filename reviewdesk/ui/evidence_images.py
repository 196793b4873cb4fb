"""Fetch, check and decode one screenshot into ``QImage`` levels: the worker-thread half.

Runs entirely off the GUI thread (``QImage`` is safe there; ``QPixmap`` is
not). The result, :class:`LoadedEvidence`, carries the full-size image and
smaller copies (halves, quarters...) so the viewer can paint a fitted view
without ever scaling millions of pixels on the GUI thread, plus a thumbnail,
the integrity check and the facts the viewer shows. A file the safe decoder
refuses, or whose real format is not the advertised one, comes back with a
``refusal`` sentence and no image; a file whose SHA-256 differs from the
advertised one is still decoded (safely) but marked as not genuine.

Large images come in two steps, so a fitted view shows fast: first a
*preview* (a JPEG decoded at 1/2 to 1/8 scale, or a reduced copy of any other
format), as sharp as the full image when fitted to the panel; its
:attr:`LoadedEvidence.full_pending` is then run on another worker task and
brings the full resolution for zooming. With an :class:`EvidenceCache`, a
screenshot verified earlier is read from the disk instead of downloaded, and
one verified now is written there (stripped pixels only) by
:attr:`LoadedEvidence.cache_write`, again on a worker.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from reviewdesk.api.models import Attachment
from reviewdesk.backends.base import Backend
from reviewdesk.evidence.disk_cache import CachedFacts, EvidenceCache
from reviewdesk.evidence.images import DecodedImage, ImageRefused, decode_image
from reviewdesk.evidence.integrity import IntegrityResult, check_integrity
from reviewdesk.evidence.media_type import media_type_problem, wrong_type_sentence
from reviewdesk.evidence.qr import QrCode, find_qr_codes
from reviewdesk.evidence.sniff import looks_like_svg, unsupported_format_name

#: The smallest level kept: below this long side the viewer scales on the fly.
SMALLEST_LEVEL = 512
#: A preview keeps at least this many pixels on its long side: a fitted view
#: of the evidence panel (under 1000 pixels wide on a 1920x1080 screen) is as
#: sharp as from the full image.
PREVIEW_SIDE = 960
THUMBNAIL_SIZE = 48
NOT_GENUINE = "NOT GENUINE: hash differs from what the service advertised."


class EvidenceRefused(Exception):
    """The attachment cannot be shown; ``str()`` says why, for the moderator."""


@dataclass(frozen=True)
class ImageLevels:
    """One picture at full size and at successive halvings (``levels[0]`` is full size)."""

    levels: tuple[QImage, ...]
    has_alpha: bool = False
    #: The whole image's size when ``levels[0]`` is only a reduced preview of it.
    size: tuple[int, int] | None = None

    @property
    def full(self) -> QImage:
        """The largest image held (the full-size one unless :attr:`is_preview`)."""
        return self.levels[0]

    @property
    def is_preview(self) -> bool:
        """True while only a reduced preview is held; the full resolution follows."""
        return self.size is not None and self.size != (
            self.levels[0].width(),
            self.levels[0].height(),
        )

    def width(self) -> int:
        """Width of the full-size image in pixels."""
        return self.size[0] if self.size is not None else self.levels[0].width()

    def height(self) -> int:
        """Height of the full-size image in pixels."""
        return self.size[1] if self.size is not None else self.levels[0].height()


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
    #: Set on a preview: brings the full resolution (blocks; run it on a worker).
    full_pending: Callable[[], LoadedEvidence] | None = field(
        default=None, repr=False, compare=False
    )
    #: Set on a verified full image: writes it to the disk cache (blocks; worker only).
    cache_write: Callable[[], object] | None = field(default=None, repr=False, compare=False)
    from_cache: bool = False

    @property
    def preview(self) -> bool:
        """True when this is a preview and the full resolution is still to come."""
        return self.full_pending is not None

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
    """A ``QImage`` of the decoder's pixels, in the format the screen paints unconverted.

    The image is allocated by Qt (not zero-filled) and filled a strip at a
    time: no long step runs on the worker while holding the interpreter lock,
    which would pause the GUI thread.
    """
    image_format = QImage.Format.Format_ARGB32 if decoded.has_alpha else QImage.Format.Format_RGB32
    image = QImage(decoded.width, decoded.height, image_format)
    row = image.bytesPerLine()
    width_bytes = decoded.width * 4
    pixels = memoryview(image.bits()).cast("B")
    for top, strip in decoded.pixel_strips():
        if row == width_bytes:
            pixels[top * row : top * row + len(strip)] = strip
            continue
        for offset in range(0, len(strip), width_bytes):  # padded rows: one at a time
            line = top + offset // width_bytes
            pixels[line * row : line * row + width_bytes] = strip[offset : offset + width_bytes]
    return image


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


def preview_levels(decoded: DecodedImage) -> ImageLevels:
    """One reduced picture standing for the whole image until its full levels arrive."""
    return ImageLevels((qimage_from_decoded(decoded),), decoded.has_alpha, decoded.full_size)


def _reduced_for_preview(decoded: DecodedImage) -> DecodedImage | None:
    """A quick reduced copy of a large full-size decode, or None when it is small enough."""
    factor = 1
    while max(decoded.width, decoded.height) // (factor * 2) >= PREVIEW_SIDE and factor < 8:
        factor *= 2
    if factor == 1:
        return None
    preview = decoded.reduced(factor)
    return replace(preview, full_width=decoded.width, full_height=decoded.height)


def _facts(loaded: LoadedEvidence) -> CachedFacts:
    return CachedFacts(loaded.format, loaded.source_mode, loaded.byte_size)


def _complete(
    loaded: LoadedEvidence,
    full: DecodedImage,
    preview: DecodedImage | None,
    attachment: Attachment,
    cache: EvidenceCache | None,
) -> LoadedEvidence:
    """``loaded`` with the full levels, and the cache write of a verified still image."""
    pictures = image_levels(full)
    done = replace(
        loaded,
        pictures=pictures,
        thumbnail=thumbnail_of(pictures),
        full_pending=None,
    )
    if cache is not None and loaded.genuine and not full.animated and not loaded.from_cache:
        facts, generation = _facts(loaded), cache.generation

        def write() -> bool:
            return cache.put(attachment.sha256, facts, full, preview, generation)

        done = replace(done, cache_write=write)
    return done


def preview_from_bytes(
    attachment: Attachment, data: bytes, cache: EvidenceCache | None = None
) -> LoadedEvidence:
    """Verify and decode downloaded bytes, as a preview first when the image is large.

    Blocks (call it on a worker). Never raises for a bad file: the result
    says why it cannot be shown. Every limit of the safe decoder applies to
    the preview as to the full image.
    """
    loaded = LoadedEvidence(attachment.id, check_integrity(data, attachment.sha256), len(data))
    try:
        decoded = decode_image(data, preview_side=PREVIEW_SIDE)
    except ImageRefused as refused:
        return replace(loaded, refusal=_refusal_for(data, attachment.media_type, refused.reason))
    loaded = replace(
        loaded,
        format=decoded.format,
        source_mode=decoded.source_mode,
        frame_count=decoded.frame_count,
        frames_capped=decoded.frames_capped,
        data=data if decoded.animated else b"",
    )
    wrong_type = media_type_problem(attachment.media_type, decoded.format)
    if wrong_type is not None:
        return replace(loaded, refusal=wrong_type, data=b"")
    if decoded.is_preview:
        preview: DecodedImage | None = decoded

        def full_from_bytes() -> LoadedEvidence:
            try:
                full = decode_image(data)
            except ImageRefused as refused:
                reason = _refusal_for(data, attachment.media_type, refused.reason)
                return replace(loaded, refusal=reason, data=b"")
            return _complete(loaded, full, preview, attachment, cache)

        return _with_preview(loaded, decoded, full_from_bytes)
    preview = _reduced_for_preview(decoded)
    if preview is None:
        return _complete(loaded, decoded, None, attachment, cache)
    full = decoded
    return _with_preview(
        loaded, preview, lambda: _complete(loaded, full, preview, attachment, cache)
    )


def _with_preview(
    loaded: LoadedEvidence, preview: DecodedImage, complete: Callable[[], LoadedEvidence]
) -> LoadedEvidence:
    levels = preview_levels(preview)
    return replace(loaded, pictures=levels, thumbnail=thumbnail_of(levels), full_pending=complete)


def finished(loaded: LoadedEvidence) -> LoadedEvidence:
    """``loaded`` at full resolution: runs its pending step, if any (blocks; worker only)."""
    while loaded.full_pending is not None:
        loaded = loaded.full_pending()
    return loaded


def evidence_from_bytes(attachment: Attachment, data: bytes) -> LoadedEvidence:
    """Verify and decode downloaded bytes at full resolution; blocks (call it on a worker).

    Never raises for a bad file: the result says why it cannot be shown.
    """
    return finished(preview_from_bytes(attachment, data))


def _from_cache(
    backend: Backend, attachment: Attachment, cache: EvidenceCache
) -> LoadedEvidence | None:
    """The attachment as cached when it was verified, or None (not cached, or damaged)."""
    entry = cache.get(attachment.sha256)
    if entry is None:
        return None
    sha = attachment.sha256.strip().lower()
    loaded = LoadedEvidence(
        attachment.id,
        IntegrityResult(True, sha, sha),
        entry.facts.byte_size,
        format=entry.facts.format,
        source_mode=entry.facts.source_mode,
        from_cache=True,
    )
    wrong_type = media_type_problem(attachment.media_type, entry.facts.format)
    if wrong_type is not None:
        return replace(loaded, refusal=wrong_type)

    def full_from_cache() -> LoadedEvidence:
        png = cache.full_png(sha)
        try:
            if png is None:
                raise ImageRefused("missing")
            full = decode_image(png)
        except ImageRefused:
            cache.discard(sha)  # damaged since: fetch it again
            data = backend.get_attachment(attachment.id)
            return finished(preview_from_bytes(attachment, data, cache))
        return _complete(loaded, full, None, attachment, cache)

    if not entry.preview_png:
        return full_from_cache()
    try:
        preview = decode_image(entry.preview_png)
    except ImageRefused:
        cache.discard(sha)
        return None
    preview = replace(preview, full_width=entry.width, full_height=entry.height)
    return _with_preview(loaded, preview, full_from_cache)


def load_attachment_image(
    backend: Backend, attachment: Attachment, cache: EvidenceCache | None = None
) -> LoadedEvidence:
    """Read ``attachment`` from ``cache``, else download and verify it; maybe a preview.

    Blocks, so call it on a worker; run :attr:`LoadedEvidence.full_pending` of
    a preview on another. Network errors raise; a file that cannot be shown
    comes back with a refusal.
    """
    if cache is not None:
        cached = _from_cache(backend, attachment, cache)
        if cached is not None:
            return cached
    return preview_from_bytes(attachment, backend.get_attachment(attachment.id), cache)


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
    """The QR codes in ``image``; blocks for up to a few hundred milliseconds (worker only).

    The desk's own 32-bit images are read in place; converting a large one
    first would hold the interpreter lock and pause the window.
    """
    native = (QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32)
    if image.format() in native and sys.byteorder == "little":
        pixels = memoryview(image.constBits()).cast("B")
        return find_qr_codes(pixels, image.width(), image.height(), image.bytesPerLine(), bgra=True)
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    if grey.isNull():
        return []
    data = bytes(grey.constBits())
    return find_qr_codes(data, grey.width(), grey.height(), grey.bytesPerLine())
