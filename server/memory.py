"""Keep the long-running server's memory close to what it holds: one setting of the C allocator."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_MMAP_THRESHOLD = -3  # glibc's mallopt() parameter number (malloc.h)
THRESHOLD = 128 * 1024  # glibc's own starting value


def pin_malloc_threshold() -> bool:
    """Fix glibc's mmap threshold at its default; True when it was set.

    glibc raises the threshold to the size of any large block freed (up to 32 MB), so after the 25 MB
    database file has been read and freed, every later buffer below that size (request bodies, JSON
    responses, rebuilt lists) comes from the heap, and the heap is only trimmed past twice the threshold:
    at 30,000 contacts the server kept ~13 MB it no longer used. A fixed threshold stops the adjustment,
    so large buffers keep going back to the system when freed. Other C libraries have no such setting.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others: nothing to set
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, THRESHOLD) == 1
