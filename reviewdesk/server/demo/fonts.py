"""Locate system fonts for every script the demo screenshots draw, and cache them.

Fonts are found by family name, preferring fontconfig's ``fc-list`` and
falling back to a walk of the usual font directories. A script without a
font of its own falls back to the Latin font (its glyphs then show as boxes),
and without any font at all to Pillow's bundled default; each fallback is
logged once so a missing font package is easy to spot.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PIL import ImageFont, features

log = logging.getLogger(__name__)

#: The size Noto Color Emoji's bitmaps are drawn at; other sizes are refused.
COLOR_EMOJI_SIZE = 109

_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
_FC_LIST_TIMEOUT_SECONDS = 10.0


class Script(StrEnum):
    """A group of writing systems that one font family draws."""

    LATIN = "latin"  # also Cyrillic, Greek, digits and punctuation
    CJK = "cjk"  # Han, kana, Hangul, full-width forms
    ARABIC = "arabic"
    DEVANAGARI = "devanagari"
    EMOJI = "emoji"


#: Families tried in order for each script (regular weight).
FAMILY_PREFERENCES: dict[Script, tuple[str, ...]] = {
    Script.LATIN: ("Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial", "Segoe UI"),
    Script.CJK: (
        "Noto Sans CJK JP",
        "Noto Sans CJK SC",
        "Noto Sans CJK",
        "Source Han Sans",
        "WenQuanYi Zen Hei",
        "Droid Sans Fallback",
        "Microsoft YaHei",
    ),
    Script.ARABIC: ("Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans", "Arial"),
    Script.DEVANAGARI: ("Noto Sans Devanagari", "Lohit Devanagari", "FreeSans", "Mangal"),
    Script.EMOJI: ("Noto Color Emoji", "Twemoji", "Apple Color Emoji", "Segoe UI Emoji"),
}


@dataclass(frozen=True)
class FontFile:
    """One face of a font file: its path, face index (for collections) and style."""

    path: str
    index: int
    family: str
    style: str


def _normalise(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _font_directories() -> list[Path]:
    """The usual places fonts live on Linux, macOS and Windows."""
    home = Path.home()
    candidates = [
        Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share")) / "fonts",
        home / ".fonts",
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        home / "Library" / "Fonts",
    ]
    for var in os.environ.get("XDG_DATA_DIRS", "").split(os.pathsep):
        if var:
            candidates.append(Path(var) / "fonts")
    windir = os.environ.get("WINDIR")
    if windir:
        candidates.append(Path(windir) / "Fonts")
    seen: set[Path] = set()
    result: list[Path] = []
    for path in candidates:
        if path not in seen and path.is_dir():
            seen.add(path)
            result.append(path)
    return result


def _faces_from_fc_list() -> list[FontFile] | None:
    """Every installed face as fontconfig lists it, or None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        done = subprocess.run(
            [fc_list, "--format", "%{file}\t%{index}\t%{family}\t%{style}\n"],
            capture_output=True,
            text=True,
            timeout=_FC_LIST_TIMEOUT_SECONDS,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        log.info("fc-list failed; scanning font directories instead")
        return None
    faces: list[FontFile] = []
    for line in done.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[0].lower().endswith(_FONT_SUFFIXES):
            continue
        path, index, families, styles = parts
        style = styles.split(",")[0]
        for family in families.split(","):
            faces.append(FontFile(path, int(index) if index.isdigit() else 0, family, style))
    return faces


def _faces_from_directories() -> list[FontFile]:
    """Guess family and style from file names such as ``NotoSansArabic-Bold.ttf``."""
    faces: list[FontFile] = []
    for directory in _font_directories():
        for root, _dirs, files in os.walk(directory):
            for name in files:
                if not name.lower().endswith(_FONT_SUFFIXES):
                    continue
                stem = name.rsplit(".", 1)[0]
                family, _, style = stem.partition("-")
                faces.append(FontFile(os.path.join(root, name), 0, family, style or "Regular"))
    return faces


@functools.cache
def installed_faces() -> tuple[FontFile, ...]:
    """All font faces found on this machine (looked up once per process)."""
    faces = _faces_from_fc_list()
    if not faces:
        faces = _faces_from_directories()
    # Sorted so that the choice among equal candidates never depends on scan order.
    return tuple(sorted(set(faces), key=lambda f: (f.path, f.index, f.family, f.style)))


def _style_matches(style: str, bold: bool) -> bool:
    words = style.lower().replace("-", " ").split()
    if any(w in words for w in ("italic", "oblique")):
        return False
    if bold:
        return "bold" in words
    return not words or any(w in words for w in ("regular", "book", "normal", "roman"))


@functools.cache
def find_font_file(script: Script, bold: bool = False) -> FontFile | None:
    """The best installed face for ``script``, or None when no preferred family exists.

    A bold request falls back to the regular face of the same family.
    """
    faces = installed_faces()
    by_family: dict[str, list[FontFile]] = {}
    for face in faces:
        by_family.setdefault(_normalise(face.family), []).append(face)
    for family in FAMILY_PREFERENCES[script]:
        candidates = by_family.get(_normalise(family), [])
        for want_bold in (bold, False) if bold else (False,):
            matching = [f for f in candidates if _style_matches(f.style, want_bold)]
            if matching:
                return matching[0]
        if candidates and script is Script.EMOJI:
            return candidates[0]
    return None


@functools.cache
def raqm_available() -> bool:
    """True when Pillow can shape complex scripts (Arabic joining, Devanagari)."""
    return bool(features.check("raqm"))


def _layout_engine() -> ImageFont.Layout:
    return ImageFont.Layout.RAQM if raqm_available() else ImageFont.Layout.BASIC


@functools.cache
def _warn_missing(script: Script) -> None:
    log.warning(
        "No %s font found (tried %s); demo screenshots use a fallback font for it.",
        script.value,
        ", ".join(FAMILY_PREFERENCES[script]),
    )


@functools.cache
def get_font(script: Script, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """A cached font object for ``script`` at ``size`` pixels.

    For a bitmap colour emoji font the face is loaded at its only size; callers
    scale its glyphs (see :func:`emoji_scale`).
    """
    face = find_font_file(script, bold)
    if face is None:
        _warn_missing(script)
        if script is not Script.LATIN:
            return get_font(Script.LATIN, size, bold)
        default = ImageFont.load_default(size)
        if isinstance(default, ImageFont.FreeTypeFont):
            return default
        raise RuntimeError("Pillow was built without FreeType; demo screenshots need it.")
    engine = _layout_engine()
    if script is Script.EMOJI:
        try:
            return ImageFont.truetype(face.path, size, index=face.index, layout_engine=engine)
        except OSError:
            return ImageFont.truetype(
                face.path, COLOR_EMOJI_SIZE, index=face.index, layout_engine=engine
            )
    return ImageFont.truetype(face.path, size, index=face.index, layout_engine=engine)


def emoji_scale(size: int) -> float:
    """Factor that brings glyphs of the emoji font loaded for ``size`` to ``size``."""
    loaded = get_font(Script.EMOJI, size).size
    return size / loaded if loaded else 1.0


def font_summary() -> dict[str, str]:
    """Which file serves each script (for diagnostics and the benchmark printout)."""
    summary: dict[str, str] = {"raqm": "yes" if raqm_available() else "no", "os": sys.platform}
    for script in Script:
        face = find_font_file(script)
        summary[script.value] = f"{face.family} ({Path(face.path).name})" if face else "missing"
    return summary
