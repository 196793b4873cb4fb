"""Reading image sizes safely: real images, broken files and decompression bombs."""

from __future__ import annotations

import struct
import zlib

from server_community import png_bytes

from reviewdesk.server.services.evidence import image_size


def with_declared_size(png: bytes, width: int, height: int) -> bytes:
    """``png`` with its header claiming another size (and a valid header checksum)."""
    ihdr_start = 8 + 4  # signature, chunk length
    header = bytearray(png[ihdr_start : ihdr_start + 4 + 13])
    header[4:12] = struct.pack(">II", width, height)
    crc = struct.pack(">I", zlib.crc32(bytes(header)) & 0xFFFFFFFF)
    return png[:ihdr_start] + bytes(header) + crc + png[ihdr_start + 4 + 13 + 4 :]


def test_a_real_image_reports_its_size() -> None:
    assert image_size(png_bytes(30, 20), max_pixels=10_000) == (30, 20)


def test_an_image_over_the_pixel_limit_gets_no_size() -> None:
    assert image_size(png_bytes(30, 20), max_pixels=599) is None


def test_a_decompression_bomb_is_not_decoded_and_gets_no_size() -> None:
    bomb = with_declared_size(png_bytes(8, 8), 100_000, 100_000)
    assert image_size(bomb, max_pixels=64_000_000) is None


def test_broken_and_non_image_data_get_no_size() -> None:
    assert image_size(png_bytes(30, 20)[:30], max_pixels=10_000) is None
    assert image_size(b"\x00" * 64, max_pixels=10_000) is None
