"""A unit of work: one database transaction that services run their use case in."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from pos.db import checkpoints, outbox
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop

# SQLite primary result codes (the low byte of an extended code) and PostgreSQL SQLSTATEs
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL = 8, 10, 13
_PG_DISK_FULL, _PG_READ_ONLY = "53100", "25006"


class StorageError(DomainError):
    """The disk refused to store a change (full, read-only, failing). The unit of work was rolled
    back, so nothing is half-written; the partner can fix the cause and do it again."""


DISK_FULL = tr_noop("errors", "The disk is full, so this was not saved. Free some space on the computer "
                    "(delete old files, empty the recycle bin), then try again.")
READ_ONLY = tr_noop("errors", "The data folder is read-only, so this was not saved. Check the folder's "
                    "permissions or the disk, then try again.")
DISK_ERROR = tr_noop("errors", "The disk reported an error while saving, so this was not saved. Check the "
                     "disk and its cable, then try again; if it happens again, ask for help.")


def storage_error(exc: BaseException) -> StorageError | None:
    """The StorageError behind a database error, or None when it is something else (a bug)."""
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(orig).lower()
    sqlstate = getattr(orig, "sqlstate", None)
    if primary == _SQLITE_FULL or sqlstate == _PG_DISK_FULL or "database or disk is full" in text:
        return StorageError(DISK_FULL)
    if primary == _SQLITE_READONLY or sqlstate == _PG_READ_ONLY or "readonly database" in text:
        return StorageError(READ_ONLY)
    if primary == _SQLITE_IOERR or "disk i/o error" in text:
        return StorageError(DISK_ERROR)
    return None


class Database:
    """Hands out units of work over one engine. Created once by pos.app and passed around."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        outbox.install(self._sessions)  # every change the county is sent also goes in the outbox
        self._committed = checkpoints.committer(engine)  # SQLite's log is copied back off this thread

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """Commit on success, roll back on any error: nothing half-written ever stays.

        A disk that refuses the change (full, read-only, failing) raises StorageError, which the
        screens show like any DomainError, instead of a database error only a developer reads.
        """
        session = self._sessions()
        try:
            yield session
            session.commit()
            if self._committed is not None:
                self._committed()
        except BaseException as exc:
            session.rollback()
            refused = storage_error(exc)
            if refused is not None:
                raise refused from exc
            raise
        finally:
            session.close()

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only session; whatever it changed is rolled back.

        What was read stays readable after the block (as with unit_of_work): the objects are
        detached before the rollback, which would otherwise expire them.
        """
        session = self._sessions()
        try:
            yield session
        finally:
            session.expunge_all()
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
