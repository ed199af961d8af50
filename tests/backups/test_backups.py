"""Backups while the app writes, rotation, the second folder, daily backups, restore checks."""

import datetime as dt
import sqlite3
import threading
import time
import uuid

import pytest
from sqlalchemy import func, select

from pos.db import backup as raw
from pos.db.models import AuditEntry, Payment
from pos.services.station import backups
from pos.services import settings as st

UTC = dt.timezone.utc


def payments(db) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(Payment)))


def add_payment(db, fen=100):
    with db.unit_of_work() as s:
        s.add(Payment(id=uuid.uuid4(), purpose="sale", method="cash", amount_fen=fen, operator="王小明"))


def test_backup_taken_while_another_thread_writes_then_restored(paths, url, station_db):
    stop = threading.Event()
    written = []

    def writer():
        while not stop.is_set():
            add_payment(station_db)
            written.append(1)

    t = threading.Thread(target=writer)
    t.start()
    try:
        while len(written) < 20:
            time.sleep(0.001)
        result = backups.take_backup(paths, url, backups.MANUAL)
        after = len(written)
        while len(written) < after + 20:  # the writer went on after the backup
            time.sleep(0.001)
    finally:
        stop.set()
        t.join()
    assert raw.integrity_ok(result.path)
    in_backup = sqlite3.connect(result.path).execute("select count(*) from payment").fetchone()[0]
    assert 20 <= in_backup < len(written)  # a consistent snapshot taken in the middle of the writes
    total = payments(station_db)
    assert total == len(written)
    station_db.dispose()
    restored = backups.restore_backup(paths, url, result.path)
    assert payments(station_db) == in_backup
    # the database it replaced was kept as a consistent backup with every payment
    kept = sqlite3.connect(restored.kept)
    assert kept.execute("select count(*) from payment").fetchone()[0] == total
    kept.close()
    assert restored.kept.name.endswith("-before-restore.sqlite3")
    with station_db.reader() as s:
        assert s.scalars(select(AuditEntry.action).order_by(AuditEntry.at)).all()[-1] == "database.restored"


def test_restore_into_the_running_app(paths, url, station_db):
    add_payment(station_db)
    first = backups.take_backup(paths, url, backups.MANUAL, now=dt.datetime(2026, 11, 20, tzinfo=UTC)).path
    add_payment(station_db)
    add_payment(station_db)
    result = backups.restore_backup(paths, url, first, live_db=station_db)
    assert payments(station_db) == 1  # the open Database sees the restored content
    assert sqlite3.connect(result.kept).execute("select count(*) from payment").fetchone()[0] == 3


def test_corrupt_backup_is_refused_and_nothing_changes(paths, url, station_db):
    good = backups.take_backup(paths, url, backups.MANUAL).path
    bad = paths.backups / "20261101-010101-manual.sqlite3"
    data = bytearray(good.read_bytes())
    data[4096:4096 * 2] = b"\xff" * 4096  # a damaged page
    bad.write_bytes(bytes(data))
    add_payment(station_db)
    with pytest.raises(backups.RestoreRefused) as e:
        backups.restore_backup(paths, url, bad)
    assert "damaged" in str(e.value) or "not a Village" in str(e.value)
    garbage = paths.root / "garbage.sqlite3"
    garbage.write_bytes(b"not a database" * 500)
    with pytest.raises(backups.RestoreRefused):
        backups.restore_backup(paths, url, garbage, live_db=station_db)
    assert payments(station_db) == 1
    assert not any(i.kind == "before-restore" for i in backups.list_backups(paths.backups))


