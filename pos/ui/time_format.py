"""Times are stored in UTC and shown in the station's local time."""

from __future__ import annotations

import datetime as dt


def local_text(at: dt.datetime, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    return at.astimezone().strftime(fmt)
