"""How the case widgets write times, ages, sizes and counts for a moderator."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from reviewdesk.evidence.invisible import reveal
from reviewdesk.evidence.text_safety import one_line

_SECONDS_PER_MINUTE = 60
_SECONDS_PER_HOUR = 3600
_SECONDS_PER_DAY = 86_400
_DAYS_PER_MONTH = 30.44
_MONTHS_PER_YEAR = 12
#: Characters of member text a tooltip shows at most.
TOOLTIP_LIMIT = 1_000


def as_utc(moment: datetime) -> datetime:
    """Return ``moment`` as an aware UTC datetime (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def now_utc() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def format_timestamp(moment: datetime) -> str:
    """Write a moment in the moderator's local time, to the minute."""
    return as_utc(moment).astimezone().strftime("%Y-%m-%d %H:%M")


def format_date(moment: datetime) -> str:
    """Write the local calendar date of a moment."""
    return as_utc(moment).astimezone().strftime("%Y-%m-%d")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``3 strikes``, ``1 strike``: a count with its noun in the right number."""
    noun = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {noun}"


def format_age(start: datetime, now: datetime) -> str:
    """A short age such as ``45 min``, ``5 h``, ``3 d`` (``just now`` under a minute)."""
    seconds = (as_utc(now) - as_utc(start)).total_seconds()
    if seconds < _SECONDS_PER_MINUTE:
        return "just now"
    if seconds < _SECONDS_PER_HOUR:
        return f"{int(seconds // _SECONDS_PER_MINUTE)} min"
    if seconds < _SECONDS_PER_DAY:
        return f"{int(seconds // _SECONDS_PER_HOUR)} h"
    return f"{int(seconds // _SECONDS_PER_DAY):,} d"


def format_membership(joined: datetime, now: datetime) -> str:
    """How long an account has existed, in words: ``2 years, 3 months``, ``12 days``."""
    days = max(0, int((as_utc(now) - as_utc(joined)).total_seconds() // _SECONDS_PER_DAY))
    if days == 0:
        return "less than a day"
    months = int(days // _DAYS_PER_MONTH)
    if months == 0:
        return plural(days, "day")
    years, months = divmod(months, _MONTHS_PER_YEAR)
    if years == 0:
        return plural(months, "month")
    if months == 0:
        return plural(years, "year")
    return f"{plural(years, 'year')}, {plural(months, 'month')}"


def format_byte_size(size: int) -> str:
    """``512 B``, ``14.2 KB``, ``3.1 MB`` (powers of 1024, up to GB)."""
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    units = ("KB", "MB", "GB")
    unit_index = 0
    while value >= 1024 and unit_index < len(units) - 1:
        value /= 1024
        unit_index += 1
    return f"{value:,.1f} {units[unit_index]}"


def format_dimensions(width: int | None, height: int | None) -> str:
    """``1080 × 2340`` or ``size unknown`` when the server did not say."""
    if width is None or height is None:
        return "size unknown"
    return f"{width} × {height}"


def format_percent(fraction: float) -> str:
    """``82%`` for 0.82."""
    return f"{round(fraction * 100)}%"


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def single_line(text: str, limit: int = 80) -> str:
    """Collapse line breaks and tabs to spaces and shorten to ``limit`` characters.

    Hidden characters (zero-width, bidi controls, control characters) show as
    markers such as ``⟦RLO⟧``, so a name cannot hide or reorder anything.
    """
    return one_line(text, limit)


def plain_tooltip(text: str) -> str:
    """Tooltip text that shows ``text`` literally.

    Qt guesses whether a tooltip is rich text, so ``<b>`` in a file name would
    be rendered as markup; escaping it inside an explicit paragraph that keeps
    line breaks makes every character show as typed. Hidden characters show as
    markers, and very long text is cut to :data:`TOOLTIP_LIMIT` characters.
    """
    escaped = html.escape(reveal(text[:TOOLTIP_LIMIT]), quote=False)
    if len(text) > TOOLTIP_LIMIT:
        escaped += "…"
    return f'<p style="white-space: pre-wrap">{escaped}</p>'
