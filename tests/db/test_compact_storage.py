"""Keys as 16 bytes and times as microseconds on SQLite (pos.db.types, migration 0017).

A station that upgrades keeps every record exactly (the same key, the same time to the
microsecond), the audit log stays closed to changes, and the file shrinks once after the upgrade.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import downgrade, upgrade
from pos.db.models import AuditEntry, Parcel, ParcelEvent
from pos.db import opening
from pos.db.opening import COMPACT_DUE, open_database
from pos.db.types import from_micros, micros
from pos.db.unit_of_work import Database

BEFORE = "0016_report_speed"
UTC = dt.timezone.utc


def _filler(declared: str):
    """A value of a NOT NULL column in the text forms a station before 0017 holds."""
    declared = declared.upper()
    if declared == "CHAR(32)":
        return uuid.uuid4().hex
    if declared == "DATETIME":
        return "2024-01-01 00:00:00.000000"
    if declared == "DATE":
        return "2024-01-01"
    if declared in ("INTEGER", "BOOLEAN"):
        return 0
    return ""


def _insert_old(con: sqlite3.Connection, table: str, **values) -> None:
    columns = con.execute(f'PRAGMA table_info("{table}")').fetchall()
    row = {name: values[name] if name in values else (_filler(declared) if notnull else None)
           for _cid, name, declared, notnull, _default, _pk in columns}
    con.execute(f'INSERT INTO "{table}" ({", ".join(row)}) VALUES ({", ".join("?" for _ in row)})',
                tuple(row.values()))


@pytest.fixture
def old_station(tmp_path: Path) -> Path:
    """A SQLite station at revision 0016 holding a parcel, its event and an audit entry as text."""
    path = tmp_path / "station.sqlite3"
    engine = make_engine(sqlite_url(path))
    upgrade(engine, BEFORE)
    engine.dispose()
    return path


PARCEL_ID = uuid.UUID("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")
EVENT_ID = uuid.UUID("11111111-2222-4333-8444-555555555555")
AUDIT_ID = uuid.UUID("99999999-8888-4777-8666-555555555555")
CHECKED_IN = dt.datetime(2021, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
PICKED_UP = dt.datetime(2021, 3, 5, 0, 0, 0, tzinfo=UTC)


def _fill_old(path: Path) -> None:
    con = sqlite3.connect(path)
    _insert_old(con, "parcel", id=PARCEL_ID.hex, waybill="SF1234567890", status="picked_up",
                created_at="2021-03-04 05:06:07.891011", updated_at="2021-03-05 00:00:00.000000",
                checked_in_at="2021-03-04 05:06:07.891011", picked_up_at="2021-03-05 00:00:00.000000")
    _insert_old(con, "parcel_event", id=EVENT_ID.hex, parcel_id=PARCEL_ID.hex, kind="checked_in",
                at="2021-03-04 05:06:07.891011")
    _insert_old(con, "audit_log", id=AUDIT_ID.hex, action="login", at="2021-03-04 05:00:00.000001")
    con.commit()
    con.close()


def test_an_upgraded_station_reads_every_key_and_time_exactly(old_station: Path):
    _fill_old(old_station)
    engine = make_engine(sqlite_url(old_station))
    upgrade(engine)
    db = Database(engine)
    with db.reader() as s:
        parcel = s.get(Parcel, PARCEL_ID)
        assert parcel is not None and parcel.waybill == "SF1234567890"
        assert parcel.checked_in_at == CHECKED_IN and parcel.picked_up_at == PICKED_UP
        event = s.scalars(select(ParcelEvent).where(ParcelEvent.parcel_id == PARCEL_ID)).one()
        assert (event.id, event.at) == (EVENT_ID, CHECKED_IN)
        audit = s.get(AuditEntry, AUDIT_ID)
        assert audit is not None and audit.at == dt.datetime(2021, 3, 4, 5, 0, 0, 1, tzinfo=UTC)
        # a range over the converted times still finds it
        found = s.scalars(select(Parcel.id).where(Parcel.checked_in_at >= CHECKED_IN,
                                                  Parcel.checked_in_at < PICKED_UP)).all()
        assert found == [PARCEL_ID]
    with engine.connect() as conn:
        kinds = conn.execute(text("SELECT typeof(id), length(id), typeof(checked_in_at), typeof(returned_at) "
                                  "FROM parcel")).one()
        assert tuple(kinds) == ("blob", 16, "integer", "null")
        assert conn.execute(text("SELECT typeof(parcel_id) FROM parcel_event")).scalar_one() == "blob"
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    engine.dispose()


def test_the_audit_log_stays_closed_to_changes_after_the_upgrade(old_station: Path):
    _fill_old(old_station)
    engine = make_engine(sqlite_url(old_station))
    upgrade(engine)
    with pytest.raises(IntegrityError, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET action = 'nothing'"))
    with engine.connect() as conn:
        triggers = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    assert {"audit_log_no_update", "audit_log_no_delete", "audit_log_no_replace"} <= triggers
    engine.dispose()


def test_downgrade_gives_back_the_text_forms_it_was_given(old_station: Path):
    _fill_old(old_station)
    con = sqlite3.connect(old_station)
    before = con.execute("SELECT * FROM parcel").fetchall() + con.execute("SELECT * FROM audit_log").fetchall()
    con.close()
    engine = make_engine(sqlite_url(old_station))
    upgrade(engine)
    downgrade(engine, BEFORE)
    engine.dispose()
    con = sqlite3.connect(old_station)
    after = con.execute("SELECT * FROM parcel").fetchall() + con.execute("SELECT * FROM audit_log").fetchall()
    con.close()
    assert after == before


def test_a_new_station_writes_sixteen_bytes_and_microseconds(database: Database):
    at = dt.datetime(2026, 12, 3, 8, 0, 0, 123456, tzinfo=UTC)
    with database.unit_of_work() as s:
        parcel = Parcel(waybill="YT0000000001", carrier="YTO", status="in_stock", checked_in_at=at)
        s.add(parcel)
        s.flush()
        pid = parcel.id
    with database.engine.connect() as conn:
        raw = conn.execute(text("SELECT id, checked_in_at FROM parcel")).one()
    assert raw[0] == pid.bytes and raw[1] == micros(at) and from_micros(raw[1]) == at


def test_keys_and_times_sort_as_their_text_did():
    ids = [uuid.uuid4() for _ in range(200)]
    assert sorted(ids, key=lambda u: u.bytes) == sorted(ids, key=lambda u: u.hex)
    times = [dt.datetime(2000, 1, 1, tzinfo=UTC) + dt.timedelta(microseconds=n * 987_654_321) for n in range(200)]
    assert sorted(times, key=micros) == sorted(times, key=lambda t: t.strftime("%Y-%m-%d %H:%M:%S.%f"))


def test_opening_an_old_station_upgrades_it_and_gives_the_freed_pages_back(old_station: Path, tmp_path: Path):
    con = sqlite3.connect(old_station)
    for n in range(3000):
        _insert_old(con, "parcel", waybill=f"ZT{n:010d}", status="picked_up")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = old_station.stat().st_size
    con.close()
    db = open_database(sqlite_url(old_station), tmp_path / "backups")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA freelist_count").scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM parcel WHERE typeof(id) = 'blob'")).scalar_one() == 3000
    db.engine.dispose()
    assert old_station.stat().st_size < 0.8 * before
    assert list((tmp_path / "backups").glob("*before-upgrade-0016*"))


def _user_version(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def test_a_compaction_not_done_at_the_upgrade_is_done_at_the_next_start(old_station: Path, tmp_path: Path,
                                                                          monkeypatch):
    _fill_old(old_station)
    engine = make_engine(sqlite_url(old_station))
    upgrade(engine)  # as if the app had been stopped between the upgrade and its VACUUM
    engine.dispose()
    assert _user_version(old_station) == COMPACT_DUE

    class NoRoom:
        free = 0

    with monkeypatch.context() as m:  # a full disk: no VACUUM, and it stays due
        m.setattr(opening.shutil, "disk_usage", lambda _path: NoRoom)
        open_database(sqlite_url(old_station), tmp_path / "backups").engine.dispose()
    assert _user_version(old_station) == COMPACT_DUE
    db = open_database(sqlite_url(old_station), tmp_path / "backups")
    with db.reader() as s:
        assert s.get(Parcel, PARCEL_ID) is not None
    db.engine.dispose()
    assert _user_version(old_station) == 0


def test_an_upgrade_tried_again_keeps_one_copy_from_before_it(old_station: Path, tmp_path: Path):
    """A copy is taken before every try; an earlier try's copy of the same revision is older
    than the new one and goes, so a station whose upgrade is stopped again and again does not
    fill its disk with full copies."""
    import shutil

    _fill_old(old_station)
    backups = tmp_path / "backups"
    backups.mkdir()
    earlier = backups / f"20200101-000000-before-upgrade-{BEFORE}.sqlite3"
    shutil.copyfile(old_station, earlier)
    other = backups / "20200101-000000-before-upgrade-0015_slim_storage.sqlite3"
    shutil.copyfile(old_station, other)
    open_database(sqlite_url(old_station), backups).engine.dispose()
    kept = sorted(p.name for p in backups.glob(f"*-before-upgrade-{BEFORE}.sqlite3"))
    assert len(kept) == 1 and kept[0] != earlier.name
    assert other.exists(), "a copy from before another upgrade is not this one's to delete"
