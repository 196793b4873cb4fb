"""Fonts are found by family on this machine, with a clear fallback when one is missing."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

from reviewdesk.server.demo import fonts
from reviewdesk.server.demo.fonts import FontFile, Script


def _clear_caches() -> None:
    fonts.installed_faces.cache_clear()
    fonts.find_font_file.cache_clear()
    fonts.get_font.cache_clear()
    fonts._warn_missing.cache_clear()


@pytest.fixture
def fresh_fonts() -> Iterator[None]:
    """Font lookups start from scratch and leave no trace for later tests."""
    _clear_caches()
    yield
    _clear_caches()


def test_every_script_has_an_installed_font() -> None:
    for script in Script:
        face = fonts.find_font_file(script)
        assert face is not None, script
        assert os.path.isfile(face.path)
        font = fonts.get_font(script, 20)
        assert font.getlength("a" if script is Script.LATIN else "") >= 0


def test_bold_is_a_bold_face_when_one_exists() -> None:
    regular = fonts.find_font_file(Script.LATIN)
    bold = fonts.find_font_file(Script.LATIN, bold=True)
    assert regular is not None
    assert bold is not None
    assert "bold" in bold.style.lower() or bold == regular


def test_a_missing_script_font_falls_back_and_says_so(
    fresh_fonts: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    only_latin = tuple(f for f in fonts._faces_from_directories() if "NotoSans-" in f.path)
    monkeypatch.setattr(fonts, "installed_faces", lambda: only_latin)
    with caplog.at_level(logging.WARNING, logger=fonts.__name__):
        font = fonts.get_font(Script.CJK, 18)
    assert font.getlength("abc") > 0
    assert "No cjk font found" in caplog.text


def test_without_any_font_pillows_default_is_used(
    fresh_fonts: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    empty: tuple[FontFile, ...] = ()
    monkeypatch.setattr(fonts, "installed_faces", lambda: empty)
    with caplog.at_level(logging.WARNING, logger=fonts.__name__):
        font = fonts.get_font(Script.ARABIC, 18)
    assert font.getlength("abc") > 0
    assert "No latin font found" in caplog.text


def test_without_fontconfig_the_font_directories_are_scanned(
    fresh_fonts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_fontconfig = fonts.find_font_file(Script.LATIN)
    _clear_caches()
    monkeypatch.setattr("shutil.which", lambda _name: None)
    scanned = fonts.find_font_file(Script.LATIN)
    assert (with_fontconfig is None) == (scanned is None)
    assert scanned is None or os.path.isfile(scanned.path)


def test_font_summary_names_a_file_for_each_script() -> None:
    summary = fonts.font_summary()
    assert set(summary) >= {s.value for s in Script}
    assert all(summary[s.value] != "missing" for s in Script)
