"""Draw phone screenshots of chats, profile photos and QR codes with Pillow.

The QR codes are real (made with zxing-cpp's writer) and point to made-up
messenger contacts, so the desk's QR detection has something to find.

The images stand in for the evidence members attach to reports: a portrait
phone screen with a status bar, a header with the contact's name, chat bubbles
in two colours and an input bar. Text of every script is laid out by
:mod:`.text_layout`. Images are kept small and encoded quickly, because the demo
community is generated at every start of the embedded server.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

import zxingcpp
from PIL import Image, ImageDraw

from reviewdesk.server.demo.text_layout import LaidLine, draw_line, text_width, wrap_text

RGB = tuple[int, int, int]

SCREEN_WIDTH = 432
SCREEN_HEIGHT = 768
_STATUS_HEIGHT = 26
_HEADER_HEIGHT = 58
_INPUT_HEIGHT = 52
_MARGIN = 10
_BUBBLE_PADDING = 10
_TEXT_SIZE = 17
_SMALL_SIZE = 12
_NAME_SIZE = 13
_BUBBLE_MAX_CHARS = 600


class ImageFormat(StrEnum):
    """How an image is encoded; the value is the Pillow format name."""

    PNG = "PNG"
    JPEG = "JPEG"


_MEDIA_TYPES = {ImageFormat.PNG: "image/png", ImageFormat.JPEG: "image/jpeg"}
_EXTENSIONS = {ImageFormat.PNG: "png", ImageFormat.JPEG: "jpg"}


@dataclass(frozen=True)
class EncodedImage:
    """An encoded image with what an intake attachment needs to describe it."""

    data: bytes
    media_type: str
    extension: str
    width: int
    height: int


@dataclass(frozen=True)
class ChatTheme:
    """The colours of one chat app's look."""

    name: str
    status_bar: RGB
    status_text: RGB
    header: RGB
    header_text: RGB
    background: RGB
    mine: RGB
    mine_text: RGB
    theirs: RGB
    theirs_text: RGB
    meta_text: RGB
    accent: RGB
    input_bar: RGB
    input_field: RGB


THEMES: tuple[ChatTheme, ...] = (
    ChatTheme("tandem-light", (245, 245, 247), (30, 30, 30), (255, 255, 255), (20, 20, 20),
              (236, 239, 244), (64, 120, 242), (255, 255, 255), (255, 255, 255), (25, 25, 25),
              (130, 136, 148), (64, 120, 242), (250, 250, 250), (236, 238, 242)),
    ChatTheme("green-messenger", (7, 94, 84), (240, 240, 240), (7, 94, 84), (255, 255, 255),
              (230, 221, 212), (220, 248, 198), (20, 20, 20), (255, 255, 255), (20, 20, 20),
              (120, 130, 120), (7, 94, 84), (240, 240, 240), (255, 255, 255)),
    ChatTheme("night-mode", (16, 16, 20), (220, 220, 220), (28, 28, 34), (235, 235, 235),
              (16, 16, 20), (118, 76, 214), (250, 250, 250), (44, 44, 52), (228, 228, 228),
              (150, 150, 160), (170, 140, 255), (28, 28, 34), (44, 44, 52)),
    ChatTheme("sky-messenger", (84, 157, 214), (255, 255, 255), (84, 157, 214), (255, 255, 255),
              (214, 230, 242), (239, 253, 222), (20, 20, 20), (255, 255, 255), (20, 20, 20),
              (110, 140, 160), (60, 130, 190), (255, 255, 255), (242, 244, 246)),
)  # fmt: skip


@dataclass(frozen=True)
class ChatLine:
    """One message as the screenshot shows it."""

    sender: str
    text: str
    time: str
    mine: bool


def encode(image: Image.Image, image_format: ImageFormat) -> EncodedImage:
    """Encode quickly: low PNG compression effort, JPEG at a phone-like quality."""
    buffer = io.BytesIO()
    if image_format is ImageFormat.PNG:
        image.save(buffer, "PNG", compress_level=1)
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=82)
    return EncodedImage(
        buffer.getvalue(),
        _MEDIA_TYPES[image_format],
        _EXTENSIONS[image_format],
        image.width,
        image.height,
    )


