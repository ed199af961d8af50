"""Backups of the station database while it is in use, their rotation, and restoring one.

Copies are taken with SQLite's online backup API (pos.db.backup), so a backup is consistent even
while the counter keeps writing. They go to the data folder's backups/ and, when set, a second
folder (a USB stick); a problem with the second folder is reported in the result, never raised:
a shift close must not fail because a stick was pulled out.

Rotation keeps the newest KEEP routine copies (daily, shift close, manual) in each folder; on a
disk short of room the oldest of them go before a new copy is written, the newest three always
kept (pos.services.station.disk_room), since a disk filled by backups would stop the counter. The
safety copies (before an upgrade, before a restore, a damaged database that was replaced) are
never deleted by the app: they are rare, and each is the only copy of a state nobody chose to
leave behind. Remove them by hand once the station is known to be fine.

A backup is written as a .partial file first. One left behind (the app killed mid-backup, a USB
stick that filled up) is deleted at the next start, and by rotation once nobody has written to
it for a while (another thread may be writing it right now).

A PostgreSQL station is backed up the same way with the bundled pg_dump (custom format, .pgdump:
pos.server.dumps), on the same schedule and with the same rotation. Restoring one first dumps the
current data (before-restore), empties the database and fills it with pg_restore in one
transaction; if that fails, the current data are put back.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from pos.db import backup as sqlite_backup
from pos.db import migrate, outbox
from pos.db.engine import make_engine, sqlite_path
from pos.db.unit_of_work import Database
from pos.domain.errors import DomainError, PermissionDenied
from pos.domain.i18n import tr_noop
from pos.domain.users import Operator
from pos.instance import AlreadyRunning, acquire_instance_lock
from pos.paths import DataPaths
from pos.services import audit
from pos.services.local_days import local_day
from pos.services.station import disk_room
from pos.server import dumps
from pos.services.settings import SettingDef

log = logging.getLogger(__name__)

SECOND_FOLDER = SettingDef("backups.second_folder", "")
KEEP = 30
DAILY = "daily"
MANUAL = "manual"
SHIFT = "shift"
BEFORE_RESTORE = "before-restore"
ROUTINE = (DAILY, MANUAL, SHIFT)  # label prefixes that rotate
_NAME = re.compile(r"^(\d{8}-\d{6})-([A-Za-z0-9._-]+)\.(sqlite3|pgdump)$")
_LABEL = re.compile(r"^[A-Za-z0-9._-]{1,60}$")


class BackupFailed(DomainError):
    pass


class RestoreRefused(DomainError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    at: dt.datetime  # aware UTC, from the name
    size: int
    label: str

    @property
    def kind(self) -> str:
        for k in (*ROUTINE, BEFORE_RESTORE, "before-upgrade", "replaced"):
            if self.label == k or self.label.startswith(k + "-"):
                return k
        return "other"

    @property
    def rotates(self) -> bool:
        return self.kind in ROUTINE


@dataclass(frozen=True)
class BackupResult:
    path: Path
    copy: Path | None = None  # in the second folder
    second_folder: str = ""
    second_problem: DomainError | None = None
    removed: tuple[Path, ...] = field(default_factory=tuple)
    made_room: tuple[Path, ...] = field(default_factory=tuple)  # older copies deleted for want of disk space


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    revision: str
    kept: Path | None  # where the database it replaced was kept


def is_sqlite(url) -> bool:
    return sqlite_path(_url_text(url)) is not None


def _url_text(url) -> str:
    """engine.url is a URL object whose str() hides the password pg_dump needs."""
    return url if isinstance(url, str) else url.render_as_string(hide_password=False)


# listing and rotation -----------------------------------------------------------------------------
def info(path: Path) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if not m or not path.is_file():
        return None
    at = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=dt.timezone.utc)
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupInfo(path, at, size, m.group(2))


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in a folder, newest first (other files there are ignored)."""
    try:
        files = [p for p in Path(folder).iterdir() if p.suffix in (sqlite_backup.SUFFIX, dumps.SUFFIX)]
    except OSError:
        files = []
    found = [i for i in (info(p) for p in files) if i is not None]
    return sorted(found, key=lambda i: i.path.name, reverse=True)


def rotate(folder: Path, keep: int = KEEP) -> list[Path]:
    """Delete routine backups beyond the newest ``keep``, and stale .partial files; returns what
    was deleted."""
    removed = sqlite_backup.remove_partials(folder, older_than_s=sqlite_backup.STALE_PARTIAL_S)
    for old in [i for i in list_backups(folder) if i.rotates][keep:]:
        try:
            old.path.unlink()
            removed.append(old.path)
        except OSError as e:
            log.warning("could not delete old backup %s: %s", old.path, e)
    return removed


