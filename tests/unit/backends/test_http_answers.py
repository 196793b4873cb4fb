"""The pure helpers that read the service's answers: details, Retry-After, text cleaning."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reviewdesk.backends.http_answers import clean_text, retry_after_seconds, server_detail

NOW = datetime(2026, 3, 14, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("  2.5 ", 2.5),
        ("-5", 0.0),
        ("99999999", 3600.0),
        ("Sat, 14 Mar 2026 12:01:30 GMT", 90.0),
        ("Sat, 14 Mar 2026 11:00:00 GMT", 0.0),
        ("nan", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_reads_seconds_and_dates_and_clamps(
    header: str | None, seconds: float | None
) -> None:
    assert retry_after_seconds(header, now=NOW) == seconds


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"detail": "Case not found."}', "Case not found."),
        (b'{"detail": "  "}', None),
        (b'{"detail": 42}', None),
        (
            b'{"detail": [{"loc": ["body", "duration_days"], "msg": "too long"}]}',
            "duration_days: too long",
        ),
        (b"[1]", None),
        (b"<html>", None),
        (b"[" * 100_000, None),
    ],
)
def test_server_detail_reads_only_what_fits(body: bytes, detail: str | None) -> None:
    assert server_detail(body) == detail


def test_clean_text_flattens_control_characters_and_clips() -> None:
    assert clean_text("a\u2028b\tc\x00\x00d") == "a b c d"
    clipped = clean_text("word " * 200, limit=20)
    assert len(clipped) <= 20
    assert clipped.endswith("…")
