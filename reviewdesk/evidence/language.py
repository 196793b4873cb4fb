"""Which language a message is written in, told by an embedded model (no network).

Detection uses py3langid, whose naive Bayes model ships inside the package.
Loading the model takes most of a second, so the first call (or
:func:`warm_up`) belongs on a worker thread; after that one message costs
well under a millisecond because only its first :data:`SAMPLE_CHARS`
characters are looked at, whatever its length. Links, e-mail addresses and
hidden characters are taken out first, so an English URL does not make a
Japanese message English.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Protocol

from reviewdesk.evidence.invisible import hidden_runs

#: Characters of a message the model looks at.
SAMPLE_CHARS = 2_000
#: Below this many letters there is nothing to tell a language from.
MIN_LETTERS = 3
#: Below this probability the guess is shown with a question mark.
CONFIDENT = 0.7
#: Below this probability there is no guess at all.
PLAUSIBLE = 0.25

_NOISE = re.compile(r"\S+://\S+|\bwww\.\S+|\S+@\S+|[@#$]\w+", re.IGNORECASE)


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


_lock = threading.Lock()
_identifier: _Identifier | None = None


def _model() -> _Identifier:
    global _identifier
    with _lock:
        if _identifier is None:
            from reviewdesk.evidence.language_model import load_identifier

            _identifier = load_identifier()
        return _identifier


def warm_up() -> None:
    """Load the model now (call from a worker thread)."""
    _model()


def model_loaded() -> bool:
    """True once the model is loaded: detecting no longer waits for it (never blocks)."""
    return _identifier is not None


@dataclass(frozen=True)
class LanguageGuess:
    """An ISO 639-1 code (``"ja"``) and how sure the model is (0 to 1)."""

    code: str
    confidence: float

    @property
    def certain(self) -> bool:
        """True when the guess is likely enough to be shown without a question mark."""
        return self.confidence >= CONFIDENT

    @property
    def tag(self) -> str:
        """``ja``, or ``ja?`` when the model is unsure."""
        return self.code if self.certain else f"{self.code}?"


def sample(text: str) -> str:
    """The part of ``text`` the model looks at: its start, without hidden runs and links."""
    head = text[:SAMPLE_CHARS]
    runs = hidden_runs(head)
    if runs:
        pieces = []
        position = 0
        for run in runs:
            pieces.append(head[position : run.start])
            position = run.end
        pieces.append(head[position:])
        head = "".join(pieces)
    return _NOISE.sub(" ", head)


def detect_language(text: str) -> LanguageGuess | None:
    """The language of ``text``, or None when it has too few letters or no clear answer."""
    cleaned = sample(text)
    if sum(1 for char in cleaned if char.isalpha()) < MIN_LETTERS:
        return None
    code, confidence = _model().classify(cleaned)
    if confidence < PLAUSIBLE or code == "und":
        return None
    return LanguageGuess(code, float(confidence))
