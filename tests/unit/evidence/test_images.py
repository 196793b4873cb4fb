"""Safe decoding of hostile screenshots into upright 8-bit RGBA."""

from __future__ import annotations

import random
import sys
import threading
import time

import pytest
from image_factory import BLUE, RED, encode, halves, png_declaring
from PIL import Image

from reviewdesk.evidence.images import DecodedImage, ImageRefused, decode_image

BOMB = "The image is larger than 40 megapixels and was not opened (possible decompression bomb)."


def pixel(image: DecodedImage, x: int, y: int) -> tuple[int, int, int, int]:
    offset = (y * image.width + x) * 4
    r, g, b, a = image.rgba[offset : offset + 4]
    return r, g, b, a


def near(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


@pytest.mark.parametrize(
    ("fmt", "options"), [("PNG", {}), ("BMP", {}), ("WEBP", {"lossless": True})]
)
def test_a_plain_image_decodes_to_tightly_packed_rgba(fmt: str, options: dict[str, object]) -> None:
    decoded = decode_image(encode(halves(30, 10, RED, BLUE), fmt, **options))
    assert (decoded.width, decoded.height, decoded.format) == (30, 10, fmt)
    assert len(decoded.rgba) == 30 * 10 * 4
    assert pixel(decoded, 2, 5) == (*RED, 255)
    assert pixel(decoded, 27, 5) == (*BLUE, 255)
    assert decoded.frame_count == 1
    assert not decoded.animated


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_an_opaque_image_is_handed_over_as_opaque_native_words(fmt: str) -> None:
    """Each 32-bit word is 0xFFRRGGBB: a zero fourth byte reads as transparent to a painter."""
    decoded = decode_image(encode(halves(40, 30, RED, BLUE), fmt))
    assert not decoded.has_alpha
    words = b"".join(strip for _top, strip in decoded.pixel_strips())
    assert len(words) == 40 * 30 * 4
    assert set(words[3::4] if sys.byteorder == "little" else words[0::4]) == {255}
    for level in (decoded, decoded.reduced(2)):
        again = b"".join(strip for _top, strip in level.pixel_strips())
        assert set(again[3::4] if sys.byteorder == "little" else again[0::4]) == {255}


def test_exif_orientation_six_is_turned_upright() -> None:
    stored = halves(40, 20, RED, BLUE)  # red left, blue right, as the camera stored it
    exif = Image.Exif()
    exif[0x0112] = 6  # display rotated 90 degrees clockwise
    decoded = decode_image(encode(stored, "JPEG", quality=95, exif=exif.tobytes()))
    assert (decoded.width, decoded.height) == (20, 40)
    assert near(pixel(decoded, 10, 5), (*RED, 255))  # the left edge is now on top
    assert near(pixel(decoded, 10, 34), (*BLUE, 255))


def test_a_cmyk_jpeg_becomes_the_right_rgb_colour() -> None:
    cyan = Image.new("CMYK", (16, 16), (255, 0, 0, 0))
    decoded = decode_image(encode(cyan, "JPEG", quality=95))
    assert decoded.format == "JPEG"
    assert near(pixel(decoded, 8, 8), (0, 255, 255, 255))


def test_a_palette_png_keeps_its_transparent_index() -> None:
    image = Image.new("P", (4, 1))
    image.putpalette([*RED, *BLUE] + [0] * (254 * 3))
    image.putpixel((0, 0), 0)
    image.putpixel((1, 0), 1)
    image.putpixel((2, 0), 1)
    image.putpixel((3, 0), 0)
    decoded = decode_image(encode(image, "PNG", transparency=0))
    assert pixel(decoded, 0, 0)[3] == 0
    assert pixel(decoded, 1, 0) == (*BLUE, 255)


def test_sixteen_bit_grey_is_scaled_not_clipped() -> None:
    image = Image.new("I;16", (3, 1))
    for x, value in enumerate((0, 32768, 65535)):
        image.putpixel((x, 0), value)
    decoded = decode_image(encode(image, "PNG"))
    assert [pixel(decoded, x, 0) for x in range(3)] == [
        (0, 0, 0, 255),
        (128, 128, 128, 255),
        (255, 255, 255, 255),
    ]


def test_grey_with_alpha_and_one_bit_images_convert() -> None:
    grey_alpha = decode_image(encode(Image.new("LA", (2, 2), (200, 100)), "PNG"))
    assert pixel(grey_alpha, 1, 1) == (200, 200, 200, 100)
    mono = decode_image(encode(Image.new("1", (2, 2), 1), "BMP"))
    assert pixel(mono, 0, 0) == (255, 255, 255, 255)


def test_an_animated_gif_gives_its_first_frame_and_counts_frames() -> None:
    frames = [Image.new("RGB", (8, 8), colour) for colour in (RED, BLUE, (0, 200, 0))]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    decoded = decode_image(data)
    assert decoded.format == "GIF"
    assert decoded.frame_count == 3
    assert decoded.animated
    assert near(pixel(decoded, 4, 4), (*RED, 255))


@pytest.mark.parametrize(("width", "height"), [(50_000, 50_000), (7_000, 7_000)])
def test_a_bomb_sized_header_is_refused_before_decoding(width: int, height: int) -> None:
    started = time.monotonic()
    with pytest.raises(ImageRefused) as caught:
        decode_image(png_declaring(width, height))
    assert caught.value.reason == BOMB
    assert str(caught.value) == BOMB
    assert time.monotonic() - started < 2.0


def test_the_pixel_limit_is_the_callers() -> None:
    data = encode(Image.new("RGB", (100, 100)), "PNG")
    with pytest.raises(ImageRefused) as caught:
        decode_image(data, max_pixels=5_000)
    assert str(caught.value).startswith("The image is larger than 0.005 megapixels")
    assert decode_image(data, max_pixels=10_000).width == 100


def test_a_file_over_the_byte_limit_is_not_opened() -> None:
    data = encode(Image.new("RGB", (64, 64)), "BMP")
    with pytest.raises(ImageRefused) as caught:
        decode_image(data, max_bytes=1_000)
    assert str(caught.value) == "The file is larger than 0.001 MB and was not opened."


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF"])
def test_a_truncated_file_is_refused_as_corrupt(fmt: str) -> None:
    noise = Image.frombytes("RGB", (64, 64), random.Random(3).randbytes(64 * 64 * 3))
    data = encode(noise, fmt)
    with pytest.raises(ImageRefused) as caught:
        decode_image(data[: len(data) // 2])
    assert str(caught.value) == "The file is truncated or corrupt."


def test_random_bytes_are_not_an_image() -> None:
    data = b"\x13\x37" + random.Random(7).randbytes(4096)
    with pytest.raises(ImageRefused) as caught:
        decode_image(data)
    assert str(caught.value) == "The file is not an image the desk can read."


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!DOCTYPE svg>\n<SVG onload="alert(1)">',
        b"  \n<svg:svg xmlns:svg='http://www.w3.org/2000/svg'></svg:svg>",
    ],
)
def test_svg_is_never_displayed(svg: bytes) -> None:
    with pytest.raises(ImageRefused) as caught:
        decode_image(svg)
    assert str(caught.value) == "SVG images are never displayed."


def test_other_formats_are_named_in_the_refusal() -> None:
    tiff = encode(Image.new("RGB", (4, 4)), "TIFF")
    with pytest.raises(ImageRefused) as caught:
        decode_image(tiff)
    assert str(caught.value) == "Unsupported image format: TIFF."
    with pytest.raises(ImageRefused) as caught:
        decode_image(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert str(caught.value) == "Unsupported image format: PDF."


def test_empty_bytes_are_refused() -> None:
    with pytest.raises(ImageRefused) as caught:
        decode_image(b"")
    assert str(caught.value) == "The file is empty."


def test_worker_threads_decode_side_by_side() -> None:
    data = encode(halves(200, 100, RED, BLUE), "PNG")
    results: list[DecodedImage] = []
    lock = threading.Lock()

    def work() -> None:
        decoded = decode_image(data)
        with lock:
            results.append(decoded)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 4
    assert all(result == results[0] for result in results)
