"""Benchmark: the daily report and the monthly statement (data + PDF) on a busy station.

    uv run python benchmarks/bench_reports.py                 # 2,000 parcels and 500 sales a day
    uv run python benchmarks/bench_reports.py --history-days 500 --proposed-indexes --plans

Builds a SQLite database by bulk inserts (SQLAlchemy core, lists of dicts): ``--history-days``
days up to the report day 2026-11-30, each with ``--parcels`` parcels, ``--sales`` sales of two
lines, 20 assisted purchases, their payments and one shift. Times each report over ``--runs`` runs
(the first, "cold", includes loading reportlab and registering the font) and compares it with
baselines measured in the same run: a bare ``SELECT count(*)`` over the parcel table and a
one-line reportlab PDF in the same font. Prints a table and writes JSON (``--json``).

Targets (issue): daily within 2 s, monthly within 10 s. Not a test: pytest does not collect this
folder; tests/reports/test_bench_builder.py runs the builder at a tiny size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import event, insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pos.db.engine import make_engine, sqlite_url  # noqa: E402
from pos.db.migrate import upgrade  # noqa: E402
from pos.db.models import Parcel, Payment, PurchaseOrder, Sale, SaleLine, Shift, Station  # noqa: E402
from pos.db.unit_of_work import Database  # noqa: E402
from pos.domain.carriers import CARRIER_CODES, load_rules  # noqa: E402
from pos.services.reports.data import local_midnight  # noqa: E402

REPORT_DAY = dt.date(2026, 11, 30)
RULES = load_rules()
CATEGORIES = ("饮料", "零食", "日用品", "调料", "粮油", "烟酒", "服务", "文具")
PROPOSED_INDEXES = {
    "ix_parcel_picked_up_at": "CREATE INDEX IF NOT EXISTS ix_parcel_picked_up_at ON parcel (picked_up_at)",
    "ix_parcel_returned_at": "CREATE INDEX IF NOT EXISTS ix_parcel_returned_at ON parcel (returned_at)",
    "ix_purchase_order_arrived_at": "CREATE INDEX IF NOT EXISTS ix_purchase_order_arrived_at ON purchase_order (arrived_at)",
    "ix_purchase_order_collected_at":
        "CREATE INDEX IF NOT EXISTS ix_purchase_order_collected_at ON purchase_order (collected_at)",
}


def _rec(at: dt.datetime) -> dict:
    return {"id": uuid.uuid4(), "created_at": at, "updated_at": at}


def build_database(url: str, *, day: dt.date = REPORT_DAY, history_days: int = 45, parcels: int = 2000,
                   sales: int = 500, purchases: int = 20, seed: int = 7, chunk: int = 20_000) -> Database:
    """A migrated database with ``history_days`` days of station life up to ``day`` (inclusive)."""
    rnd = random.Random(seed)
    engine = make_engine(url)
    upgrade(engine, "head")
    db = Database(engine)
    end_of_day = local_midnight(day + dt.timedelta(days=1))
    with engine.begin() as conn:
        conn.execute(insert(Station.__table__), [{**_rec(end_of_day), "name": "基准测试村服务站", "address": "", "phone": ""}])

    def flush(table, rows: list[dict]) -> None:
        if rows:
            with engine.begin() as conn:
                conn.execute(insert(table), rows)
            rows.clear()

    p_rows: list[dict] = []
    s_rows: list[dict] = []
    l_rows: list[dict] = []
    pay_rows: list[dict] = []
    o_rows: list[dict] = []
    sh_rows: list[dict] = []
    serial = 0
    for back in range(history_days - 1, -1, -1):
        d = day - dt.timedelta(days=back)
        opening = local_midnight(d) + dt.timedelta(hours=8)
        for _ in range(parcels):
            serial += 1
            at = opening + dt.timedelta(seconds=rnd.randrange(12 * 3600))
            left = at + dt.timedelta(hours=rnd.randrange(1, 96))
            fate = rnd.random()
            status, picked, returned = "in_stock", None, None
            if left < end_of_day and fate < 0.95:
                status, picked = "picked_up", left
            elif left + dt.timedelta(days=7) < end_of_day and fate >= 0.95:
                status, returned = "returned", left + dt.timedelta(days=7)
            p_rows.append({**_rec(at), "waybill": f"BM{serial:012d}", "carrier": rnd.choice(CARRIER_CODES),
                           "status": status, "phone_tail": f"{rnd.randrange(10000):04d}",
                           "pickup_code": f"A-1-{serial:07d}" if status == "in_stock" else "",
                           "checked_in_at": at, "picked_up_at": picked, "returned_at": returned,
                           "recipient_name": "张三", "phone_masked": "138****0000"})
            if len(p_rows) >= chunk:
                flush(Parcel.__table__, p_rows)
        for i in range(sales):
            at = opening + dt.timedelta(seconds=rnd.randrange(12 * 3600))
            sale_id = uuid.uuid4()
            total = 0
            for _ in range(2):
                price, qty = rnd.randrange(100, 5000), rnd.randrange(1, 4)
                total += price * qty
                l_rows.append({**_rec(at), "sale_id": sale_id, "description": "商品", "category": rnd.choice(CATEGORIES),
                               "unit_price_fen": price, "quantity": qty, "total_fen": price * qty})
            s_rows.append({**_rec(at), "id": sale_id, "number": f"R{d:%Y%m%d}-{i:05d}", "status": "completed",
                           "subtotal_fen": total, "discount_fen": 0, "total_fen": total, "completed_at": at})
            pay_rows.append({**_rec(at), "at": at, "purpose": "sale", "method": rnd.choice(("cash", "mobile", "mobile")),
                             "amount_fen": total, "sale_id": sale_id, "purchase_id": None})
        for i in range(purchases):
            at = opening + dt.timedelta(seconds=rnd.randrange(12 * 3600))
            total = rnd.randrange(2000, 50000)
            arrived = at + dt.timedelta(days=3)
            collected = arrived + dt.timedelta(days=1)
            status = "collected" if collected < end_of_day else "arrived" if arrived < end_of_day else "placed"
            oid = uuid.uuid4()
            o_rows.append({**_rec(at), "id": oid, "number": f"P{d:%Y%m%d}-{i:04d}", "status": status,
                           "placed_at": at, "items_total_fen": total - 500, "service_fee_fen": 500, "total_fen": total,
                           "arrived_at": arrived if status != "placed" else None,
                           "collected_at": collected if status == "collected" else None})
            pay_rows.append({**_rec(at), "at": at, "purpose": "purchase_deposit", "method": "cash",
                             "amount_fen": total, "sale_id": None, "purchase_id": oid})
        closed = opening + dt.timedelta(hours=13)
        sh_rows.append({**_rec(opening), "number": f"S{d:%Y%m%d}", "opened_at": opening, "float_fen": 20000,
                        "closed_at": closed, "expected_cash_fen": 20000, "counted_cash_fen": 20000, "variance_fen": 0})
        if len(l_rows) >= chunk:
            flush(Sale.__table__, s_rows)
            flush(SaleLine.__table__, l_rows)
    flush(Parcel.__table__, p_rows)
    flush(Sale.__table__, s_rows)
    flush(SaleLine.__table__, l_rows)
    flush(PurchaseOrder.__table__, o_rows)
    flush(Payment.__table__, pay_rows)
    flush(Shift.__table__, sh_rows)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return db


def _clock_after(day: dt.date):
    now = local_midnight(day + dt.timedelta(days=1)) + dt.timedelta(hours=9)
    return lambda: now


def _time(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def query_plans(db: Database, day: dt.date) -> dict[str, list[str]]:
    """SQLite's plan for the queries that touch the big tables."""
    from pos.services.reports import queries as reports
    from pos.services.reports.data import Period

    p = Period.day(day)
    stmts = {
        "received by carrier": reports.received_by_carrier(p.start, p.end),
        "handed over by carrier": reports.left_by_carrier("picked_up", p.start, p.end),
        "returned by carrier": reports.left_by_carrier("returned", p.start, p.end),
        "sales by category": reports.sales_by_category(p.start, p.end),
    }
    from sqlalchemy import func, select

    for i, where in enumerate(reports.in_station_conditions(p.end)):
        stmts[f"in stock at end of day ({i + 1}/2)"] = select(func.count()).where(*where)
    plans = {}
    with db.engine.connect() as conn:
        for name, stmt in stmts.items():
            sent: list = []

            def grab(conn_, cursor, statement, parameters, context, executemany):
                sent.append((statement, parameters))  # noqa: B023 - listens only during this turn

            event.listen(conn, "before_cursor_execute", grab)
            conn.execute(stmt).all()
            event.remove(conn, "before_cursor_execute", grab)
            statement, parameters = sent[0]
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            plans[name] = [r[-1] for r in rows]
    return plans


