"""Opening the station database: check it, back it up, migrate it, or say clearly why not."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError

from pos.db import migrate
from pos.db.backup import backup_sqlite
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


def open_database(url: str, backups_dir: Path) -> Database:
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
            if path is not None and migrate.has_user_tables(engine):
                engine.dispose()  # let the backup read a quiet file
                backup_sqlite(path, backups_dir, f"before-upgrade-{current}")
            log.info("migrating database from %s to %s", current, head)
            migrate.upgrade(engine)
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
