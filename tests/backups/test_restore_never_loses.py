"""Restores that never lose: a backup's -wal sidecar, a write-protected stick, two restores in one
second, a read-only data folder, and the .partial files a killed or failed backup leaves."""

import argparse
import datetime as dt
import errno
import os
import shutil
import sqlite3
import time

import pytest

from pos.commands import restore as restore_cmd
from pos.commands.common import CommandContext
from pos.db import backup as raw
from pos.services.station import backups

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


def station_name(path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("select name from station").fetchone()[0]
    finally:
        con.close()


def backup_with_commits_in_its_wal(paths, url, folder):
    """A backup copied (file and -wal) while a program had written to it and not yet checkpointed."""
    made = backups.take_backup(paths, url, backups.MANUAL, now=NOW).path
    con = sqlite3.connect(made)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE station SET name = '只在日志里的名字'")
    con.commit()
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / made.name
    shutil.copyfile(made, copy)
    shutil.copyfile(made.with_name(made.name + "-wal"), copy.with_name(copy.name + "-wal"))
    con.close()
    assert os.path.getsize(copy.with_name(copy.name + "-wal")) > 0
    return copy


def test_restore_keeps_the_commits_in_a_backups_wal(paths, url, station_db, tmp_path):
    copy = backup_with_commits_in_its_wal(paths, url, tmp_path / "usb")
    station_db.dispose()
    backups.restore_backup(paths, url, copy)
    assert station_name(paths.database) == "只在日志里的名字"


def test_restore_into_the_running_app_keeps_the_wal_commits(paths, url, station_db, tmp_path):
    copy = backup_with_commits_in_its_wal(paths, url, tmp_path / "usb")
    backups.restore_backup(paths, url, copy, live_db=station_db)
    assert station_name(paths.database) == "只在日志里的名字"


def test_checking_a_backup_writes_nothing_beside_it(paths, url, station_db, tmp_path):
    made = backups.take_backup(paths, url, backups.MANUAL, now=NOW).path
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = usb / made.name
    shutil.copyfile(made, copy)
    assert backups.check_backup_file(copy)
    assert raw.newest_good_backup(usb) == copy
    assert sorted(p.name for p in usb.iterdir()) == [made.name]  # no -shm, no -wal on the stick


def test_a_good_backup_on_a_write_protected_stick_is_restored(paths, url, station_db, tmp_path, write_protect):
    made = backups.take_backup(paths, url, backups.MANUAL, now=NOW).path
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = usb / made.name
    shutil.copyfile(made, copy)
    with station_db.unit_of_work() as s:
        from sqlalchemy import text
        s.execute(text("UPDATE station SET name = '改过'"))
    write_protect(copy, usb)
    assert backups.check_backup_file(copy)
    station_db.dispose()
    backups.restore_backup(paths, url, copy)
    assert station_name(paths.database) == "清水村服务站"


def test_a_write_protected_backup_with_a_wal_is_restored_whole(paths, url, station_db, tmp_path, write_protect):
    usb = tmp_path / "usb"
    copy = backup_with_commits_in_its_wal(paths, url, usb)
    write_protect(copy, copy.with_name(copy.name + "-wal"), usb)
    station_db.dispose()
    backups.restore_backup(paths, url, copy)
    assert station_name(paths.database) == "只在日志里的名字"


def test_two_restores_in_one_second_keep_both_databases(paths, url, station_db):
    from sqlalchemy import text

    made = backups.take_backup(paths, url, backups.MANUAL, now=NOW - dt.timedelta(hours=1)).path
    with station_db.unit_of_work() as s:
        s.execute(text("UPDATE station SET name = '第一次'"))
    first = backups.restore_backup(paths, url, made, live_db=station_db, now=NOW)
    with station_db.unit_of_work() as s:
        s.execute(text("UPDATE station SET name = '第二次'"))
    second = backups.restore_backup(paths, url, made, live_db=station_db, now=NOW)
    assert first.kept != second.kept
    assert station_name(first.kept) == "第一次"
    assert station_name(second.kept) == "第二次"
    assert {i.kind for i in backups.list_backups(paths.backups)} >= {"before-restore"}
    assert len([i for i in backups.list_backups(paths.backups) if i.kind == "before-restore"]) == 2


def test_two_backups_in_one_second_do_not_overwrite(paths, url, station_db):
    a = backups.take_backup(paths, url, backups.MANUAL, now=NOW).path
    b = backups.take_backup(paths, url, backups.MANUAL, now=NOW).path
    assert a != b and a.exists() and b.exists()
    assert backups.info(b).kind == backups.MANUAL


def test_a_damaged_database_replaced_twice_in_one_second_keeps_both(paths, url, station_db):
    made = backups.take_backup(paths, url, backups.MANUAL, now=NOW).path
    station_db.dispose()
    paths.database.write_bytes(b"first damage" * 100)
    one = raw.restore_file(made, paths.database, paths.backups)
    paths.database.write_bytes(b"second damage" * 100)
    two = raw.restore_file(made, paths.database, paths.backups)
    assert one != two
    assert one.read_bytes().startswith(b"first damage") and two.read_bytes().startswith(b"second damage")


def test_restore_onto_a_read_only_data_folder_says_so(paths, url, station_db, tmp_path, write_protect, capsys):
    made = backups.take_backup(paths, url, backups.MANUAL, now=NOW).path
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = usb / made.name
    shutil.copyfile(made, copy)
    station_db.dispose()
    before = paths.database.read_bytes()
    write_protect(*[p for p in paths.root.rglob("*") if p.is_file()], *[p for p in paths.root.rglob("*") if p.is_dir()],
                  paths.root)
    a = argparse.Namespace(data_dir=paths.root, db=None, lang="en", file=copy)
    assert restore_cmd.run(CommandContext(a), a) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "cannot be written" in err and str(paths.root) in err
    assert paths.database.read_bytes() == before


def test_restore_service_refuses_a_read_only_data_folder_cleanly(paths, url, station_db, tmp_path, monkeypatch):
    made = backups.take_backup(paths, url, backups.MANUAL, now=NOW).path

    def denied(*a, **k):
        raise PermissionError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(raw, "backup_sqlite", denied)
    with pytest.raises(backups.RestoreRefused) as e:
        backups.restore_backup(paths, url, made, live_db=station_db)
    assert "cannot be written" in str(e.value)


# .partial leftovers --------------------------------------------------------------------------------
def leftover(folder, name="20261120-083000-manual.partial", size=1 << 20, age_s=0):
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_bytes(b"\0" * size)
    if age_s:
        t = time.time() - age_s
        os.utime(p, (t, t))
    return p


def test_partials_left_by_a_killed_backup_are_removed_at_the_next_start(paths, url, station_db, tmp_path):
    usb = tmp_path / "usb"
    here, there = leftover(paths.backups), leftover(usb)
    backups.take_backup(paths, url, backups.DAILY, now=NOW)  # a backup was made today already
    assert backups.daily_backup_if_due(paths, url, str(usb), now=NOW + dt.timedelta(minutes=5)) is None
    assert not here.exists() and not there.exists()


def test_rotation_removes_stale_partials_and_keeps_one_being_written(paths, url, station_db):
    stale = leftover(paths.backups, "20261101-010101-daily.partial", age_s=3600)
    fresh = leftover(paths.backups, "20261120-083001-shift-1.partial")
    backups.take_backup(paths, url, backups.MANUAL, now=NOW)
    assert not stale.exists()
    assert fresh.exists()  # another thread may be writing it right now


def test_a_full_stick_keeps_no_partial(paths, url, station_db, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    real = shutil.copyfile

    def fills_up(src, dst, *a, **k):
        with open(dst, "wb") as f:
            f.write(b"\0" * 4096)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(shutil, "copyfile", fills_up)
    result = backups.take_backup(paths, url, backups.MANUAL, str(usb), now=NOW)
    monkeypatch.setattr(shutil, "copyfile", real)
    assert result.second_problem is not None
    assert list(usb.iterdir()) == []


def test_the_backup_tab_says_the_data_folder_cannot_be_written(qtbot, qapp, paths, station_db, monkeypatch):
    from pos.ui.pages.settings.backup_tab import BackupTab

    from .test_backup_tab import owner_of, ui_ctx

    ctx = ui_ctx(qapp, station_db, paths)
    ctx.translations.use("zh_CN")
    ctx.session.set_operator(owner_of(station_db))
    backups.take_backup(paths, ctx.db.engine.url, backups.MANUAL, now=NOW)
    tab = BackupTab(ctx)
    qtbot.addWidget(tab)
    tab._confirm = lambda text: True

    def denied(*a, **k):
        raise PermissionError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(raw, "backup_sqlite", denied)
    job = tab.restore_selected()
    qtbot.waitUntil(lambda: job.done)
    text = tab.result.text()
    assert "无法写入" in text and str(paths.root) in text and "Errno" not in text


def test_damaged_backups_are_restored_whole_or_refused_never_a_raw_error(paths, url, station_db, tmp_path):
    """60 copies of a backup with 20 bytes flipped each: SQLite's integrity report on some of
    them quotes names that are no longer UTF-8, which raised UnicodeDecodeError out of the check."""
    import random

    rnd = random.Random(7)
    data = backups.take_backup(paths, url, backups.MANUAL, now=NOW).path.read_bytes()
    outcomes = {"restored": 0, "refused": 0}
    for i in range(60):
        b = bytearray(data)
        for _ in range(20):
            b[rnd.randrange(100, len(b))] ^= 0xFF
        f = tmp_path / f"damaged-{i}.sqlite3"
        f.write_bytes(bytes(b))
        try:
            backups.restore_backup(paths, url, f, live_db=station_db)
            outcomes["restored"] += 1
        except backups.RestoreRefused:
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0 and sum(outcomes.values()) == 60
