"""Opening the station database: check it, back it up, migrate it, or say clearly why not."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError

from pos.db import migrate
from pos.db.backup import SUFFIX, backup_sqlite
from pos.db.engine import make_engine, sqlite_path
from pos.db.unit_of_work import Database
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop

log = logging.getLogger(__name__)


class DatabaseCorrupt(DomainError):
    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        super().__init__(
            tr_noop("errors", "The station database {path} is damaged or unreadable ({detail})."),
            path=str(path),
            detail=detail,
        )


class DatabaseTooNew(DomainError):
    pass


class DatabaseUnavailable(DomainError):
    pass


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a readable SQLite database before anything writes to it.

    Reading the header and the schema catches a file that is not a database, a truncated one
    and a damaged schema, in milliseconds. A full ``PRAGMA quick_check`` reads every page: 5 s
    on a five-year station, on every start; the backups check their copies instead.
    """
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise DatabaseCorrupt(path, str(e)) from e


# PRAGMA user_version, set by a migration that rewrote most rows in place (0017): the rows
# shrank, but their pages stay allocated and half empty until a VACUUM packs them (a five-year
# station: 3.1 GB before 0017, 2.0 GB after the VACUUM). Kept until a VACUUM succeeds, so an
# interrupted one is tried again at the next start.
COMPACT_DUE = 1


def compact_if_due(engine, path: Path) -> bool:
    if not compact_pending(engine) or not give_back_free_pages(engine, path):
        return False
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA user_version=0")
        conn.commit()
    return True


def room_to_compact(engine, path: Path) -> int:
    """Free disk a VACUUM of ``path`` needs: its used pages twice (the temporary copy, then the log)."""
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
        free = conn.exec_driver_sql("PRAGMA freelist_count").scalar_one()
    return 2 * (path.stat().st_size * (pages - free) // max(pages, 1))


def compact_pending(engine) -> bool:
    with engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA user_version").scalar_one() == COMPACT_DUE


def give_back_free_pages(engine, path: Path) -> bool:
    """VACUUM after an upgrade that rewrote most rows, so the file and every backup after it
    shrink. VACUUM writes the whole database once more (a temporary copy, then the log), so it
    runs only with that much room on the disk; it is one transaction, and an interrupted or
    failed one leaves the file as it was, only not smaller."""
    need = room_to_compact(engine, path)
    room = shutil.disk_usage(path.parent).free
    if room < need:
        log.warning("not compacting %s: %d MB free on the disk, %d MB needed", path, room >> 20, need >> 20)
        return False
    log.info("compacting %s after the upgrade (%d MB in use)", path, need >> 21)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except (sqlite3.Error, DBAPIError) as e:
        log.warning("compacting %s failed, the database is unchanged: %s", path, e)
        return False
    return True


def drop_superseded(made: Path) -> list[Path]:
    """Older copies taken before upgrading from the same revision: ``made`` holds everything they
    hold, newer. An upgrade that is stopped and started again (0017 takes minutes on a large
    station) would otherwise leave a full copy of the station for every try."""
    label = made.name.split("-", 2)[2]  # YYYYMMDD-HHMMSS-<label>.sqlite3
    dropped = []
    for older in made.parent.glob(f"*-{label}"):
        if older != made and older.name < made.name and older.suffix == SUFFIX:
            try:
                older.unlink()
            except OSError as e:
                log.warning("could not delete the superseded backup %s: %s", older, e)
                continue
            dropped.append(older)
    if dropped:
        log.info("superseded by %s: %s", made.name, ", ".join(p.name for p in dropped))
    return dropped


def open_database(url: str, backups_dir: Path, on_upgrade: Callable[[], None] | None = None) -> Database:
    """``on_upgrade`` is told before an existing station's records are upgraded, which can take
    minutes once (0017 on a five-year station): the window says so instead of looking hung."""
    path = sqlite_path(url)
    if path is not None and path.exists() and path.stat().st_size > 0:
        check_sqlite_file(path)
    engine = make_engine(url)
    try:
        current = migrate.current_revision(engine)
        head = migrate.head_revision()
        if current is not None and current not in migrate.known_revisions():
            raise DatabaseTooNew(
                tr_noop(
                    "errors",
                    "The database was written by a newer version of Village Station POS ({revision}). "
                    "Please install that version or newer.",
                ),
                revision=current,
            )
        if current != head:
            if on_upgrade is not None and current is not None:
                on_upgrade()
            if path is not None and migrate.has_user_tables(engine):
                engine.dispose()  # let the backup read a quiet file
                made = backup_sqlite(path, backups_dir, f"before-upgrade-{current}")
                drop_superseded(made)
            log.info("migrating database from %s to %s", current, head)
            migrate.upgrade(engine)
        if path is not None:
            compact_if_due(engine, path)
    except migrate.ForeignKeyCheckError as e:
        # rolled back, so the file is as it was: the message says which rows stopped the upgrade
        engine.dispose()
        raise DatabaseUnavailable(
            tr_noop("errors", "The database cannot be opened: {detail}"), detail=str(e)
        ) from e
    except sqlite3.DatabaseError as e:
        engine.dispose()
        raise DatabaseCorrupt(path or Path(url), str(e)) from e
    except OperationalError as e:
        engine.dispose()
        raise DatabaseUnavailable(
            tr_noop("errors", "The database cannot be opened: {detail}"), detail=str(e.orig)
        ) from e
    except DBAPIError as e:
        engine.dispose()
        if path is not None:
            raise DatabaseCorrupt(path, str(e.orig)) from e
        raise DatabaseUnavailable(
            tr_noop("errors", "The database cannot be opened: {detail}"), detail=str(e.orig)
        ) from e
    return Database(engine)
