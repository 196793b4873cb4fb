"""Decoding screenshots safely, on worker threads, into plain 8-bit pixels.

Member-supplied images are hostile: they may be decompression bombs, truncated,
mislabelled, animated, in odd colour modes, or not images at all.
:func:`decode_image` refuses anything doubtful with :class:`ImageRefused`
(a sentence for the moderator) and otherwise returns one frame (the first by
default) upright, with EXIF orientation applied, as 8-bit RGB or RGBA pixels.
Only pixels come out: no EXIF, ICC profile, text chunk or other metadata.
"""

from __future__ import annotations

import contextlib
import io
import struct
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

from reviewdesk.evidence.sniff import (
    looks_like_svg,
    starts_like_displayed_format,
    unsupported_format_name,
)

if TYPE_CHECKING:  # Pillow loads with the first decode (on a worker), not with this module
    from PIL import Image

#: Raster formats the desk displays, as Pillow names them.
ALLOWED_FORMATS: tuple[str, ...] = ("PNG", "JPEG", "GIF", "WEBP", "BMP")
DEFAULT_MAX_BYTES = 30_000_000
DEFAULT_MAX_PIXELS = 40_000_000
#: Frames of an animation beyond this many are not offered for stepping.
DEFAULT_MAX_FRAMES = 200

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


