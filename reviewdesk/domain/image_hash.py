"""Comparing 64-bit perceptual image hashes written as 16 hex digits (pure, no I/O)."""

from __future__ import annotations

#: Hashes at most this many bits apart count as the same picture (a re-encode, a resize).
NEAR_IDENTICAL_BITS = 10


def hamming_distance(first: str, second: str) -> int:
    """How many of the 64 bits of two hex hashes differ; ValueError for anything but hex."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


def looks_alike(first: str, second: str, max_bits: int = NEAR_IDENTICAL_BITS) -> bool:
    """True when two image hashes are at most ``max_bits`` apart."""
    return hamming_distance(first, second) <= max_bits
