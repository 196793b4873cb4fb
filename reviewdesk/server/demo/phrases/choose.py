"""Pick a text in a preferred language from a bank keyed by language code."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

FALLBACK_LANGUAGE = "en"


def pick_in_language(
    rng: random.Random,
    by_language: Mapping[str, Sequence[str]],
    preferred: str,
    stick: float = 0.7,
) -> tuple[str, str]:
    """A text and its language: ``preferred`` when the bank has it (mostly), else English.

    Falls back to any language the bank has when it has no English; an empty bank
    is a ValueError.
    """
    if preferred in by_language and by_language[preferred] and rng.random() < stick:
        return rng.choice(by_language[preferred]), preferred
    if by_language.get(FALLBACK_LANGUAGE):
        return rng.choice(by_language[FALLBACK_LANGUAGE]), FALLBACK_LANGUAGE
    languages = sorted(code for code, texts in by_language.items() if texts)
    if not languages:
        raise ValueError("The text bank is empty.")
    return rng.choice(by_language[languages[0]]), languages[0]
