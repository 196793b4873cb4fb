"""A 64-bit perceptual hash of an image (dHash), so alike screenshots can be grouped unseen.

The image is reduced to 9x8 grey pixels; each of the 64 bits says whether a
pixel is brighter than its right-hand neighbour. A re-encode, a resize or a
small change leaves most bits as they were, so near-identical pictures have
hashes a few bits apart (see :func:`reviewdesk.domain.image_hash.hamming_distance`).
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps

_WIDTH, _HEIGHT = 9, 8
#: Images larger than this many pixels are not decoded for a hash.
MAX_HASHED_PIXELS = 40_000_000


def difference_hash(image: Image.Image) -> str:
    """The dHash of a decoded image as 16 hex digits."""
    grey = ImageOps.exif_transpose(image).convert("L")
    small = grey.resize((_WIDTH, _HEIGHT), Image.Resampling.BOX)
    pixels = small.tobytes()  # one byte per grey pixel, row by row
    bits = 0
    for row in range(_HEIGHT):
        for column in range(_WIDTH - 1):
            left = pixels[row * _WIDTH + column]
            right = pixels[row * _WIDTH + column + 1]
            bits = (bits << 1) | (1 if left > right else 0)
    return f"{bits:016x}"


def perceptual_hash(data: bytes, max_pixels: int = MAX_HASHED_PIXELS) -> str | None:
    """The dHash of an encoded image, or None when it is no image, broken or too large.

    The header is read first; pixels are decoded only within ``max_pixels``
    (and Pillow's own bomb limit), JPEGs at a reduced scale.
    """
    limit = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > limit or width < 1 or height < 1:
                return None
            image.draft("L", (64, 64))  # JPEG: decode at 1/8 scale; others ignore it
            image.load()
            return difference_hash(image)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        return None