def _draw_status_bar(image: Image.Image, theme: ChatTheme, clock: str, battery: int) -> None:
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, image.width, _STATUS_HEIGHT), fill=theme.status_bar)
    (line,) = wrap_text(clock, _SMALL_SIZE + 1, image.width, bold=True)
    draw_line(image, line, 14, 18, _SMALL_SIZE + 1, theme.status_text, bold=True)
    right = image.width - 14
    # battery: outline, level, cap
    draw.rectangle((right - 24, 8, right - 2, 18), outline=theme.status_text, width=1)
    draw.rectangle((right, 11, right + 2, 15), fill=theme.status_text)
    draw.rectangle(
        (right - 22, 10, right - 22 + round(18 * battery / 100), 16), fill=theme.status_text
    )
    # signal bars
    for bar in range(4):
        x = right - 58 + bar * 6
        draw.rectangle((x, 18 - 3 * (bar + 1), x + 3, 18), fill=theme.status_text)
    # wifi arc
    draw.arc((right - 86, 6, right - 66, 26), 225, 315, fill=theme.status_text, width=2)
    draw.arc((right - 81, 11, right - 71, 21), 225, 315, fill=theme.status_text, width=2)


def _initial(name: str) -> str:
    for ch in name:
        if ch.isalnum():
            return ch.upper()
    return "?"


def _draw_header(image: Image.Image, theme: ChatTheme, contact: str, subtitle: str) -> None:
    draw = ImageDraw.Draw(image)
    top, bottom = _STATUS_HEIGHT, _STATUS_HEIGHT + _HEADER_HEIGHT
    draw.rectangle((0, top, image.width, bottom), fill=theme.header)
    draw.line((0, bottom, image.width, bottom), fill=theme.meta_text, width=1)
    middle = (top + bottom) // 2
    draw.line((22, middle - 9, 13, middle, 22, middle + 9), fill=theme.header_text, width=3)
    draw.ellipse((34, middle - 18, 70, middle + 18), fill=theme.accent)
    (letter,) = wrap_text(_initial(contact), 18, 40, bold=True)
    draw_line(image, letter, 52 - letter.width / 2, middle + 7, 18, (255, 255, 255), bold=True)
    name_lines = wrap_text(contact, 17, image.width - 140, bold=True)
    draw_line(image, name_lines[0], 80, middle - 2, 17, theme.header_text, bold=True)
    (sub,) = wrap_text(subtitle, _SMALL_SIZE, image.width - 140)[:1]
    draw_line(image, sub, 80, middle + 16, _SMALL_SIZE, theme.header_text)
    # call and menu icons
    x = image.width - 70
    draw.rounded_rectangle(
        (x, middle - 7, x + 16, middle + 7), 3, outline=theme.header_text, width=2
    )
    draw.polygon(
        [(x + 16, middle), (x + 24, middle - 6), (x + 24, middle + 6)], fill=theme.header_text
    )
    for dot in range(3):
        y = middle - 8 + dot * 8
        draw.ellipse((image.width - 22, y - 2, image.width - 18, y + 2), fill=theme.header_text)


def _draw_input_bar(image: Image.Image, theme: ChatTheme, placeholder: str) -> None:
    draw = ImageDraw.Draw(image)
    top = image.height - _INPUT_HEIGHT
    draw.rectangle((0, top, image.width, image.height), fill=theme.input_bar)
    draw.rounded_rectangle(
        (12, top + 9, image.width - 60, image.height - 9), 17, fill=theme.input_field
    )
    (hint,) = wrap_text(placeholder, 15, image.width - 100)[:1]
    draw_line(image, hint, 28, top + 31, 15, theme.meta_text)
    cx, cy = image.width - 32, top + _INPUT_HEIGHT // 2
    draw.ellipse((cx - 17, cy - 17, cx + 17, cy + 17), fill=theme.accent)
    draw.polygon([(cx - 7, cy - 8), (cx + 9, cy), (cx - 7, cy + 8)], fill=(255, 255, 255))


@dataclass(frozen=True)
class _Bubble:
    line: ChatLine
    name: LaidLine | None
    text: list[LaidLine]
    width: float
    height: int


_LINE_HEIGHT = round(_TEXT_SIZE * 1.42)


