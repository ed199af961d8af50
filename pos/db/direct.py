"""Core statements run on a session's own transaction, past the ORM's execution layer; and new
rows stored at once by one Core INSERT, past the ORM's unit of work.

``Session.execute`` takes any statement through the ORM's machinery (its execution context,
events, result processing), even a select of plain columns: about 120 us a statement here,
against 20 us for the same statement on the session's connection, and SQLite runs most of the
check-in's reads in 5-20 us. A check-in runs a dozen (#20, goal 2), so its hot reads come here.

For selects of columns (not of mapped objects, which only the ORM makes) and for writes to
tables the county is not sent (the ORM's statement hook is what notes a synced row's change for
the outbox: pos.db.outbox). What the session holds unflushed is flushed first, as the session
would have done (autoflush), so a read here sees what a read through the session sees.

``insert`` stores a new mapped object's row now instead of at the next flush: the unit of work
spent more on the check-in's five new objects (their states, its dependency sort, its
per-object bookkeeping) than SQLite spent writing them. The object is not added to the session,
so it stays transient: set everything before, change nothing after (nothing after is stored).
A parent row must be in the database first (foreign keys are checked at once), and the record
is noted for the sync outbox as a flush would note it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Mapper, Session, object_mapper

from pos.db import outbox


def run(session: Session, statement: Executable, params: dict[str, Any] | None = None) -> CursorResult:
    _autoflush(session)
    return session.connection().execute(statement, params or {})


def insert(session: Session, obj: Any) -> None:
    mapper = object_mapper(obj)
    _autoflush(session)
    state = obj.__dict__
    values = {}
    for attr, column, default in _columns(mapper):
        if attr not in state and default is not None:
            # the column's default, on the object too, as a flush leaves it (a view of the new
            # row reads "" where the flush would have put "", and the outbox its key)
            setattr(obj, attr, default())
        if attr in state:
            values[column] = state[attr]
    session.connection().execute(mapper.local_table.insert(), values)
    outbox.note_new(session, obj)


def _autoflush(session: Session) -> None:
    if session.autoflush and (session.new or session.deleted or session.dirty):
        session.flush()


_COLUMNS: dict[Mapper, list[tuple[str, str, Callable[[], Any] | None]]] = {}


def _columns(mapper: Mapper) -> list[tuple[str, str, Callable[[], Any] | None]]:
    """(attribute, column key, its Python default) of each mapped column: the INSERT takes the
    values by column."""
    found = _COLUMNS.get(mapper)
    if found is None:
        found = _COLUMNS[mapper] = [(a.key, a.columns[0].key, _default(a.columns[0])) for a in mapper.column_attrs]
    return found


def _default(column: Any) -> Callable[[], Any] | None:
    default = column.default
    if default is None or not (default.is_scalar or default.is_callable):
        return None  # none, or one the database computes: the INSERT leaves it to the database
    if default.is_scalar:
        return lambda: default.arg
    return lambda: default.arg(None)  # SQLAlchemy wraps a plain function to take its context
