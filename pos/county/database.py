"""The county's PostgreSQL: its URL, engine and migrations."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from pos.county.env import DB_ENV
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "county_alembic_version"


class CountyDatabaseError(DomainError):
    """No usable county database URL, or a database that is not (yet) a county's."""

    context = "county"


def database_url(given: str | None) -> str:
    """--db, else $VILLAGE_POS_COUNTY_DB, checked to be PostgreSQL."""
    url = given or os.environ.get(DB_ENV, "")
    if not url:
        raise CountyDatabaseError(tr_noop("county", "No county database: give --db URL or set {env}."), env=DB_ENV)
    try:
        u = make_url(url)
    except ArgumentError:
        raise CountyDatabaseError(tr_noop("county", "'{url}' is not a database address; write it like "
                                          "postgresql+psycopg://user:password@host/county."), url=url[:80]) from None
    if u.get_backend_name() != "postgresql":
        raise CountyDatabaseError(tr_noop("county", "The county centre runs on PostgreSQL only "
                                          "(postgresql+psycopg://user:password@host/county)."))
    if u.get_driver_name() in ("", "psycopg2"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def make_county_engine(url: str, *, pool_size: int = 10) -> Engine:
    return create_engine(database_url(url), pool_pre_ping=True, pool_size=pool_size, max_overflow=10)


def _config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def check_schema(engine: Engine) -> None:
    """Refuse to serve a database `county init` has not made, or one of another version."""
    current, head = current_revision(engine), head_revision()
    if current is None:
        raise CountyDatabaseError(tr_noop("county", "This database is not a county database: run "
                                          "`village-pos county init --db URL` first."))
    if current != head:
        raise CountyDatabaseError(tr_noop("county", "The county database is at schema {current}, this program "
                                          "needs {head}: run `village-pos county init --db URL` to upgrade it."),
                                  current=current, head=head)
