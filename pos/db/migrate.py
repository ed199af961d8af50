"""Apply the Alembic migrations shipped inside the package.

The schema only ever changes here. Before a migration touches an existing SQLite database, a
copy of the file is taken (see pos.db.backup), so a failed upgrade never costs a station its data.

Alembic (with Mako) costs some 8 MB of memory and 0.4 s of import, yet almost every start finds
the database at the head revision already. So the revision ids are read from the migration
scripts themselves (their ``revision = ...`` and ``down_revision = ...`` lines) and the
database's from its ``alembic_version`` table; Alembic is imported only to migrate.
tests/db/test_migrations.py checks that this reading agrees with Alembic's own.
"""

from __future__ import annotations

import ast
import functools
import logging
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
VERSION_TABLE = "alembic_version"  # Alembic's default, which pos/db/migrations/env.py keeps


class MigrationChainError(RuntimeError):
    """The migration scripts do not form one line from the first to the head."""


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _script_ids(path: Path) -> tuple[str, str | None] | None:
    """(revision, down_revision) assigned at the top level of a migration script."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            found[target.id] = ast.literal_eval(value)
    revision, down = found.get("revision"), found.get("down_revision")
    if not isinstance(revision, str):
        return None
    if down is not None and not isinstance(down, str):
        raise MigrationChainError(f"{path.name} merges revisions {down!r}: keep the chain linear")
    return revision, down


@functools.cache
def revision_chain() -> tuple[str, ...]:
    """The revision ids from the first migration to the head."""
    parent: dict[str, str | None] = {}
    for path in sorted(VERSIONS_DIR.glob("*.py")):
        ids = _script_ids(path)
        if ids is not None:
            parent[ids[0]] = ids[1]
    child: dict[str | None, str] = {}
    for rev, down in parent.items():
        if down in child:
            raise MigrationChainError(f"{child[down]} and {rev} both follow {down}: keep the chain linear")
        child[down] = rev
    chain: list[str] = []
    rev = child.get(None)
    while rev is not None:
        chain.append(rev)
        rev = child.get(rev)
    if len(chain) != len(parent):
        raise MigrationChainError(f"migrations off the chain from the first one: {sorted(set(parent) - set(chain))}")
    return tuple(chain)


def head_revision() -> str:
    return revision_chain()[-1]


def known_revisions() -> set[str]:
    return set(revision_chain())


def current_revision(engine: Engine) -> str | None:
    """The database's revision, None for a database that was never migrated (as Alembic says)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(rows) > 1:
        raise MigrationChainError(f"the database has several revisions {rows}")
    return rows[0] if rows else None


def has_user_tables(engine: Engine) -> bool:
    names = set(inspect(engine).get_table_names()) - {VERSION_TABLE}
    return bool(names)


class ForeignKeyCheckError(RuntimeError):
    """A migration left rows pointing at rows that do not exist; it was rolled back."""


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    _migrate(engine, lambda cfg: command.upgrade(cfg, revision), f"upgrade to {revision}")


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    _migrate(engine, lambda cfg: command.downgrade(cfg, revision), f"downgrade to {revision}")


def _migrate(engine: Engine, run: Callable[[Config], None], what: str) -> None:
    cfg = alembic_config()
    with engine.connect() as conn:
        # SQLite's batch migrations copy a table into a new one; with foreign keys on, rows that
        # other tables point at (consent entries, payments) fail the drop. Off for the migration
        # (it only takes effect outside a transaction), then back on for the pooled connection;
        # with them off, PRAGMA foreign_key_check is what still says a migration broke a link.
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if sqlite:
                    # the sqlite3 module opens no transaction before DDL, so without this BEGIN
                    # every CREATE and DROP would be committed on its own and a failed check
                    # could not be undone
                    conn.exec_driver_sql("BEGIN")
                cfg.attributes["connection"] = conn
                run(cfg)
                if sqlite:
                    _check_foreign_keys(conn, what)
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def _check_foreign_keys(conn: Connection, what: str) -> None:
    """Raise (so the transaction rolls back) when any row points at a missing row."""
    rows = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if not rows:
        return
    # (table, rowid, referenced table, constraint index): one line per table pair is enough
    pairs: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fk in rows:
        pairs[(table, parent)] = pairs.get((table, parent), 0) + 1
    found = ", ".join(f"{n} row(s) of {table} point at missing {parent}" for (table, parent), n in sorted(pairs.items()))
    raise ForeignKeyCheckError(f"{what} rolled back: after it, {found}")
