"""The station benchmark: one command, one table of issue 20's goals, one JSON file.

    uv run python benchmarks/bench_station.py                  # five years, 1,000,000 parcels
    uv run python benchmarks/bench_station.py --years 10       # ten years, 2,000,000 parcels; the
                                                               # five-year figures alongside (goal 8)
    uv run python benchmarks/bench_station.py --quick          # small station, CI
    uv run python benchmarks/bench_station.py --reuse          # reuse the stations built before

Builds (benchmarks/build_station_db.py, in a child process) or reuses two stations, the old one
and a young one holding only the last 30 days of the same history (the same day's volume), copies
each into a fresh data folder, then measures (each goal is a row of the table and of "goals" in
the JSON, PASS or OVER):

1. check-in through the real page (offscreen Qt, the real MainWindow logged in, a file printer
   behind the real print queue): ``page.handle_scan(code)``, the phone typed, Enter, until the
   recent list shows the parcel and the window has painted;
2. the check-in's storage work (pos.services.parcels.checkin.check_in with its label, no UI)
   against a hand-written sqlite3 transaction writing the same rows into the same file with the
   same pragmas (RawCheckin), interleaved call by call;
3. check-in (storage work), pickup lookup, sale with receipt and the daily report on the old and
   the young station, interleaved; the daily and monthly reports' times on the old one;
4. the database's size as built (everything the app writes, build_station_db.py);
5. pos.db.backup.backup_sqlite of the old station in a child process, timed, and the check-in
   (storage work) p95 while a backup runs against without;
6. cold start: ``python benchmarks/launch_app.py`` -> pos.cli.main until the login window is
   painted, against a bare PySide6 window started the same way, and until the records are open
   (benchmarks/cold_start.py);
7. resident memory after the whole mixed workload;
8. with --years 10, the same table with the five-year figures alongside.

Goals are shown, never asserted: the exit code is 1 only when something fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import cold_start  # noqa: E402
from launch_app import rss_kb  # noqa: E402
from pos.db.keys import new_key  # noqa: E402  (stdlib only: the baseline keys rows as the app does)

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "village-pos-bench"
RESULTS = HERE / "results"

FULL = {"scans": 1000, "lookups": 1000, "sales": 500, "report_runs": 3, "cold_runs": 5, "mixed_rounds": 5,
        "storage_checkins": 300, "young_rounds": 200, "young_report_runs": 5, "backup_checkins": 100}
QUICK = {"scans": 60, "lookups": 200, "sales": 60, "report_runs": 1, "cold_runs": 2, "mixed_rounds": 1,
         "storage_checkins": 30, "young_rounds": 20, "young_report_runs": 2, "backup_checkins": 20}

# issue 20's goals: (id, what, limit, unit); a figure at most its limit passes
GOALS = [
    ("1", "check-in scan -> committed and shown, p95", 33.0, "ms"),
    ("2", "check-in storage work p95 / hand-written sqlite3 transaction p95", 2.0, "x"),
    ("3a", "check-in p95, this station / its last month alone", 1.2, "x"),
    ("3b", "pickup lookup p95, this station / its last month alone", 1.2, "x"),
    ("3c", "sale + receipt p95, this station / its last month alone", 1.2, "x"),
    ("3d", "daily report median, this station / its last month alone", 1.2, "x"),
    ("3e", "daily report (data + PDF), median", 300.0, "ms"),
    ("3f", "monthly report (data + PDF), median", 1000.0, "ms"),
    ("4", "database size", 1000.0, "MB"),
    ("5a", "backup (pos.db.backup.backup_sqlite)", 30.0, "s"),
    ("5b", "check-in p95 during a backup / without", 1.5, "x"),
    ("6a", "cold start to login painted / bare window", 2.0, "x"),
    ("6b", "cold start to records ready", 1000.0, "ms"),
    ("7", "memory after the mixed workload", 200.0, "MB"),
]


def pct(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95), "p99_ms": pct(ms, 99), "max_ms": max(ms)}


def rss_mb() -> float | None:
    kb = rss_kb()["rss_kb"]
    return kb / 1024 if kb is not None else None


# the machine ---------------------------------------------------------------------------------------
def machine() -> dict:
    cpu, ram = platform.processor() or platform.machine(), None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    # the installed versions without importing them: this process is also the app measured, and
    # the order of its imports changes its memory (pos.ui.import_hook)
    from importlib.metadata import version

    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram, "os": platform.platform(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "pyside6": version("PySide6-Essentials"), "sqlalchemy": version("SQLAlchemy")}


def disk_probe(folder: Path, n: int = 200) -> dict:
    """How the disk answers right now: ``n`` 4 KB writes, each made durable (fsync), as a
    commit is. This VM's disk has slow phases (a commit's fsync 10x slower for minutes): the
    probe, at the start and the end of a run, tells them apart from the code."""
    path = folder / "disk-probe.bin"
    times = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        block = os.urandom(4096)
        for i in range(n):
            t0 = time.perf_counter()
            os.pwrite(fd, block, (i % 16) * 4096)
            os.fsync(fd)
            times.append(time.perf_counter() - t0)
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
    out = summary_ms(times)
    return {"p50_ms": out["p50_ms"], "p95_ms": out["p95_ms"]}


# the database ------------------------------------------------------------------------------------
def ensure_database(path: Path, quick: bool, reuse: bool, years: int, recent_days: int | None = None) -> dict:
    """The built station at ``path``: reused when asked and present, else built in a child process."""
    info_path = path.with_suffix(".build.json")
    if reuse and path.exists() and info_path.exists():
        info = json.loads(info_path.read_text(encoding="utf-8"))
        info["reused"] = True
        return info
    for p in (path, info_path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if p.exists():
            p.unlink()
    cmd = [sys.executable, str(HERE / "build_station_db.py"), "--out", str(path), "--json", str(info_path),
           "--years", str(years)]
    if quick:
        cmd.append("--quick")
    if recent_days:
        cmd += ["--recent-days", str(recent_days)]
    print(f"building {path} ...", flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info["reused"] = False
    return info


def fresh_data_dir(pristine: Path, data_dir: Path) -> Path:
    """A data folder holding a copy of the built station: every run starts from the same data."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    target = data_dir / "station.sqlite3"
    src = sqlite3.connect(f"file:{pristine.as_posix()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # consistent even if a WAL is left beside the built file
    finally:
        dst.close()
        src.close()
    return target


def cold_start_env(workdir: Path) -> None:
    cold_start.use_private_bytecode_cache(workdir / "pycache")


# PySide6 6.12.0 on Python 3.11 -----------------------------------------------------------------------
def none_refcount_guard() -> dict:
    """Probe for, and prop up against, PySide6 6.12.0's missing reference to None.

    Every PySide6 6.12.0 method that returns nothing (setText, setItem, addItem, ...) gives back
    None without taking a reference to it. From Python 3.12 None is immortal and nothing happens;
    on 3.11 its count falls by one per call until the interpreter aborts ("Fatal Python error:
    none_dealloc"), in the app as here after some hundreds of check-ins. The benchmark records
    how fast the count falls (the app's survival time is in the JSON) and then raises the count
    far out of reach, so that the measurements can finish. It changes nothing in the app.
    """
    import ctypes

    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        probe.setObjectName("probe")
    lost = (before - sys.getrefcount(None)) / 200
    out = {"lost_per_void_call": lost, "none_refcount": sys.getrefcount(None), "propped": False}
    if lost > 0.5 and sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
        out["propped"] = True
    return out


# the in-process session ----------------------------------------------------------------------------
class Session:
    """The real MainWindow on the copied station, logged in as the owner, as pos.app wires it
    (a file printer instead of the on-screen preview, a serial scanner instead of the wedge)."""

    def __init__(self, data_dir: Path, workdir: Path) -> None:
        from pos.app import freeze_startup_objects, make_qapp
        from pos.db.engine import sqlite_url
        from pos.db.opening import open_database
        from pos.devices.hub import DeviceHub
        from pos.services.hardware import device_settings
        from pos.i18n import Translations
        from pos.paths import DataPaths
        from pos.services.station.auth import AuthService
        from pos.ui.context import AppContext
        from pos.ui.gui_thread_gc import GuiThreadCollector
        from pos.ui.main_window import MainWindow
        from pos.wiring import wire_station

        self.app = make_qapp()
        self.collector = GuiThreadCollector()  # the garbage collection of pos.app.run_gui
        self.none_guard = none_refcount_guard()
        self.translations = Translations(self.app)
        self.translations.use("zh_CN")
        self.paths = DataPaths(data_dir)
        self.paths.ensure()
        self.db = open_database(sqlite_url(self.paths.database), self.paths.backups)
        # a serial scanner: the keyboard-wedge filter (the default) would take the phone typed by
        # QTest, faster than any hand, for a scan
        self.hub = DeviceHub(self.db, self.paths, load_config=device_settings.loader(self.db), scanner_spec="serial:loop://",
                             printer_spec=f"file:{workdir / 'printer-out.bin'}")
        self.ctx = AppContext(db=self.db, paths=self.paths, auth=AuthService(self.db),
                              translations=self.translations, devices=self.hub, wiring=wire_station())
        self.window = MainWindow(self.ctx)
        self.hub.start()
        freeze_startup_objects()  # as pos.app.Station.start
        self.window.show()
        self.pump()

    def pump(self, rounds: int = 3) -> None:
        for _ in range(rounds):
            self.app.processEvents()

    def login(self, pin: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        field = self.window.login_page.pin
        QTest.keyClicks(field, pin)
        QTest.keyClick(field, Qt.Key.Key_Return)
        self.pump()
        if not self.window.is_logged_in():
            raise RuntimeError("login with the owner's PIN failed")

    def page(self, key: str):
        self.window.workspace.show_page(key)
        self.pump()
        return self.window.workspace.pages[key]

    def close(self) -> None:
        self.hub.stop()
        self.window.close()
        self.window.deleteLater()
        self.pump()
        self.db.dispose()
        self.collector.stop()


def _rows(db, sql: str, **params) -> list:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


# check-in ------------------------------------------------------------------------------------------
def _now_stored() -> tuple[int, str]:
    """Now as SQLite keeps a time (microseconds since 1970, pos.db.types) and the UTC date."""
    from pos.db.types import micros

    now = dt.datetime.now(dt.timezone.utc)
    return micros(now), now.date().isoformat()


def app_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the app's pragmas (pos.db.engine: WAL, synchronous=FULL,
    foreign keys, busy timeout), transactions begun by hand."""
    from pos.db.engine import sqlite_pragmas

    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    sqlite_pragmas(conn)
    return conn


class RawCheckin:
    """Goal 2's physical baseline: one hand-written sqlite3 transaction writing the rows a
    check-in writes (the parcel, its check-in event, the day's notice and its link, the label's print
    job with the same document, the pickup code counter) into the same file, schema and pragmas
    (pos.db.engine: WAL, synchronous=FULL, foreign keys); the rows are deleted again, untimed."""

    PARCEL = ("id", "created_at", "updated_at", "waybill", "carrier", "status", "phone", "phone_masked",
              "phone_tail", "recipient_name", "villager_id", "shelf", "layer", "pickup_code", "fee_due_fen",
              "checked_in_at", "checked_in_by", "picked_up_at", "handed_over_by", "collector_name",
              "collector_relation", "handover_without_scan_reason", "returned_at", "return_batch_id",
              "delivery_run_id", "delivery_requested", "reminded_at")

    def __init__(self, path: Path) -> None:
        from build_station_db import OWNER_NAME
        from pos.services.parcels.pickup_codes import COUNTER_KEY

        self.conn = app_connection(path)
        self.op = OWNER_NAME
        self.counter_key = COUNTER_KEY
        from pos.domain.event_details import details_json

        self.details_json = details_json
        self.parcel_sql = (f"INSERT INTO parcel ({', '.join(self.PARCEL)}) "
                           f"VALUES ({', '.join('?' for _ in self.PARCEL)})")

    def once(self, i: int, waybill: str, carrier: str, phone: str, name: str, notice_text: str,
             document: str) -> float:
        now, day = _now_stored()
        pid, nid, jid = (new_key() for _ in range(3))
        code = f"Z-9-{i:06d}"
        parcel = (pid.bytes, now, now, "RAW" + waybill, carrier, "in_stock", phone, "", phone[7:], name, None, "Z",
                  9, code, 0, now, self.op, None, "", "", "", "", None, None, None, 0, None)
        events = [(new_key().bytes, now, now, pid.bytes, now, "checked_in", self.op,
                   self.details_json({"carrier": carrier, "again": False, "notice": str(nid), "label_job": str(jid)}))]
        c = self.conn
        t0 = time.perf_counter()
        c.execute("BEGIN")
        c.execute("UPDATE sequence SET value = value + 1, updated_at = ? WHERE key = ?", (now, self.counter_key))
        c.execute(self.parcel_sql, parcel)
        c.execute("INSERT INTO notice (id, created_at, updated_at, phone_key, phone, recipient_name, villager_id, "
                  "day, kind, text, status, sent_at, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  (nid.bytes, now, now, "RAW" + phone, phone, name, None, day, "arrival", notice_text, "pending",
                   None, ""))
        c.execute("INSERT INTO notice_parcel (id, created_at, updated_at, notice_id, parcel_id) VALUES (?,?,?,?,?)",
                  (new_key().bytes, now, now, nid.bytes, pid.bytes))
        c.execute("INSERT INTO print_job (id, created_at, updated_at, kind, reference, document, status, attempts, "
                  "last_error, next_attempt_at, sent_at, printed_at, reprint_of, counter_id) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  (jid.bytes, now, now, "bench_raw", code, document, "printed", 0, None, None, None, now, None, None))
        c.executemany("INSERT INTO parcel_event (id, created_at, updated_at, parcel_id, at, kind, operator, details) "
                      "VALUES (?,?,?,?,?,?,?,?)", events)
        c.execute("COMMIT")
        elapsed = time.perf_counter() - t0
        c.execute("BEGIN")
        c.execute("DELETE FROM parcel_event WHERE parcel_id = ?", (pid.bytes,))
        c.execute("DELETE FROM notice_parcel WHERE parcel_id = ?", (pid.bytes,))
        c.execute("DELETE FROM notice WHERE id = ?", (nid.bytes,))
        c.execute("DELETE FROM print_job WHERE id = ?", (jid.bytes,))
        c.execute("DELETE FROM parcel WHERE id = ?", (pid.bytes,))
        c.execute("COMMIT")
        return elapsed

    def close(self) -> None:
        self.conn.close()


class Station:
    """A station's records without the UI, for the service-level measures (goals 2, 3, 5)."""

    def __init__(self, db, operator, rules, label: str) -> None:
        self.db, self.op, self.rules, self.label = db, operator, rules, label
        phones = [r[0] for r in _rows(db, "SELECT phone FROM villager WHERE phone != '' AND active = 1")]
        self.phones = phones

    def phone(self, rnd: random.Random) -> str:
        if rnd.random() < 0.75:
            return rnd.choice(self.phones)
        return f"1{rnd.choice('35789')}{rnd.randrange(10**9):09d}"

    def checkin(self, code: str, carrier: str, phone: str):
        """The check-in's storage work as the page calls it (the label queued in the same
        transaction); returns (seconds, result). The caller undoes it, untimed."""
        from pos.services.clock import system_clock
        from pos.services.parcels import checkin
        from pos.services.parcels.labels import LabelWording

        t0 = time.perf_counter()
        res = checkin.check_in(self.db, self.op, system_clock, self.rules, waybill=code, carrier=carrier,
                               recipient=checkin.Recipient(phone=phone), label=LabelWording())
        return time.perf_counter() - t0, res

    def undo(self, res) -> None:
        from pos.db.models import PrintJob
        from pos.services.clock import system_clock
        from pos.services.parcels import checkin

        checkin.undo(self.db, self.op, system_clock, self.rules, res.parcel.id)
        with self.db.unit_of_work() as s:  # the label job too, so no printer prints a label of nothing
            s.query(PrintJob).filter(PrintJob.id == res.label_job).delete()


class ReplayCheckin:
    """What the service's own statements cost without the ORM: the SQL and the parameters of a
    service check-in (caught at the cursor), replayed through sqlite3 in one transaction with the
    app's pragmas. Against the service call it is the ORM's and Python's share; against
    RawCheckin the share of the reads that make the check-in's decisions (room on the shelf, a
    free code, the waybill's history, a purchase waiting for it, the day's notice)."""

    def __init__(self, db, path: Path) -> None:
        from sqlalchemy import event


        self.engine = db.engine
        self.caught: list[tuple[str, object, bool]] | None = None
        self.conn = app_connection(path)
        self._listener = self._catch
        event.listen(self.engine, "before_cursor_execute", self._listener)

    def _catch(self, _conn, _cursor, statement, parameters, _context, executemany) -> None:
        if self.caught is not None:
            self.caught.append((statement, parameters, executemany))

    def catching(self) -> None:
        self.caught = []

    def caught_statements(self) -> list[tuple[str, object, bool]]:
        statements, self.caught = self.caught or [], None
        return statements

    def once(self, statements: list[tuple[str, object, bool]]) -> float | None:
        """Seconds, or None when the undo before it could not put back what the check-in found:
        a day's notice that lost its only parcel is dropped by the undo, and the replay's link to
        it then fails (rolled back, not counted)."""
        try:
            return self._once(statements)
        except sqlite3.IntegrityError:
            self.conn.execute("ROLLBACK")
            return None

    def _once(self, statements: list[tuple[str, object, bool]]) -> float:
        c = self.conn
        t0 = time.perf_counter()
        c.execute("BEGIN")
        for sql, params, many in statements:
            if many:
                c.executemany(sql, params)
            else:
                c.execute(sql, params).fetchall()
        c.execute("COMMIT")
        return time.perf_counter() - t0

    def close(self) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._listener)
        self.conn.close()


