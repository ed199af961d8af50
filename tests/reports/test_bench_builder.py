"""The benchmark's data builder, at a tiny size: it must keep working (the benchmark itself is
not a test and lives in benchmarks/)."""

import datetime as dt
import importlib.util
import json
from pathlib import Path

from pos.db.engine import sqlite_url
from pos.services.reports import queries as reports
from pos.wiring import wire_station

RULES = wire_station().rules  # the carriers' names, as pos.app reads them

ROOT = Path(__file__).resolve().parents[2]


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_reports", ROOT / "benchmarks" / "bench_reports.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_builder_at_tiny_size(tmp_path, shanghai):
    bench = load_bench()
    db = bench.build_database(sqlite_url(tmp_path / "b.sqlite3"), history_days=3, parcels=12, sales=5, purchases=2)
    clock = bench._clock_after(bench.REPORT_DAY)
    daily = reports.daily_report(db, bench.REPORT_DAY, clock, RULES)
    assert daily.parcels.total.received == 12 and daily.sales.count == 5
    assert sum(p.received for p in daily.series) == 36
    monthly = reports.monthly_report(db, 2026, 11, clock, RULES)
    assert monthly.sales.count == 15 and monthly.purchases.placed.count == 6
    plans = bench.query_plans(db, bench.REPORT_DAY)
    # the income statement's covering index (checked_in_at, carrier) serves this too, from the index alone
    assert any("ix_parcel_checked_in_at" in step or "ix_parcel_checked_in_carrier" in step
               for step in plans["received by carrier"])
    assert any("ix_sale_completed_at" in step for step in plans["sales by category"])
    db.dispose()


def test_benchmark_runs_end_to_end(tmp_path, qapp, shanghai):
    bench = load_bench()
    out = tmp_path / "r.json"
    bench.main(["--history-days", "2", "--parcels", "10", "--sales", "4", "--runs", "2", "--json", str(out)])
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["results"]["daily"]["received"] == 10
    assert set(result["baseline"]) == {"count_parcels_s", "trivial_pdf_s"}
    assert dt.date.fromisoformat("2026-11-30") == bench.REPORT_DAY
