"""Screenshots decode, match their declared type, and show a real chat screen."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image, ImageChops

from reviewdesk.api.models import IntakeAttachment, IntakeReport
from reviewdesk.server.demo.generator import DemoPlan
from reviewdesk.server.demo.screenshots import (
    SCREEN_HEIGHT,
    SCREEN_WIDTH,
    THEMES,
    ChatLine,
    ImageFormat,
    render_chat_screenshot,
    render_profile_photo,
    render_qr_code,
)

FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
LINES = [
    ChatLine("Omar", "مرحبا! أنا أتعلم الإنجليزية منذ 3 سنوات 😊", "21:02", False),
    ChatLine("me", "Hi Omar! I'm learning Arabic too. شكرا!", "21:03", True),
    ChatLine("Yuki", "今日はいい天気ですね。日本語を勉強しています！", "21:04", False),
    ChatLine("Priya", "नमस्ते! मैं जापानी सीख रही हूँ।", "21:05", False),
    ChatLine("Аня", "Привет! Как дела? 🇺🇦", "21:06", False),
    ChatLine("me", "Add me on my other app, ID lucky_star_889 😉", "21:07", True),
]


def _attachments(plan: DemoPlan) -> list[IntakeAttachment]:
    return [a for e in plan.community.events if isinstance(e, IntakeReport) for a in e.attachments]


def _decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _not_blank(image: Image.Image) -> None:
    rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) >= 8, "several colours"
    histogram = rgb.convert("L").histogram()
    commonest = max(histogram)
    assert commonest < 0.9 * rgb.width * rgb.height, "more than a plain background"


def test_every_attachment_decodes_as_its_declared_type(small_plan: DemoPlan) -> None:
    attachments = _attachments(small_plan)
    assert len(attachments) >= 5
    for item in attachments:
        image = _decode(base64.b64decode(item.data_base64))
        assert image.format == FORMATS[item.media_type], item.filename
        assert item.filename.lower().endswith((".png", ".jpg"))
        assert max(image.size) <= 1080, "images stay modest"
        _not_blank(image)


def test_a_good_share_of_reports_carry_images_png_and_jpeg(full_plan: DemoPlan) -> None:
    reports = [e for e in full_plan.community.events if isinstance(e, IntakeReport)]
    with_images = [r for r in reports if r.attachments]
    assert len(with_images) >= 60
    types = {a.media_type for a in _attachments(full_plan)}
    assert types == {"image/png", "image/jpeg"}


@pytest.mark.parametrize("image_format", list(ImageFormat))
def test_a_chat_screenshot_is_a_phone_screen_with_two_bubble_colours(
    image_format: ImageFormat,
) -> None:
    theme = THEMES[0]
    shot = render_chat_screenshot("Omar", LINES, theme, "21:10", image_format=image_format)
    image = _decode(shot.data)
    assert image.format == image_format.value
    assert (shot.width, shot.height) == image.size == (SCREEN_WIDTH, SCREEN_HEIGHT)
    assert image.height > image.width, "portrait, like a phone"
    _not_blank(image)
    if image_format is ImageFormat.PNG:
        colours = {colour for _count, colour in image.convert("RGB").getcolors(1 << 16) or []}
        assert theme.mine in colours
        assert theme.theirs in colours
        assert theme.header in colours
        assert theme.status_bar in colours


def test_message_text_is_drawn_inside_the_bubbles() -> None:
    theme = THEMES[1]
    silent = [ChatLine(line.sender, "", line.time, line.mine) for line in LINES]
    with_text = _decode(render_chat_screenshot("Omar", LINES, theme, "21:10").data)
    without = _decode(render_chat_screenshot("Omar", silent, theme, "21:10").data)
    difference = ImageChops.difference(with_text.convert("RGB"), without.convert("RGB"))
    box = difference.getbbox()
    assert box is not None
    changed = sum(difference.convert("L").point(lambda v: 255 if v > 40 else 0).histogram()[255:])
    assert changed > 2000, "text pixels are present"


def test_a_long_chat_scrolls_and_hostile_text_still_renders() -> None:
    hostile = "\u202eevil\u202c <script>alert(1)</script> " + "spam " * 3000
    lines = [ChatLine("x", f"message {n}", "10:00", n % 2 == 0) for n in range(60)]
    lines.append(ChatLine("\u202etroppuS", hostile, "10:01", False))
    image = _decode(render_chat_screenshot("<b>Admin</b>", lines, THEMES[2], "10:02").data)
    assert image.size == (SCREEN_WIDTH, SCREEN_HEIGHT)
    _not_blank(image)


def test_profile_photos_and_qr_codes_are_real_pictures() -> None:
    original = _decode(render_profile_photo("Lucía", 5).data)
    copy = _decode(render_profile_photo("Lucía", 5, tint=(200, 128, 64)).data)
    again = _decode(render_profile_photo("Lucía", 5).data)
    assert original.format == "JPEG"
    _not_blank(original)
    assert ImageChops.difference(original, again).getbbox() is None, "same seed, same photo"
    assert ImageChops.difference(original, copy).getbbox() is not None, "the copy is re-tinted"
    qr = _decode(render_qr_code(9, "Scan to add me").data)
    assert qr.format == "PNG"
    _not_blank(qr)
