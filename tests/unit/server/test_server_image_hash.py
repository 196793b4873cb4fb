"""Perceptual hashes: alike pictures hash alike, the queue carries them, the demo wave groups."""

from __future__ import annotations

import io
import random
from collections import Counter

import httpx
from PIL import Image, ImageDraw
from server_calls import PLATFORM, auth
from server_community import CHEN, EVE, NOW, content, member_report, png_attachment

from reviewdesk.domain.enums import Category, Surface
from reviewdesk.domain.image_hash import NEAR_IDENTICAL_BITS, hamming_distance, looks_alike
from reviewdesk.server.demo.promo import promo_banner
from reviewdesk.server.services.image_hash import perceptual_hash


def picture(shift: int = 0, size: tuple[int, int] = (320, 200), kind: str = "bars") -> Image.Image:
    image = Image.new("RGB", size, (240, 240, 240))
    draw = ImageDraw.Draw(image)
    w, h = size
    if kind == "bars":
        for n in range(5):
            left = shift + n * w // 5
            draw.rectangle((left, h // 4, left + w // 10, 3 * h // 4), fill=(20, 20, 120))
    else:
        draw.ellipse((w // 4, h // 8, 3 * w // 4, 7 * h // 8), fill=(200, 30, 30))
    return image


def encoded(image: Image.Image, image_format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


def test_hamming_distance_counts_differing_bits() -> None:
    assert hamming_distance("0000000000000000", "0000000000000000") == 0
    assert hamming_distance("0000000000000000", "ffffffffffffffff") == 64
    assert hamming_distance("00000000000000f0", "0000000000000010") == 3
    assert looks_alike("ffffffffffffffff", "fffffffffffffc00", NEAR_IDENTICAL_BITS)
    assert not looks_alike("0000000000000000", "00000000000007ff")


def test_re_encoded_resized_and_shifted_copies_hash_alike_and_other_pictures_do_not() -> None:
    original = perceptual_hash(encoded(picture()))
    assert original is not None
    assert len(original) == 16
    copies = [
        encoded(picture(), "JPEG"),
        encoded(picture().resize((250, 156))),
        encoded(picture(shift=2)),
    ]
    for copy in copies:
        copied = perceptual_hash(copy)
        assert copied is not None
        assert hamming_distance(original, copied) <= NEAR_IDENTICAL_BITS
    other = perceptual_hash(encoded(picture(kind="circle")))
    assert other is not None
    assert hamming_distance(original, other) > 2 * NEAR_IDENTICAL_BITS


def test_no_hash_for_what_is_no_image_or_too_large() -> None:
    assert perceptual_hash(b"not an image") is None
    assert perceptual_hash(encoded(picture())[:200]) is None  # truncated
    assert perceptual_hash(encoded(picture()), max_pixels=100) is None


def test_the_queue_row_carries_the_hash_of_the_case_s_first_image(client: httpx.Client) -> None:
    ana = auth(client, "ana")
    shot = encoded(picture())
    item = content("c-hash-1", "Look at this", NOW, Surface.COMMENT)
    report = member_report(
        EVE, CHEN, Category.SPAM, NOW, item, attachments=[png_attachment("a.png", shot)]
    )
    filed = client.post(
        "/v1/intake/reports",
        content=report.model_dump_json(),
        headers={**PLATFORM, "Content-Type": "application/json"},
    )
    assert filed.status_code == 201, filed.text
    case_id = filed.json()["case_id"]
    rows = client.get("/v1/cases?limit=500", headers=ana).json()["items"]
    (row,) = [r for r in rows if r["id"] == case_id]
    assert row["image_hash"] == perceptual_hash(shot)
    without = [r for r in rows if r["preview"].startswith("Cheap lessons")]
    assert without
    assert {r["image_hash"] for r in without} == {None}


def test_the_demo_spam_wave_pictures_fall_into_two_alike_groups() -> None:
    rng = random.Random(5)
    hashes = {
        campaign: [perceptual_hash(promo_banner(rng, campaign).data) for _ in range(12)]
        for campaign in (0, 1)
    }
    for campaign, found in hashes.items():
        assert None not in found
        first = found[0]
        assert first is not None
        assert all(hamming_distance(first, h) <= NEAR_IDENTICAL_BITS for h in found if h), campaign
        assert len(Counter(found)) > 1, "copies differ in their bytes and a little in their hash"
    a, b = hashes[0][0], hashes[1][0]
    assert a is not None
    assert b is not None
    assert hamming_distance(a, b) > 2 * NEAR_IDENTICAL_BITS
