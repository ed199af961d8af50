"""Benchmark: a partner's income statement on a five-year station.

    uv run python benchmarks/bench_income.py                        # 1,826 days × 550 parcels ≈ 1,000,000
    uv run python benchmarks/bench_income.py --history-days 60      # a quick look

Builds the station with benchmarks/bench_reports.py's builder (bulk inserts, ANALYZE), gives half
the sale lines a cost price and sets a rate table, then times over ``--runs`` runs: one month's
statement (``month_statement``) and the Income page's twelve months (``overview``). Prints the
figures and the query plans of the month's queries. Not a test; no target is asserted here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pos.db.engine import sqlite_url  # noqa: E402
from pos.domain.income import ANY, PARCEL_FEE, PURCHASE_COMMISSION, Rate  # noqa: E402
from pos.services import settings as st  # noqa: E402
from pos.services.income import statements  # noqa: E402
from pos.services.income.facts import BUILT_IN_INCOME_SOURCES  # noqa: E402
from pos.services.income.rates import RATES  # noqa: E402


def _reports_bench():
    spec = importlib.util.spec_from_file_location("bench_reports", ROOT / "benchmarks" / "bench_reports.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--history-days", type=int, default=1826)
    ap.add_argument("--parcels", type=int, default=550)
    ap.add_argument("--sales", type=int, default=40)
    ap.add_argument("--purchases", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--db", help="a SQLite file to build (default: a temporary one)")
    args = ap.parse_args(argv)
    bench = _reports_bench()
    folder = Path(tempfile.mkdtemp(prefix="bench-income-"))
    path = Path(args.db) if args.db else folder / "income.sqlite3"
    t0 = time.perf_counter()
    db = bench.build_database(sqlite_url(path), history_days=args.history_days, parcels=args.parcels,
                              sales=args.sales, purchases=args.purchases)
    rates = [Rate(PARCEL_FEE, ANY, dt.date(2020, 1, 1), fen_each=40, event="checkin"),
             Rate(PARCEL_FEE, ANY, dt.date(2026, 6, 1), fen_each=50, event="checkin"),
             Rate(PURCHASE_COMMISSION, ANY, dt.date(2020, 1, 1), bp=300)]
    with db.unit_of_work() as s:
        s.execute(text("UPDATE sale_line SET cost_fen = unit_price_fen * 7 / 10 WHERE quantity > 1"))
        st.put(s, RATES, [r.to_json() for r in rates])
    with db.reader() as s:
        parcels = s.execute(text("SELECT count(*) FROM parcel")).scalar_one()
    print(f"built {parcels:,} parcels over {args.history_days} days in {time.perf_counter() - t0:.0f} s")
    clock = bench._clock_after(bench.REPORT_DAY)
    day = bench.REPORT_DAY

    def timed(fn) -> list[float]:
        out = []
        for _ in range(args.runs):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
        return out

    month = timed(lambda: statements.month_statement(db, BUILT_IN_INCOME_SOURCES, day.year, day.month))
    year = timed(lambda: statements.overview(db, BUILT_IN_INCOME_SOURCES, clock))
    st_ = statements.month_statement(db, BUILT_IN_INCOME_SOURCES, day.year, day.month)
    print(f"month {day:%Y-%m}: total ¥{st_.total_fen / 100:,.2f}, county owes ¥{st_.county_owes_fen / 100:,.2f}")
    print(f"one month's statement: median {statistics.median(month):.3f} s, max {max(month):.3f} s")
    print(f"twelve months (Income page): median {statistics.median(year):.3f} s, max {max(year):.3f} s")
    plans: list[str] = []

    def explain(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "EXPLAIN" not in statement:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            plan = " | ".join(r[-1] for r in rows)
            if plan not in plans:
                plans.append(plan)

    event.listen(db.engine, "before_cursor_execute", explain)
    with db.reader() as s:
        statements.gather(s, BUILT_IN_INCOME_SOURCES, day.replace(day=1), day + dt.timedelta(days=1))
    event.remove(db.engine, "before_cursor_execute", explain)
    print("query plans:")
    for plan in plans:
        print("  " + plan)
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
