"""benchmarks/bench_parcels.py at a tiny size: the data builder, check-ins and batch scans through
the real page, and lookups. Proves the benchmark runs; it asserts no timings."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import func, select

from pos.db.engine import sqlite_url
from pos.db.models import Parcel, Villager

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_parcels", ROOT / "benchmarks" / "bench_parcels.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_quick_builder_and_a_few_scans(qapp, tmp_path):
    bench = _bench()
    db = bench.build_database(sqlite_url(tmp_path / "s.sqlite3"), parcels=3000, in_stock=300, villagers=200,
                              chunk=1000)
    try:
        with db.reader() as s:
            assert s.scalar(select(func.count()).select_from(Parcel)) == 3000
            assert s.scalar(select(func.count()).select_from(Parcel).where(Parcel.status == "in_stock")) == 300
            stock = s.execute(select(Parcel.phone_tail, Parcel.pickup_code).where(Parcel.status == "in_stock")).all()
            phones = list(s.scalars(select(Villager.phone).limit(3)))
        app, page = bench.make_page(db, tmp_path / "data")
        form, done = bench.checkin_scans(app, page, bench.scan_waybills(0, 3), phones)
        batch = bench.batch_scans(app, page, bench.scan_waybills(3, 3))
        assert len(form) == len(done) == len(batch) == 3
        assert bench.stored(db, bench.scan_waybills(0, 6)) == 6
        assert len(bench.lookups(db, [stock[0][0], stock[1][1]], page.ctx.wiring.due_sources)) == 2
        assert bench.pct([1.0, 2.0, 3.0])["p50"] == 2.0
        page.ctx.devices.stop()
        page.close()
    finally:
        db.dispose()
