"""A shift's money is read through its own payments and its window's, never through every payment
made before counters.

Payments from before counters carry no shift; a shift's report also counts those made in its
window. Asked as ``shift_id = ? OR (shift_id IS NULL AND at >= ?)``, SQLite (no statistics: the
app never runs ANALYZE, so a plan read here is a five-year station's) read both branches
through the shift's index, the second one every unstamped payment of the years before
counters: 49 ms at each opening of the shift page and of a report at five years.
"""

from __future__ import annotations

import datetime as dt

from pos.services.reports import queries as reports
from pos.services.shifts import drawer as shifts
from tests.query_plans import statements

from .conftest import pay


def _payment_steps(database, make) -> list[list[str]]:
    """The plan of each SELECT from payment that ``make`` runs, one list of steps a statement."""
    with statements(database.engine, lambda sql: sql.lstrip().upper().startswith("SELECT") and "payment" in sql) as seen:
        make()
    with database.engine.connect() as conn:
        return [[row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()]
                for sql, params in seen]


def _by_shift_key_at_most_once(plans: list[list[str]]) -> bool:
    return all(sum("ix_payment_shift_id (shift_id=?)" in step for step in plan) <= 1 for plan in plans)


def test_a_shifts_report_reads_the_unstamped_payments_by_time(database, boss, clock):
    shifts.open_shift(database, boss, clock, 10000)
    pay(database, clock() - dt.timedelta(days=400), "sale", "cash", 500)  # before counters
    pay(database, clock() + dt.timedelta(minutes=5), "sale", "cash", 700)
    clock.advance(minutes=10)
    plans = _payment_steps(database, lambda: shifts.x_report(database, clock))
    assert plans and _by_shift_key_at_most_once(plans), plans
    assert any(any("ix_payment_at (at>?" in step for step in plan) for plan in plans), plans
    assert shifts.x_report(database, clock).expected_cash_fen == 10700  # the window's, not the old one


def test_the_reports_open_shift_row_reads_them_by_time_too(database, boss, clock):
    shifts.open_shift(database, boss, clock, 0)
    now = clock()
    start, end = now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
    with database.reader() as s:
        plans = _payment_steps(database, lambda: reports.shift_rows(s, start, end, now))
    assert plans and _by_shift_key_at_most_once(plans), plans
