"""Which writing system a character belongs to, as far as look-alike checks need it.

The standard library has no Unicode Script property, but every letter's
character name starts with its script ("CYRILLIC SMALL LETTER A", "LATIN
SMALL LETTER A", "CJK UNIFIED IDEOGRAPH-4E00"). That is enough to tell
Latin from Cyrillic or Greek in a domain name, and to see whether a joiner
sits between two letters of one script.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Name prefixes that belong to one script under another name.
_ALIASES: dict[str, str] = {
    "CJK": "HAN",
    "IDEOGRAPHIC": "HAN",
    "HALFWIDTH": "",
    "FULLWIDTH": "",
    "MODIFIER": "",
    "SMALL": "",
    "COMBINING": "",
    "KATAKANA-HIRAGANA": "KATAKANA",
}
#: Scripts that Japanese and Korean writing mix on purpose.
_JAPANESE = frozenset({"HAN", "HIRAGANA", "KATAKANA"})
_KOREAN = frozenset({"HAN", "HANGUL"})


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of a letter or mark (``"LATIN"``, ``"CYRILLIC"``, ``"HAN"``…), else ``""``.

    Digits, punctuation, symbols and unnamed characters have no script here.
    Full-width Latin letters count as Latin.
    """
    if not unicodedata.category(char).startswith(("L", "M")):
        return ""
    name = unicodedata.name(char, "")
    if not name:
        return ""
    words = name.split()
    first = words[0]
    alias = _ALIASES.get(first)
    if alias is None:
        return first
    if alias:
        return alias
    # "FULLWIDTH LATIN CAPITAL LETTER A", "MODIFIER LETTER SMALL A"...
    for word in words[1:]:
        if word in {"LATIN", "CYRILLIC", "GREEK", "KATAKANA", "HIRAGANA", "HANGUL"}:
            return word
    return ""


def scripts_in(text: str) -> frozenset[str]:
    """Every script found among the letters of ``text``."""
    return frozenset(script for script in map(script_of, text) if script)


def is_mixed_script(text: str) -> bool:
    """True when ``text`` mixes scripts in a way no single language writes.

    Japanese (Han with kana) and Korean (Han with Hangul) mixes are allowed;
    anything else with two or more scripts, such as Latin with Cyrillic, is not.
    """
    scripts = scripts_in(text)
    if len(scripts) <= 1:
        return False
    return not (scripts <= _JAPANESE or scripts <= _KOREAN)
