"""A clock the store tests set by hand."""

from __future__ import annotations


class Clock:
    """A clock the test sets (seconds since the epoch)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
