"""Giving freed memory back to the operating system after a large, rare job.

Python hands freed objects back to the C library's allocator, which keeps the pages for later
instead of returning them: after a PDF (reportlab's objects, some 20 MB of parsed font tables)
the station kept about 10 MB it no longer used for the rest of the day. ``malloc_trim`` (glibc,
so Linux only) returns what is free at the top of the heap and in whole free pages. Elsewhere
(Windows, macOS, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_trim = None
_looked = False


def give_back() -> bool:
    """True when the C library was asked to return free memory (glibc only)."""
    global _trim, _looked
    if not _looked:
        _looked = True
        if sys.platform.startswith("linux"):
            try:
                _trim = getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), "malloc_trim", None)
            except OSError:
                _trim = None
    if _trim is None:
        return False
    _trim(0)
    return True
