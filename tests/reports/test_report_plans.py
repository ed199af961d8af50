"""A day's report reads that day, not the station's history: every query plan is checked.

Without planner statistics (the app never runs ANALYZE) SQLite's choice of index does not depend on
how many rows a table holds, so the plans on this small dataset are the plans of a five-year
station. There, reading by status or by purpose instead of by time cost 1.9 s a report: the
picked-up parcels and the sale payments of five years were read to count one day's.
"""

from __future__ import annotations

import re

from sqlalchemy import event

from pos.services.reports import queries as reports
from pos.wiring import wire_station
from tests.reports import dataset
from tests.reports.dataset import DAY

RULES = wire_station().rules

# a plan step is bounded when its index search starts at a time (the period's start, or the
# end of the day for "left later"), or looks up one key: a sale's lines, the open shift's payments
_TIME_FROM = re.compile(r"\(.*\b\w*at>\?")
_ONE_KEY = re.compile(r"\((sale_id|shift_id|id|key)=\?\)$")
# stock right now: the parcels still in the station, a few thousand whatever the history
_IN_STATION = "USING INDEX ix_parcel_status_checked_in (status=? AND checked_in_at<?)"
# the villagers' balance on account at the end of the period: every entry before it, from the
# index alone (amounts are part of the key)
_ACCOUNT = "USING COVERING INDEX ix_account_entry_at_amount (at<?)"
_SMALL_TABLES = {"station", "setting", "counter"}


def _plans(db, make) -> list[tuple[str, str]]:
    """(statement, plan step) for every statement ``make`` runs."""
    seen: list[tuple[str, tuple]] = []

    def grab(_conn, _cursor, sql, params, _context, _many):
        seen.append((sql, params))

    event.listen(db.engine, "before_cursor_execute", grab)
    try:
        make()
    finally:
        event.remove(db.engine, "before_cursor_execute", grab)
    out = []
    with db.engine.connect() as conn:
        for sql, params in seen:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all():
                out.append((sql, row[-1]))
    return out


def _unbounded(plans: list[tuple[str, str]]) -> list[str]:
    bad = []
    for sql, step in plans:
        m = re.match(r"(SCAN|SEARCH) (\w+)", step)
        if m is None or m[2] in _SMALL_TABLES:
            continue
        if m[1] == "SCAN":
            bad.append(step)
        elif _TIME_FROM.search(step) or _ONE_KEY.search(step) or _ACCOUNT in step:
            continue
        elif _IN_STATION in step and "parcel.status IN" in sql:
            continue
        elif step.startswith("SEARCH shift") and "opened_at<?" in step:
            continue  # one row a day, and a shift's period may begin long before the report's
        else:
            bad.append(step)
    return bad


def test_a_past_days_report_reads_by_time(report_db):
    plans = _plans(report_db, lambda: reports.daily_report(report_db, DAY, dataset.clock, RULES))
    assert len(plans) > 20
    assert _unbounded(plans) == []


def test_a_months_statement_reads_by_time(report_db):
    plans = _plans(report_db, lambda: reports.monthly_report(report_db, DAY.year, DAY.month, dataset.clock, RULES))
    assert _unbounded(plans) == []


def test_the_check_recognises_a_read_of_the_history(report_db):
    """What the reports did before the report indexes: the rule must catch it."""
    from sqlalchemy import func, select

    from pos.db.models import Parcel, Payment, PurchaseOrder

    def old_queries():
        with report_db.reader() as s:
            s.execute(select(Parcel.carrier, func.count()).where(
                Parcel.status == "picked_up", Parcel.picked_up_at >= dataset.L(11, 20, 0),
                Parcel.picked_up_at < dataset.L(11, 21, 0)).group_by(Parcel.carrier))
            s.execute(select(func.count()).where(PurchaseOrder.shipped_at >= dataset.L(11, 20, 0)))
            s.execute(select(func.sum(Payment.amount_fen)).where(Payment.purpose == "sale"))

    with report_db.unit_of_work() as s:  # the index SQLite took before 0016_report_speed
        s.connection().exec_driver_sql("DROP INDEX ix_parcel_status_picked_up_at")
    bad = _unbounded(_plans(report_db, old_queries))
    assert any(re.fullmatch(r"SEARCH parcel USING INDEX \w+ \(status=\?\)", b) for b in bad), bad
    assert any(b.startswith("SCAN purchase_order") for b in bad), bad
    assert any("ix_payment_purpose_at (purpose=?)" in b for b in bad), bad
