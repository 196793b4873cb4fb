"""How the audit charts and tables write rates, durations and counts."""

from __future__ import annotations

from reviewdesk.domain.audit_enums import AgeBucket

AGE_BUCKET_TITLES: dict[AgeBucket, str] = {
    AgeBucket.UNDER_1H: "under 1 h",
    AgeBucket.UNDER_4H: "1–4 h",
    AgeBucket.UNDER_24H: "4–24 h",
    AgeBucket.UNDER_72H: "1–3 days",
    AgeBucket.OVER_72H: "over 3 days",
}


def percent(value: float) -> str:
    """A share 0..100 as ``12.5 %`` (whole numbers without decimals)."""
    return f"{value:.0f} %" if float(value).is_integer() else f"{value:.1f} %"


def rate_text(rate: float | None) -> str:
    """A rate 0..1 as a percentage, ``–`` when there was nothing to divide."""
    return "–" if rate is None else percent(rate * 100)


def minutes(value: float) -> str:
    """Minutes with one decimal under ten, whole above."""
    return f"{value:.1f}" if value < 10 and not float(value).is_integer() else f"{value:,.0f}"


def duration_text(seconds: float | None) -> str:
    """``4 min 10 s``, ``2 h 05 min``, ``–`` when unknown."""
    if seconds is None:
        return "–"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {mins:02d} min"
    return f"{mins} min {secs:02d} s" if mins else f"{secs} s"


def hours_text(hours: float | None) -> str:
    """An age in hours as ``5 h`` or ``3 d 4 h`` (``–`` when none)."""
    if hours is None:
        return "–"
    whole = int(hours)
    days, rest = divmod(whole, 24)
    return f"{days} d {rest} h" if days else f"{whole} h" if whole else "under 1 h"
