"""Consistent copies of the SQLite database, taken while it is in use.

sqlite3's online backup API copies a consistent snapshot even while another connection writes,
which a plain file copy of a WAL database does not.

A backup is always read through SQLite, never copied as a plain file: a backup someone opened
(or copied while it was open) can hold its newest commits in a -wal file beside it. Backups are
opened read-only and immutable, so a write-protected USB stick reads like any other; one with a
-wal beside it is first copied (with the -wal) into a private folder, where SQLite may write the
-shm it needs and fold the log in. Nothing is ever written beside a backup, and no kept copy is
ever overwritten: two backups in the same second get different names.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Iterator

from pos.db import checkpoints

log = logging.getLogger(__name__)

SUFFIX = ".sqlite3"
PARTIAL = ".partial"
# a .partial untouched this long belongs to no backup in progress (a 500 MB copy to a slow stick
# touches its file every few seconds): it was left by a killed process or a full stick
STALE_PARTIAL_S = 15 * 60


def partial_file(dest: Path) -> Path:
    """A private name to write ``dest`` under until it is complete (unique: backups in the same
    second, from two threads, must not write into one file)."""
    fd, name = tempfile.mkstemp(prefix=dest.stem + ".", suffix=PARTIAL, dir=dest.parent)
    os.close(fd)
    return Path(name)


def place(tmp: Path, dest: Path) -> Path:
    """Give the complete file ``tmp`` the name ``dest``, or ``dest`` with -2, -3... before the
    suffix when that name is taken: a kept copy is never overwritten. Returns the name used."""
    stem, suffix = dest.name[: -len(dest.suffix)] if dest.suffix else dest.name, dest.suffix
    for n in range(1, 1000):
        candidate = dest if n == 1 else dest.with_name(f"{stem}-{n}{suffix}")
        try:
            os.link(tmp, candidate)  # fails when the name exists: no window between check and rename
        except FileExistsError:
            continue
        except OSError:  # no hard links here (FAT on a USB stick): check, then rename
            if candidate.exists():
                continue
            tmp.replace(candidate)
            return candidate
        tmp.unlink(missing_ok=True)
        return candidate
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(dest))


def remove_partials(folder: Path, *, older_than_s: float = 0) -> list[Path]:
    """Delete .partial files (half-written backups) in ``folder``; with ``older_than_s`` only those
    not written to for that long. Returns what was deleted; errors are logged, not raised."""
    removed = []
    try:
        candidates = [p for p in Path(folder).iterdir() if p.name.endswith(PARTIAL)]
    except OSError:
        return removed
    now = time.time()
    for p in candidates:
        try:
            if older_than_s and now - p.stat().st_mtime < older_than_s:
                continue
            p.unlink()
            removed.append(p)
        except FileNotFoundError:
            continue
        except OSError as e:
            log.warning("could not delete the half-written backup %s: %s", p, e)
    if removed:
        log.info("removed half-written backups: %s", ", ".join(p.name for p in removed))
    return removed


def backup_sqlite(src: Path, dest_dir: Path, label: str, *, now: dt.datetime | None = None) -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.timezone.utc)
    name = f"{now:%Y%m%d-%H%M%S}-{label}{SUFFIX}"
    dest = dest_dir / name
    tmp = partial_file(dest)
    try:
        src_conn = sqlite3.connect(f"file:{src.as_posix()}?mode=ro", uri=True)
        try:
            dst_conn = sqlite3.connect(tmp)
            try:
                src_conn.backup(dst_conn)
            finally:
                dst_conn.close()
        finally:
            src_conn.close()
        # a half-written backup must never look like a good one
        dest = place(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)  # no half-written leftovers next to the good copies
    log.info("backup written: %s", dest)
    return dest


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


@contextlib.contextmanager
def open_backup(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that reads ``path`` as SQLite would, its -wal included, writing nothing
    beside it (see the module's docstring)."""
    path = Path(path)
    wal = wal_of(path)
    if wal.is_file() and wal.stat().st_size > 0:
        with tempfile.TemporaryDirectory(prefix="pos-backup-") as scratch:
            copy = Path(scratch) / "backup.sqlite3"
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, wal_of(copy))
            con = sqlite3.connect(copy)
            try:
                yield con
            finally:
                con.close()
        return
    # immutable: no lock, no -shm, nothing written; right for a file nobody writes to meanwhile
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        yield con
    finally:
        con.close()


def list_backups(backup_dir: Path) -> list[Path]:
    if not backup_dir.is_dir():
        return []
    return sorted((p for p in backup_dir.iterdir() if p.suffix == SUFFIX and p.is_file()), key=lambda p: p.name)


def integrity_ok(path: Path) -> bool:
    try:
        with open_backup(path) as conn:
            # bytes: a damaged file's report can quote names that are no longer UTF-8
            conn.text_factory = bytes
            row = conn.execute("PRAGMA integrity_check").fetchone()
    except (sqlite3.DatabaseError, OSError, UnicodeDecodeError):  # so can SQLite's error message
        return False
    return bool(row) and row[0] == b"ok"


def newest_good_backup(backup_dir: Path) -> Path | None:
    for p in reversed(list_backups(backup_dir)):
        if integrity_ok(p):
            return p
    return None


def restore_file(backup: Path, database: Path, backup_dir: Path, *, keep_current: bool = True) -> Path | None:
    """Put ``backup`` in place of ``database``; the current file is kept aside first (unless the
    caller already kept a consistent copy: ``keep_current=False``).

    Returns where the replaced database was kept (None when there was none)."""
    kept = None
    if keep_current and database.exists():
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
        backup_dir.mkdir(parents=True, exist_ok=True)
        want = backup_dir / f"{stamp}-replaced{SUFFIX}"
        part = partial_file(want)
        try:
            shutil.copy2(database, part)
            kept = place(part, want)
        finally:
            part.unlink(missing_ok=True)
        wal = wal_of(database)
        if wal.exists():
            # the WAL may hold the newest commits of the replaced database: keep it with it
            shutil.copy2(wal, wal_of(kept))
    tmp = database.with_suffix(".restoring")
    try:
        tmp.unlink(missing_ok=True)
        with open_backup(backup) as src:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                dst.close()
        with checkpoints.paused():  # no checkpoint of the old log into the new file
            for extra in ("-wal", "-shm"):
                side = database.with_name(database.name + extra)
                if side.exists():
                    side.unlink()
            tmp.replace(database)
    finally:
        tmp.unlink(missing_ok=True)
    return kept


def backup_revision(path: Path) -> str | None:
    """The schema (Alembic) revision a backup file was written at; None when it has none."""
    with open_backup(path) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except (sqlite3.OperationalError, UnicodeDecodeError):
            return None
    return row[0] if row else None


def copy_into_live(backup: Path, database: Path) -> None:
    """Write ``backup``'s content into ``database`` through the online backup API, while other
    connections (the running app) keep it open: one write transaction, so they see either the
    old database or the restored one, never a mix."""
    with open_backup(backup) as src:
        dst = sqlite3.connect(database, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