def _layout_bubble(line: ChatLine, max_width: int, show_name: bool) -> _Bubble:
    text = line.text if len(line.text) <= _BUBBLE_MAX_CHARS else line.text[:_BUBBLE_MAX_CHARS] + "…"
    inner = max_width - 2 * _BUBBLE_PADDING
    laid = wrap_text(text or " ", _TEXT_SIZE, inner)
    name = wrap_text(line.sender, _NAME_SIZE, inner, bold=True)[0] if show_name else None
    time_width = text_width(line.time, _SMALL_SIZE) + 6
    widest = max([ln.width for ln in laid] + [name.width if name else 0.0])
    last = laid[-1].width
    extra_row = last + time_width > inner
    width = min(inner, max(widest, last + time_width)) + 2 * _BUBBLE_PADDING
    height = 2 * _BUBBLE_PADDING + len(laid) * _LINE_HEIGHT + (18 if name else 0)
    height += 16 if extra_row else 2
    return _Bubble(line, name, laid, width, height)


def _draw_bubble(image: Image.Image, theme: ChatTheme, bubble: _Bubble, top: int) -> None:
    draw = ImageDraw.Draw(image)
    mine = bubble.line.mine
    fill = theme.mine if mine else theme.theirs
    colour = theme.mine_text if mine else theme.theirs_text
    left = image.width - _MARGIN - bubble.width if mine else _MARGIN
    right = left + bubble.width
    bottom = top + bubble.height
    draw.rounded_rectangle((left, top, right, bottom), 14, fill=fill)
    tail_x = right if mine else left
    sign = 1 if mine else -1
    draw.polygon(
        [
            (tail_x - 8 * sign, bottom - 14),
            (tail_x + 6 * sign, bottom),
            (tail_x - 12 * sign, bottom),
        ],
        fill=fill,
    )
    y = top + _BUBBLE_PADDING
    if bubble.name is not None:
        draw_line(
            image, bubble.name, left + _BUBBLE_PADDING, y + 12, _NAME_SIZE, theme.accent, bold=True
        )
        y += 18
    inner_left = left + _BUBBLE_PADDING
    inner_right = right - _BUBBLE_PADDING
    for line in bubble.text:
        x = inner_right - line.width if line.rtl else inner_left
        draw_line(image, line, x, y + round(_TEXT_SIZE * 1.05), _TEXT_SIZE, colour)
        y += _LINE_HEIGHT
    (stamp,) = wrap_text(bubble.line.time, _SMALL_SIZE, 200)
    meta = _lerp(colour, fill, 0.4)
    draw_line(image, stamp, inner_right - stamp.width, bottom - 5, _SMALL_SIZE, meta)


def render_chat_screenshot(
    contact: str,
    lines: Sequence[ChatLine],
    theme: ChatTheme,
    clock: str,
    *,
    subtitle: str = "online",
    placeholder: str = "Message",
    show_sender_names: bool = False,
    battery: int = 64,
    image_format: ImageFormat = ImageFormat.PNG,
) -> EncodedImage:
    """A phone screenshot of the end of a chat with ``contact``.

    Messages that do not fit scroll off the top, as on a phone.
    """
    image = Image.new("RGB", (SCREEN_WIDTH, SCREEN_HEIGHT), theme.background)
    max_width = round(SCREEN_WIDTH * 0.74)
    bubbles = [
        _layout_bubble(line, max_width, show_sender_names and not line.mine) for line in lines
    ]
    area_top = _STATUS_HEIGHT + _HEADER_HEIGHT
    bottom = SCREEN_HEIGHT - _INPUT_HEIGHT - 8
    placed: list[tuple[_Bubble, int]] = []
    for bubble in reversed(bubbles):
        top = bottom - bubble.height
        if top < area_top + 4 and placed:
            break
        placed.append((bubble, top))
        bottom = top - 8
    for bubble, top in placed:
        _draw_bubble(image, theme, bubble, top)
    _draw_status_bar(image, theme, clock, battery)
    _draw_header(image, theme, contact, subtitle)
    _draw_input_bar(image, theme, placeholder)
    return encode(image, image_format)


