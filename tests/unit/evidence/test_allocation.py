"""The desk keeps image-sized allocations on mmap (glibc), and says whether it could."""

from __future__ import annotations

import platform

from reviewdesk.evidence.allocation import keep_large_blocks_on_mmap


def test_the_mmap_threshold_is_fixed_on_glibc_and_asking_twice_is_harmless() -> None:
    expected = platform.libc_ver()[0] == "glibc"
    assert keep_large_blocks_on_mmap() is expected
    assert keep_large_blocks_on_mmap() is expected
    block = bytearray(64 << 20)  # still allocates and frees normally
    assert len(block) == 64 << 20
