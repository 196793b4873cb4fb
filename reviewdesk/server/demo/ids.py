"""Deterministic identifiers for members, content, messages and decisions."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable


class IdMaker:
    """Random-looking but reproducible ids; never the same id twice."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def _fresh(self, make: Callable[[], str]) -> str:
        for _ in range(1000):
            candidate = make()
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate
        raise RuntimeError("Could not find a fresh identifier.")  # practically unreachable

    def member(self) -> str:
        """An account id such as ``m-4839201``."""
        return self._fresh(lambda: f"m-{self._rng.randrange(1_000_000, 10_000_000)}")

    def content(self) -> str:
        """A post or comment id."""
        return self._fresh(lambda: f"c-{self._rng.getrandbits(40):010x}")

    def message(self) -> str:
        """A chat message id."""
        return self._fresh(lambda: f"msg-{self._rng.getrandbits(40):010x}")

    def idempotency_key(self) -> str:
        """A UUID-shaped key that makes a replayed decision harmless."""
        return self._fresh(lambda: str(uuid.UUID(int=self._rng.getrandbits(128), version=4)))