def run(args: argparse.Namespace) -> dict:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication(["bench"])  # noqa: F841 - translate() needs it
    from pos.i18n import Translations

    Translations(QCoreApplication.instance()).use("zh_CN")
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bench-reports-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "bench.sqlite3"
    if db_path.exists():
        db_path.unlink()
    t0 = time.perf_counter()
    db = build_database(sqlite_url(db_path), history_days=args.history_days, parcels=args.parcels, sales=args.sales)
    build_s = time.perf_counter() - t0
    if args.proposed_indexes:
        with db.engine.begin() as conn:
            for sql in PROPOSED_INDEXES.values():
                conn.exec_driver_sql(sql)
            conn.exec_driver_sql("ANALYZE")
    with db.engine.connect() as conn:
        n_parcels = conn.exec_driver_sql("SELECT count(*) FROM parcel").scalar()
        n_sales = conn.exec_driver_sql("SELECT count(*) FROM sale").scalar()

    from pos.reports.fonts import ensure_font
    from pos.reports.render import render_pdf
    from pos.services.reports import queries as reports

    clock = _clock_after(REPORT_DAY)

    def count_all():
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM parcel").scalar()

    def trivial_pdf():
        import io

        from reportlab.pdfgen import canvas

        c = canvas.Canvas(io.BytesIO())
        c.setFont(ensure_font(), 12)
        c.drawString(100, 700, "村站日报 baseline")
        c.save()

    results: dict = {}
    for name, make in (("daily", lambda: reports.daily_report(db, REPORT_DAY, clock, RULES)),
                       ("monthly", lambda: reports.monthly_report(db, REPORT_DAY.year, REPORT_DAY.month, clock, RULES))):
        data_s, pdf_s = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            data = make()
            data_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            render_pdf(data)
            pdf_s.append(time.perf_counter() - t)
        totals = [a + b for a, b in zip(data_s, pdf_s)]
        results[name] = {"data_s": data_s, "pdf_s": pdf_s, "total_s": totals, "cold_total_s": totals[0],
                         "median_total_s": statistics.median(totals[1:] or totals),
                         "median_data_s": statistics.median(data_s[1:] or data_s),
                         "median_pdf_s": statistics.median(pdf_s[1:] or pdf_s),
                         "received": data.parcels.total.received, "sales": data.sales.count}
    baseline = {"count_parcels_s": statistics.median(_time(count_all, args.runs)),
                "trivial_pdf_s": statistics.median(_time(trivial_pdf, args.runs))}
    out = {
        "config": {"history_days": args.history_days, "parcels_per_day": args.parcels, "sales_per_day": args.sales,
                   "runs": args.runs, "proposed_indexes": args.proposed_indexes, "parcel_rows": n_parcels,
                   "sale_rows": n_sales, "build_s": build_s, "python": sys.version.split()[0],
                   "platform": sys.platform},
        "results": results, "baseline": baseline,
        "targets_s": {"daily": 2.0, "monthly": 10.0},
    }
    if args.plans:
        out["plans"] = query_plans(db, REPORT_DAY)
    db.dispose()
    if not args.workdir:
        for f in workdir.iterdir():
            f.unlink()
        workdir.rmdir()
    return out


