"""Benchmark: check-in p95 with 1, 2 and 3 counters on one PostgreSQL, against one counter on SQLite.

    POS_TEST_PG_URL=postgresql+psycopg://user:pw@127.0.0.1:5432/postgres \\
        uv run python benchmarks/bench_counters.py [--checkins 200]

Each counter is its own process (as each PC is), checking in ``--checkins`` parcels through the
check-in service with the shelf label queued (the page's unit of work without the page), all
counters at once. The SQLite baseline is one counter on a SQLite file, measured in the same run,
so the ratios compare like with like on this machine. The PostgreSQL role needs CREATEDB: each
configuration gets a fresh database, dropped afterwards. Not a test (pytest does not collect this
folder).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from pos.db.engine import make_engine, sqlite_url  # noqa: E402
from pos.db.migrate import upgrade  # noqa: E402
from pos.db.unit_of_work import Database  # noqa: E402
from pos.domain.station import StationDetails  # noqa: E402
from pos.services.clock import system_clock  # noqa: E402
from pos.services.station import counters  # noqa: E402
from pos.services.station import setup as station  # noqa: E402


def worker(plan_path: str) -> int:
    from pos.domain.users import Operator, Role
    from pos.services.parcels import checkin
    from pos.services.parcels.checkin import Recipient
    from pos.services.parcels.labels import LabelWording
    from pos.wiring import wire_station

    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    db = Database(make_engine(plan["url"]), counter_id=uuid.UUID(plan["counter_id"]))
    op = Operator(uuid.UUID(plan["operator_id"]), "王小明", Role.OWNER)
    rules = wire_station().rules
    go = float(plan["start_at"])
    while time.time() < go:  # every counter starts at the same moment
        time.sleep(0.005)
    times = []
    for i in range(plan["n"]):
        t0 = time.perf_counter()
        checkin.check_in(db, op, system_clock, rules, waybill=f"78{plan['tag']}{i:011d}", carrier="ZTO",
                         recipient=Recipient(f"139{i:08d}"), label=LabelWording())
        times.append((time.perf_counter() - t0) * 1000)
    Path(plan["out"]).write_text(json.dumps(times), encoding="utf-8")
    db.dispose()
    return 0


def _prepare(url: str, n_counters: int) -> tuple[list[str], str]:
    engine = make_engine(url)
    upgrade(engine, "head")
    db = Database(engine)
    boss = station.set_up_station(db, StationDetails("清水村服务站"), "王小明", "1234")
    ids = [str(counters.register(db, f"收银台{i + 1}", system_clock).id) for i in range(n_counters)]
    engine.dispose()
    return ids, str(boss.id)


def measure(url: str, n_counters: int, n: int, folder: Path) -> list[float]:
    ids, boss = _prepare(url, n_counters)
    start_at = time.time() + 3.0  # after every process has imported and connected
    procs, outs = [], []
    for i, cid in enumerate(ids):
        out = folder / f"{n_counters}-{i}.json"
        plan = folder / f"{n_counters}-{i}.plan.json"
        plan.write_text(json.dumps({"url": url, "counter_id": cid, "operator_id": boss, "n": n, "tag": i + 1,
                                    "start_at": start_at, "out": str(out)}), encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, __file__, "--worker", str(plan)]))
        outs.append(out)
    for p in procs:
        if p.wait() != 0:
            raise SystemExit("a counter process failed")
    return [t for out in outs for t in json.loads(out.read_text(encoding="utf-8"))]


def fresh_pg(server: str):
    admin_url = make_url(server).set(drivername="postgresql+psycopg")
    name = f"pos_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    return admin, name, admin_url.set(database=name).render_as_string(hide_password=False)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkins", type=int, default=200, help="check-ins per counter")
    ap.add_argument("--pg-url", default=os.environ.get("POS_TEST_PG_URL"), help="a PostgreSQL server (CREATEDB role)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker)
    if not args.pg_url:
        ap.error("give --pg-url or set POS_TEST_PG_URL")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = measure(sqlite_url(folder / "station.sqlite3"), 1, args.checkins, folder)
        rows.append(("SQLite, 1 counter (baseline)", base))
        for n in (1, 2, 3):
            admin, name, url = fresh_pg(args.pg_url)
            try:
                rows.append((f"PostgreSQL, {n} counter{'s' if n > 1 else ''} at once", measure(url, n, args.checkins,
                                                                                                 folder)))
            finally:
                with admin.connect() as c:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    base95 = p95(base)
    print(f"check-in through the service, label queued; {args.checkins} per counter")
    print(f"{'configuration':40} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p95 / SQLite':>13}")
    for label, values in rows:
        print(f"{label:40} {len(values):5d} {statistics.median(values):8.2f} {p95(values):8.2f} "
              f"{p95(values) / base95:12.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
