"""English names of language and country codes, falling back to the code itself."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLocale

from reviewdesk.ui.case.text_format import single_line

CODE_LIMIT = 16


def language_name(code: str) -> str:
    """``Japanese (ja)``; an unknown code is shown as it is."""
    shown = single_line(code, CODE_LIMIT)
    language = QLocale.codeToLanguage(code.strip())
    if language in (QLocale.Language.AnyLanguage, QLocale.Language.C):
        return shown
    return f"{QLocale.languageToString(language)} ({shown})"


def language_names(codes: Sequence[str]) -> str:
    """Several language names joined by commas ("none" for an empty list)."""
    return ", ".join(language_name(code) for code in codes) or "none"


def country_name(code: str) -> str:
    """``Brazil (BR)``; an unknown code is shown as it is."""
    shown = single_line(code, CODE_LIMIT).upper()
    territory = QLocale.codeToTerritory(code.strip().upper())
    if territory == QLocale.Country.AnyTerritory:
        return shown
    return f"{QLocale.territoryToString(territory)} ({shown})"
