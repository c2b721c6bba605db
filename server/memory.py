"""The C allocator's two settings that keep the server lean and quick (glibc only; elsewhere nothing is set).

Python's own small objects come from pymalloc, not malloc, so these touch only larger blocks (buffers,
lists, dicts of big tables) and libxml2's parsed pages.
"""

from __future__ import annotations

import ctypes
import sys

M_MXFAST = 1  # mallopt parameters (malloc.h)
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value


def _glibc() -> ctypes.CDLL | None:
    """The process's C library when it is glibc (only glibc's mallopt knows these parameters)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols, libc's among them (no library search)
        version = libc.gnu_get_libc_version  # only glibc has it
    except (OSError, AttributeError):
        return None
    version.restype = ctypes.c_char_p
    return libc if version() else None


def pin_malloc_threshold() -> bool:
    """Fix glibc's mmap threshold at its default; True when it was set.

    glibc raises the threshold to the size of any large block freed (up to 32 MB), so after the 25 MB
    database file has been read and freed, every later buffer below that size (request bodies, JSON
    responses, rebuilt lists) comes from the heap, and the heap is only trimmed past twice the threshold:
    at 30,000 contacts the server kept ~13 MB it no longer used. A fixed threshold stops the adjustment,
    so large buffers keep going back to the system when freed.
    """
    libc = _glibc()
    return libc is not None and libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1


def no_fastbins() -> bool:
    """Turn glibc's fastbins off for the process; True when it was done.

    A 1 MB page is some 50,000 libxml2 nodes, attributes and strings, freed together when its capture ends.
    glibc parks small freed blocks in "fastbins" and merges them later, in one pass over the whole heap, the
    next time anything asks for a block of 1 KiB or more; that pass, over memory long out of the cache, took
    about a fifth of a capture's CPU time (perf: malloc_consolidate and unlink_chunk). Without fastbins each
    block is merged as it is freed, while it is still in the cache; glibc's per-thread cache (tcache) still
    serves the hottest sizes.
    """
    libc = _glibc()
    return libc is not None and libc.mallopt(M_MXFAST, 0) == 1
