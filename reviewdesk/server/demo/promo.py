"""The advert picture a spam wave sends: one design per campaign, re-sent with small changes.

Spammers re-crop and re-encode the same banner to slip past exact-match
filters, so the wave's pictures differ in their bytes but look the same, which
is what the desk's grouping by perceptual hash is for.
"""

from __future__ import annotations

import functools
import random

from PIL import Image, ImageDraw

from reviewdesk.server.demo.screenshots import RGB, EncodedImage, ImageFormat, encode
from reviewdesk.server.demo.text_layout import draw_line, wrap_text

BANNER_WIDTH = 480
BANNER_HEIGHT = 270


@functools.lru_cache(maxsize=8)
def _design(campaign: int) -> Image.Image:
    """The campaign's banner as first drawn (cached: every copy starts from it)."""
    palettes: tuple[tuple[RGB, RGB, RGB], ...] = (
        ((255, 196, 0), (200, 30, 40), (255, 255, 255)),
        ((30, 70, 160), (255, 220, 60), (30, 30, 60)),
        ((20, 140, 90), (250, 250, 250), (20, 90, 60)),
    )
    background, accent, text = palettes[campaign % len(palettes)]
    image = Image.new("RGB", (BANNER_WIDTH, BANNER_HEIGHT), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, BANNER_WIDTH, 64), fill=accent)
    draw.ellipse((340, 110, 460, 230), fill=accent)
    draw.polygon([(380, 140), (380, 200), (430, 170)], fill=background)
    headline = ("LEARN ENGLISH 5X FASTER", "SPEAK FLUENT IN 30 DAYS", "FREE TRIAL TODAY ONLY")
    for index, line in enumerate(wrap_text(headline[campaign % 3], 26, 300, bold=True)[:2]):
        draw_line(image, line, 20, 110 + index * 36, 26, accent, bold=True)
    banner = wrap_text("limited seats · click the link", 18, BANNER_WIDTH - 40)[0]
    draw_line(image, banner, 20, 42, 18, text)
    draw.rectangle((20, 200, 200, 244), fill=accent)
    button = wrap_text("JOIN NOW", 20, 160, bold=True)[0]
    draw_line(image, button, 40, 230, 20, background, bold=True)
    return image


def promo_banner(rng: random.Random, campaign: int) -> EncodedImage:
    """A copy of the campaign's banner: slightly rescaled or shifted, PNG or JPEG."""
    image = _design(campaign).copy()
    tweak = rng.random()
    if tweak < 0.35:
        scale = rng.uniform(0.8, 0.95)
        image = image.resize(
            (round(BANNER_WIDTH * scale), round(BANNER_HEIGHT * scale)), Image.Resampling.BILINEAR
        )
    elif tweak < 0.6:
        dx, dy = rng.randint(1, 2), rng.randint(1, 2)
        shifted = Image.new("RGB", image.size, image.getpixel((0, BANNER_HEIGHT - 1)))
        shifted.paste(image, (dx, dy))
        image = shifted
    image_format = ImageFormat.JPEG if rng.random() < 0.5 else ImageFormat.PNG
    return encode(image, image_format)