def has_backup_on(folder: Path, day: dt.date) -> bool:
    return any(i.rotates and local_day(i.at) == day for i in list_backups(folder))


# taking backups -----------------------------------------------------------------------------------
def take_backup(paths: DataPaths, url, reason: str, second_folder: str | Path | None = "", *,
                create_second: bool = False, now: dt.datetime | None = None, keep: int = KEEP) -> BackupResult:
    """A consistent copy in backups/, copied on to ``second_folder`` when given; old routine copies
    rotated in both. Raises BackupFailed only when backups/ itself cannot be written."""
    url = _url_text(url)
    src = sqlite_path(url)
    if not _LABEL.match(reason):
        raise ValueError(f"backup label {reason!r}")
    if src is not None and not src.exists():
        raise BackupFailed(tr_noop("errors", "There is no database to back up at {path}."), path=str(src))
    now = now or dt.datetime.now(dt.timezone.utc)
    need = disk_room.records_size(src) if src is not None else disk_room.last_dump_size(paths.backups)
    made_room = _make_room(paths.backups, need, disk_room.RESERVE)
    try:
        if src is None:
            made = dumps.dump(url, paths.backups, reason, now=now)
        else:
            made = sqlite_backup.backup_sqlite(src, paths.backups, reason, now=now)
    except dumps.DumpFailed as e:
        log.warning("pg_dump backup failed: %s", e)
        raise BackupFailed(e.message, **e.params) from e
    except (OSError, sqlite3.Error) as e:
        log.exception("backup failed")
        raise BackupFailed(tr_noop("errors", "The backup could not be written to {folder}: {reason}"),
                           folder=str(paths.backups), reason=str(e)) from e
    removed = rotate(paths.backups, keep)
    second = str(second_folder or "").strip()
    copy, problem = None, None
    if second:
        copy, problem, gone, made_there = _copy_to_second(made, Path(second), create_second, keep)
        removed += gone
        made_room += made_there
    return BackupResult(made, copy, second, problem, tuple(removed), tuple(made_room))


def _make_room(folder: Path, need: int, reserve: int) -> list[Path]:
    """The oldest routine copies in ``folder`` beyond the newest MIN_KEEP, deleted until ``need``
    fits with ``reserve`` to spare (pos.services.station.disk_room)."""
    routine = [i.path for i in list_backups(folder) if i.rotates]
    return disk_room.make_room(folder, need, reversed(routine[disk_room.MIN_KEEP:]), reserve)


def _copy_to_second(made: Path, folder: Path, create: bool, keep: int
                    ) -> tuple[Path | None, DomainError | None, list, list]:
    made_room: list[Path] = []
    try:
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        if not folder.is_dir():
            return None, BackupFailed(
                tr_noop("errors", "The second backup folder {folder} is not there (is the USB stick plugged in?). "
                        "The backup in the data folder was made."), folder=str(folder)), [], []
        # a stick holds backups only: room for the copy is enough there
        made_room = _make_room(folder, made.stat().st_size, 0)
        tmp = sqlite_backup.partial_file(folder / made.name)
        try:
            shutil.copyfile(made, tmp)
            dest = sqlite_backup.place(tmp, folder / made.name)
        finally:
            tmp.unlink(missing_ok=True)  # a full stick keeps no half copy
    except OSError as e:
        log.warning("second backup folder %s: %s", folder, e)
        return None, BackupFailed(
            tr_noop("errors", "The backup could not be copied to {folder}: {reason}. The backup in the data "
                    "folder was made."), folder=str(folder), reason=e.strerror or str(e)), [], made_room
    return dest, None, rotate(folder, keep), made_room


def read_second_folder(db) -> str:
    from pos.services import settings as st

    value = st.read(db, SECOND_FOLDER)
    return value if isinstance(value, str) else ""


def remove_leftovers(paths: DataPaths, second_folder: str | Path | None = "") -> list[Path]:
    """At start, before any backup runs: the .partial files a killed or failed backup left, in
    backups/ and the second folder (when it is there)."""
    removed = sqlite_backup.remove_partials(paths.backups)
    second = str(second_folder or "").strip()
    if second and Path(second).is_dir():
        removed += sqlite_backup.remove_partials(Path(second))
    return removed


def daily_backup_if_due(paths: DataPaths, url, second_folder: str = "", now: dt.datetime | None = None
                        ) -> BackupResult | None:
    """At start: one backup per local day. None when one was made today already.
    Removes what earlier backups left half-written first."""
    remove_leftovers(paths, second_folder)
    now = now or dt.datetime.now(dt.timezone.utc)
    if has_backup_on(paths.backups, local_day(now)):
        return None
    return take_backup(paths, url, DAILY, second_folder, now=now)