def service_vs_raw(st: Station, path: Path, n: int, rnd: random.Random) -> dict:
    """Goal 2: the check-in service call against RawCheckin, alternating which goes first; and
    each service call's statements replayed (ReplayCheckin) after it was undone."""
    raw = RawCheckin(path)
    replay = ReplayCheckin(st.db, path)
    scans = bench_waybills(n, seed=rnd.randrange(10**6))
    service_s, raw_s, replay_s = [], [], []
    skipped = 0
    last_text = last_doc = ""
    try:
        for i, (code, carrier) in enumerate(scans):
            phone = st.phone(rnd)
            if i % 2:
                raw_s.append(raw.once(i, code, carrier, phone, "基准", last_text, last_doc))
            replay.catching()
            t, res = st.checkin(code, carrier, phone)
            statements = replay.caught_statements()
            service_s.append(t)
            last_text, last_doc = res.notice_text, res.label.to_json()
            st.undo(res)
            replayed = replay.once(statements)
            if replayed is None:
                skipped += 1
            else:
                replay_s.append(replayed)
                st.undo(res)
            if not i % 2:
                raw_s.append(raw.once(i, code, carrier, phone, "基准", last_text, last_doc))
    finally:
        raw.close()
        replay.close()
    out = {"service": summary_ms(service_s), "raw": summary_ms(raw_s), "replay": summary_ms(replay_s),
           "replay_skipped": skipped,
           "python": summary_ms(checkin_python(scans, [st.phone(rnd) for _ in scans]))}
    out["p95_ratio"] = out["service"]["p95_ms"] / out["raw"]["p95_ms"]
    out["service_vs_replay_p95"] = out["service"]["p95_ms"] / out["replay"]["p95_ms"]
    out["replay_vs_raw_p95"] = out["replay"]["p95_ms"] / out["raw"]["p95_ms"]
    return out


