"""A unit of work: one database transaction that services run their use case in."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Callable, Iterator

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pos.db import checkpoints, outbox
from pos.db.models import Payment
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop

# SQLite primary result codes (the low byte of an extended code) and PostgreSQL SQLSTATEs
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL = 8, 10, 13
_PG_DISK_FULL, _PG_READ_ONLY = "53100", "25006"


COUNTER_KEY = "counter_id"
TENDER_SHIFT_KEY = "tender_shift_id"  # set by pos.services.shifts.drawer.shift_for_tender


@event.listens_for(Session, "before_flush")
def _stamp_tenders(session: Session, _context, _instances) -> None:
    """Every Payment a unit of work adds after asking for the tender's shift belongs to that
    shift: its counter's drawer. Stamped here so no tender can forget it."""
    shift_id = session.info.get(TENDER_SHIFT_KEY)
    if shift_id is None:
        return
    for obj in session.new:
        if isinstance(obj, Payment) and obj.shift_id is None:
            obj.shift_id = shift_id


def session_counter(session: Session) -> uuid.UUID | None:
    """The counter whose unit of work this is (None: a station from before counters, or a tool)."""
    return session.info.get(COUNTER_KEY)


_WROTE = "wrote"


def _mark_written(session: Session, _context) -> None:
    session.info[_WROTE] = True


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


class ConnectionLost(DomainError):
    """The database server cannot be reached (a PC sharing the station's PostgreSQL over the LAN).
    Nothing was written, except when the line went while committing (``in_doubt``)."""

    def __init__(self, message: str, in_doubt: bool = False) -> None:
        super().__init__(message)
        self.in_doubt = in_doubt


LOST = tr_noop("errors", "The connection to the station's database server is lost, so this was not saved. "
               "Check the network cable to the main PC; the app carries on by itself when the connection is back.")
HELD = tr_noop("errors", "Not saved: the connection to the station's database server is lost, and nothing can be "
               "recorded until it is back (see the red banner).")
IN_DOUBT = tr_noop("errors", "The connection to the database server was lost while saving: this may or may not have "
                   "been saved. When the connection is back, look it up before doing it again.")


def is_connection_loss(engine: Engine, exc: BaseException) -> bool:
    """The server went away (cable, Wi-Fi, the main PC off), as opposed to a bug or a refusal.
    Never for SQLite: its file is on this PC, and "database is locked" is not a lost server."""
    if engine.dialect.name == "sqlite" or not isinstance(exc, DBAPIError):
        return False
    return bool(exc.connection_invalidated) or isinstance(exc, (OperationalError, InterfaceError))


class Database:
    """Hands out units of work over one engine. Created once by pos.app and passed around."""

    def __init__(self, engine: Engine, counter_id: uuid.UUID | None = None) -> None:
        self.engine = engine
        # this PC's counter (pos.services.station.counters): every session carries it in
        # ``info["counter_id"]``, so a tender finds its own drawer's shift and a print job its
        # own printer without every caller passing it along; None before the counter is known
        self.counter_id = counter_id
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        outbox.install(self._sessions)  # every change the county is sent also goes in the outbox
        self._committed = checkpoints.committer(engine)  # SQLite's log is copied back off this thread
        # set by the connection watch (pos.ui.connection_watch) while the server cannot be reached:
        # every unit of work is refused at once, so nothing is half-recorded on a flapping line
        self.held = False
        # told (from whichever thread) when a unit of work finds the server gone: the banner goes
        # up at once instead of at the next heartbeat
        self.on_connection_lost: Callable[[], None] | None = None
        # told after each unit of work that wrote something (a check-in, a sale): the background
        # sync sends more slowly while the counter is busy (pos.sync.worker.Activity)
        self.on_write: Callable[[], None] | None = None
        event.listen(self._sessions, "after_flush", _mark_written)

    @contextmanager
    def unit_of_work(self, *, probe: bool = False) -> Iterator[Session]:
        """Commit on success, roll back on any error: nothing half-written ever stays.

        A disk that refuses the change (full, read-only, failing) raises StorageError, and a server
        that cannot be reached ConnectionLost, which the screens show like any DomainError,
        instead of a database error only a developer reads. ``probe``: the heartbeat, which must
        still try while recording is held.
        """
        if self.held and not probe:
            raise ConnectionLost(HELD)
        session = self._session()
        committing = False
        try:
            yield session
            committing = True
            session.commit()
            if self._committed is not None:
                self._committed()
            if self.on_write is not None and session.info.get(_WROTE):
                self.on_write()
        except BaseException as exc:
            try:
                session.rollback()
            except DBAPIError:
                pass  # the connection is gone: there is nothing left to roll back
            refused = storage_error(exc)
            if refused is not None:
                raise refused from exc
            if is_connection_loss(self.engine, exc):
                self._lost()
                raise ConnectionLost(IN_DOUBT if committing else LOST, in_doubt=committing) from exc
            raise
        finally:
            session.close()

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only session; whatever it changed is rolled back.

        What was read stays readable after the block (as with unit_of_work): the objects are
        detached before the rollback, which would otherwise expire them.
        """
        session = self._session()
        try:
            yield session
        except DBAPIError as exc:
            if is_connection_loss(self.engine, exc):
                self._lost()
                raise ConnectionLost(LOST) from exc
            raise
        finally:
            session.expunge_all()
            try:
                session.rollback()
            except DBAPIError:
                pass  # the connection is gone
            session.close()

    def _lost(self) -> None:
        if self.on_connection_lost is not None:
            self.on_connection_lost()

    def _session(self) -> Session:
        session = self._sessions()
        session.info[COUNTER_KEY] = self.counter_id
        return session

    def dispose(self) -> None:
        self.engine.dispose()
