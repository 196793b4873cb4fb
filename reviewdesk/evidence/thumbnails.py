"""Small fitted copies of decoded images, for a strip of thumbnails beside a case."""

from __future__ import annotations

from dataclasses import replace

from PIL import Image

from reviewdesk.evidence.images import DecodedImage


def fit_size(width: int, height: int, max_width: int, max_height: int) -> tuple[int, int]:
    """The largest size within ``max_width`` x ``max_height`` keeping the aspect ratio.

    Never enlarges, and never returns a side smaller than one pixel.
    """
    if width <= 0 or height <= 0 or max_width <= 0 or max_height <= 0:
        raise ValueError("Image and box sizes must be positive.")
    scale = min(1.0, max_width / width, max_height / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def make_thumbnail(image: DecodedImage, max_width: int, max_height: int) -> DecodedImage:
    """``image`` scaled down to fit the box (unchanged when it already fits)."""
    size = fit_size(image.width, image.height, max_width, max_height)
    if size == (image.width, image.height):
        return image
    # Pillow resamples RGBA premultiplied: colour under transparent pixels does not bleed.
    small = image.picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return replace(image, width=size[0], height=size[1], picture=small)