def test_backup_from_a_newer_version_is_refused(paths, url, station_db):
    made = backups.take_backup(paths, url, backups.MANUAL).path
    conn = sqlite3.connect(made)
    conn.execute("update alembic_version set version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(backups.RestoreRefused) as e:
        backups.restore_backup(paths, url, made)
    assert "newer version" in str(e.value)


def test_a_file_that_is_not_a_station_backup_is_refused(paths, url, station_db, tmp_path):
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("create table t(x)")
    conn.commit()
    conn.close()
    with pytest.raises(backups.RestoreRefused):
        backups.restore_backup(paths, url, other)
    with pytest.raises(backups.RestoreRefused):
        backups.restore_backup(paths, url, tmp_path / "missing.sqlite3")


def test_restore_refused_while_the_app_runs_on_the_folder(paths, url, station_db):
    from pos.instance import acquire_instance_lock

    made = backups.take_backup(paths, url, backups.MANUAL).path
    lock = acquire_instance_lock(paths.lock_file)
    try:
        with pytest.raises(backups.RestoreRefused) as e:
            backups.restore_backup(paths, url, made)
        assert "running" in str(e.value)
    finally:
        lock.release()


def test_rotation_keeps_the_newest_30_and_every_safety_copy(paths, url, station_db):
    start = dt.datetime(2026, 10, 1, 8, tzinfo=UTC)
    raw.backup_sqlite(paths.database, paths.backups, "before-upgrade-0004_sales_purchases", now=start)
    raw.backup_sqlite(paths.database, paths.backups, "before-restore", now=start)
    (paths.backups / "notes.txt").write_text("the partner's own file")
    for i in range(35):
        label = (backups.DAILY, backups.MANUAL, "shift-S20261001-01")[i % 3]
        backups.take_backup(paths, url, label, now=start + dt.timedelta(hours=i + 1))
    left = backups.list_backups(paths.backups)
    routine = [i for i in left if i.rotates]
    assert len(routine) == 30
    assert routine[-1].at == start + dt.timedelta(hours=6)  # the five oldest went
    assert {i.kind for i in left if not i.rotates} == {"before-upgrade", "before-restore"}
    assert (paths.backups / "notes.txt").exists()


def test_second_folder_gets_a_copy_and_its_own_rotation(paths, url, station_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    result = backups.take_backup(paths, url, backups.MANUAL, str(usb), keep=2)
    assert result.copy == usb / result.path.name and result.second_problem is None
    assert raw.integrity_ok(result.copy)
    for h in range(3):
        backups.take_backup(paths, url, backups.DAILY, str(usb), keep=2,
                            now=dt.datetime(2030, 1, 1, h, tzinfo=UTC))
    assert len(backups.list_backups(usb)) == 2


def test_missing_usb_stick_is_reported_never_raised(paths, url, station_db, tmp_path):
    result = backups.take_backup(paths, url, backups.DAILY, str(tmp_path / "E-drive" / "备份"))
    assert result.path.exists() and result.copy is None
    assert "USB" in str(result.second_problem)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = backups.take_backup(paths, url, backups.MANUAL, str(blocker), create_second=True)
    assert result.copy is None and result.second_problem is not None


def test_daily_backup_once_per_local_day(paths, url, station_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    morning = dt.datetime(2026, 11, 22, 12, tzinfo=UTC)
    first = backups.daily_backup_if_due(paths, url, str(usb), now=morning)
    assert first is not None and first.copy is not None and "-daily" in first.path.name
    assert backups.daily_backup_if_due(paths, url, str(usb), now=morning + dt.timedelta(minutes=30)) is None
    assert backups.daily_backup_if_due(paths, url, "", now=morning + dt.timedelta(days=1)) is not None


def test_shift_close_backup_is_named_after_the_shift(paths, url, station_db):
    result = backups.shift_close_backup(paths, url, "S20261122-01")
    assert result.path.name.endswith("-shift-S20261122-01.sqlite3")
    assert backups.list_backups(paths.backups)[0].kind == "shift"


def test_postgres_is_backed_up_with_pg_dump_and_an_unreachable_server_is_said(paths):
    # the real pg_dump/pg_restore round trips are in tests/server/test_pg_backups.py
    url = "postgresql+psycopg://pos:x@127.0.0.1:1/station"
    with pytest.raises(backups.BackupFailed, match="cannot be reached"):
        backups.take_backup(paths, url, backups.MANUAL)
    with pytest.raises(backups.RestoreRefused, match=r"\.pgdump"):
        backups.restore_backup(paths, url, paths.root / "x.sqlite3")


def test_second_folder_setting_round_trips(station_db, tmp_path):
    from pos.domain.users import Operator, Role

    assert backups.read_second_folder(station_db) == ""
    st.save(station_db, Operator(uuid.uuid4(), "王小明", Role.OWNER), {backups.SECOND_FOLDER: str(tmp_path)})
    assert backups.read_second_folder(station_db) == str(tmp_path)
