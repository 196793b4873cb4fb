"""The hostile and odd image corpus, made here: frames, caps, types, metadata, QR codes."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from image_factory import BLUE, RED, encode, halves
from PIL import Image

from reviewdesk.evidence.images import ImageRefused, decode_image
from reviewdesk.evidence.media_type import media_type_problem
from reviewdesk.evidence.qr import defang, destination_of, find_qr_codes
from reviewdesk.evidence.stripping import stripped_bytes

GREEN = (0, 200, 0)


def colour_at(data: bytes, frame: int) -> tuple[int, int, int]:
    decoded = decode_image(data, frame=frame)
    r, g, b, _a = decoded.picture.convert("RGBA").getpixel((4, 4))  # type: ignore[misc]
    return r, g, b


def near(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 16) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def animation(fmt: str, **options: object) -> bytes:
    frames = [Image.new("RGB", (8, 8), colour) for colour in (RED, BLUE, GREEN)]
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=80, **options)


@pytest.mark.parametrize(
    ("fmt", "options"), [("GIF", {}), ("WEBP", {"lossless": True}), ("PNG", {})]
)
def test_every_frame_of_an_animation_can_be_decoded_on_demand(
    fmt: str, options: dict[str, object]
) -> None:
    data = animation(fmt, **options)
    first = decode_image(data)
    assert first.format == fmt
    assert first.frame_count == 3  # GIF, animated WebP and APNG alike
    assert [near(colour_at(data, n), c) for n, c in enumerate((RED, BLUE, GREEN))] == [True] * 3
    with pytest.raises(ImageRefused, match="has no frame 4"):
        decode_image(data, frame=3)


def test_frames_past_the_cap_are_not_offered() -> None:
    data = animation("GIF")
    capped = decode_image(data, max_frames=2)
    assert (capped.frame_count, capped.frames_capped) == (2, True)
    with pytest.raises(ImageRefused):
        decode_image(data, frame=2, max_frames=2)


def test_modes_become_display_pixels_and_keep_transparency() -> None:
    rgba = Image.new("RGBA", (4, 4), (10, 20, 30, 0))
    decoded = decode_image(encode(rgba, "PNG"))
    assert decoded.has_alpha
    assert decoded.rgba[:4] == bytes((10, 20, 30, 0))
    grey_alpha = decode_image(encode(Image.new("LA", (2, 2), (200, 100)), "PNG"))
    assert grey_alpha.has_alpha
    assert grey_alpha.rgba[:4] == bytes((200, 200, 200, 100))
    cmyk = decode_image(encode(Image.new("CMYK", (8, 8), (0, 255, 0, 0)), "JPEG", quality=95))
    assert (cmyk.source_mode, cmyk.has_alpha) == ("CMYK", False)
    assert near(tuple(cmyk.rgba[:3]), (255, 0, 255))
    sixteen = decode_image(encode(Image.new("I;16", (2, 2), 65535), "PNG"))
    assert sixteen.source_mode.startswith("I")
    assert sixteen.rgba[:4] == bytes((255, 255, 255, 255))  # scaled down, not clipped to 255/65535


def test_a_file_whose_bytes_are_corrupted_is_refused_not_crashed() -> None:
    data = bytearray(encode(halves(64, 64, RED, BLUE), "PNG"))
    for offset in range(60, len(data) - 20, 7):
        data[offset] ^= 0xFF
    with pytest.raises(ImageRefused, match="truncated or corrupt"):
        decode_image(bytes(data))


@pytest.mark.parametrize(
    ("advertised", "actual", "problem"),
    [
        ("image/png", "PNG", False),
        ("image/x-png", "PNG", False),
        ("IMAGE/JPEG; charset=binary", "JPEG", False),
        ("application/octet-stream", "GIF", False),
        ("image/png", "JPEG", True),
        ("image/gif", "WEBP", True),
        ("text/html", "PNG", True),
    ],
)
def test_the_real_format_must_be_the_advertised_one(
    advertised: str, actual: str, problem: bool
) -> None:
    sentence = media_type_problem(advertised, actual)
    assert (sentence is not None) == problem
    if sentence is not None:
        assert sentence.startswith("Wrong content type: the service says this file is")
        assert f"a {actual} image" in sentence


def test_stripped_bytes_hold_only_upright_pixels() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # turned: the stripped copy must already be upright
    exif[0x010F] = "Camera Maker"
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    photo = encode(halves(40, 20, RED, BLUE), "JPEG", quality=95, exif=exif.tobytes())
    assert b"Camera Maker" in photo
    clean = stripped_bytes(photo)
    assert b"Camera Maker" not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert image.format == "PNG"
        assert image.size == (20, 40)
        assert not image.getexif()
        assert set(image.info) <= {"dpi"}  # no exif, icc_profile, text chunks
    with pytest.raises(ImageRefused):
        stripped_bytes(b"<svg onload='alert(1)'/>")


def qr_png(text: str, scale: int = 6) -> Image.Image:
    matrix = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode).to_image(scale=scale)
    return Image.frombytes("L", (matrix.shape[1], matrix.shape[0]), bytes(memoryview(matrix)))


def test_a_qr_code_in_a_screenshot_is_found_and_shown_defanged() -> None:
    screen = Image.new("L", (600, 900), 235)
    screen.paste(qr_png("https://wa.me/15550001111?text=hi"), (150, 300))
    codes = find_qr_codes(screen.tobytes(), screen.width, screen.height, screen.width)
    assert len(codes) == 1
    code = codes[0]
    assert code.text == "https://wa.me/15550001111?text=hi"
    assert code.shown == "hxxps://wa[.]me/15550001111?text=hi"
    assert code.destination == "WhatsApp (wa[.]me)"
    left, top, right, bottom = code.box
    assert 140 <= left < right <= 460
    assert 290 <= top < bottom <= 610
    assert "luring off the platform" in code.warning


def test_an_image_without_a_qr_code_gives_none() -> None:
    plain = halves(300, 200, RED, BLUE).convert("L")
    assert find_qr_codes(plain.tobytes(), 300, 200, 300) == []


def test_defanging_and_destinations() -> None:
    assert defang("http://evil.example.com/a.b?x=1") == "hxxp://evil[.]example[.]com/a.b?x=1"
    assert defang("see evil.example.org now") == "see evil[.]example[.]org now"
    assert defang("t.me/abc\u202e") == "t[.]me/abc<U+202E>"
    assert destination_of("https://t.me/lang_chat") == "Telegram (t[.]me)"
    assert destination_of("weixin://dl/chat?abc") == "WeChat"
    assert destination_of("https://phish.example.net/login") == "phish[.]example[.]net"
    assert destination_of("just some words") == "plain text"