def checkin_python(scans: list[tuple[str, str]], phones: list[str]) -> list[float]:
    """The Python a check-in runs beside its statements, whatever stores it: the waybill
    recognised, the phone read, five keys, the notice's text, the label's document and its JSON,
    the event's details. What is left of the service's time beside its replayed statements and
    this is the data layer's (goal 2's "made of")."""
    import datetime as dt_

    from pos.domain.carriers import load_rules
    from pos.domain.event_details import details_json
    from pos.domain.phone import mask_mobile
    from pos.domain.waybill import recognise
    from pos.services.parcels import recipients
    from pos.services.parcels.labels import LabelWording, shelf_label
    from pos.services.parcels.notices import NoticeItem, render

    rules = load_rules()
    names = {code: c.name_zh for code, c in rules.carriers.items()}
    times = []
    for i, ((code, carrier), phone) in enumerate(zip(scans, phones)):
        t0 = time.perf_counter()
        rec = recognise(code, rules, {})
        recipients.read_phone(phone)
        name = recipients.clean_name("王建国")
        keys = [new_key() for _ in range(5)]
        pickup = f"A-1-{i % 10000:04d}"
        render("", "清水村", name, [NoticeItem(names[carrier], pickup)])
        shelf_label(rules, LabelWording(), pickup_code=pickup, phone_display=mask_mobile(phone), recipient_name=name,
                    carrier=carrier, checked_in_at=dt_.datetime.now(dt_.timezone.utc), waybill=rec.number,
                    station="清水村").to_json()
        details_json({"carrier": carrier, "again": False, "notice": str(keys[0]), "label_job": str(keys[1])})
        times.append(time.perf_counter() - t0)
    return times


