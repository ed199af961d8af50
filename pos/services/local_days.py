"""The station's local days as UTC ranges: "today", daily notices and date filters.

Times are stored in UTC; a day at the counter is the machine's local day, so its bounds are
local midnights converted to UTC (they move with daylight saving where there is any).
"""

from __future__ import annotations

import datetime as dt


def local_day(at: dt.datetime) -> dt.date:
    """The local date of an aware instant."""
    return at.astimezone().date()


def day_start(day: dt.date) -> dt.datetime:
    """Local midnight at the start of ``day``, as an aware UTC datetime."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.timezone.utc)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the local day in UTC."""
    return day_start(day), day_start(day + dt.timedelta(days=1))


def days_bounds(first: dt.date | None, last: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """[start of first, end of last) in UTC; None leaves that side open."""
    start = day_start(first) if first else None
    end = day_start(last + dt.timedelta(days=1)) if last else None
    return start, end
