"""Sync the backlog of many stations into one county PostgreSQL, then measure the steady state.

    POS_TEST_PG_URL=postgresql+psycopg://user:pw@127.0.0.1:5432/postgres \\
        uv run python benchmarks/bench_county.py [--stations 300] [--days 365] [--quick] [--json FILE]

A fresh county database is created on that server (and dropped at the end unless --keep), served
by `village-pos county serve [--workers N]` under uvicorn on 127.0.0.1, and every station is
enrolled. Each station's backlog is what a busy station records in a day (``--per-day``:
parcels, their events and sales, ~1,000 records) times ``--days``, sent as the station's sync
client sends it: gzip batches of ``--batch`` records (RECOMMENDED_RECORDS) in seq order, from
``--clients`` concurrent clients spread over ``--procs`` processes (so that the simulated
stations' own Python is not one GIL). Then the steady state: every station syncs once a
``--period`` (60 s) at its own offset for ``--minutes`` rounds (status, a batch of 10 records, a
manifest pull) and the p50/p95 of such a round is measured.

Printed (and written as JSON): records per second, the CPU time a record of the county server,
of PostgreSQL and of the simulated stations (from /proc: what to scale from on a shared
machine, where wall time is noise), the county database's size and bytes a record, the server's
memory (RSS, its workers included), the round's p50/p95/max.

--quick: 6 stations x 2 days, for CI. The full run (300 stations x a year) takes hours and ~70 GB
of PostgreSQL: run it on the county's hardware (docs/SCALE.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import multiprocessing as mp
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
from sqlalchemy.exc import DBAPIError  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from pos.county import keys  # noqa: E402
from pos.county.database import make_county_engine  # noqa: E402
from pos.sync.contract import RECOMMENDED_RECORDS, Batch, SyncRecord, canonical_json, format_time  # noqa: E402

T0 = dt.datetime(2025, 12, 1, 0, 0, tzinfo=dt.timezone.utc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database(server_url: str, prefix: str = "county") -> str:
    name = f"pos_bench_{prefix}_{uuid.uuid4().hex[:8]}"
    eng = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_database(server_url: str, url: str) -> None:
    name = url.rsplit("/", 1)[1]
    eng = create_engine(server_url, isolation_level="AUTOCOMMIT")
    for attempt in range(10):
        try:
            with eng.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            break
        except DBAPIError:  # an autovacuum worker on it, which a non-superuser may not end: wait
            if attempt == 9:
                raise
            time.sleep(3)
    eng.dispose()


class StationSim:
    """A station's sync client, without the station: records made up as a busy day's."""

    def __init__(self, base: str, station_id: str, key: str, rng: random.Random, batch: int) -> None:
        self.http = httpx.Client(base_url=base, timeout=120)
        self.id, self.key = station_id, key
        self.auth = {"Authorization": f"Bearer {key}"}
        self.generation = str(uuid.uuid4())
        self.seq = 0
        self.rng = rng
        self.batch = batch
        self.retries = 0

    def _record(self, kind: str, data: dict, uid: str | None = None) -> SyncRecord:
        self.seq += 1
        return SyncRecord(kind=kind, uuid=uid or str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
                          version=self.seq, seq=self.seq, station_id=self.id, changed_at=format_time(T0), data=data)

    def day(self, day: int, per_day: int) -> list[SyncRecord]:
        at = format_time(T0 + dt.timedelta(days=day, hours=2))
        out: list[SyncRecord] = []
        n_parcels = per_day * 2 // 5
        for i in range(n_parcels):
            uid = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
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
                "lines": [{"uuid": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)), "description": "酱油",
                           "unit_price_fen": total, "quantity": 1, "total_fen": total}]}))
        return out

    def send(self, records: list[SyncRecord]) -> int:
        """As the station's client sends them, gzip batches in seq order. Not checked here
        (encode_batch would): the county checks every field, and the benchmark's own CPU
        shares the cores with the server."""
        sent = 0
        for i in range(0, len(records), self.batch):
            chunk = records[i:i + self.batch]
            batch = Batch(batch_id=str(uuid.uuid4()), station_id=self.id, db_generation=self.generation,
                          seq_from=chunk[0].seq, seq_to=chunk[-1].seq, sent_at=format_time(T0), records=chunk)
            body = gzip.compress(canonical_json(batch.to_json()), compresslevel=6, mtime=0)
            for attempt in range(5):
                # as the station's client: a cut connection is retried with the same batch (id),
                # which the county applies once
                try:
                    r = self.http.post("/api/sync/batches", content=body, headers={
                        **self.auth, "Content-Encoding": "gzip", "Content-Type": "application/json"})
                    r.raise_for_status()
                    break
                except httpx.TransportError:
                    if attempt == 4:
                        raise
                    self.retries += 1
                    time.sleep(1 + attempt)
            sent += len(chunk)
        return sent

    def round(self, day: int, records: int = 10) -> float:
        """One steady-state sync round: status, a few new records, manifests."""
        start = time.perf_counter()
        self.http.get("/api/sync/status", params={"db_generation": self.generation}, headers=self.auth).raise_for_status()
        self.send(self.day(day, records))
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


def children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, IndexError, ValueError):
                pass
    return out


def cpu_s(pid: int, with_children: bool = True) -> float:
    """CPU seconds of a process, the children it has waited for, and (with_children) those still
    running: a contention-proof measure on a shared machine, where wall time is not."""
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = sum(int(x) for x in f[11:15])  # utime stime cutime cstime
    total = ticks / os.sysconf("SC_CLK_TCK")
    if with_children:
        total += sum(cpu_s(c, False) for c in children(pid))
    return total


def server_memory_kb(pid: int) -> int:
    return rss_kb(pid) + sum(rss_kb(c) for c in children(pid))


# --- client processes: each runs its share of the stations, first the backlog, then the
# steady state, and answers the parent through a pipe

def client_process(conn, base: str, stations: list[tuple[str, str, int]], args: dict) -> None:
    sims = [StationSim(base, sid, key, random.Random(seed), args["batch"]) for sid, key, seed in stations]
    threads = max(1, args["threads"])

    def backlog(st: StationSim) -> int:
        return sum(st.send(st.day(d, args["per_day"])) for d in range(args["days"]))

    conn.send("ready")
    conn.recv()  # every client process is up: the clock starts
    c0 = time.process_time()
    with ThreadPoolExecutor(threads) as pool:
        records = sum(pool.map(backlog, sims))
    conn.send({"records": records, "cpu": time.process_time() - c0, "retries": sum(st.retries for st in sims)})
    go = conn.recv()  # the wall time at which the steady state starts
    period, minutes = args["period"], args["minutes"]
    plan = sorted((go + st.rng.uniform(0, period) + k * period, i, k)
                  for i, st in enumerate(sims) for k in range(minutes))
    late: list[float] = []

    def at(when: float, i: int, k: int) -> float:
        delay = when - time.time()
        if delay > 0:
            time.sleep(delay)
        else:
            late.append(-delay)
        return sims[i].round(args["days"] + 1 + k)

    with ThreadPoolExecutor(max(threads, 32)) as pool:
        rounds = list(pool.map(lambda p: at(*p), plan))
    conn.send({"rounds": rounds, "late": late})
    for st in sims:
        st.http.close()


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] if values else 0.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stations", type=int, default=300)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--per-day", type=int, default=1000, help="records a station makes a day")
    p.add_argument("--clients", type=int, default=16, help="concurrent sync clients (threads over --procs)")
    p.add_argument("--procs", type=int, default=2, help="client processes (the clients' own CPU is not the county's)")
    p.add_argument("--batch", type=int, default=RECOMMENDED_RECORDS, help="records a batch")
    p.add_argument("--workers", type=int, default=1, help="county server worker processes")
    p.add_argument("--minutes", type=int, default=2, help="steady state: minutes of every station syncing once a minute")
    p.add_argument("--period", type=float, default=60.0, help="steady state: seconds between a station's rounds")
    p.add_argument("--quick", action="store_true", help="6 stations x 2 days: for CI")
    p.add_argument("--json", type=Path, help="also write the figures as JSON here")
    p.add_argument("--keep", action="store_true", help="keep the county database")
    args = p.parse_args(argv)
    if args.quick:
        args.stations, args.days, args.per_day, args.clients, args.procs = 6, 2, 400, 3, 1
        args.minutes, args.period = 2, 2.0
    server_url = os.environ.get("POS_TEST_PG_URL") or os.environ.get("VILLAGE_POS_COUNTY_SERVER")
    if not server_url:
        print("set POS_TEST_PG_URL to a PostgreSQL URL whose role may CREATE DATABASE", file=sys.stderr)
        return 2
    url = fresh_database(server_url)
    proc = None
    clients: list = []
    try:
        subprocess.run([sys.executable, "-m", "pos", "county", "init", "--db", url], check=True,
                       capture_output=True, timeout=300)
        engine = make_county_engine(url, pool_size=1)
        with Session(engine) as s, s.begin():
            codes = [keys.add_station(s, f"站{i:04d}")[1] for i in range(args.stations)]
        with engine.connect() as c:
            pg_backend = c.execute(text("SELECT pg_backend_pid()")).scalar_one()
        postmaster = int(Path(f"/proc/{pg_backend}/stat").read_text().rsplit(")", 1)[1].split()[1]) \
            if Path(f"/proc/{pg_backend}").exists() else 0
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "pos", "--lang", "en", "county", "serve", "--db", url,
                                 "--port", str(port), "--workers", str(args.workers)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300  # a loaded machine imports FastAPI slowly
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
        enrolled = []
        with httpx.Client(base_url=base, timeout=60) as http:
            for i, code in enumerate(codes):
                body = http.post("/api/enrol", json={"code": code}).json()
                enrolled.append((body["station_id"], body["station_key"], i))
        size0 = database_bytes(engine)
        procs = max(1, min(args.procs, args.stations))
        shared = {"batch": args.batch, "threads": max(1, args.clients // procs), "per_day": args.per_day,
                  "days": args.days, "period": args.period, "minutes": args.minutes}
        ctx = mp.get_context("spawn")
        for k in range(procs):
            parent, child = ctx.Pipe()
            pr = ctx.Process(target=client_process, args=(child, base, enrolled[k::procs], shared), daemon=True)
            pr.start()
            clients.append((pr, parent))
        for _, conn in clients:
            conn.recv()
        server_cpu0, pg_cpu0 = cpu_s(proc.pid), cpu_s(postmaster) if postmaster else 0.0
        start = time.perf_counter()
        for _, conn in clients:
            conn.send("go")
        done = [conn.recv() for _, conn in clients]
        elapsed = time.perf_counter() - start
        server_cpu, pg_cpu = cpu_s(proc.pid) - server_cpu0, (cpu_s(postmaster) - pg_cpu0) if postmaster else 0.0
        records = sum(d["records"] for d in done)
        client_cpu = sum(d["cpu"] for d in done)
        retries = sum(d["retries"] for d in done)
        size = database_bytes(engine)
        rss = server_memory_kb(proc.pid)
        go = time.time() + 1
        for _, conn in clients:
            conn.send(go)
        steady = [conn.recv() for _, conn in clients]
        rounds = [t for d in steady for t in d["rounds"]]
        late = [t for d in steady for t in d["late"]]
        engine.dispose()
        figures = {
            "quick": args.quick, "stations": args.stations, "days": args.days, "per_day": args.per_day,
            "batch": args.batch, "clients": args.clients, "procs": procs, "workers": args.workers,
            "records": records, "retried_batches": retries, "seconds": round(elapsed, 2), "records_per_s": round(records / elapsed, 1),
            "server_cpu_us_per_record": round(server_cpu / records * 1e6, 1),
            "postgres_cpu_us_per_record": round(pg_cpu / records * 1e6, 1),
            "client_cpu_us_per_record": round(client_cpu / records * 1e6, 1),
            "county_db_bytes": size, "bytes_per_record": round((size - size0) / records, 1),
            "server_rss_kb": rss, "rounds": len(rounds), "round_p50_s": round(statistics.median(rounds), 4),
            "round_p95_s": round(percentile(rounds, 0.95), 4), "round_max_s": round(max(rounds), 4),
            "rounds_started_late": len(late), "max_lateness_s": round(max(late, default=0.0), 3),
        }
        print(f"{records} records from {args.stations} stations in {elapsed:.1f} s: "
              f"{figures['records_per_s']} records/s ({args.clients} clients in {procs} processes, "
              f"batches of {args.batch}, {args.workers} server worker(s); {retries} batches sent again "
              "after a cut connection)")
        print(f"CPU a record: county server {figures['server_cpu_us_per_record']} us, PostgreSQL "
              f"{figures['postgres_cpu_us_per_record']} us, the simulated stations {figures['client_cpu_us_per_record']} us")
        print(f"county database: {size / 1e6:.1f} MB ({figures['bytes_per_record']} bytes a record); "
              f"server memory: {rss / 1024:.0f} MB RSS")
        print(f"steady state ({args.stations} stations, each a round every {args.period:.0f} s for {args.minutes} "
              f"rounds): p50 {figures['round_p50_s'] * 1000:.0f} ms, p95 {figures['round_p95_s'] * 1000:.0f} ms, "
              f"max {figures['round_max_s'] * 1000:.0f} ms ({len(late)} rounds started late, "
              f"at most {figures['max_lateness_s']:.1f} s)")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1))
        return 0
    finally:
        for pr, _ in clients:
            pr.join(30)
            if pr.is_alive():
                pr.terminate()
        if proc is not None:
            proc.terminate()
            proc.wait(20)
        if not args.keep:
            drop_database(server_url, url)


def database_bytes(engine) -> int:
    with engine.connect() as c:
        return c.execute(text("SELECT pg_database_size(current_database())")).scalar_one()


if __name__ == "__main__":
    sys.exit(main())
