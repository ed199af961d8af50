"""Sync the backlog of many stations into one county PostgreSQL, then measure the steady state.

    POS_TEST_PG_URL=postgresql+psycopg://user:pw@127.0.0.1:5432/postgres \\
        uv run python benchmarks/bench_county.py [--stations 300] [--days 365] [--quick] [--json FILE]

A fresh county database is created on that server (and dropped at the end unless --keep), served
by `village-pos county serve` under uvicorn on 127.0.0.1, and every station is enrolled. Each
station's backlog is what a busy station records in a day (``--per-day``: parcels, their events
and sales, ~1,000 records) times ``--days``, sent as the station's sync client sends it: gzip
batches of 200 records in seq order, from ``--clients`` concurrent clients. Then the steady state:
every station syncs once a "minute" (status, one small batch, a manifest pull) and the p95 of
such a round is measured. Printed (and written as JSON): records per second, the county
database's size, the server's memory (RSS), the round's p50/p95.

--quick: 6 stations × 2 days, for CI. The full run (300 stations × a year) takes hours and some
10-20 GB of PostgreSQL: run it on the county's hardware.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from pos.county import keys  # noqa: E402
from pos.county.database import make_county_engine  # noqa: E402
from pos.sync.contract import RECOMMENDED_RECORDS, Batch, SyncRecord, encode_batch, format_time  # noqa: E402

T0 = dt.datetime(2025, 12, 1, 0, 0, tzinfo=dt.timezone.utc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database(server_url: str) -> str:
    name = f"pos_bench_county_{uuid.uuid4().hex[:8]}"
    eng = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_database(server_url: str, url: str) -> None:
    name = url.rsplit("/", 1)[1]
    eng = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    eng.dispose()


class StationSim:
    """A station's sync client, without the station: records made up as a busy day's."""

    def __init__(self, base: str, code: str, rng: random.Random) -> None:
        self.http = httpx.Client(base_url=base, timeout=60)
        body = self.http.post("/api/enrol", json={"code": code}).json()
        self.id, self.key = body["station_id"], body["station_key"]
        self.auth = {"Authorization": f"Bearer {self.key}"}
        self.generation = str(uuid.uuid4())
        self.seq = 0
        self.rng = rng
        self.parcels: list[str] = []

    def _record(self, kind: str, data: dict, uid: str | None = None) -> SyncRecord:
        self.seq += 1
        return SyncRecord(kind=kind, uuid=uid or str(uuid.uuid4()), version=self.seq, seq=self.seq,
                          station_id=self.id, changed_at=format_time(T0), data=data)

    def day(self, day: int, per_day: int) -> list[SyncRecord]:
        at = format_time(T0 + dt.timedelta(days=day, hours=2))
        out: list[SyncRecord] = []
        n_parcels = per_day * 2 // 5
        for i in range(n_parcels):
            uid = str(uuid.uuid4())
            phone = f"1{self.rng.randint(30, 99)}****{self.rng.randint(0, 9999):04d}"
            out.append(self._record("parcel", {
                "waybill": f"SF{day:04d}{i:05d}{self.rng.randint(0, 9999):04d}", "carrier": "SF",
                "status": "picked_up", "phone_masked": phone, "recipient_name": "王*", "shelf": "A", "layer": 1,
                "pickup_code": f"A-1-{i:04d}", "checked_in_at": at, "picked_up_at": at}, uid))
            out.append(self._record("parcel_event", {"parcel_uuid": uid, "at": at, "kind": "checked_in",
                                                     "operator": "王小明"}))
        while len(out) < per_day:
            total = self.rng.randint(100, 5000)
            out.append(self._record("sale", {
                "number": f"R{day:04d}-{len(out):05d}", "total_fen": total, "subtotal_fen": total,
                "completed_at": at, "payments": {"cash": total},
                "lines": [{"uuid": str(uuid.uuid4()), "description": "酱油", "unit_price_fen": total,
                           "quantity": 1, "total_fen": total}]}))
        return out

    def send(self, records: list[SyncRecord]) -> int:
        sent = 0
        for i in range(0, len(records), RECOMMENDED_RECORDS):
            chunk = records[i:i + RECOMMENDED_RECORDS]
            batch = Batch(batch_id=str(uuid.uuid4()), station_id=self.id, db_generation=self.generation,
                          seq_from=chunk[0].seq, seq_to=chunk[-1].seq, sent_at=format_time(T0), records=chunk)
            r = self.http.post("/api/sync/batches", content=encode_batch(batch),
                               headers={**self.auth, "Content-Encoding": "gzip", "Content-Type": "application/json"})
            r.raise_for_status()
            sent += len(chunk)
        return sent

    def round(self, day: int) -> float:
        """One steady-state sync round: status, a few new records, manifests."""
        start = time.perf_counter()
        self.http.get("/api/sync/status", params={"db_generation": self.generation}, headers=self.auth).raise_for_status()
        self.send(self.day(day, 10))
        self.http.get("/api/manifests", params={"after": 0}, headers=self.auth).raise_for_status()
        return time.perf_counter() - start


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stations", type=int, default=300)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--per-day", type=int, default=1000, help="records a station makes a day")
    p.add_argument("--clients", type=int, default=16, help="concurrent sync clients")
    p.add_argument("--rounds", type=int, default=3, help="steady-state rounds of every station")
    p.add_argument("--quick", action="store_true", help="6 stations x 2 days: for CI")
    p.add_argument("--json", type=Path, help="also write the figures as JSON here")
    p.add_argument("--keep", action="store_true", help="keep the county database")
    args = p.parse_args(argv)
    if args.quick:
        args.stations, args.days, args.per_day, args.clients, args.rounds = 6, 2, 400, 3, 2
    server_url = os.environ.get("POS_TEST_PG_URL") or os.environ.get("VILLAGE_POS_COUNTY_SERVER")
    if not server_url:
        print("set POS_TEST_PG_URL to a PostgreSQL URL whose role may CREATE DATABASE", file=sys.stderr)
        return 2
    url = fresh_database(server_url)
    proc = None
    try:
        subprocess.run([sys.executable, "-m", "pos", "county", "init", "--db", url], check=True,
                       capture_output=True, timeout=300)
        engine = make_county_engine(url, pool_size=1)
        with Session(engine) as s, s.begin():
            codes = [keys.add_station(s, f"站{i:04d}")[1] for i in range(args.stations)]
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "pos", "--lang", "en", "county", "serve", "--db", url,
                                 "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                print("the county server did not come up", file=sys.stderr)
                return 1
            time.sleep(0.2)
        stations = [StationSim(base, c, random.Random(i)) for i, c in enumerate(codes)]

        def backlog(st: StationSim) -> int:
            return sum(st.send(st.day(d, args.per_day)) for d in range(args.days))

        start = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            records = sum(pool.map(backlog, stations))
        elapsed = time.perf_counter() - start
        with ThreadPoolExecutor(args.clients) as pool:
            rounds = [t for r in range(args.rounds) for t in pool.map(lambda st, r=r: st.round(args.days + r), stations)]
        rounds.sort()
        p95 = rounds[min(len(rounds) - 1, int(len(rounds) * 0.95))]
        with engine.connect() as c:
            size = c.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        engine.dispose()
        figures = {
            "quick": args.quick, "stations": args.stations, "days": args.days, "records": records,
            "seconds": round(elapsed, 2), "records_per_s": round(records / elapsed, 1),
            "county_db_bytes": size, "server_rss_kb": rss_kb(proc.pid),
            "round_p50_s": round(statistics.median(rounds), 4), "round_p95_s": round(p95, 4),
        }
        print(f"{records} records from {args.stations} stations in {elapsed:.1f} s: "
              f"{figures['records_per_s']} records/s")
        print(f"county database: {size / 1e6:.1f} MB; server memory: {figures['server_rss_kb'] / 1024:.0f} MB RSS")
        print(f"steady state ({args.stations} stations, a round each): p50 {figures['round_p50_s'] * 1000:.0f} ms, "
              f"p95 {figures['round_p95_s'] * 1000:.0f} ms")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1))
        for st in stations:
            st.http.close()
        return 0
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(20)
        if not args.keep:
            drop_database(server_url, url)


if __name__ == "__main__":
    sys.exit(main())
