"""Recognising file formats from their first bytes, without running any decoder.

Used to refuse SVG outright and to name the formats the desk does not display,
so a refusal says "Unsupported image format: TIFF" instead of a decoder error.
"""

from __future__ import annotations

import re

#: How far into the file the SVG test looks for the root element.
_SVG_WINDOW = 4096
_SVG_ROOT = re.compile(rb"<svg[\s>/:]", re.IGNORECASE)

#: Magic numbers of formats a member might upload that the desk refuses.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"),
    (0, b"%PDF", "PDF"),
    (0, b"8BPS", "PSD"),
    (0, b"\x00\x00\x01\x00", "ICO"),
    (0, b"\x00\x00\x02\x00", "CUR"),
    (0, b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
    (0, b"\xff\x4f\xff\x51", "JPEG 2000"),
    (0, b"\xff\x0a", "JPEG XL"),
    (0, b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
    (0, b"%!PS", "PostScript"),
    (0, b"\xc5\xd0\xd3\xc6", "EPS"),
    (0, b"\x1f\x8b", "gzip (perhaps a compressed SVG)"),
    (0, b"PK\x03\x04", "ZIP"),
    (0, b"qoif", "QOI"),
    (0, b"\x76\x2f\x31\x01", "OpenEXR"),
    (0, b"#?RADIANCE", "Radiance HDR"),
    (0, b"DDS ", "DDS"),
    (0, b"icns", "ICNS"),
)
_FTYP_BRANDS: dict[bytes, str] = {
    b"avif": "AVIF",
    b"avis": "AVIF",
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
}


#: Signatures of the formats the desk displays.
_DISPLAYED_SIGNATURES: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"BM",
)


def starts_like_displayed_format(data: bytes) -> bool:
    """True when ``data`` begins with the signature of PNG, JPEG, GIF, WEBP or BMP."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return True
    return data.startswith(_DISPLAYED_SIGNATURES)


def looks_like_svg(data: bytes) -> bool:
    """True when ``data`` is (or pretends to be) an SVG document."""
    head = data[:_SVG_WINDOW].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return _SVG_ROOT.search(head) is not None


def unsupported_format_name(data: bytes) -> str | None:
    """The name of a known format the desk does not display, or ``None``."""
    for offset, magic, name in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return name
    if data[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(data[8:12], "ISO media (" + data[8:12].decode("latin-1") + ")")
    if data.lstrip()[:1] == b"<":
        return "XML or HTML"
    return None
