"""Time for the services: passed in, so tests can fix it."""

from __future__ import annotations

import datetime as dt
from typing import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class ManualClock:
    """A clock that stands still until moved: tests, demos and benchmarks replay a day with it.

    ``now`` (also ``at``) may be set directly; ``advance`` moves it and returns the new time:
    ``advance(5)`` is five minutes, ``advance(hours=2)`` takes timedelta's keywords, and
    ``advance()`` alone is one minute."""

    def __init__(self, now: dt.datetime = dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.timezone.utc)) -> None:
        self.now = now

    @property
    def at(self) -> dt.datetime:
        return self.now

    @at.setter
    def at(self, value: dt.datetime) -> None:
        self.now = value

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: float | None = None, **delta: float) -> dt.datetime:
        if minutes is None and not delta:
            minutes = 1
        self.now += dt.timedelta(minutes=minutes or 0, **delta)
        return self.now