def _lerp(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def render_profile_photo(
    name: str,
    hue_seed: int,
    *,
    size: int = 256,
    tint: RGB | None = None,
    image_format: ImageFormat = ImageFormat.JPEG,
) -> EncodedImage:
    """A profile-photo style portrait: gradient backdrop, head and shoulders, a name tag.

    The same ``name`` and ``hue_seed`` always give the same picture; a ``tint``
    re-colours it slightly, as a copied and re-saved photo would be.
    """
    rng = random.Random(hue_seed)
    big = size * 2  # drawn at twice the size and scaled down, for smooth edges
    top_colour: RGB = (rng.randrange(90, 230), rng.randrange(90, 230), rng.randrange(90, 230))
    bottom_colour: RGB = (rng.randrange(20, 120), rng.randrange(20, 120), rng.randrange(20, 120))
    gradient = Image.linear_gradient("L").resize((big, big))
    image = Image.composite(
        Image.new("RGB", (big, big), bottom_colour),
        Image.new("RGB", (big, big), top_colour),
        gradient,
    )
    draw = ImageDraw.Draw(image)
    skin = _lerp((241, 194, 150), (110, 72, 48), rng.random())
    shirt: RGB = (rng.randrange(0, 255), rng.randrange(0, 255), rng.randrange(0, 255))
    hair = _lerp((20, 16, 12), (200, 160, 90), rng.random() ** 2)

    def box(left: float, top: float, right: float, bottom: float) -> tuple[float, ...]:
        return (left * big, top * big, right * big, bottom * big)

    draw.ellipse(box(0.14, 0.68, 0.86, 1.25), fill=shirt)
    draw.rectangle(box(0.43, 0.52, 0.57, 0.72), fill=skin)
    draw.ellipse(box(0.31, 0.14, 0.69, 0.6), fill=hair)
    draw.ellipse(box(0.34, 0.22, 0.66, 0.6), fill=skin)
    draw.chord(box(0.335, 0.19, 0.665, 0.43), 180, 360, fill=hair)  # fringe
    for eye in (0.435, 0.565):
        draw.ellipse(box(eye - 0.016, 0.364, eye + 0.016, 0.396), fill=(40, 30, 30))
    draw.arc(box(0.44, 0.43, 0.56, 0.52), 20, 160, fill=(150, 60, 60), width=big // 80)
    text_size = big // 16
    label = wrap_text(name, text_size, big - 40, bold=True)[0]
    draw.rectangle(box(0.0, 0.88, 1.0, 1.0), fill=(0, 0, 0))
    draw_line(image, label, (big - label.width) / 2, big * 0.965, text_size, (255, 255, 255), True)
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    if tint is not None:
        image = Image.blend(image, Image.new("RGB", image.size, tint), 0.12)
    return encode(image, image_format)


#: Where the demo's QR codes send people: messenger contact links, never real accounts.
_QR_TARGETS: tuple[str, ...] = (
    "https://wa.me/1555{number:07d}",
    "https://t.me/lang_{word}_{number}",
    "https://line.me/ti/p/~{word}{number}",
    "https://signal.me/#p/+1555{number:07d}",
    "https://discord.gg/{word}{number}",
)
_QR_WORDS: tuple[str, ...] = ("study", "talk", "friends", "tutor", "chat", "english")


def qr_payload(payload_seed: int) -> str:
    """The messenger link a demo QR code encodes (deterministic for the seed)."""
    rng = random.Random(payload_seed)
    template = rng.choice(_QR_TARGETS)
    return template.format(number=rng.randrange(10_000_000), word=rng.choice(_QR_WORDS))


def qr_modules(text: str) -> Image.Image:
    """A real QR code of ``text`` as a grey image of one pixel per module (quiet zone included)."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode)
    matrix = barcode.to_image(scale=1)
    height, width = matrix.shape[0], matrix.shape[1]
    pixels = bytes(memoryview(cast(Any, matrix)))  # a buffer, though its stubs do not say so
    return Image.frombytes("L", (width, height), pixels)


def render_qr_code(payload_seed: int, caption: str, *, cell: int = 8) -> EncodedImage:
    """A messenger's contact QR code (a real, scannable one) above a caption."""
    modules = qr_modules(qr_payload(payload_seed))
    code = modules.resize(
        (modules.width * cell, modules.height * cell), Image.Resampling.NEAREST
    ).convert("RGB")
    side = code.width
    image = Image.new("RGB", (side, side + 44), (255, 255, 255))
    image.paste(code, (0, 0))
    label = wrap_text(caption, 15, side - 16)[0]
    draw_line(image, label, (side - label.width) / 2, side + 26, 15, (60, 60, 60))
    return encode(image, ImageFormat.PNG)