def print_table(out: dict) -> None:
    c, b = out["config"], out["baseline"]
    print(f"parcels {c['parcel_rows']:,}  sales {c['sale_rows']:,}  ({c['history_days']} days; built in "
          f"{c['build_s']:.1f} s; proposed indexes: {c['proposed_indexes']})")
    print(f"{'report':<9}{'data s':>9}{'pdf s':>9}{'total s':>9}{'cold s':>9}{'target':>8}"
          f"{'x count(*)':>12}{'x tiny pdf':>12}")
    for name, r in out["results"].items():
        print(f"{name:<9}{r['median_data_s']:>9.3f}{r['median_pdf_s']:>9.3f}{r['median_total_s']:>9.3f}"
              f"{r['cold_total_s']:>9.3f}{out['targets_s'][name]:>8.1f}"
              f"{r['median_data_s'] / b['count_parcels_s']:>12.1f}{r['median_pdf_s'] / b['trivial_pdf_s']:>12.1f}")
    print(f"baseline: SELECT count(*) FROM parcel {b['count_parcels_s'] * 1000:.1f} ms; "
          f"one-line PDF {b['trivial_pdf_s'] * 1000:.1f} ms")
    for name, plan in out.get("plans", {}).items():
        print(f"  plan {name}: {' | '.join(plan)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--history-days", type=int, default=45)
    ap.add_argument("--parcels", type=int, default=2000, help="parcels per day")
    ap.add_argument("--sales", type=int, default=500, help="sales per day")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--proposed-indexes", action="store_true", help="add the indexes the report asks for")
    ap.add_argument("--plans", action="store_true", help="print SQLite's query plans")
    ap.add_argument("--workdir", help="keep the database in this folder")
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "bench_reports.json")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = run(args)
    print_table(out)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"written: {args.json}")
    ok = (out["results"]["daily"]["median_total_s"] <= 2.0 and out["results"]["monthly"]["median_total_s"] <= 10.0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
