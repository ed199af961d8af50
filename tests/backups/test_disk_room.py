"""Room on the disk: the warnings, and old backups making way for a new one on a full disk.

The disk's free space is the one thing faked here (a test cannot fill the machine's disk): a
function of what was deleted, so each deletion gives its own bytes back as on a real disk."""

import datetime as dt
import sqlite3
from pathlib import Path

from pos.db.engine import make_engine
from pos.db.opening import COMPACT_DUE, compact_if_due, room_to_compact
from pos.services.station import backups, disk_room
from pos.services.station.disk_room import FULL, LOW, MIB, RESERVE, DiskState, warning

UTC = dt.timezone.utc
GB = 1024 * MIB


class Disk:
    """Free space: ``free``, plus what the watched files of that folder gave back when deleted."""

    def __init__(self, monkeypatch, free: int) -> None:
        self.free = free
        self.files: dict[Path, int] = {}
        monkeypatch.setattr(disk_room, "free_bytes", self)

    def watch(self, *folders: Path) -> None:
        self.files = {p: p.stat().st_size for f in folders for p in f.glob("*.sqlite3")}

    def __call__(self, folder) -> int:  # each folder its own disk (a USB stick beside the PC's)
        return self.free + sum(size for p, size in self.files.items() if p.parent == Path(folder) and not p.exists())


def test_plenty_of_room_says_nothing():
    assert warning(DiskState(free=50 * GB, backup_size=2 * GB)) is None


def test_almost_full_is_urgent_and_says_how_little_is_left():
    w = warning(DiskState(free=100 * MIB, backup_size=2 * GB))
    assert w.level == FULL and w.params["free"] == "100 MB" and "almost full" in str(w)


def test_short_of_a_backup_and_its_reserve_is_said_in_time():
    w = warning(DiskState(free=2 * GB, backup_size=2 * GB))  # a copy would leave nothing for the records
    assert w.level == LOW and w.params == {"free": "2.0 GB", "need": "2.0 GB"}
    assert warning(DiskState(free=2 * GB + RESERVE, backup_size=2 * GB)) is None


def test_a_packing_waiting_for_room_says_what_it_needs():
    w = warning(DiskState(free=3 * GB, backup_size=1 * GB, compact_need=4 * GB))
    assert w.level == LOW and w.params == {"free": "3.0 GB", "need": "4.0 GB"} and "packed" in str(w)
    assert warning(DiskState(free=5 * GB, backup_size=1 * GB, compact_need=4 * GB)) is None


def test_sizes_read_the_same_in_both_languages():
    assert [disk_room.size_text(n) for n in (0, 5 * MIB + 1, 1023 * MIB, 1536 * MIB)] == [
        "0 MB", "5 MB", "1023 MB", "1.5 GB"]


def test_free_bytes_of_a_folder_not_made_yet_is_its_disks(tmp_path):
    assert disk_room.free_bytes(tmp_path / "not" / "yet") == disk_room.free_bytes(tmp_path) > 0


def _routine_copies(paths, url, days: int) -> list[Path]:
    start = dt.datetime(2026, 11, 1, 20, tzinfo=UTC)
    return [backups.take_backup(paths, url, backups.DAILY, now=start + dt.timedelta(days=d)).path
            for d in range(days)]


def test_a_backup_on_a_short_disk_deletes_the_oldest_routine_copies_and_keeps_the_newest_three(
        paths, url, station_db, monkeypatch):
    made = _routine_copies(paths, url, 6)
    safety = backups.take_backup(paths, url, "before-upgrade-0016", now=dt.datetime(2026, 10, 1, tzinfo=UTC)).path
    # one byte short of room for the copy and the reserve
    disk = Disk(monkeypatch, free=RESERVE + disk_room.records_size(paths.database) - 1)
    disk.watch(paths.backups)
    result = backups.take_backup(paths, url, backups.MANUAL, now=dt.datetime(2026, 11, 20, tzinfo=UTC))
    assert result.made_room == (made[0],)  # the oldest routine copy gave back enough
    assert not made[0].exists() and all(p.exists() for p in made[1:]) and safety.exists()

    disk.free = 0  # no room at all: every routine copy but the newest three goes
    disk.watch(paths.backups)
    result = backups.take_backup(paths, url, backups.MANUAL, now=dt.datetime(2026, 11, 21, tzinfo=UTC))
    assert result.made_room == (made[1], made[2], made[3])
    kept = [i.path for i in backups.list_backups(paths.backups)]
    assert kept == [result.path, paths.backups / "20261120-000000-manual.sqlite3", made[5], made[4], safety]
    assert sqlite3.connect(result.path).execute("select count(*) from station").fetchone()[0] == 1