def shift_close_backup(paths: DataPaths, url, shift_number: str, second_folder: str = "",
                       now: dt.datetime | None = None) -> BackupResult | None:
    """After a shift is closed (and committed)."""
    return take_backup(paths, url, f"{SHIFT}-{shift_number}", second_folder, now=now)


# restoring ----------------------------------------------------------------------------------------
def check_backup_file(path: Path) -> str:
    """The revision of a backup that may be restored; RestoreRefused saying why not."""
    path = Path(path)
    if not path.is_file():
        raise RestoreRefused(tr_noop("errors", "The backup file {path} does not exist."), path=str(path))
    try:
        with open(path, "rb"):
            pass
    except OSError as e:
        raise RestoreRefused(tr_noop("errors", "The backup file {path} cannot be read: {reason}"), path=str(path),
                             reason=e.strerror or str(e)) from e
    if not sqlite_backup.integrity_ok(path):
        raise RestoreRefused(tr_noop("errors", "The backup {name} is damaged (integrity check failed): it was "
                                     "not restored. Choose another backup."), name=path.name)
    try:
        revision = sqlite_backup.backup_revision(path)
    except sqlite3.DatabaseError:
        revision = None
    if revision is None:
        raise RestoreRefused(tr_noop("errors", "{name} is not a Village Station POS backup."), name=path.name)
    if revision not in migrate.known_revisions():
        raise RestoreRefused(tr_noop("errors", "The backup {name} was made by a newer version of Village Station "
                                     "POS ({revision}). Install that version first."), name=path.name,
                             revision=revision)
    return revision


def restore_backup(paths: DataPaths, url, file: Path, *, live_db: Database | None = None,
                   operator: Operator | None = None, now: dt.datetime | None = None) -> RestoreResult:
    """Replace the station database by ``file`` after checking it; the current one is kept first.

    From the command line (``live_db`` None) the app must not be running on the data folder: the
    instance lock is taken for the whole restore. From the running app (Settings) pass its
    Database as ``live_db``: the backup is then written into the open database in one
    transaction, and the app must restart right after.
    """
    if operator is not None and not operator.is_owner:  # None: the command line on the station's PC
        raise PermissionDenied(tr_noop("errors", "Only the owner can restore a backup."))
    url = _url_text(url)
    target = sqlite_path(url)
    file = Path(file)
    if target is None:
        return _restore_postgres(paths, url, file, live_db, operator, now)
    revision = check_backup_file(file)
    now = now or dt.datetime.now(dt.timezone.utc)
    if live_db is not None:
        kept = _keep_current(paths, target, now)
        try:
            sqlite_backup.copy_into_live(file, target)
        except OSError as e:
            raise _cannot_write(paths, e) from e
        except sqlite3.Error as e:
            log.exception("restore into the running database failed")
            raise RestoreRefused(tr_noop("errors", "The restore failed and nothing was changed: {reason}"),
                                 reason=str(e)) from e
        _audit_restore(live_db, operator, file, kept)
        log.warning("database restored from %s (in the running app); kept %s", file, kept)
        return RestoreResult(file, revision, kept)
    try:
        lock = acquire_instance_lock(paths.lock_file)
    except AlreadyRunning as e:
        raise RestoreRefused(tr_noop("errors", "Village Station POS is running on {folder}. Close it first, or "
                                     "restore from Settings → Backups."), folder=str(paths.root)) from e
    except OSError as e:
        raise _cannot_write(paths, e) from e
    try:
        kept = _keep_current(paths, target, now) if target.exists() else None
        try:
            replaced = sqlite_backup.restore_file(file, target, paths.backups, keep_current=kept is None)
        except (OSError, sqlite3.OperationalError) as e:
            log.exception("restore failed")
            raise _cannot_write(paths, e) from e
        kept = kept or replaced
        db = Database(make_engine(url))
        try:
            _audit_restore(db, operator, file, kept)
        finally:
            db.dispose()
    finally:
        lock.release()
    log.warning("database restored from %s; kept %s", file, kept)
    return RestoreResult(file, revision, kept)