def bench_waybills(n: int, seed: int = 11) -> list[tuple[str, str]]:
    """Numbers no history parcel has (build_station_db: bench numbers start with 9), each
    recognised as exactly one carrier, so no question interrupts the scan."""
    from build_station_db import CARRIER_SHARES, waybill_number
    from pos.domain.carriers import load_rules
    from pos.domain.waybill import recognise

    rules = load_rules()
    rnd = random.Random(seed)
    carriers = [c for c in CARRIER_SHARES if c != "OTHER"]
    weights = [CARRIER_SHARES[c] for c in carriers]
    out = []
    base = rnd.randrange(10**6, 10**7)
    for i in range(n):
        carrier = rnd.choices(carriers, weights)[0]
        code = waybill_number(carrier, base * 1000 + i, bench=True)
        rec = recognise(code, rules, {})
        if rec.ambiguous or rec.best.carrier != carrier:
            raise RuntimeError(f"benchmark waybill {code} is not recognised as {carrier} alone")
        out.append((rec.number, carrier))
    return out


def bench_checkin(sess: Session, n: int, rnd: random.Random) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page = sess.page("checkin")
    phones = [r[0] for r in _rows(sess.db, "SELECT phone FROM villager WHERE phone != '' AND active = 1")]
    scans = bench_waybills(n, seed=rnd.randrange(10**6))
    total, scan_s, type_s, enter_s, paint_s = [], [], [], [], []
    none_before = sys.getrefcount(None)
    for code, _carrier in scans:
        # three in four for villagers in the register, the others for people not in it
        phone = rnd.choice(phones) if rnd.random() < 0.75 else f"1{rnd.choice('35789')}{rnd.randrange(10**9):09d}"
        sess.pump(2)  # what arrived meanwhile (print queue news), as between two real scans
        t0 = time.perf_counter()
        page.handle_scan(code)
        t1 = time.perf_counter()
        if page.current is None or not page.form.isVisible():
            raise RuntimeError(f"scan {code}: the phone form did not open ({page.message.text() or page.info.text()})")
        QTest.keyClicks(page.form.phone, phone)
        t2 = time.perf_counter()
        QTest.keyClick(page.form.phone, Qt.Key.Key_Return)
        item = page.recent.item(0, 6)
        if item is None or item.text() != code:
            raise RuntimeError(f"scan {code}: not shown in the recent list after Enter "
                               f"({page.form.error.text() or page.message.text()})")
        t3 = time.perf_counter()
        sess.app.processEvents()  # the repaint of what changed
        t4 = time.perf_counter()
        total.append(t4 - t0)
        scan_s.append(t1 - t0)
        type_s.append(t2 - t1)
        enter_s.append(t3 - t2)
        paint_s.append(t4 - t3)
    out = summary_ms(total)
    out["none_refs_lost_per_checkin"] = (none_before - sys.getrefcount(None)) / n
    out.update({"phases_p50_ms": {
        "scan_to_form": pct(scan_s, 50) * 1000, "typing": pct(type_s, 50) * 1000,
        "enter_to_listed": pct(enter_s, 50) * 1000, "paint": pct(paint_s, 50) * 1000}})
    out["phases_p95_ms"] = {"scan_to_form": pct(scan_s, 95) * 1000, "typing": pct(type_s, 95) * 1000,
                            "enter_to_listed": pct(enter_s, 95) * 1000, "paint": pct(paint_s, 95) * 1000}
    return out


# lookups, sales, reports -------------------------------------------------------------------------
def bench_lookups(sess: Session, n: int, rnd: random.Random) -> dict:
    from pos.services.pickup import handover as pickup
    from pos.services.clock import system_clock
    from pos.wiring import station_due_sources

    sources = station_due_sources()  # as pos.app wires the pickup page
    stock = _rows(sess.db, "SELECT phone_tail, pickup_code FROM parcel WHERE status = 'in_stock'")
    out = {}
    for kind, col in (("phone_tail", 0), ("code", 1)):
        times = []
        for _ in range(n):
            query = rnd.choice(stock)[col]
            sess.pump(1)  # between two villagers the event loop runs, and with it the GUI's collector
            t0 = time.perf_counter()
            res = pickup.lookup(sess.db, system_clock, query, sources)
            times.append(time.perf_counter() - t0)
            if not res.groups:
                raise RuntimeError(f"pickup lookup {query!r} found nothing")
        out[kind] = summary_ms(times)
    return out


