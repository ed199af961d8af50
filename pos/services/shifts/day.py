"""The day's Z by counter: every shift closed that local day, summed per counter (drawer), and the
station's total over all counters (what the partner banks at night)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from pos.db.models import Counter, Shift
from pos.services.clock import Clock
from pos.services.local_days import day_bounds
from pos.services.shifts.drawer import figures_of


@dataclass(frozen=True)
class CounterDay:
    """One counter's closed shifts of the day (or the station's, ``counter_id`` None)."""

    counter_id: uuid.UUID | None
    name: str
    shifts: tuple[str, ...] = ()
    by_method: dict[str, int] = field(default_factory=dict)
    total_fen: int = 0
    expected_cash_fen: int = 0
    counted_cash_fen: int = 0
    variance_fen: int = 0


@dataclass(frozen=True)
class DayZ:
    day: dt.date
    counters: tuple[CounterDay, ...]
    station: CounterDay


def _add(day: CounterDay | None, counter_id, name: str, number: str, by_method: dict[str, int], expected: int,
         counted: int, variance: int) -> CounterDay:
    base = day or CounterDay(counter_id, name)
    merged = dict(base.by_method)
    for method, fen in by_method.items():
        merged[method] = merged.get(method, 0) + fen
    return CounterDay(counter_id, name, base.shifts + (number,), merged, sum(merged.values()),
                      base.expected_cash_fen + expected, base.counted_cash_fen + counted,
                      base.variance_fen + variance)


def day_z(db, day: dt.date, clock: Clock) -> DayZ:
    """Shifts closed on ``day`` (local), per counter in name order, and the station's sum."""
    start, end = day_bounds(day)
    per: dict[object, CounterDay] = {}
    station: CounterDay | None = None
    with db.reader() as s:
        rows = s.execute(select(Shift, Counter.name).outerjoin(Counter, Counter.id == Shift.counter_id)
                         .where(Shift.closed_at >= start, Shift.closed_at < end).order_by(Shift.closed_at)).all()
        for shift, name in rows:
            z = figures_of(s, shift, clock())
            figures = (z.totals.by_method, z.expected_cash_fen, z.counted_cash_fen or 0, z.variance_fen or 0)
            per[shift.counter_id] = _add(per.get(shift.counter_id), shift.counter_id, name or "", shift.number,
                                         *figures)
            station = _add(station, None, "", shift.number, *figures)
    counters = tuple(sorted(per.values(), key=lambda c: c.name))
    return DayZ(day, counters, station or CounterDay(None, ""))
