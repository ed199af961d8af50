"""Check-in p95 at the counter while a month's backlog syncs to a real county server.

    POS_TEST_PG_URL=postgresql+psycopg://user:pw@127.0.0.1:5432/postgres \\
        uv run python benchmarks/bench_sync_counter.py [--blocks 8] [--per-block 25] [--quick] [--json FILE]

The station: a SQLite database with a busy station's month (benchmarks/build_station_db.py at
a month's volume: 12,000 parcels with their check-in and pickup events, 6,000 sales, 300
purchases: ~45,000 records), linked to a county server, so the whole month waits in the
outbox. The county: `village-pos county serve` on a fresh database of that PostgreSQL, in a
process of its own on loopback.

Cores (this machine has two): the county server and its PostgreSQL are pinned to CPU 1 and the
station (this process: the counter, and the sync process it starts) to CPU 0, as if the county
were elsewhere and the station had one core; --no-pin leaves them to the OS. Other programs on
the machine are not pinned, so the figures carry their noise: repeat and look at the spread.

Check-ins go through the service the check-in page calls (pos.services.parcels.checkin), in
blocks of --per-block, --gap seconds apart (0.5 s: faster than any partner scans), the modes
taking turns in every round, so that the machine's load falls on each mode alike:

- ``off``: no sync running (the sync process held between batches);
- ``process``: the app's background sync (pos.sync.process): a niced child process that sends
  a batch a second while the counter is busy;
- ``process-eager``: the same process without the back-off (a batch every 50 ms): what the
  process alone buys;
- ``thread``: the sync as a thread in the counter's own process (how it ran before), for the
  record.

When the outbox runs low it is filled again (the whole station enqueued anew, while every sync
is held), so every block runs with a backlog syncing. Printed: p50/p95 of each mode, each
block's p95 (the spread), the ratio of each mode's p95 to ``off``'s, records the county took
during each mode; at the end every sync is let run until the outbox is empty and the county's
counts are compared with the station's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))

from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

MONTH = dict(years=1, parcels=12_000, in_stock=300, purchases=300, sales=6_000, villagers=300, products=120)
QUICK = dict(years=1, parcels=600, in_stock=50, purchases=30, sales=300, villagers=60, products=30)
MODES = ("off", "process", "process-eager", "thread")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pin(pid: int, cpus: set[int], with_children: bool = False) -> bool:
    try:
        os.sched_setaffinity(pid, cpus)
        if with_children:
            for d in Path("/proc").iterdir():
                if d.name.isdigit():
                    try:
                        if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                            os.sched_setaffinity(int(d.name), cpus)
                    except (OSError, IndexError, ValueError):
                        pass
        return True
    except (OSError, AttributeError):
        return False


class County:
    """A fresh county database on the server, served by `county serve` in its own process."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.name = f"pos_bench_sync_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{self.name}"'))
        admin.dispose()
        self.url = server_url.rsplit("/", 1)[0] + "/" + self.name
        subprocess.run([sys.executable, "-m", "pos", "county", "init", "--db", self.url], check=True,
                       capture_output=True, timeout=600)
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "pos", "--lang", "en", "county", "serve", "--db", self.url,
                                      "--port", str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{self.base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("the county server did not come up")
            time.sleep(0.3)
        from pos.county.database import make_county_engine

        self.engine = make_county_engine(self.url, pool_size=1)

    def postmaster(self) -> int | None:
        with self.engine.connect() as c:
            backend = c.execute(text("SELECT pg_backend_pid()")).scalar_one()
        try:
            return int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            return None  # PostgreSQL on another machine

    def code(self) -> str:
        from pos.county import keys

        with Session(self.engine) as s, s.begin():
            return keys.add_station(s, "清水村服务站")[1]

    def held(self) -> dict[str, int]:
        from pos.county.models import SYNCED_TABLES

        with self.engine.connect() as c:
            return {k: c.execute(text(f"SELECT count(*) FROM {m.__tablename__}")).scalar_one()
                    for k, m in SYNCED_TABLES.items()}

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)
        self.engine.dispose()
        from bench_county import drop_database

        drop_database(self.server_url, self.url)


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(q * len(v)) - 1))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--blocks", type=int, default=8, help="rounds of the modes taking turns")
    p.add_argument("--per-block", type=int, default=25, help="check-ins in a block")
    p.add_argument("--gap", type=float, default=0.5,
                   help="seconds between check-ins (a fast partner scans every few seconds; 0: back to back, "
                   "which starves the niced sync process)")
    p.add_argument("--modes", default=",".join(MODES), help=f"which of {', '.join(MODES)}")
    p.add_argument("--no-pin", action="store_true", help="do not pin the station and the county to cores")
    p.add_argument("--quick", action="store_true", help="a small station, 2 blocks of 5: for CI")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    if args.quick:
        args.blocks, args.per_block, args.gap = 2, 5, 0.2
    modes = [m for m in args.modes.split(",") if m]
    server_url = os.environ.get("POS_TEST_PG_URL")
    if not server_url:
        print("set POS_TEST_PG_URL to a PostgreSQL URL whose role may CREATE DATABASE", file=sys.stderr)
        return 2

    import build_station_db as bsd

    from pos.db.engine import make_engine, sqlite_url
    from pos.db.models import SyncState, User
    from pos.db.unit_of_work import Database
    from pos.domain.users import Operator, Role
    from pos.services.clock import system_clock
    from pos.services.parcels import checkin
    from pos.services.parcels.labels import LabelWording
    from pos.sync import records as recs
    from pos.sync.client import SyncClient, link_state
    from pos.sync.process import SyncProcess
    from pos.sync.worker import SyncWorker
    from pos.wiring import wire_station

    folder = Path(tempfile.mkdtemp(prefix="pos-bench-sync-"))
    county = County(server_url)
    pinned = False
    syncs: dict[str, object] = {}
    try:
        if not args.no_pin and len(os.sched_getaffinity(0)) >= 2:
            cpus = sorted(os.sched_getaffinity(0))
            pinned = pin(county.proc.pid, {cpus[1]})
            pm = county.postmaster()
            if pm is not None:
                pinned = pin(pm, {cpus[1]}, with_children=True) and pinned
            pin(0, {cpus[0]})  # this process; the sync process started below inherits it
        t0 = time.perf_counter()
        scale = bsd.Scale(**(QUICK if args.quick else MONTH), headroom=args.blocks * len(modes) * args.per_block + 50)
        built = bsd.build(folder / "station.sqlite3", scale, log=lambda m: None)
        print(f"station built in {time.perf_counter() - t0:.0f} s: {built['counts']}")
        url = sqlite_url(folder / "station.sqlite3")
        db = Database(make_engine(url))
        client = SyncClient(db, folder)
        client.link(county.base, county.code())
        backlog = link_state(db).pending
        print(f"linked: {backlog} records in the outbox")
        with db.reader() as s:
            owner = s.scalars(select(User).where(User.role == "owner")).first()
            keys = recs.all_keys(s)
        op = Operator(owner.id, owner.name, Role.OWNER)

        def mark() -> int:  # the last seq the county has taken
            with db.reader() as s:
                return s.get(SyncState, 1).high_water
        rules = wire_station().rules

        # every sync engine is made and held; a block releases one of them
        if "process" in modes:
            syncs["process"] = SyncProcess(url, folder, interval=0.2)
        if "process-eager" in modes:
            syncs["process-eager"] = SyncProcess(url, folder, interval=0.2, busy_pause=SyncWorker.IDLE_PAUSE)
        if "thread" in modes:
            # as the app ran it before: a thread, a 0.2 s pause between batches, no back-off
            syncs["thread"] = SyncWorker(db, folder, interval=0.2, client=SyncClient(db, folder, pause=0.2),
                                         busy_pause=0.0)
        for w in syncs.values():
            w.hold(True)
            w.start()
        touch = [w.touch for w in syncs.values() if isinstance(w, SyncProcess)]
        db.on_write = lambda: [t() for t in touch]
        time.sleep(3 if args.quick else 10)  # the sync processes are up (imports) before the clock runs

        times: dict[str, list[float]] = {m: [] for m in modes}
        block_p95: dict[str, list[float]] = {m: [] for m in modes}
        synced: dict[str, int] = {m: 0 for m in modes}
        busy_s: dict[str, float] = {m: 0.0 for m in modes}
        n, tag = 0, random.randint(100, 999)  # numbers the built station does not have
        for b in range(args.blocks):
            order = modes[b % len(modes):] + modes[:b % len(modes)]  # each mode in each place in turn
            for mode in order:
                if mode != "off" and link_state(db).pending < backlog // 2:
                    client._enqueue_in_chunks(keys)  # the backlog again, all syncs held
                before = mark()
                engine = syncs.get(mode)
                if engine is not None:
                    engine.hold(False)
                start = time.perf_counter()
                block = []
                for _ in range(args.per_block):
                    n += 1
                    t = time.perf_counter()
                    checkin.check_in(db, op, system_clock, rules, waybill=f"78{tag:03d}{n:09d}", carrier="ZTO",
                                     recipient=checkin.Recipient(f"139{n:08d}"), label=LabelWording())
                    block.append(time.perf_counter() - t)
                    if args.gap:
                        time.sleep(args.gap)
                busy_s[mode] += time.perf_counter() - start
                if engine is not None:
                    engine.hold(True)
                    time.sleep(1.5)  # the batch under way is marked before the next block
                synced[mode] += mark() - before
                times[mode] += block
                block_p95[mode].append(pct(block, 0.95))
        off = pct(times["off"], 0.95) if times.get("off") else None
        figures: dict[str, object] = {"quick": args.quick, "pinned": pinned, "backlog": backlog, "gap_s": args.gap,
                                      "per_block": args.per_block, "blocks": args.blocks, "modes": {}}
        print(f"check-ins in blocks of {args.per_block}, {args.gap} s apart, {args.blocks} rounds of {', '.join(modes)}"
              f"{' (county + PostgreSQL on CPU 1, the station on CPU 0)' if pinned else ' (not pinned)'}:")
        for m in modes:
            t = times[m]
            row = {"n": len(t), "p50_ms": round(statistics.median(t) * 1000, 1), "p95_ms": round(pct(t, 0.95) * 1000, 1),
                   "block_p95_ms": [round(x * 1000, 1) for x in block_p95[m]],
                   "ratio_to_off": round(pct(t, 0.95) / off, 2) if off else None,
                   "outbox_rows_synced": synced[m], "rows_per_s": round(synced[m] / busy_s[m], 1) if busy_s[m] else 0}
            figures["modes"][m] = row  # type: ignore[index]
            spread = f"{min(row['block_p95_ms']):.0f}-{max(row['block_p95_ms']):.0f}"
            print(f"  {m:14s} p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  (blocks' p95 {spread} ms)"
                  + (f"  p95/off {row['ratio_to_off']:.2f}" if m != "off" and off else "")
                  + (f"  synced {row['outbox_rows_synced']} outbox rows, {row['rows_per_s']:.0f}/s" if m != "off" else ""))

        # the rest goes up: then the county holds what the station holds
        db.on_write = None
        eager = syncs.get("process-eager") or syncs.get("process") or syncs.get("thread")
        if eager is not None:
            eager.hold(False)
            if hasattr(eager, "wake"):
                eager.wake()
        deadline = time.monotonic() + 900
        while link_state(db).pending and time.monotonic() < deadline:
            time.sleep(0.5)
        with db.reader() as s:
            here: dict[str, int] = {}
            for kind, _ in recs.all_keys(s):
                here[kind] = here.get(kind, 0) + 1
        there = {k: v for k, v in county.held().items() if v}
        figures["station_counts"], figures["county_counts"] = here, there
        figures["same"] = here == there
        print(f"outbox empty: {link_state(db).pending == 0}; county holds what the station holds: {here == there}")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1))
        return 0
    finally:
        for w in syncs.values():
            w.stop()
        county.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
