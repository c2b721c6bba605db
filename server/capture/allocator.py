"""The C allocator's setting that makes freeing a parsed page cheap: glibc without fastbins.

A 1 MB page is some 50,000 libxml2 nodes, attributes and strings, freed together when the capture ends.
glibc parks small freed blocks in "fastbins" and merges them later, in one pass over the whole heap, the
next time anything asks for a block of 1 KiB or more; that pass, over memory long out of the cache, took
about a fifth of a capture's CPU time (perf: malloc_consolidate and unlink_chunk). Without fastbins each
block is merged as it is freed, while it is still in the cache. Python's own small objects do not come
from malloc (pymalloc), and glibc's per-thread cache (tcache) still serves the hottest sizes.
"""

from __future__ import annotations

import ctypes
import sys

M_MXFAST = 1  # mallopt parameter: the largest block size kept in fastbins; 0 turns them off


def no_fastbins() -> bool:
    """Turn glibc's fastbins off for the process; True when it was done (False elsewhere: musl, macOS, Windows)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols, libc's among them (no library search)
        gnu = libc.gnu_get_libc_version  # only glibc has it, and only glibc's mallopt knows M_MXFAST
    except (OSError, AttributeError):
        return False
    gnu.restype = ctypes.c_char_p
    return bool(gnu()) and libc.mallopt(M_MXFAST, 0) == 1
