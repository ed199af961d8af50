"""Issue 14, item 3: the data folder and everything the station writes are its user's only (0700
folders, 0600 files on Linux): database, -wal/-shm, backups, second-folder copies, leftover .part
files, logs, CSV exports; a folder made before the rule is fixed at the next start."""

import os
import stat
from pathlib import Path

import pytest

from pos.cli import main
from pos.paths import DataPaths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the per-user profile folder does this")


def mode(p: Path) -> int:
    return stat.S_IMODE(p.lstat().st_mode)


def shared(folder: Path) -> list[str]:
    """Everything under folder (and folder itself) that a group or other user could reach."""
    return [f"{p} {oct(mode(p))}" for p in [folder, *folder.rglob("*")] if mode(p) & 0o077]


def run(*argv) -> None:
    assert main([str(a) for a in argv]) == 0


def test_everything_the_station_writes_is_private(tmp_path):
    os.umask(0o022)  # as a desktop session starts the app
    data, usb, exports = tmp_path / "data", tmp_path / "usb", tmp_path / "exports"
    usb.mkdir()
    exports.mkdir()
    run("--data-dir", data, "init", "--station-name", "清水村服务站", "--owner-name", "王小明", "--owner-pin", "123456")
    run("--data-dir", data, "backup", "--to", usb)
    run("--data-dir", data, "export", "villagers", "--out", exports / "villagers.csv")
    run("--data-dir", data, "export", "parcels", "--out", exports / "parcels.csv")
    (data / "station.sqlite3.part").write_bytes(b"left by a kill")
    files = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert {"data/station.sqlite3", "data/logs/village-pos.log", "exports/villagers.csv",
            "exports/parcels.csv"} <= files
    assert any(f.startswith("data/backups/") for f in files) and any(f.startswith("usb/") for f in files)
    assert shared(data) == []
    assert [p for p in shared(usb) if Path(p.split()[0]) != usb] == []
    assert [p for p in shared(exports) if Path(p.split()[0]) != exports] == []


def test_the_sqlite_sidecars_are_private(tmp_path):
    import sqlite3

    from pos.db.engine import make_engine, sqlite_url

    os.umask(0o022)
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    eng = make_engine(sqlite_url(paths.database))
    try:
        with eng.begin() as c:
            c.exec_driver_sql("CREATE TABLE t (x)")
            c.exec_driver_sql("INSERT INTO t VALUES (1)")
        held = sqlite3.connect(paths.database)
        held.execute("SELECT * FROM t").fetchall()
        sidecars = [p for p in paths.root.iterdir() if p.name.endswith(("-wal", "-shm"))]
        assert sidecars, "WAL mode keeps a -wal and a -shm next to the database"
        assert shared(paths.root) == []
        held.close()
    finally:
        eng.dispose()


def test_a_folder_made_before_the_rule_is_fixed_at_start(tmp_path):
    os.umask(0o022)
    paths = DataPaths(tmp_path / "data")
    for d in (paths.root, paths.logs, paths.backups, paths.receipts):
        d.mkdir(parents=True)
        d.chmod(0o755)
    for f in (paths.database, paths.root / "station.sqlite3-wal", paths.backups / "station-manual.sqlite3",
              paths.backups / "x.partial", paths.log_file, paths.receipts / "R1.txt", paths.root / "villagers.csv"):
        f.write_bytes(b"x")
        f.chmod(0o644)
    assert len(shared(paths.root)) == 11
    paths.ensure()
    assert shared(paths.root) == []
    assert mode(paths.root) == 0o700 and mode(paths.database) == 0o600


def test_only_the_apps_own_things_are_touched(tmp_path):
    """--data-dir may name a folder that holds other things: their folders are left alone."""
    os.umask(0o022)
    root = tmp_path / "shared"
    other = root / "photos"
    other.mkdir(parents=True)
    root.chmod(0o755)
    (other / "a.jpg").write_bytes(b"x")
    (other / "a.jpg").chmod(0o644)
    DataPaths(root).ensure()
    assert mode(root) == 0o700 and mode(other / "a.jpg") == 0o644


def test_a_read_only_folder_stays_read_only(tmp_path):
    os.umask(0o022)
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    paths.root.chmod(0o555)
    try:
        paths.ensure()
        assert mode(paths.root) == 0o500
    finally:
        paths.root.chmod(0o700)
