"""Engines for SQLite (the embedded default) and PostgreSQL, through the same models."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop

SQLITE_BUSY_TIMEOUT_MS = 10_000
BACKENDS = ("sqlite", "postgresql")
PG_CONNECT_ARGS = {"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2,
                   "keepalives_count": 3}


class DatabaseUrlError(DomainError):
    """--db names something that is not a database this app can open."""


def parse_database_url(url: str) -> URL:
    """The URL given with --db, or DatabaseUrlError saying what is wrong (never SQLAlchemy's own
    ArgumentError, nor an ImportError for a driver the app does not ship)."""
    try:
        u = make_url(url)
    except ArgumentError as e:
        raise DatabaseUrlError(
            tr_noop("errors", "'{url}' is not a database address; write it like "
                    "postgresql+psycopg://user:password@host/database."), url=str(url)[:80],
        ) from e
    if u.get_backend_name() not in BACKENDS:
        raise DatabaseUrlError(
            tr_noop("errors", "{url}: only SQLite and PostgreSQL databases can be used."),
            url=u.render_as_string(hide_password=True),
        )
    return u


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).as_posix()}"


def sqlite_path(url: str) -> Path | None:
    """The database file behind a SQLite URL, or None for other backends and :memory:."""
    u = parse_database_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def sqlite_pragmas(dbapi_conn, _record=None) -> None:
    """The pragmas of every station connection (also the benchmark's hand-written ones)."""
    cur = dbapi_conn.cursor()
    # WAL lets readers go on while a check-in commits; synchronous=FULL because village power
    # fails often and an acknowledged check-in must survive the cut.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.close()


def make_engine(url: str, *, echo: bool = False) -> Engine:
    u = parse_database_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(
            u,
            echo=echo,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", sqlite_pragmas)
        return engine
    if u.get_backend_name() == "postgresql" and u.get_driver_name() in ("", "psycopg2"):
        # psycopg 3 is the driver we ship; a plain postgresql:// URL means it
        u = u.set(drivername="postgresql+psycopg")
    try:
        # a counter on the LAN: a cut cable is noticed in seconds, not after the OS's two hours
        return create_engine(u, echo=echo, pool_pre_ping=True, connect_args=PG_CONNECT_ARGS)
    except (ArgumentError, ImportError) as e:  # a driver the app does not ship (postgresql+foo)
        raise DatabaseUrlError(
            tr_noop("errors", "{url}: only SQLite and PostgreSQL databases can be used."),
            url=u.render_as_string(hide_password=True),
        ) from e
