"""New records' keys: time-ordered UUIDs (version 7, RFC 9562).

Keys were random (version 4), so each new row landed on a random leaf page of its table's key
index and of every index on a column that refers to it (a parcel's events, links, notices). At
five years those indexes are 25-55 MB each, and a check-in wrote pages spread over the whole
history: 120-150 pages a check-in on the five-year station, 64-78 since (BENCHMARKS.md, goal
3a). A version-7 key
begins with the time in milliseconds, so new rows go to the last pages of those indexes however
long the history: the pages a check-in writes are the ones the previous check-in wrote.

Keys must still never collide between stations merged into one county database: after the time
come 12 bits of the sub-millisecond time and 62 random bits, as many random bits as a version-4
key has beside every key one station makes in the same 1/4096 ms. A clock set back makes keys
out of order, never equal. Rows keyed before this (version 4) stay as they are; a key's order
means nothing to the app, only to the pages its row lands on.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_TICKS_PER_MS = 4096
_TICK_BITS = (1 << 60) - 1
_RAND_B = (1 << 62) - 1


class KeyMaker:
    """Keys one process makes are in the order it made them (RFC 9562 section 6.2, method 3:
    the 12 bits after the milliseconds are the fraction of the millisecond). Where the clock
    does not move between two keys (Windows' clock before Python 3.13 ticks every 15.6 ms) or
    goes back, the next key takes the next 1/4096 ms after the last one."""

    def __init__(self) -> None:
        self._last = -1
        self._lock = threading.Lock()

    def make(self, now_ns: int) -> uuid.UUID:
        ms, sub_ms = divmod(now_ns, 1_000_000)
        tick = (ms * _TICKS_PER_MS + sub_ms * _TICKS_PER_MS // 1_000_000) & _TICK_BITS
        with self._lock:
            tick = self._last = max(tick, self._last + 1) & _TICK_BITS
        rand_b = int.from_bytes(os.urandom(8), "big") & _RAND_B
        ms, fraction = divmod(tick, _TICKS_PER_MS)
        return uuid.UUID(int=ms << 80 | 0x7 << 76 | fraction << 64 | 0b10 << 62 | rand_b)


_maker = KeyMaker()


def new_key() -> uuid.UUID:
    """A new record's key (every Record's default)."""
    return _maker.make(time.time_ns())