@cache
def _bomb_errors() -> tuple[type[BaseException], ...]:
    """What Pillow raises on a decompression bomb."""
    from PIL import Image

    return (
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
    """One frame of an image, upright, as 8-bit pixels (``picture`` is RGB or RGBA).

    ``frame_count`` counts the frames offered for stepping (at most the
    decoder's cap; ``frames_capped`` says the file holds more). ``source_mode``
    is the colour mode the file stored ("CMYK", "P", "I;16", ...).
    """

    width: int
    height: int
    picture: Image.Image = field(repr=False, compare=False)
    format: str
    frame_count: int = 1
    frame_index: int = 0
    frames_capped: bool = False
    source_mode: str = ""
    #: Upright size of the whole image when ``picture`` is a reduced preview (0: not reduced).
    full_width: int = 0
    full_height: int = 0

    @property
    def full_size(self) -> tuple[int, int]:
        """The upright size of the whole image (``picture`` may be a reduced preview of it)."""
        if self.full_width and self.full_height:
            return self.full_width, self.full_height
        return self.width, self.height

    @property
    def is_preview(self) -> bool:
        """True when ``picture`` is smaller than the image (a JPEG decoded at reduced scale)."""
        return self.full_size != (self.width, self.height)

    @classmethod
    def from_rgba(cls, width: int, height: int, rgba: bytes, fmt: str) -> DecodedImage:
        """A decoded image made from tightly packed RGBA rows."""
        from PIL import Image

        return cls(width, height, Image.frombytes("RGBA", (width, height), rgba), fmt)

    @property
    def animated(self) -> bool:
        """True when the file holds more than one frame."""
        return self.frame_count > 1

    @property
    def has_alpha(self) -> bool:
        """True when some pixels may be transparent."""
        return self.picture.mode == "RGBA"

    @property
    def rgba(self) -> bytes:
        """The pixels as tightly packed 8-bit RGBA rows of ``width * 4`` bytes."""
        return self.picture.tobytes("raw", "RGBA")

    def pixel_strips(self) -> Iterator[tuple[int, bytes]]:
        """The pixels as native 32-bit words, 0xAARRGGBB (alpha 0xFF when opaque).

        That is the layout screens paint without converting. They come a strip
        of rows at a time, as (first row, bytes), so no single step holds the
        interpreter lock long enough to pause the GUI thread while a worker
        prepares a large image.
        """
        width, height = self.picture.size
        rows_per_strip = max(1, STRIP_BYTES // max(1, width * 4))
        for top in range(0, height, rows_per_strip):
            bottom = min(height, top + rows_per_strip)
            strip = self.picture.crop((0, top, width, bottom))
            if strip.mode != "RGBA":
                # Pillow packs an opaque pixel's fourth byte as 0, where screens (and
                # every conversion, greyscale among them) expect 0xFF.
                strip = strip.convert("RGBA")
            yield top, strip.tobytes("raw", _NATIVE_ARGB)

    def reduced(self, factor: int) -> DecodedImage:
        """A copy ``factor`` times smaller on each side (box filter; at least 1 x 1)."""
        from PIL import Image

        size = (max(1, self.width // factor), max(1, self.height // factor))
        if self.has_alpha:  # resize averages premultiplied: no colour from invisible pixels
            small = self.picture.resize(size, Image.Resampling.BOX)
        else:
            small = (
                self.picture.reduce(factor)
                if min(self.picture.size) >= factor
                else (self.picture.resize(size, Image.Resampling.BOX))
            )
        return replace(self, width=small.width, height=small.height, picture=small)


#: Raw packers giving 0xAARRGGBB words in this machine's byte order.
_NATIVE_ARGB = "BGRA" if sys.byteorder == "little" else "ARGB"
#: Bytes copied per step by :meth:`DecodedImage.pixel_bytes`.
STRIP_BYTES = 1_000_000


def _bomb(max_pixels: int) -> ImageRefused:
    return ImageRefused(
        f"The image is larger than {max_pixels / 1_000_000:g} megapixels and was not opened "
        "(possible decompression bomb)."
    )


def _open(data: bytes, max_pixels: int) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    try:
        return Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except _bomb_errors():
        raise _bomb(max_pixels) from None
    except UnidentifiedImageError:
        if starts_like_displayed_format(data):
            raise ImageRefused(CORRUPT) from None  # the right signature, then rubbish
        name = unsupported_format_name(data)
        if name is not None:
            raise ImageRefused(f"Unsupported image format: {name}.") from None
        raise ImageRefused("The file is not an image the desk can read.") from None
    except _DECODE_ERRORS as exc:
        raise ImageRefused(CORRUPT) from exc


def _frame_count(image: Image.Image, max_frames: int) -> tuple[int, bool]:
    """How many frames can be stepped through (at most ``max_frames``), and if more exist."""
    try:
        count = int(getattr(image, "n_frames", 1))
        image.seek(0)
    except _DECODE_ERRORS:
        return 1, False  # later frames are broken; the first may still be fine
    count = max(1, count)
    return min(count, max_frames), count > max_frames


def _seek(image: Image.Image, index: int, frame_count: int) -> None:
    if not 0 <= index < frame_count:
        raise ImageRefused(f"The image has no frame {index + 1} (it has {frame_count}).")
    if index:
        try:
            image.seek(index)
        except _bomb_errors():
            raise _bomb(DEFAULT_MAX_PIXELS) from None
        except _DECODE_ERRORS as exc:
            raise ImageRefused(f"Frame {index + 1} of the animation is broken.") from exc


def preview_scale(width: int, height: int, min_side: int) -> int:
    """The largest of 1, 2, 4, 8 that keeps the long side at least ``min_side`` pixels."""
    long_side = max(width, height)
    scale = 1
    while scale < 8 and long_side // (scale * 2) >= min_side:
        scale *= 2
    return scale


def _turns_sideways(image: Image.Image) -> bool:
    """True when the EXIF orientation swaps width and height."""
    try:
        return image.getexif().get(0x0112) in (5, 6, 7, 8)
    except _DECODE_ERRORS:
        return False


def _upright(image: Image.Image) -> Image.Image:
    """``image`` turned as its EXIF orientation says (in place: no copy of the pixels)."""
    with contextlib.suppress(*_DECODE_ERRORS):  # broken EXIF: show the pixels as stored
        from PIL import ImageOps

        ImageOps.exif_transpose(image, in_place=True)
    return image


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info


def to_rgba8(image: Image.Image) -> Image.Image:
    """``image`` converted to 8-bit RGBA, scaling 16-bit grey down instead of clipping it."""
    return to_display_pixels(image).convert("RGBA")


def to_display_pixels(image: Image.Image) -> Image.Image:
    """``image`` as 8-bit RGB, or RGBA when it can be transparent (16-bit grey scaled down)."""
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode in _SIXTEEN_BIT_GREY:
        grey = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        return grey.convert("RGB")
    target = "RGBA" if _has_transparency(image) else "RGB"
    try:
        return image.convert(target)
    except ValueError:
        return image.convert("RGB").convert(target)


def decode_image(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    frame: int = 0,
    max_frames: int = DEFAULT_MAX_FRAMES,
    preview_side: int = 0,
) -> DecodedImage:
    """Decode one frame of ``data`` (PNG, JPEG, GIF, WEBP, BMP) or raise :class:`ImageRefused`.

    The pixel limit is checked from the header before any pixel is decoded;
    frames past ``max_frames`` are refused. With ``preview_side``, a JPEG is
    decoded at a reduced scale (1/2, 1/4 or 1/8, keeping the long side at
    least that many pixels), which is several times faster; the result then
    says :attr:`DecodedImage.is_preview` and carries the full size. Other
    formats are always decoded in full. Safe to call from several threads at once.
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
        source_mode = image.mode
        frame_count, capped = _frame_count(image, max_frames)
        _seek(image, frame, frame_count)
        full_size = (0, 0)
        scale = preview_scale(width, height, preview_side) if preview_side else 1
        if scale > 1 and source_format == "JPEG" and frame == 0:
            sideways = _turns_sideways(image)
            with contextlib.suppress(*_DECODE_ERRORS):
                image.draft(None, (max(1, width // scale), max(1, height // scale)))
            if image.size != (width, height):
                full_size = (height, width) if sideways else (width, height)
        try:
            image.load()
            picture = to_display_pixels(_upright(image))
            picture.load()
        except _bomb_errors():
            raise _bomb(max_pixels) from None
        except _DECODE_ERRORS as exc:
            raise ImageRefused(CORRUPT) from exc
    picture.info.clear()  # pixels only: no EXIF, ICC profile or text travels on
    return DecodedImage(
        picture.width,
        picture.height,
        picture,
        source_format,
        frame_count,
        frame,
        capped,
        source_mode,
        *full_size,
    )
