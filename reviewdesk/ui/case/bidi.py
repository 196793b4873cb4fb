"""Text direction of member-supplied text, and isolating it inside our own lines.

Member text arrives in every script. A message's paragraph direction follows
its first strong character (the Unicode bidi rule P2); when a name or message
is put inside a line we compose (``name · time``), it is wrapped in an isolate
so stray direction marks in it cannot reorder the rest of the line.
"""

from __future__ import annotations

import unicodedata

from reviewdesk.ui.case.text_format import single_line

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"

_RIGHT_TO_LEFT_CLASSES = frozenset({"R", "AL"})
_ISOLATE_OPENERS = frozenset({"LRI", "RLI", "FSI"})
_ISOLATE_CLOSER = "PDI"


def is_right_to_left(text: str) -> bool:
    """True when the first strong character of ``text`` is right-to-left.

    Characters inside directional isolates are skipped, as rule P2 says; text
    without any strong character counts as left-to-right.
    """
    depth = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _ISOLATE_OPENERS:
            depth += 1
        elif kind == _ISOLATE_CLOSER:
            depth = max(0, depth - 1)
        elif depth == 0 and kind == "L":
            return False
        elif depth == 0 and kind in _RIGHT_TO_LEFT_CLASSES:
            return True
    return False


def isolate(text: str) -> str:
    """Wrap ``text`` in a first-strong isolate for use inside a composed line."""
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"


def embed(text: str, limit: int = 60) -> str:
    """Member text made fit to sit inside one of our lines.

    Line breaks are collapsed, the text is shortened to ``limit`` characters and
    isolated, so a long or direction-changing name cannot break the line.
    """
    return isolate(single_line(text, limit))
