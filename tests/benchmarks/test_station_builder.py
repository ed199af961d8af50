"""The benchmark's station builder leaves a database the app can go on with, whatever the hour."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from pos.db.engine import sqlite_url
from pos.db.opening import open_database
from pos.services.clock import ManualClock
from pos.services.local_days import day_start, local_day
from pos.services.shifts.drawer import open_shift
from pos.services.station.auth import AuthService

ROOT = Path(__file__).resolve().parents[2]


def _builder():
    spec = importlib.util.spec_from_file_location("build_station_db", ROOT / "benchmarks" / "build_station_db.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_station_db", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.timeout(300)
def test_a_shift_opened_after_todays_closed_one_takes_the_next_number(tmp_path: Path) -> None:
    # CI once ran the quick benchmark late in the evening: the built day's shift was closed and
    # the bench's own shift took "-01" again (UNIQUE constraint failed: shift.number)
    builder = _builder()
    today = local_day(dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=1)
    evening = day_start(today) + dt.timedelta(hours=21)
    path = tmp_path / "late.sqlite3"
    builder.build(path, dataclasses.replace(builder.QUICK, recent_days=2), now=evening, log=lambda _m: None)

    db = open_database(sqlite_url(path), tmp_path / "backups")
    try:
        clock = ManualClock(evening + dt.timedelta(minutes=5))
        owner = AuthService(db, clock=clock).login(builder.OWNER_PIN)
        shift = open_shift(db, owner, clock, 20000)
    finally:
        db.dispose()
    assert shift.number == f"S{today:%Y%m%d}-02"



@pytest.mark.timeout(300)
def test_the_build_waits_for_a_checkpoint_of_its_set_up(tmp_path: Path, monkeypatch) -> None:
    # CI once failed the quick benchmark with "database is locked": the app's checkpoint thread
    # was copying the set-up's last commits back, on a connection of its own, when the builder
    # left WAL mode, which needs the file to itself and fails at once otherwise (no waiting for
    # a lock). Here every checkpoint comes at once and holds its connection a second (a slow
    # disk in CI), so the two always meet.
    import sqlite3
    import threading
    import time

    from pos.db import checkpoints

    held = threading.Event()

    def slow_checkpoint(path: str) -> None:
        with checkpoints._files:
            con = sqlite3.connect(path, timeout=0)
            con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()  # the log open, as a checkpoint has it
            held.set()
            time.sleep(1.0)
            con.close()

    monkeypatch.setattr(checkpoints, "QUIET_S", 0.0)
    monkeypatch.setattr(checkpoints, "checkpoint", slow_checkpoint)
    builder = _builder()
    path = tmp_path / "station.sqlite3"
    builder.build(path, dataclasses.replace(builder.QUICK, recent_days=2), log=lambda _m: None)
    assert held.is_set()
    db = open_database(sqlite_url(path), tmp_path / "backups")
    try:
        assert AuthService(db).login(builder.OWNER_PIN) is not None
    finally:
        db.dispose()


@pytest.mark.timeout(300)
def test_the_young_station_has_every_kind_of_order_the_old_one_has(tmp_path: Path) -> None:
    # the page benchmark compares the purchases list by status on both stations: a young station
    # without cancelled or refunded orders compared those lists with empty ones
    import sqlite3

    builder = _builder()
    path = tmp_path / "young.sqlite3"
    builder.build(path, dataclasses.replace(builder.QUICK, recent_days=30), log=lambda _m: None)
    con = sqlite3.connect(path)
    try:
        statuses = dict(con.execute("SELECT status, count(*) FROM purchase_order GROUP BY status").fetchall())
        unlinked = con.execute("SELECT count(*) FROM purchase_order WHERE id NOT IN "
                               "(SELECT order_id FROM purchase_waybill)").fetchone()[0]
    finally:
        con.close()
    assert {"collected", "cancelled", "refunded"} <= statuses.keys(), statuses
    assert {"placed", "shipped"} & statuses.keys(), statuses
    total = sum(statuses.values())
    assert 0.02 < unlinked / total < 0.10, (unlinked, total)
