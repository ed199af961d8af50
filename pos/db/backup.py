"""Consistent copies of the SQLite database, taken while it is in use.

sqlite3's online backup API copies a consistent snapshot even while another connection writes,
which a plain file copy of a WAL database does not.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
from pathlib import Path

from pos.db import checkpoints

log = logging.getLogger(__name__)

SUFFIX = ".sqlite3"


def backup_sqlite(src: Path, dest_dir: Path, label: str, *, now: dt.datetime | None = None) -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.timezone.utc)
    name = f"{now:%Y%m%d-%H%M%S}-{label}{SUFFIX}"
    dest = dest_dir / name
    tmp = dest.with_suffix(".partial")
    src_conn = sqlite3.connect(f"file:{src.as_posix()}?mode=ro", uri=True)
    try:
        dst_conn = sqlite3.connect(tmp)
        try:
            src_conn.backup(dst_conn)
        finally:
            dst_conn.close()
    except BaseException:
        tmp.unlink(missing_ok=True)  # no half-written leftovers next to the good copies
        raise
    finally:
        src_conn.close()
    # a half-written backup must never look like a good one
    tmp.replace(dest)
    log.info("backup written: %s", dest)
    return dest


def list_backups(backup_dir: Path) -> list[Path]:
    if not backup_dir.is_dir():
        return []
    return sorted((p for p in backup_dir.iterdir() if p.suffix == SUFFIX and p.is_file()), key=lambda p: p.name)


def integrity_ok(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            row = conn.execute("PRAGMA integrity_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return bool(row) and row[0] == "ok"


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
        kept = backup_dir / f"{stamp}-replaced{SUFFIX}"
        backup_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(database, kept)
        wal = database.with_name(database.name + "-wal")
        if wal.exists():
            # the WAL may hold the newest commits of the replaced database: keep it with it
            shutil.copy2(wal, kept.with_name(kept.name + "-wal"))
    tmp = database.with_suffix(".restoring")
    shutil.copy2(backup, tmp)
    with checkpoints.paused():  # no checkpoint of the old log into the new file
        for extra in ("-wal", "-shm"):
            side = database.with_name(database.name + extra)
            if side.exists():
                side.unlink()
        tmp.replace(database)
    return kept


def backup_revision(path: Path) -> str | None:
    """The schema (Alembic) revision a backup file was written at; None when it has none."""
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
    finally:
        conn.close()
    return row[0] if row else None


def copy_into_live(backup: Path, database: Path) -> None:
    """Write ``backup``'s content into ``database`` through the online backup API, while other
    connections (the running app) keep it open: one write transaction, so they see either the
    old database or the restored one, never a mix."""
    src = sqlite3.connect(f"file:{backup.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(database, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
