"""When to try a delivery again: exponential backoff with jitter, never before Retry-After."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: ``base_s`` doubled per failure up to ``cap_s``, with equal jitter.

    The n-th consecutive failure waits a random time between half and all of
    ``min(cap_s, base_s * 2**(n-1))``, so many desks that lost the service at
    once do not come back in step; a ``Retry-After`` from the service is a
    lower bound (taken at most up to ``max_retry_after_s``, so a hostile or
    broken header cannot park the outbox for days).
    """

    base_s: float = 0.5
    cap_s: float = 30.0
    max_retry_after_s: float = 3600.0

    def __post_init__(self) -> None:
        if self.base_s <= 0 or self.cap_s < self.base_s:
            raise ValueError("The backoff needs 0 < base <= cap.")

    def delay(
        self, failures: int, retry_after: float | None = None, rng: random.Random | None = None
    ) -> float:
        """Seconds to wait after the ``failures``-th failure in a row (``failures`` >= 1)."""
        exponent = min(max(failures, 1) - 1, 30)
        ceiling = min(self.cap_s, self.base_s * 2.0**exponent)
        chosen = (rng or random).uniform(ceiling / 2, ceiling)
        if retry_after is not None and retry_after > chosen:
            return min(retry_after, self.max_retry_after_s)
        return chosen
