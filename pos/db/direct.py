"""Core statements run on a session's own transaction, past the ORM's execution layer.

``Session.execute`` takes any statement through the ORM's machinery (its execution context,
events, result processing), even a select of plain columns: about 120 us a statement here,
against 20 us for the same statement on the session's connection, and SQLite runs most of the
check-in's reads in 5-20 us. A check-in runs a dozen (#20, goal 2), so its hot reads come here.

For selects of columns (not of mapped objects, which only the ORM makes) and for writes to
tables the county is not sent (the ORM's statement hook is what notes a synced row's change for
the outbox: pos.db.outbox). What the session holds unflushed is flushed first, as the session
would have done (autoflush), so a read here sees what a read through the session sees.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session


def run(session: Session, statement: Executable, params: dict[str, Any] | None = None) -> CursorResult:
    if session.autoflush and (session.new or session.deleted or session.dirty):
        session.flush()
    return session.connection().execute(statement, params or {})
