"""`village-pos move-to URL`: copy a station from its SQLite file onto a PostgreSQL server.

Every row of every table is copied with its own id (UUIDs keep their identity, so receipts,
logs and the county's records still point at the same things); PostgreSQL's id sequences are
moved past the copied ids. Then each table is checked: the same number of rows and the same sum
of every integer column (all money is integer fen) on both sides. The SQLite file is only read,
and stays as it was: if anything goes wrong, the station carries on from it.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import BigInteger, Integer, func, inspect, select, text
from sqlalchemy.engine import Engine

from pos.db import migrate
from pos.db.backup import backup_sqlite
from pos.db.engine import make_engine, parse_database_url, sqlite_url
from pos.db.models import Base
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop

log = logging.getLogger(__name__)

_BATCH = 1000


class MoveRefused(DomainError):
    pass


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    sums: dict[str, int]


@dataclass(frozen=True)
class MoveResult:
    tables: tuple[TableCheck, ...]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def move_station(sqlite_file: Path, target_url: str, backups_dir: Path) -> MoveResult:
    """Copy, check, and return what was checked; MoveRefused (nothing switched) otherwise.

    The rows are read from a consistent copy taken first (kept in ``backups_dir`` as
    before-move): the station's own file is only ever read by SQLite's backup API."""
    target = parse_database_url(target_url)
    if target.get_backend_name() != "postgresql":
        raise MoveRefused(tr_noop("errors", "A station can only be moved to a PostgreSQL server "
                                  "(postgresql+psycopg://user:password@host:port/database)."))
    if not Path(sqlite_file).is_file():
        raise MoveRefused(tr_noop("errors", "There is no station database at {path} to move."), path=str(sqlite_file))
    try:
        copy = backup_sqlite(Path(sqlite_file), Path(backups_dir), "before-move")
    except (OSError, sqlite3.Error) as e:
        raise MoveRefused(tr_noop("errors", "The station could not be moved, and it still runs on its own file: "
                                  "{reason}"), reason=str(e)[:300]) from e
    src = make_engine(sqlite_url(copy))
    dst = make_engine(target_url)
    try:
        _check_source(src)
        _check_target_empty(dst)
        migrate.upgrade(dst)
        _check_target_empty(dst)  # a migration that seeds rows would be copied over
        with src.connect() as s, dst.begin() as d:
            for table in Base.metadata.sorted_tables:
                rows = s.execute(select(table)).mappings()
                while batch := rows.fetchmany(_BATCH):
                    d.execute(table.insert(), [dict(r) for r in batch])
            _advance_sequences(d)
        checks = _verify(src, dst)
    except DomainError:
        raise
    except Exception as e:
        log.exception("move to %s failed", target.render_as_string(hide_password=True))
        raise MoveRefused(tr_noop("errors", "The station could not be moved, and it still runs on its own file: "
                                  "{reason}"), reason=str(getattr(e, "orig", None) or e)[:300]) from e
    finally:
        src.dispose()
        dst.dispose()
    log.info("station moved from %s to %s: %d rows", sqlite_file, target.render_as_string(hide_password=True),
             sum(c.rows for c in checks))
    return MoveResult(tuple(checks))


def _check_source(src: Engine) -> None:
    current = migrate.current_revision(src)
    if current != migrate.head_revision():
        raise MoveRefused(tr_noop("errors", "Start this version of Village Station POS on the station once "
                                  "(it updates the database), close it, then move the station."))
    unknown = set(inspect(src).get_table_names()) - set(Base.metadata.tables) - {"alembic_version"}
    if unknown:
        raise MoveRefused(tr_noop("errors", "The station database has tables this version does not know ({tables}): "
                                  "nothing was moved."), tables=", ".join(sorted(unknown)))


def _check_target_empty(dst: Engine) -> None:
    names = set(inspect(dst).get_table_names())
    with dst.connect() as c:
        for table in Base.metadata.sorted_tables:
            if table.name in names and c.execute(select(func.count()).select_from(table)).scalar_one():
                raise MoveRefused(tr_noop("errors", "The database {url} already holds a station (table {table} has "
                                          "records): nothing was moved. Use an empty database."),
                                  url=dst.url.render_as_string(hide_password=True), table=table.name)


def _advance_sequences(conn) -> None:
    for table in Base.metadata.sorted_tables:
        for col in table.primary_key.columns:
            if isinstance(col.type, (Integer, BigInteger)):
                conn.execute(text(
                    "SELECT setval(seq, COALESCE((SELECT max({c}) FROM {t}), 0) + 1, false) "
                    "FROM pg_get_serial_sequence(:t, :c) AS seq WHERE seq IS NOT NULL"
                    .format(c=f'"{col.name}"', t=f'"{table.name}"')), {"t": table.name, "c": col.name})


def table_checks(engine: Engine) -> list[TableCheck]:
    """Row count and the sum of every integer column (money included), per table."""
    out = []
    with engine.connect() as c:
        for table in Base.metadata.sorted_tables:
            cols = [col for col in table.columns if isinstance(col.type, (Integer, BigInteger))]
            exprs = [func.count()] + [func.coalesce(func.sum(col), 0) for col in cols]
            row = c.execute(select(*exprs).select_from(table)).one()
            out.append(TableCheck(table.name, int(row[0]), {col.name: int(v) for col, v in zip(cols, row[1:])}))
    return out


def _verify(src: Engine, dst: Engine) -> list[TableCheck]:
    before, after = table_checks(src), table_checks(dst)
    for a, b in zip(before, after):
        if a != b:
            raise MoveRefused(tr_noop("errors", "The copy of table {table} does not match the station's file "
                                      "({detail}); the station still runs on its own file."), table=a.table,
                              detail=f"{a.rows}/{b.rows} rows")
    return before
