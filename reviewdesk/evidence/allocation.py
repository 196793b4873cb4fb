"""Large image buffers come straight from the kernel, so allocating one never pauses the window.

glibc serves big allocations from ``mmap`` (pages arrive already zeroed, on
first touch) until a large block is freed; then it raises its threshold and
serves the next big ``calloc`` from the heap, zero-filling it in one go. For a
12-megapixel image that is tens of milliseconds inside Pillow with the
interpreter lock held, which stalls the GUI thread while a worker decodes.
Fixing the threshold keeps every image-sized block on ``mmap``. Elsewhere than
glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

logger = logging.getLogger(__name__)

#: glibc's mallopt parameter for the mmap threshold.
M_MMAP_THRESHOLD = -3
#: Blocks from this size up always come from mmap (bytes).
MMAP_THRESHOLD_BYTES = 1 << 20


def keep_large_blocks_on_mmap() -> bool:
    """Fix glibc's mmap threshold at 1 MiB; True when it took effect."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    if not done:
        logger.info("The C library did not take the mmap threshold; left as it was.")
    return done
