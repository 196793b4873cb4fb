"""Decoding screenshots safely, on worker threads, into plain RGBA pixels.

Member-supplied images are hostile: they may be decompression bombs, truncated,
mislabelled, animated, in odd colour modes, or not images at all.
:func:`decode_image` refuses anything doubtful with :class:`ImageRefused`
(a sentence for the moderator) and otherwise returns the first frame upright
(EXIF orientation applied) as tightly packed 8-bit RGBA.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass, field

from PIL import Image, ImageOps, UnidentifiedImageError

from reviewdesk.evidence.sniff import looks_like_svg, unsupported_format_name

#: Raster formats the desk displays, as Pillow names them.
ALLOWED_FORMATS: tuple[str, ...] = ("PNG", "JPEG", "GIF", "WEBP", "BMP")
DEFAULT_MAX_BYTES = 30_000_000
DEFAULT_MAX_PIXELS = 40_000_000

#: What Pillow's decoders raise on broken input.
_DECODE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    struct.error,
    zlib.error,
    MemoryError,
)
_BOMB_ERRORS: tuple[type[BaseException], ...] = (
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,  # raised, not just warned, under warnings-as-errors
)
_SIXTEEN_BIT_GREY = frozenset({"I", "I;16", "I;16L", "I;16B", "I;16N"})
CORRUPT = "The file is truncated or corrupt."


class ImageRefused(Exception):
    """The image was not decoded; ``reason`` (also ``str()``) says why in a sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DecodedImage:
    """The first frame of an image, upright, as 8-bit RGBA rows of ``width * 4`` bytes."""

    width: int
    height: int
    rgba: bytes = field(repr=False)
    format: str
    frame_count: int = 1

    @property
    def animated(self) -> bool:
        """True when the file holds more than one frame (only the first is shown)."""
        return self.frame_count > 1


def _bomb(max_pixels: int) -> ImageRefused:
    return ImageRefused(
        f"The image is larger than {max_pixels / 1_000_000:g} megapixels and was not opened "
        "(possible decompression bomb)."
    )


def _open(data: bytes, max_pixels: int) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except _BOMB_ERRORS:
        raise _bomb(max_pixels) from None
    except UnidentifiedImageError:
        name = unsupported_format_name(data)
        if name is not None:
            raise ImageRefused(f"Unsupported image format: {name}.") from None
        raise ImageRefused("The file is not an image the desk can read.") from None
    except _DECODE_ERRORS as exc:
        raise ImageRefused(CORRUPT) from exc


def _frame_count(image: Image.Image) -> int:
    try:
        count = int(getattr(image, "n_frames", 1))
        image.seek(0)
    except _DECODE_ERRORS:
        return 1  # later frames are broken; the first may still be fine
    return max(1, count)


def _upright(image: Image.Image) -> Image.Image:
    try:
        turned = ImageOps.exif_transpose(image)
    except _DECODE_ERRORS:
        return image  # broken EXIF: show the pixels as stored rather than nothing
    return image if turned is None else turned


def to_rgba8(image: Image.Image) -> Image.Image:
    """``image`` converted to 8-bit RGBA, scaling 16-bit grey down instead of clipping it."""
    if image.mode == "RGBA":
        return image
    if image.mode in _SIXTEEN_BIT_GREY:
        grey = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        return grey.convert("RGBA")
    try:
        return image.convert("RGBA")
    except ValueError:
        return image.convert("RGB").convert("RGBA")


def decode_image(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> DecodedImage:
    """Decode ``data`` (PNG, JPEG, GIF, WEBP or BMP) or raise :class:`ImageRefused`.

    The pixel limit is checked from the header before any pixel is decoded.
    Safe to call from several threads at once.
    """
    if not data:
        raise ImageRefused("The file is empty.")
    if len(data) > max_bytes:
        raise ImageRefused(
            f"The file is larger than {max_bytes / 1_000_000:g} MB and was not opened."
        )
    if looks_like_svg(data):
        raise ImageRefused("SVG images are never displayed.")
    with _open(data, max_pixels) as image:
        width, height = image.size
        if width <= 0 or height <= 0:
            raise ImageRefused(CORRUPT)
        if width * height > max_pixels:
            raise _bomb(max_pixels)
        source_format = image.format or "unknown"
        frame_count = _frame_count(image)
        try:
            image.load()
            rgba = to_rgba8(_upright(image))
            pixels = rgba.tobytes()
        except _BOMB_ERRORS:
            raise _bomb(max_pixels) from None
        except _DECODE_ERRORS as exc:
            raise ImageRefused(CORRUPT) from exc
    if len(pixels) != rgba.width * rgba.height * 4:
        raise ImageRefused(CORRUPT)
    return DecodedImage(rgba.width, rgba.height, pixels, source_format, frame_count)
