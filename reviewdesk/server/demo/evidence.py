"""Turn conversations and pictures into intake attachments, named like phone files."""

from __future__ import annotations

import base64
import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from reviewdesk.api.models import IntakeAttachment, IntakeMessage
from reviewdesk.server.demo.screenshots import (
    THEMES,
    ChatLine,
    EncodedImage,
    ImageFormat,
    render_chat_screenshot,
    render_profile_photo,
    render_qr_code,
)

#: The platform's own look and the looks of outside messengers.
IN_APP_THEMES = tuple(theme for theme in THEMES if theme.name in ("tandem-light", "night-mode"))
OUTSIDE_THEMES = tuple(theme for theme in THEMES if theme.name != "tandem-light")


def attachment(image: EncodedImage, filename: str) -> IntakeAttachment:
    """An intake attachment carrying ``image``."""
    return IntakeAttachment(
        filename=filename,
        media_type=image.media_type,
        data_base64=base64.b64encode(image.data).decode("ascii"),
    )


def phone_filename(rng: random.Random, when: datetime, image_format: ImageFormat) -> str:
    """A file name as phones give screenshots and photos."""
    if image_format is ImageFormat.PNG:
        return f"Screenshot_{when:%Y%m%d-%H%M%S}.png"
    return rng.choice(("IMG_{n}.jpg", "photo_{n}.jpg", "image{n}.jpg")).format(
        n=rng.randrange(1000, 9999)
    )


def pick_format(rng: random.Random, jpeg_share: float = 0.3) -> ImageFormat:
    """Mostly PNG screenshots, some JPEG (re-saved or photographed screens)."""
    return ImageFormat.JPEG if rng.random() < jpeg_share else ImageFormat.PNG


def conversation_screenshot(
    rng: random.Random,
    messages: Sequence[IntakeMessage],
    viewer_id: str,
    contact: str,
    *,
    outside_app: bool,
    group: bool = False,
) -> IntakeAttachment:
    """A screenshot of ``messages`` as the member ``viewer_id`` saw them."""
    theme = rng.choice(OUTSIDE_THEMES if outside_app else IN_APP_THEMES)
    lines = [
        ChatLine(m.sender_name, m.text, f"{m.sent_at:%H:%M}", m.sender_id == viewer_id)
        for m in messages
    ]
    taken = messages[-1].sent_at + timedelta(minutes=rng.randint(1, 30))
    image_format = pick_format(rng)
    image = render_chat_screenshot(
        contact,
        lines,
        theme,
        f"{taken:%H:%M}",
        subtitle=rng.choice(("online", "last seen recently", "typing…")) if not group else "",
        show_sender_names=group,
        battery=rng.randint(8, 100),
        image_format=image_format,
    )
    return attachment(image, phone_filename(rng, taken, image_format))


def profile_photos(rng: random.Random, name: str, copied_by: str) -> list[IntakeAttachment]:
    """The original profile photo and the impersonator's re-saved copy of it."""
    seed = rng.getrandbits(32)
    original = render_profile_photo(name, seed)
    copy = render_profile_photo(name, seed, tint=(rng.randrange(256), 128, 64))
    return [
        attachment(original, "my_profile_photo.jpg"),
        attachment(copy, f"copy_on_{_safe(copied_by)}.jpg"),
    ]


def qr_code(rng: random.Random, caption: str) -> IntakeAttachment:
    """A messenger QR code picture as posted in a moment."""
    return attachment(render_qr_code(rng.getrandbits(32), caption), "qr_code.png")


def _safe(name: str) -> str:
    kept = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in name)
    return kept.strip("_")[:40] or "profile"
