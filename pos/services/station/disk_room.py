"""Room on the station PC's disk: saying in time that it is getting full, and making room for a backup.

The station PC is often the family's old PC, its disk shared with photos and videos. On a full
disk SQLite refuses every write (the partner then sees pos.db.unit_of_work.DISK_FULL at the
counter), and every backup is a whole copy of the records: about 2 GB at five years, kept 30
times over (pos.services.station.backups.KEEP). So:

- before a backup is written, the oldest routine copies make way when the new one would leave
  less than RESERVE free, the newest MIN_KEEP always kept (a disk filled by old copies would stop
  the counter; a few copies fewer stop nothing);
- the window says when the disk is getting full, while there is still time to clear it
  (``warning``, shown by pos.ui.disk_watch);
- the one-time packing of the records after an upgrade (pos.db.opening) waits for room, and the
  window says how much it needs.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from pos.db.backup import wal_of
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop

log = logging.getLogger(__name__)

MIB = 1024 * 1024
# what the counter needs free beside its backups: a busy station's records grow about 35 MB a
# month (BENCHMARKS.md, five years in 1,950 MB), its logs and receipts less; a month of work
# with room to spare, so a warning comes weeks before a write fails
RESERVE = 512 * MIB
FULL_BELOW = 256 * MIB  # below this, recording itself is at risk within days
MIN_KEEP = 3  # routine backups never removed to make room


def free_bytes(folder: Path) -> int:
    """Free space for this user on the disk that holds ``folder`` (the nearest existing parent)."""
    folder = Path(folder)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return shutil.disk_usage(folder).free


def size_text(size: int) -> str:
    """ "1.4 GB", "350 MB": the same in both languages."""
    if size >= 1024 * MIB:
        return f"{size / (1024 * MIB):.1f} GB"
    return f"{max(0, size) // MIB} MB"


def make_room(folder: Path, need: int, oldest_first: Iterable[Path], reserve: int = RESERVE) -> list[Path]:
    """Delete files from ``oldest_first`` (routine backups, never the newest MIN_KEEP) until
    ``need`` bytes fit in ``folder`` with ``reserve`` left over; returns what was deleted. Stops
    when none is left to delete: the backup is then tried anyway, and a disk too full for it
    fails it with its own message."""
    removed: list[Path] = []
    for old in oldest_first:
        try:
            if free_bytes(folder) >= need + reserve:
                break
        except OSError as e:  # the backup itself then says what is wrong with the folder
            log.warning("could not read the free space of %s: %s", folder, e)
            break
        try:
            old.unlink()
        except OSError as e:
            log.warning("could not delete %s to make room: %s", old, e)
            continue
        log.info("deleted %s to make room for a backup of %d MB", old, need // MIB)
        removed.append(old)
    return removed


class DiskWarning(DomainError):
    """What the window says about the disk; ``level`` is FULL or LOW."""

    def __init__(self, level: str, message: str, **params: object) -> None:
        self.level = level
        super().__init__(message, **params)


FULL, LOW = "full", "low"


@dataclass(frozen=True)
class DiskState:
    free: int  # bytes free on the disk of the data folder
    backup_size: int  # what the next backup needs: the records' size (SQLite) or the last dump's
    compact_need: int = 0  # free space the pending packing after an upgrade waits for; 0: none pending


def warning(state: DiskState) -> DiskWarning | None:
    """The most urgent thing to say about the disk, or None when there is room."""
    if state.free < FULL_BELOW:
        return DiskWarning(FULL, tr_noop(
            "errors", "The computer's disk is almost full (only {free} free). Soon nothing more can be "
            "recorded. Delete files you do not need now (old videos, downloads), or ask the county "
            "centre for help."), free=size_text(state.free))
    if state.free < state.backup_size + RESERVE:
        return DiskWarning(LOW, tr_noop(
            "errors", "The computer's disk is getting full ({free} free). A backup of the records needs "
            "about {need}; older backups are deleted when needed to make room. Delete files you "
            "do not need (old videos, downloads)."), free=size_text(state.free),
            need=size_text(state.backup_size))
    if state.compact_need and state.free < state.compact_need:
        return DiskWarning(LOW, tr_noop(
            "errors", "The records were upgraded and can now be packed smaller, which needs {need} "
            "free on the disk ({free} free now). Delete files you do not need; the packing then "
            "runs at the next start."), free=size_text(state.free), need=size_text(state.compact_need))
    return None


def check(paths, engine) -> DiskWarning | None:
    """``warning`` for the data folder's disk now; None, logged, when it cannot be read (a server
    away is the connection banner's to say)."""
    try:
        return warning(read_state(paths, engine))
    except (OSError, SQLAlchemyError) as e:
        log.warning("could not read the disk's free space: %s", e)
        return None


def read_state(paths, engine) -> DiskState:
    """The disk of the data folder (``pos.paths.DataPaths``) as the station's records use it."""
    from pos.db.engine import sqlite_path
    from pos.db.opening import compact_pending, room_to_compact

    db_file = sqlite_path(engine.url.render_as_string(hide_password=False))
    free = free_bytes(paths.root)
    if db_file is None:  # the server's records: the backups here are its dumps
        return DiskState(free, last_dump_size(paths.backups))
    compact = room_to_compact(engine, db_file) if compact_pending(engine) else 0
    return DiskState(free, records_size(db_file), compact)


def records_size(db_file: Path) -> int:
    """What a backup of a SQLite station writes: the file and what its log holds beyond it."""
    size = 0
    for f in (db_file, wal_of(db_file)):
        try:
            size += f.stat().st_size
        except OSError:
            pass
    return size


def last_dump_size(folder: Path) -> int:
    """The newest dump's size (backups are named by their UTC time, so by name is by age)."""
    for dump in sorted(Path(folder).glob("*.pgdump"), reverse=True):
        try:
            return dump.stat().st_size
        except OSError:
            continue
    return 0
