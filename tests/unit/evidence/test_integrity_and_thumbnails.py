"""Evidence hashes against the advertised checksum, and fitted thumbnails."""

from __future__ import annotations

import hashlib

import pytest
from image_factory import BLUE, RED, encode, halves
from PIL import Image

from reviewdesk.evidence.images import DecodedImage, decode_image
from reviewdesk.evidence.integrity import check_integrity, sha256_hex
from reviewdesk.evidence.thumbnails import fit_size, make_thumbnail

DATA = b"screenshot bytes \x00\xff"


def test_sha256_hex_is_lowercase_hex_of_the_bytes() -> None:
    assert sha256_hex(DATA) == hashlib.sha256(DATA).hexdigest()
    assert len(sha256_hex(b"")) == 64


def test_matching_bytes_pass_whatever_the_case_of_the_advertised_hash() -> None:
    result = check_integrity(DATA, "  " + hashlib.sha256(DATA).hexdigest().upper() + "\n")
    assert result.ok
    assert result.message is None
    assert result.expected == result.actual


def test_altered_bytes_fail_with_both_hashes_in_the_sentence() -> None:
    advertised = hashlib.sha256(DATA).hexdigest()
    result = check_integrity(DATA + b"!", advertised)
    assert not result.ok
    assert result.expected == advertised
    assert result.actual == hashlib.sha256(DATA + b"!").hexdigest()
    assert result.message is not None
    assert advertised[:16] in result.message
    assert result.actual[:16] in result.message
    assert "may be damaged or altered" in result.message


def test_a_missing_checksum_is_not_ok() -> None:
    result = check_integrity(DATA, "")
    assert not result.ok
    assert result.message == "The service gave no checksum for this file, so it cannot be verified."


@pytest.mark.parametrize(
    ("size", "box", "fitted"),
    [
        ((400, 100), (100, 100), (100, 25)),
        ((100, 400), (100, 100), (25, 100)),
        ((50, 40), (100, 100), (50, 40)),
        ((10_000, 1), (64, 64), (64, 1)),
    ],
)
def test_fit_size_keeps_the_aspect_and_never_enlarges(
    size: tuple[int, int], box: tuple[int, int], fitted: tuple[int, int]
) -> None:
    assert fit_size(*size, *box) == fitted


def test_fit_size_refuses_empty_sizes() -> None:
    with pytest.raises(ValueError, match="positive"):
        fit_size(0, 10, 10, 10)


def test_a_thumbnail_is_scaled_rgba_with_the_same_picture() -> None:
    source = decode_image(encode(halves(400, 100, RED, BLUE), "PNG"))
    thumb = make_thumbnail(source, 100, 100)
    assert (thumb.width, thumb.height) == (100, 25)
    assert len(thumb.rgba) == 100 * 25 * 4
    assert thumb.rgba[(12 * 100 + 5) * 4 : (12 * 100 + 5) * 4 + 3] == bytes(RED)
    assert thumb.rgba[(12 * 100 + 95) * 4 : (12 * 100 + 95) * 4 + 3] == bytes(BLUE)
    assert make_thumbnail(thumb, 200, 200) is thumb


def test_colour_under_transparent_pixels_does_not_bleed_into_the_thumbnail() -> None:
    image = Image.new("RGBA", (80, 80), (0, 0, 0, 0))  # transparent black
    image.paste((255, 255, 255, 255), (40, 0, 80, 80))  # opaque white
    source = DecodedImage.from_rgba(80, 80, image.tobytes(), "PNG")
    thumb = make_thumbnail(source, 8, 8)
    for x in range(thumb.width):
        r, g, b, a = thumb.rgba[(4 * thumb.width + x) * 4 : (4 * thumb.width + x) * 4 + 4]
        if a > 16:  # a visible pixel must be white, not greyed by the hidden black
            assert min(r, g, b) >= 240, (x, r, g, b, a)