def test_the_partner_is_told_when_backups_made_way(qapp, paths, url, station_db, monkeypatch):
    from pos.ui.backup_job import result_text

    _routine_copies(paths, url, 5)
    Disk(monkeypatch, free=0).watch(paths.backups)
    result = backups.take_backup(paths, url, backups.MANUAL)
    assert len(result.made_room) == 2
    assert "2 older backups were deleted" in result_text(result)


def test_a_second_folder_short_of_room_makes_way_there_too(paths, url, station_db, tmp_path, monkeypatch):
    stick = tmp_path / "stick"
    start = dt.datetime(2026, 11, 1, 20, tzinfo=UTC)
    for d in range(5):
        backups.take_backup(paths, url, backups.DAILY, stick, create_second=True, now=start + dt.timedelta(days=d))
    Disk(monkeypatch, free=0).watch(paths.backups, stick)
    result = backups.take_backup(paths, url, backups.MANUAL, stick, now=start + dt.timedelta(days=6))
    assert result.copy is not None and result.copy.exists()
    # a stick holds backups only, so no reserve there: the oldest copy gave back room for the new one
    assert [p.name for p in result.made_room if p.parent == stick] == ["20261101-200000-daily.sqlite3"]
    assert len(list(stick.glob("*.sqlite3"))) == 5


def test_the_state_of_a_sqlite_station(paths, url, station_db):
    compact_if_due(station_db.engine, paths.database)  # what opening a station does after 0017
    state = disk_room.read_state(paths, station_db.engine)
    assert state.backup_size >= paths.database.stat().st_size and state.compact_need == 0
    assert state.free == disk_room.free_bytes(paths.root)


def test_a_pending_packing_is_seen_and_cleared_by_the_packing(paths, url, station_db):
    with station_db.engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA user_version={COMPACT_DUE}")
        conn.commit()
    state = disk_room.read_state(paths, station_db.engine)
    assert state.compact_need == room_to_compact(station_db.engine, paths.database) > 0
    assert compact_if_due(station_db.engine, paths.database)
    assert disk_room.read_state(paths, station_db.engine).compact_need == 0


def test_the_state_of_a_server_station_is_its_last_dump(paths):
    engine = make_engine("postgresql+psycopg://pos@127.0.0.1:1/nowhere")  # never connected to
    assert disk_room.read_state(paths, engine).backup_size == 0
    (paths.backups / "20261101-200000-daily.pgdump").write_bytes(b"x" * 1000)
    (paths.backups / "20261102-200000-daily.pgdump").write_bytes(b"x" * 3000)
    assert disk_room.read_state(paths, engine).backup_size == 3000
    engine.dispose()


def test_a_disk_whose_free_space_cannot_be_read_deletes_nothing(paths, url, station_db, monkeypatch):
    made = _routine_copies(paths, url, 5)

    def unreadable(_folder):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(disk_room, "free_bytes", unreadable)
    result = backups.take_backup(paths, url, backups.MANUAL)
    assert result.made_room == () and all(p.exists() for p in made)


def test_a_disk_that_cannot_be_read_says_nothing(paths, station_db, monkeypatch):
    def unreadable(_folder):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(disk_room, "free_bytes", unreadable)
    assert disk_room.check(paths, station_db.engine) is None
