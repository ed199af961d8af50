"""A unit of work: one database transaction that services run their use case in."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


class Database:
    """Hands out units of work over one engine. Created once by pos.app and passed around."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """Commit on success, roll back on any error: nothing half-written ever stays."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
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
