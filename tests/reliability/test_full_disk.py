"""A full disk, or a data folder that turns read-only: a clear message, nothing half-written,
the database intact and usable again once there is room.

Three ways in:
- a real full file system: a 4 MB tmpfs mounted for the data folder (root with mount rights;
  skipped with the reason otherwise) filled up with a file while the app runs;
- the same SQLite errors injected below SQLAlchemy at the DB-API level (``do_execute``), so the
  check runs on any CI machine: "database or disk is full", "attempt to write a readonly
  database", "disk I/O error";
- a data folder that is read-only before the app starts (a read-only tmpfs as root, chmod as
  another user): the app refuses to start with a message and touches nothing.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event, select

from pos import app as app_module
from pos.cli import main
from pos.db import checkpoints
from pos.db.models import Parcel

from .helpers import init_station, integrity, sqlite_rows

FULL = "database or disk is full"


def check_in(qtbot, page, waybill: str, phone: str) -> None:
    page.handle_scan(waybill)
    assert page.current is not None, page.message.text()
    page.form.phone.insert(phone)
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)


def parcels(db) -> list[str]:
    with db.reader() as s:
        return sorted(s.scalars(select(Parcel.waybill)))


def refused_then_saved(app, break_storage, mend_storage, expected: str) -> None:
    """Two good check-ins, one while storage is broken (refused with ``expected`` in its
    message, the form kept for a retry), then the same one again once storage is mended."""
    qtbot = app.qtbot
    app.login()
    page = app.page("checkin")
    for n, phone in ((1, "13812345601"), (2, "13812345602")):
        check_in(qtbot, page, f"SF100000000000{n}", phone)
        assert page.current is None, page.form.error.text()
    break_storage()
    try:
        check_in(qtbot, page, "SF1000000000003", "13812345603")
        assert page.current is not None  # still on the form: nothing was checked in
        assert page.form.error.isVisible() and expected in page.form.error.text()
        assert parcels(app.db) == ["SF1000000000001", "SF1000000000002"]
    finally:
        mend_storage()
    qtbot.keyClick(page.form.phone, Qt.Key.Key_Return)  # the partner presses Enter again
    assert page.current is None, page.form.error.text()
    assert parcels(app.db) == ["SF1000000000001", "SF1000000000002", "SF1000000000003"]


def _inject(message: str):
    def fail_writes(cursor, statement, parameters, context):
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            raise sqlite3.OperationalError(message)
        return False

    return fail_writes


@pytest.mark.parametrize("sqlite_message, expected", [
    (FULL, "disk is full"),
    ("attempt to write a readonly database", "read-only"),
    ("disk I/O error", "disk reported an error"),
])
def test_storage_errors_during_a_check_in_are_told_clearly(run_app, sqlite_message, expected):
    def script(app) -> None:
        hook = _inject(sqlite_message)
        dialect = app.db.engine.dialect
        refused_then_saved(app, lambda: event.listen(dialect, "do_execute", hook),
                           lambda: event.remove(dialect, "do_execute", hook), expected)

    run_app(script)


# a real full disk ----------------------------------------------------------------------------------
def mount_tmpfs(where: Path, size: str, *options: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    where.mkdir(parents=True, exist_ok=True)
    opts = ",".join((f"size={size}",) + options)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (a container without CAP_SYS_ADMIN?): {done.stderr.strip()}")


def umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], check=False)


def fill(path: Path) -> None:
    with open(path, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as e:
            assert e.errno == errno.ENOSPC


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "disk"
    mount_tmpfs(where, "6m")
    yield where
    umount(where)


def test_real_full_disk_during_a_check_in(run_app, small_disk):
    filler = small_disk / "filler.bin"

    def script(app) -> None:
        # no checkpoint in between (pos.db.checkpoints): after one, the next check-in reuses the
        # space of the write-ahead log, needs no new space and is saved in spite of the full disk
        with checkpoints.paused():
            refused_then_saved(app, lambda: fill(filler), filler.unlink, "disk is full")

    run_app(script, data_dir=small_disk / "data")
    db_file = small_disk / "data" / "station.sqlite3"
    assert integrity(db_file) == "ok"
    assert [w for (w,) in sqlite_rows(db_file, "SELECT waybill FROM parcel ORDER BY waybill")] == [
        "SF1000000000001", "SF1000000000002", "SF1000000000003"]


# a read-only data folder at start ---------------------------------------------------------------------
def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_read_only_data_folder_refuses_to_start_and_touches_nothing(qapp, tmp_path, monkeypatch):
    data = tmp_path / "data"
    init_station(data)
    before = digest(data)
    if os.geteuid() == 0:  # root writes through chmod: show it the folder through a read-only bind mount
        seen = tmp_path / "ro"
        seen.mkdir()
        mounted = subprocess.run(["mount", "--bind", str(data), str(seen)], capture_output=True, text=True)
        if mounted.returncode != 0:
            pytest.skip(f"cannot bind-mount here (a container without CAP_SYS_ADMIN?): {mounted.stderr.strip()}")
        subprocess.run(["mount", "-o", "remount,bind,ro", str(seen)], check=True)
        cleanup = lambda: umount(seen)  # noqa: E731
    else:
        seen = data
        for p in [data, *data.rglob("*")]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        cleanup = lambda: [p.chmod(0o755 if p.is_dir() else 0o644) for p in [data, *data.rglob("*")]]  # noqa: E731
    try:
        told = []
        monkeypatch.setattr(app_module, "tell", lambda title, text: told.append(text))
        assert main(["--data-dir", str(seen), "--lang", "en"]) == 1
        assert told and "cannot be written" in told[0] and str(seen) in told[0]
    finally:
        cleanup()
    assert digest(data) == before
    assert integrity(data / "station.sqlite3") == "ok"