def open_shift_for_the_day(db, operator) -> None:
    """Money is taken only inside an open shift: open one with a 200 yuan float, as the partner
    does first thing, unless the built history left today's open."""
    from pos.services.shifts import drawer as shifts
    from pos.services.clock import system_clock

    try:
        shifts.open_shift(db, operator, system_clock, 20000)
    except shifts.ShiftAlreadyOpen:
        pass


class Seller:
    """Counter sales of goods on the shelf (1 to 4 products, cash or mobile) with the receipt
    built, as the sales page does (sales.complete_sale, then sale_receipts.receipt_document)."""

    def __init__(self, db, operator, guard=None) -> None:
        self.db, self.op, self.guard = db, operator, guard
        self.products = _rows(db, "SELECT id, name, price_fen, category, is_service, stock FROM product "
                              "WHERE active = 1 AND is_service = 0")
        self.stock = {row[0]: row[5] for row in self.products}
        open_shift_for_the_day(db, operator)

    def once(self, rnd: random.Random) -> tuple[float, float]:
        """(seconds for the sale, seconds for its receipt)."""
        from PySide6.QtCore import QCoreApplication

        from pos.domain.cart import CASH, MOBILE, Cart, CartLine, Tender
        from pos.services.clock import system_clock
        from pos.services.sales import checkout as sales
        from pos.services.sales import receipts as sale_receipts

        cart = Cart()
        # goods that are on the shelf: selling more than the stock would ask for the owner's PIN
        for row in rnd.sample([p for p in self.products if self.stock[p[0]] >= 2], rnd.choice((1, 2, 2, 3, 4))):
            qty = rnd.choice((1, 1, 2))
            self.stock[row[0]] -= qty
            cart.add(CartLine(uuid.UUID(bytes=row[0]) if isinstance(row[0], bytes) else uuid.UUID(str(row[0])), row[1],
                              row[2], qty, row[3], bool(row[4]), row[5]))
        if rnd.random() < 0.5:
            tenders = [Tender(CASH, -(-cart.total_fen // 1000) * 1000)]
        else:
            tenders = [Tender(MOBILE, cart.total_fen, "WX" + uuid.uuid4().hex[:16])]
        kw = {"shift_guard": self.guard} if self.guard is not None else {}
        t0 = time.perf_counter()
        res = sales.complete_sale(self.db, self.op, system_clock, cart, tenders, **kw)
        t1 = time.perf_counter()
        doc = sale_receipts.receipt_document(self.db, res.number, QCoreApplication.translate)
        t2 = time.perf_counter()
        if not doc.blocks:
            raise RuntimeError(f"receipt {res.number} is empty")
        return t1 - t0, t2 - t1


def bench_sales(sess: Session, n: int, rnd: random.Random) -> dict:
    guard = sess.window.workspace.pages["sales"].shift_guard  # as the sales page is wired
    seller = Seller(sess.db, sess.ctx.operator, guard)
    total, sale_s, receipt_s = [], [], []
    for _ in range(n):
        sess.pump(1)  # as between two customers (the GUI's collector runs on the event loop)
        a, b = seller.once(rnd)
        total.append(a + b)
        sale_s.append(a)
        receipt_s.append(b)
    out = summary_ms(total)
    out["complete_sale_p95_ms"] = pct(sale_s, 95) * 1000
    out["receipt_p95_ms"] = pct(receipt_s, 95) * 1000
    return out


def daily_report_once(db, rules, pdfs, folder: Path) -> tuple[float, float]:
    """Yesterday's daily report, (data seconds, PDF seconds), its PDF made as the Reports page
    makes it: in the PDF process (pos/reports/pdf_process.py), written to a file."""
    from pos.services.clock import system_clock
    from pos.services.local_days import local_day
    from pos.services.reports import queries as reports

    day = local_day(system_clock()) - dt.timedelta(days=1)
    t0 = time.perf_counter()
    data = reports.daily_report(db, day, system_clock, rules)
    t1 = time.perf_counter()
    path = pdfs.write_report(data, folder / "daily.pdf", "zh_CN")
    t2 = time.perf_counter()
    if not path.read_bytes().startswith(b"%PDF"):
        raise RuntimeError("daily report: no PDF")
    return t1 - t0, t2 - t1


def child_rss_mb(pid: int | None) -> float | None:
    """VmRSS of another process (Linux); None elsewhere or when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, TypeError):
        pass
    return None


def young_vs_old(old: Station, young: Station, n: int, report_runs: int, rnd: random.Random,
                 folder: Path) -> dict:
    """Goal 3: the same work on the old station and on the young one with the same day's volume,
    alternating station by station (which goes first alternates too)."""
    from pos.reports.pdf_process import PdfProcess
    from pos.services.clock import system_clock
    from pos.services.pickup import handover as pickup
    from pos.wiring import station_due_sources

    sources = station_due_sources()
    scans = bench_waybills(2 * n, seed=rnd.randrange(10**6))
    both = (old, young)
    stock = {st.label: _rows(st.db, "SELECT phone_tail, pickup_code FROM parcel WHERE status = 'in_stock'")
             for st in both}
    sellers = {st.label: Seller(st.db, st.op) for st in both}
    times: dict = {st.label: {"checkin": [], "lookup": [], "sale": [], "daily_report": []} for st in both}
    for i in range(n):
        for k, st in enumerate(both if i % 2 == 0 else both[::-1]):
            code, carrier = scans[2 * i + (st is young)]
            t, res = st.checkin(code, carrier, st.phone(rnd))
            st.undo(res)
            times[st.label]["checkin"].append(t)
            query = rnd.choice(stock[st.label])[k]
            t0 = time.perf_counter()
            found = pickup.lookup(st.db, system_clock, query, sources)
            times[st.label]["lookup"].append(time.perf_counter() - t0)
            if not found.groups:
                raise RuntimeError(f"pickup lookup {query!r} on the {st.label} station found nothing")
            times[st.label]["sale"].append(sum(sellers[st.label].once(rnd)))
    pdfs = PdfProcess()
    try:
        for st in both:  # unmeasured: the PDF process started, its font parsed, pages cached
            daily_report_once(st.db, st.rules, pdfs, folder)
        for i in range(report_runs):
            for st in both if i % 2 == 0 else both[::-1]:
                times[st.label]["daily_report"].append(sum(daily_report_once(st.db, st.rules, pdfs, folder)))
    finally:
        pdfs.stop()
    out: dict = {}
    for label, figures in times.items():
        out[label] = {name: summary_ms(v) for name, v in figures.items()}
        out[label]["daily_report"]["median_ms"] = statistics.median(figures["daily_report"]) * 1000
    out["ratios"] = {name: out[old.label][name]["p95_ms"] / out[young.label][name]["p95_ms"]
                     for name in ("checkin", "lookup", "sale")}
    out["ratios"]["daily_report"] = out[old.label]["daily_report"]["median_ms"] / \
        out[young.label]["daily_report"]["median_ms"]
    return out


_BACKUP_CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from pos.db.backup import backup_sqlite
print("start", flush=True)
t0 = time.perf_counter()
made = backup_sqlite(Path(sys.argv[2]), Path(sys.argv[3]), "bench")
print(time.perf_counter() - t0, made.stat().st_size, flush=True)
"""


def run_backup(src: Path, dest: Path, while_running=None) -> dict:
    """pos.db.backup.backup_sqlite (the app's backup) of ``src`` in a child process, timed in the
    child from its first page to the copy in place; ``while_running`` is called until it ends."""
    shutil.rmtree(dest, ignore_errors=True)
    proc = subprocess.Popen([sys.executable, "-c", _BACKUP_CHILD, str(ROOT), str(src), str(dest)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "start":
        raise RuntimeError("the backup child did not start")
    calls = 0
    while while_running is not None and proc.poll() is None:
        while_running()
        calls += 1
    rest = proc.stdout.read()
    if proc.wait() != 0 or not rest.strip():
        raise RuntimeError("the backup failed")
    seconds, size = rest.split()
    shutil.rmtree(dest, ignore_errors=True)
    return {"seconds": float(seconds), "size_mb": int(size) / 1e6, "calls_during": calls}


def backup_and_checkin(st: Station, db_path: Path, workdir: Path, n: int, rnd: random.Random) -> dict:
    """Goal 5: the backup alone, timed; then check-ins (the service call, as goal 2) without a
    backup and while another backup runs."""
    scans = iter(bench_waybills(n * 20, seed=rnd.randrange(10**6)))
    quiet: list[float] = []
    during: list[float] = []

    def one(into: list[float]) -> None:
        code, carrier = next(scans)
        t, res = st.checkin(code, carrier, st.phone(rnd))
        st.undo(res)
        into.append(t)

    alone = run_backup(db_path, workdir / "bench-backups")
    for _ in range(n):
        one(quiet)
    with_checkins = run_backup(db_path, workdir / "bench-backups", lambda: one(during) if len(during) < n * 19 else
                               time.sleep(0.05))
    out = {"backup_s": alone["seconds"], "backup_mb": alone["size_mb"],
           "backup_with_checkins_s": with_checkins["seconds"], "quiet": summary_ms(quiet)}
    out["during"] = summary_ms(during) if during else None
    out["p95_ratio"] = out["during"]["p95_ms"] / out["quiet"]["p95_ms"] if during else None
    return out


def bench_reports(sess: Session, runs: int, folder: Path) -> dict:
    """Each report's data read in the app's process and its PDF made in the PDF process, as the
    Reports page does; the first run of each starts that process and parses its font (cold)."""
    from pos.reports.pdf_process import PdfProcess
    from pos.services.reports import queries as reports
    from pos.services.clock import system_clock
    from pos.services.local_days import local_day

    today = local_day(system_clock())
    day = today - dt.timedelta(days=1)
    first_of_month = today.replace(day=1)
    last_month = first_of_month - dt.timedelta(days=1)
    out: dict = {}
    pdfs = PdfProcess()
    try:
        for name, make in (("daily", lambda: reports.daily_report(sess.db, day, system_clock, sess.ctx.wiring.rules)),
                           ("monthly", lambda: reports.monthly_report(sess.db, last_month.year, last_month.month,
                                                                      system_clock, sess.ctx.wiring.rules))):
            data_s, pdf_s = [], []
            for _ in range(runs + 1):
                sess.pump(1)
                t0 = time.perf_counter()
                data = make()
                t1 = time.perf_counter()
                path = pdfs.write_report(data, folder / f"{name}.pdf", "zh_CN")
                t2 = time.perf_counter()
                if not path.read_bytes().startswith(b"%PDF"):
                    raise RuntimeError(f"{name} report: no PDF")
                data_s.append(t1 - t0)
                pdf_s.append(t2 - t1)
            warm = [a + b for a, b in zip(data_s[1:], pdf_s[1:])]
            out[name] = {"period": str(day) if name == "daily" else f"{last_month:%Y-%m}",
                         "cold_s": data_s[0] + pdf_s[0], "median_s": statistics.median(warm),
                         "median_data_s": statistics.median(data_s[1:]), "median_pdf_s": statistics.median(pdf_s[1:]),
                         "received": data.parcels.total.received, "sales": data.sales.count}
        out["pdf_process_rss_mb"] = child_rss_mb(pdfs.pid)  # its own memory, given back when it ends
    finally:
        pdfs.stop()  # as the Reports page does when the partner leaves it
    return out


def mixed_rounds(sess: Session, rounds: int) -> None:
    """Every page shown (each refreshes from the database), as a day at the counter goes."""
    for _ in range(rounds):
        for key in ("pickup", "purchases", "sales", "reports", "villagers", "settings", "checkin"):
            page = sess.page(key)
            if hasattr(page, "activated"):
                page.activated()
            sess.pump()


def db_size(path: Path) -> dict:
    files = [path, Path(f"{path}-wal")]
    out = {"file_mb": path.stat().st_size / 1e6,
           "with_wal_mb": sum(p.stat().st_size for p in files if p.exists()) / 1e6}
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8").fetchall()
        out["largest_mb"] = {name: round(size / 1e6, 1) for name, size in rows}
    except sqlite3.Error:
        pass  # dbstat is not compiled into every SQLite
    try:
        n, avg = conn.execute("SELECT count(*), avg(length(document)) FROM print_job").fetchone()
        out["print_jobs"] = {"rows": n, "avg_document_bytes": round(avg or 0)}
    finally:
        conn.close()
    return out


# running it -------------------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> dict:
    from build_station_db import OWNER_PIN

    cfg = dict(QUICK if args.quick else FULL)
    if args.scans:
        cfg["scans"] = args.scans
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    name = "station-quick" if args.quick else f"station-{args.years}y"
    pristine = Path(args.db) if args.db else workdir / f"{name}.sqlite3"
    young_pristine = pristine.with_name(pristine.stem + "-month.sqlite3")
    out: dict = {"quick": args.quick, "years": 1 if args.quick else args.years, "config": cfg,
                 "machine": machine(), "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    out["build"] = ensure_database(pristine, args.quick, args.reuse, args.years)
    # goal 3's young station: the last 30 days of the same history (the same day's volume)
    out["build_young"] = ensure_database(young_pristine, args.quick, args.reuse, args.years, recent_days=30)
    data_dir = workdir / "data"
    db_path = fresh_data_dir(pristine, data_dir)
    young_dir = workdir / "data-young"
    young_path = fresh_data_dir(young_pristine, young_dir)
    out["db_size_built"] = db_size(db_path)
    out["disk_probe"] = {"start": disk_probe(workdir)}

    cold_start_env(workdir)
    print("cold start ...", flush=True)
    out["cold_start"] = cold_start.measure(data_dir, cfg["cold_runs"])

    rnd = random.Random(5)
    print("session ...", flush=True)
    sess = Session(data_dir, workdir)
    young_db = None
    try:
        from pos.db.engine import sqlite_url
        from pos.db.opening import open_database
        from pos.services.station.auth import AuthService

        out["pyside_none_refcount"] = sess.none_guard
        out["memory"] = {"after_start_in_child_mb": out["cold_start"]["app_rss_mb"]}
        sess.login(OWNER_PIN)
        out["memory"]["after_login_mb"] = rss_mb()
        print(f"check-in x{cfg['scans']} ...", flush=True)
        out["checkin"] = bench_checkin(sess, cfg["scans"], rnd)
        guard = out["pyside_none_refcount"]
        lost = out["checkin"]["none_refs_lost_per_checkin"]
        if guard["propped"] and lost > 0:
            # how long the app itself would live: None's count after start over what a check-in costs
            guard["app_aborts_after_checkins"] = int(out["cold_start"].get("app_none_refcount") or
                                                     guard["none_refcount"]) // max(1, int(lost))
        print(f"lookups x{cfg['lookups']} ...", flush=True)
        out["lookup"] = bench_lookups(sess, cfg["lookups"], rnd)
        print(f"sales x{cfg['sales']} ...", flush=True)
        out["sale"] = bench_sales(sess, cfg["sales"], rnd)
        rules = sess.ctx.wiring.rules
        old = Station(sess.db, sess.ctx.operator, rules, "old")
        print("reports ...", flush=True)
        out["reports"] = bench_reports(sess, cfg["report_runs"], workdir)
        print("backup ...", flush=True)
        out["backup"] = backup_and_checkin(old, db_path, workdir, cfg["backup_checkins"], rnd)
        mixed_rounds(sess, cfg["mixed_rounds"])
        # goal 7 is the app's memory after the app's work: read before the benchmark's own
        # baselines below (statements caught and replayed, a plain sqlite3 connection, a second
        # station opened beside this one), which no station runs
        out["memory"]["after_workload_mb"] = rss_mb()
        out["memory"]["peak_mb"] = (rss_kb()["hwm_kb"] or 0) / 1024 or None
        print(f"check-in storage work vs a hand-written transaction x{cfg['storage_checkins']} ...", flush=True)
        out["storage"] = service_vs_raw(old, db_path, cfg["storage_checkins"], rnd)
        young_db = open_database(sqlite_url(young_path), young_dir / "backups")
        young = Station(young_db, AuthService(young_db).login(OWNER_PIN), rules, "young")
        print(f"old and young station x{cfg['young_rounds']} ...", flush=True)
        out["young_vs_old"] = young_vs_old(old, young, cfg["young_rounds"], cfg["young_report_runs"], rnd, workdir)
        young_db.dispose()
        young_db = None
        out["memory"]["with_baselines_mb"] = rss_mb()
    finally:
        if young_db is not None:
            young_db.dispose()
        sess.close()
    out["db_size"] = db_size(db_path)
    out["disk_probe"]["end"] = disk_probe(workdir)
    out["goals"] = goal_rows(out)
    out["finished"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return out


def verdict(value: float | None, goal: float) -> str:
    if value is None:
        return "n/a"
    return "PASS" if value <= goal else "OVER"


def goal_values(out: dict) -> dict[str, tuple[float | None, str]]:
    """Each goal's figure, and what it is made of."""
    cs, ci, yo, rp, bk = out["cold_start"], out["checkin"], out["young_vs_old"], out["reports"], out["backup"]
    st, size, mem = out["storage"], out["db_size_built"], out["memory"]
    r = yo["ratios"]

    def pair(name: str, key: str = "p95_ms") -> str:
        return f"{yo['old'][name][key]:.1f} / {yo['young'][name][key]:.1f} ms"

    return {
        "1": (ci["p95_ms"], f"p50 {ci['p50_ms']:.1f}, p99 {ci['p99_ms']:.1f} ms; Enter -> listed p95 "
                            f"{ci['phases_p95_ms']['enter_to_listed']:.1f} ms"),
        "2": (st["p95_ratio"], f"service {st['service']['p50_ms']:.1f} / {st['service']['p95_ms']:.1f} ms, "
                               f"transaction {st['raw']['p50_ms']:.1f} / {st['raw']['p95_ms']:.1f} ms (p50 / p95); "
                               f"the service's own statements replayed {st['replay']['p50_ms']:.1f} / "
                               f"{st['replay']['p95_ms']:.1f} ms: service / replay "
                               f"{st['service_vs_replay_p95']:.2f} x, replay / transaction "
                               f"{st['replay_vs_raw_p95']:.2f} x" + (
                                   f"; the check-in's own Python {st['python']['p50_ms']:.2f} / "
                                   f"{st['python']['p95_ms']:.2f} ms" if st.get("python") else "")),
        "3a": (r["checkin"], pair("checkin")),
        "3b": (r["lookup"], pair("lookup")),
        "3c": (r["sale"], pair("sale")),
        "3d": (r["daily_report"], pair("daily_report", "median_ms")),
        "3e": (rp["daily"]["median_s"] * 1000, f"data {rp['daily']['median_data_s'] * 1000:.0f} ms, "
                                               f"PDF {rp['daily']['median_pdf_s'] * 1000:.0f} ms (PDF process); "
                                               f"first {rp['daily']['cold_s'] * 1000:.0f} ms"),
        "3f": (rp["monthly"]["median_s"] * 1000, f"data {rp['monthly']['median_data_s'] * 1000:.0f} ms, "
                                                 f"PDF {rp['monthly']['median_pdf_s'] * 1000:.0f} ms"),
        "4": (size["file_mb"], "as built; largest: " + ", ".join(
            f"{k} {v:.0f}" for k, v in list(size.get("largest_mb", {}).items())[:4])),
        "5a": (bk["backup_s"], f"{bk['backup_mb']:.0f} MB; {bk['backup_with_checkins_s']:.1f} s with check-ins"),
        "5b": (bk["p95_ratio"], (f"{bk['during']['p95_ms']:.1f} ms (n={bk['during']['n']}) / "
                                 f"{bk['quiet']['p95_ms']:.1f} ms") if bk["during"] else "no check-in during it"),
        "6a": (cs["ratio"], f"{cs['app_median_s'] * 1000:.0f} ms / {cs['bare_median_s'] * 1000:.0f} ms"),
        "6b": (cs["ready_median_s"] * 1000, f"memory at the paint {cs['painted_rss_mb']:.0f} MB"),
        "7": (mem.get("after_workload_mb"), "; ".join(
            ([f"peak {mem['peak_mb']:.0f} MB"] if mem.get("peak_mb") else []) +
            ([f"PDF process {rp['pdf_process_rss_mb']:.0f} MB while it ran"] if rp.get("pdf_process_rss_mb") else []) +
            ([f"{mem['with_baselines_mb']:.0f} MB once the benchmark's baselines ran"]
             if mem.get("with_baselines_mb") else []))),
    }


def goal_rows(out: dict) -> list[dict]:
    values = goal_values(out)
    rows = []
    for gid, what, limit, unit in GOALS:
        value, detail = values[gid]
        rows.append({"goal": gid, "what": what, "value": value, "unit": unit, "limit": limit,
                     "verdict": verdict(value, limit), "detail": detail})
    return rows


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "x":
        return f"{value:.2f} x"
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def table(out: dict, other: dict | None = None) -> str:
    """The goals' table; with ``other`` (the run at another station size) its figures alongside
    (goal 8: every figure's growth from five to ten years)."""
    b = out["build"]
    years = out["years"]
    head = ["goal", "figure", f"{years} years", "limit", "", "made of"]
    others = {}
    if other is not None:
        others = {r["goal"]: r for r in other.get("goals", [])}
        head.insert(3, f"{other['years']} years")
    rows = [head]
    for r in out["goals"]:
        row = [r["goal"], r["what"], _fmt(r["value"], r["unit"]), f"<= {_fmt(r['limit'], r['unit'])}", r["verdict"],
               r["detail"]]
        if other is not None:
            o = others.get(r["goal"])
            row.insert(3, _fmt(o["value"], o["unit"]) if o else "")
        rows.append(row)
    if other is not None:
        rows.append(["8", f"growth: the same table at {years} and {other['years']} years", "shown", "shown", "",
                     "PASS", ""])
    else:
        rows.append(["8", "growth: run again with --years 10 (the table then shows both)", "", "", "n/a", ""])
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(head))]
    lines = [f"station: {years} years, {b['counts'].get('parcel', 0):,} parcels, "
             f"{b['counts'].get('parcel_event', 0):,} parcel events, {b['counts'].get('print_job', 0):,} print jobs, "
             f"{b['counts'].get('sale', 0):,} sales ({'reused' if b.get('reused') else 'built'} in {b['build_s']:.0f} s); "
             f"young station {out['build_young']['counts'].get('parcel', 0):,} parcels",
             f"machine: {out['machine']['cpu']}, {out['machine']['cores']} cores, {out['machine']['ram_gb']} GB; "
             f"Python {out['machine']['python']}, SQLite {out['machine']['sqlite']}, PySide6 {out['machine']['pyside6']}"]
    probe = out.get("disk_probe", {})
    if probe.get("start") and probe.get("end"):
        lines.append("disk now: a 4 KB write and fsync p50 / p95 " + ", ".join(
            f"{probe[k]['p50_ms']:.2f} / {probe[k]['p95_ms']:.2f} ms at the {k}" for k in ("start", "end")))
    for r in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    lk, sa = out["lookup"], out["sale"]
    lines.append(f"also: lookup by phone tail p99 {lk['phone_tail']['p99_ms']:.1f} ms, by code p99 "
                 f"{lk['code']['p99_ms']:.1f} ms; sale + receipt p95 {sa['p95_ms']:.1f} ms; memory after login "
                 f"{out['memory']['after_login_mb']:.0f} MB; database after the run {out['db_size']['file_mb']:.0f} MB")
    guard = out.get("pyside_none_refcount", {})
    if guard.get("propped"):
        lines.append(f"WARNING PySide6 loses a reference to None: {guard['lost_per_void_call']:.0f} per void call, "
                     f"{out['checkin']['none_refs_lost_per_checkin']:.0f} per check-in; the app aborts after about "
                     f"{guard.get('app_aborts_after_checkins', '?')} check-ins")
    return "\n".join(lines)


def default_json(quick: bool, years: int) -> Path:
    return RESULTS / ("bench_station_quick.json" if quick else f"bench_station_{years}y.json")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small station and fewer runs (CI, a few minutes)")
    ap.add_argument("--years", type=int, default=5, help="years of history (5: 1,000,000 parcels; 10: 2,000,000)")
    ap.add_argument("--db", help="the built station database (default: in --workdir); built unless --reuse")
    ap.add_argument("--reuse", action="store_true", help="reuse the built stations when present instead of "
                    "building them again")
    ap.add_argument("--json", type=Path, help="where to write the figures (benchmarks/results/bench_station_<N>y.json)")
    ap.add_argument("--compare", type=Path, help="a result of another station size, shown alongside "
                    "(default: the five-year result when --years is not 5)")
    ap.add_argument("--workdir", default=str(DEFAULT_WORKDIR), help="scratch folder (data folder, byte code)")
    ap.add_argument("--scans", type=int, help="check-ins to measure (default 1000, quick 60)")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        out = run(args)
    except Exception:  # noqa: BLE001 - any failure is the benchmark's failure: say it and exit 1
        traceback.print_exc()
        return 1
    compare = args.compare or (default_json(False, 5) if not args.quick and args.years != 5 else None)
    other = json.loads(compare.read_text(encoding="utf-8")) if compare and compare.exists() else None
    print(table(out, other))
    target = args.json or default_json(args.quick, args.years)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"written: {target}")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written. Skip the interpreter's teardown: PySide6 6.12 on Python 3.11 may
    # abort while garbage-collecting Qt wrappers at exit (none_dealloc), which would turn a
    # finished run into a failure.
    os._exit(code)
