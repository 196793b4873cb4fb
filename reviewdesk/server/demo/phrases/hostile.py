"""Member-supplied text at its worst: markup, bidi tricks, combining marks, sheer size.

The demo carries a few of these so every screen is seen handling them.
"""

from __future__ import annotations

#: Display names that try to look like staff, inject markup or reorder text.
HOSTILE_NAMES: tuple[str, ...] = (
    "<b>Admin</b> <i>Support</i> 🛡️",
    "\u202etroppuS\u202c official",
    "Z\u0335\u0322a\u0336\u0317l\u0334\u031eg\u0337\u0330o\u0338\u0323 \u200b\u200bteacher",
)

#: Posts that carry markup and script tags meant for a careless renderer.
MARKUP_POSTS: tuple[str, ...] = (
    "<script>alert('free lessons')</script> Click <a href=\"https://fluent-club.example\">here</a> "
    "for FREE lessons!!! <img src=x onerror=alert(1)>",
    "**BIG NEWS** ~~paid~~ free course &lt;3 <marquee>JOIN NOW</marquee> {{7*7}} ${user}",
)

#: One paragraph that a spammer pasted many times into a single post.
_FLOOD_PARAGRAPH = (
    "FREE ENGLISH LESSONS!!! Learn fast with our secret method, 100% guaranteed, "
    "join https://fluent-club.example/free now!!! "
)


def flood_post(repeats: int = 70) -> str:
    """A huge post (several thousand characters) made of one paragraph pasted over and over."""
    return (_FLOOD_PARAGRAPH * repeats).strip()
