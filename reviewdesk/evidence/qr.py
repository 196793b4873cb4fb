"""QR codes in screenshots: found, decoded, and described safely.

A QR code in a profile picture or a chat screenshot is a common way to lure
members to another app, where the platform cannot protect them. The codes are
read with zxing-cpp from an 8-bit luminance buffer; what they say is only ever
returned as plain, defanged text (``hxxps://wa[.]me/...``), never as a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import zxingcpp

#: Longest QR text kept (a QR code holds at most about 7,000 characters).
MAX_TEXT = 2_000
#: Hosts of messengers and social apps members are lured to, with their names.
_OFF_PLATFORM_HOSTS: tuple[tuple[str, str], ...] = (
    ("wa.me", "WhatsApp"),
    ("whatsapp.com", "WhatsApp"),
    ("t.me", "Telegram"),
    ("telegram.me", "Telegram"),
    ("telegram.org", "Telegram"),
    ("line.me", "LINE"),
    ("weixin.qq.com", "WeChat"),
    ("wechat.com", "WeChat"),
    ("u.wechat.com", "WeChat"),
    ("open.kakao.com", "KakaoTalk"),
    ("qr.kakao.com", "KakaoTalk"),
    ("signal.me", "Signal"),
    ("signal.group", "Signal"),
    ("discord.gg", "Discord"),
    ("discord.com", "Discord"),
    ("instagram.com", "Instagram"),
    ("snapchat.com", "Snapchat"),
    ("m.me", "Messenger"),
    ("vk.me", "VK"),
    ("viber.com", "Viber"),
    ("skype.com", "Skype"),
)
_SCHEMES_OF_APPS: dict[str, str] = {
    "whatsapp": "WhatsApp",
    "tg": "Telegram",
    "weixin": "WeChat",
    "line": "LINE",
    "kakaotalk": "KakaoTalk",
    "sgnl": "Signal",
    "viber": "Viber",
    "skype": "Skype",
}
_INVISIBLE = re.compile(
    r"[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_CONTACT_SCHEMES = {"mailto": "an e-mail address", "tel": "a phone number"}
_URL_START = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass(frozen=True)
class QrCode:
    """One QR code found in an image.

    ``text`` is what it encodes, as decoded (never to be rendered as rich
    text); ``shown`` is the same with links defanged and invisible characters
    made visible; ``destination`` names the app or domain it points to;
    ``box`` is (left, top, right, bottom) in image pixels.
    """

    text: str
    shown: str
    destination: str
    box: tuple[int, int, int, int]

    @property
    def warning(self) -> str:
        """Why a moderator should look at this code."""
        return f"QR code pointing to {self.destination}: possible luring off the platform."


def visible(text: str) -> str:
    """``text`` with control, zero-width and direction characters shown as ``<U+XXXX>``."""
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def defang(text: str) -> str:
    """``text`` made harmless to click or paste: ``http`` -> ``hxxp``, dots of the host -> ``[.]``.

    Only the scheme and the host are changed; the rest of a link is kept as is.
    Text that is not a link is returned with its dots in anything that looks like
    a domain bracketed too.
    """
    clean = visible(text)
    parts = urlsplit(clean) if _URL_START.match(clean) else None
    if parts is not None and parts.netloc:
        scheme = re.sub("^http", "hxxp", parts.scheme, flags=re.IGNORECASE)
        rest = clean[len(parts.scheme) + 3 + len(parts.netloc) :]
        return f"{scheme}://{parts.netloc.replace('.', '[.]')}{rest}"
    return re.sub(r"\b([\w-]+)\.(?=[a-z]{2,}\b)", r"\1[.]", clean, flags=re.IGNORECASE)


def destination_of(text: str) -> str:
    """The app or the domain a QR text leads to ("WhatsApp", "example[.]com", "plain text")."""
    lowered = text.strip().lower()
    scheme = lowered.split(":", 1)[0] if _URL_START.match(lowered) else ""
    if scheme in _SCHEMES_OF_APPS:
        return _SCHEMES_OF_APPS[scheme]
    host = ""
    if scheme:
        host = (urlsplit(lowered).hostname or "").rstrip(".")
    elif re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", lowered):
        host = lowered.split("/", 1)[0]
    if host:
        for known, name in _OFF_PLATFORM_HOSTS:
            if host == known or host.endswith("." + known):
                return f"{name} ({host.replace('.', '[.]')})"
        return host.replace(".", "[.]")
    if scheme in ("mailto", "tel", "sms", "smsto"):
        return _CONTACT_SCHEMES.get(scheme, "a text message")
    if scheme == "wifi":
        return "a Wi-Fi network"
    if lowered.startswith(("begin:vcard", "mecard:")):
        return "a contact card"
    return "plain text"


def find_qr_codes(
    pixels: bytes | memoryview, width: int, height: int, stride: int, *, bgra: bool = False
) -> list[QrCode]:
    """Every QR code in an image given as rows of ``stride`` bytes.

    The pixels are 8-bit grey, or with ``bgra`` 4-byte B, G, R, A (how a
    32-bit ARGB image lies in memory on a little-endian machine), read in
    place. Slow on large images (tens to hundreds of milliseconds, with the
    interpreter lock released): call it on a worker.
    """
    if width <= 0 or height <= 0:
        return []
    # ImageView takes any buffer, though its stubs name only numpy arrays.
    buffer = cast(Any, pixels)
    pixel_format = zxingcpp.ImageFormat.BGRA if bgra else zxingcpp.ImageFormat.Lum
    view = zxingcpp.ImageView(buffer, width, height, pixel_format, stride)
    found = zxingcpp.read_barcodes(
        view,
        # Made per call: a module-level instance would outlive the binding at exit.
        formats=zxingcpp.BarcodeFormats(
            [zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.MicroQRCode]
        ),
        text_mode=zxingcpp.TextMode.Plain,
    )
    codes: list[QrCode] = []
    for barcode in found:
        if not barcode.valid:
            continue
        text = barcode.text[:MAX_TEXT]
        position = barcode.position
        corners = (
            position.top_left,
            position.top_right,
            position.bottom_left,
            position.bottom_right,
        )
        xs = [corner.x for corner in corners]
        ys = [corner.y for corner in corners]
        codes.append(
            QrCode(text, defang(text), destination_of(text), (min(xs), min(ys), max(xs), max(ys)))
        )
    return codes
