"""Demo shifts: one closed shift per day of the demo week (counted, one small variance explained)
and today's shift open with a float. Call it after the other demo areas: each close sums the
payments already in its window.

Money is only taken inside an open shift, so the demo opens a history shift first
(open_history_shift), back-dated before any demo payment; add_demo_shifts closes it at the start
of the demo week, counted as expected."""

from __future__ import annotations

import datetime as dt

from pos.domain.cash import DENOMINATIONS
from pos.domain.users import Operator
from pos.services.shifts import drawer as shifts
from pos.services.clock import Clock, system_clock
from pos.services.local_days import day_start, local_day

FLOAT_FEN = 20000
DAYS = 7
HISTORY_DAYS = 400  # before the oldest demo payment


def _fixed(at: dt.datetime) -> Clock:
    return lambda: at


def _count_for(fen: int) -> dict[int, int]:
    """Notes and coins making up ``fen`` (largest first), down to 1 jiao."""
    counts, left = {}, max(0, fen)
    for d in DENOMINATIONS:
        counts[d], left = divmod(left, d)
    return counts


def open_history_shift(db, owner: Operator, clock: Clock = system_clock) -> None:
    """The shift the demo's older money is taken in (closed by add_demo_shifts)."""
    if shifts.current_shift(db) is None:
        opened = day_start(local_day(clock()) - dt.timedelta(days=HISTORY_DAYS))
        shifts.open_shift(db, owner, _fixed(opened), FLOAT_FEN)


def add_demo_shifts(db, owner: Operator, clock: Clock = system_clock) -> int:
    """Returns how many shifts were created. Does nothing when a shift is open already (other
    than the demo's history shift, which it closes)."""
    now = clock()
    today = local_day(now)
    week_start = day_start(today - dt.timedelta(days=DAYS))
    current = shifts.current_shift(db)
    if current is not None and current.opened_at >= week_start:
        return 0
    if current is not None:
        expected = shifts.x_report(db, _fixed(week_start)).expected_cash_fen
        shifts.close_shift(db, owner, _fixed(week_start), _count_for(expected), "分币未计入")
    made = 0
    for back in range(DAYS, 0, -1):
        start = day_start(today - dt.timedelta(days=back))
        opened = start + dt.timedelta(hours=7, minutes=50)
        closed = start + dt.timedelta(hours=19, minutes=30)
        shifts.open_shift(db, owner, _fixed(opened), FLOAT_FEN)
        expected = shifts.x_report(db, _fixed(closed)).expected_cash_fen
        counted = expected - 50 if back == 3 else expected  # one evening 5 jiao short
        counts = _count_for(counted)
        short = expected - sum(d * n for d, n in counts.items())
        reason = "找零时少找了五角" if back == 3 else ("分币未计入" if short else "")
        shifts.close_shift(db, owner, _fixed(closed), counts, reason)
        made += 1
    opened = min(day_start(today) + dt.timedelta(hours=7, minutes=50), now)
    shifts.open_shift(db, owner, _fixed(opened), FLOAT_FEN)
    shifts.cash_in(db, owner, _fixed(min(opened + dt.timedelta(minutes=5), now)), 5000, "从信用社换的零钱")
    return made + 1