def _restore_postgres(paths: DataPaths, url: str, file: Path, live_db: Database | None,
                      operator: Operator | None, now: dt.datetime | None) -> RestoreResult:
    """Dump the current data, empty the database, pg_restore ``file`` into it, check it; on any
    failure after the emptying, put the dumped data back."""
    if live_db is not None:  # the running app holds connections that a restore must not pull away
        raise RestoreRefused(tr_noop("errors", "A PostgreSQL station is restored with the app closed on every "
                                     "counter: run village-pos restore FILE on the main PC."))
    if file.suffix != dumps.SUFFIX:
        raise RestoreRefused(tr_noop("errors", "This station uses PostgreSQL: choose a .pgdump backup."))
    if not file.is_file():
        raise RestoreRefused(tr_noop("errors", "The backup file {path} does not exist."), path=str(file))
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        dumps.check_dump(file)
        if dumps.other_sessions(url):
            raise RestoreRefused(tr_noop("errors", "Other counters are connected to the station database: close "
                                         "Village Station POS on every counter, then restore."))
        lock = acquire_instance_lock(paths.lock_file)
    except AlreadyRunning as e:
        raise RestoreRefused(tr_noop("errors", "Village Station POS is running on {folder}. Close it first."),
                             folder=str(paths.root)) from e
    except dumps.DumpFailed as e:
        raise RestoreRefused(e.message, **e.params) from e
    try:
        try:
            kept = dumps.dump(url, paths.backups, BEFORE_RESTORE, now=now)
        except dumps.DumpFailed as e:
            raise RestoreRefused(tr_noop("errors", "The current data could not be saved first, so nothing was "
                                         "restored: {reason}"), reason=error_detail(e)) from e
        try:
            dumps.empty_database(url)
            dumps.restore_into(file, url)
            revision = _restored_revision(url)
        except Exception as e:
            log.exception("restore of %s failed; putting back %s", file, kept)
            dumps.empty_database(url)
            dumps.restore_into(kept, url)
            raise RestoreRefused(tr_noop("errors", "The restore failed and the current data were put back: "
                                         "{reason}"), reason=error_detail(e)) from e
        db = Database(make_engine(url))
        try:
            _audit_restore(db, operator, file, kept)
        finally:
            db.dispose()
    finally:
        lock.release()
    log.warning("database restored from %s; kept %s", file, kept)
    return RestoreResult(file, revision, kept)


def _restored_revision(url: str) -> str:
    engine = make_engine(url)
    try:
        revision = migrate.current_revision(engine)
    finally:
        engine.dispose()
    if revision is None or revision not in migrate.known_revisions():
        raise RestoreRefused(tr_noop("errors", "The backup holds no station this version can open ({revision})."),
                             revision=str(revision))
    return revision


def error_detail(e: Exception) -> str:
    return str(e)[:300]


def _keep_current(paths: DataPaths, target: Path, now: dt.datetime) -> Path | None:
    """A consistent copy of the database about to be replaced; None when it cannot be read (a
    damaged file is then kept as a plain file copy by restore_file)."""
    try:
        return sqlite_backup.backup_sqlite(target, paths.backups, BEFORE_RESTORE, now=now)
    except OSError as e:  # the data folder cannot be written: nothing may be replaced then
        raise _cannot_write(paths, e) from e
    except sqlite3.DatabaseError as e:
        if not _writable(paths.backups):
            raise _cannot_write(paths, e) from e
        log.warning("current database could not be backed up before restore (%s); keeping a file copy", e)
        return None


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = sqlite_backup.partial_file(folder / "write-test")
        probe.unlink()
        return True
    except OSError:
        return False


_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _cannot_write(paths: DataPaths, e: Exception) -> RestoreRefused:
    reason = getattr(e, "strerror", None) or str(e)
    if isinstance(e, OSError) and e.errno not in _NOT_WRITABLE:  # a stick pulled out, a failing disk
        log.warning("restore failed: %s", e)
        return RestoreRefused(tr_noop("errors", "The restore failed and nothing was changed: {reason}"),
                              reason=reason)
    log.warning("restore refused, the data folder cannot be written: %s", reason)
    return RestoreRefused(tr_noop("errors", "The data folder {folder} cannot be written ({reason}): nothing was "
                                  "restored. Check that the disk is not full or read-only, then try again."),
                          folder=str(paths.root), reason=reason)


def _audit_restore(db: Database, operator: Operator | None, file: Path, kept: Path | None) -> None:
    # written into the restored database: the replaced one's log lives on in its kept copy
    try:
        with db.unit_of_work() as s:
            audit.record(s, operator, audit.DATABASE_RESTORED, {"from": file.name, "kept": kept.name if kept else ""})
    except Exception:  # an older schema may lack a column the model has: the restore itself stands
        log.exception("could not write the restore to the audit log")
    # the county must learn that this is another copy of the station's history (db_generation)
    try:
        with db.unit_of_work() as s:
            if outbox.sync_tables_exist(s):
                outbox.renew_generation(s)
    except Exception:  # a backup from before the county link has no sync tables until migrated
        log.exception("could not renew the sync generation after the restore")
