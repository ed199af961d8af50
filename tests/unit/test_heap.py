"""pos.heap: freed memory handed back to the system after a large job (glibc only)."""

from __future__ import annotations

import sys

import pytest

from pos import heap


def test_give_back_is_harmless_and_says_whether_it_could():
    assert heap.give_back() is heap.give_back()  # looked up once, the same answer every time


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_the_heap_shrinks_after_a_large_job_is_freed():
    import ctypes.util

    if "musl" in (ctypes.util.find_library("c") or ""):
        pytest.skip("musl has no malloc_trim")

    def rss_kb() -> int:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))

    # many small blocks (below mmap's threshold, so on the heap), the last one kept: the heap
    # cannot shrink from its top by itself, only malloc_trim returns the free pages below it
    blocks = [bytearray(4000) for _ in range(20_000)]
    keep = blocks[-1]
    del blocks
    before = rss_kb()
    assert heap.give_back() is True
    assert rss_kb() < before - 20_000, "about 80 MB were freed: most of it must go back"
    assert keep is not None
