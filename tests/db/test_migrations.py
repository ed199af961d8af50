"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

Nothing here lists tables by hand except the foundation ones: whatever models and migrations
exist, they must agree, and the chain must go up from empty, down to nothing and up again.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, inspect, text
from sqlalchemy.exc import IntegrityError

from pos.db.engine import SQLITE_BUSY_TIMEOUT_MS, make_engine, sqlite_url
from pos.db.migrate import (
    MigrationChainError,
    alembic_config,
    current_revision,
    downgrade,
    has_user_tables,
    head_revision,
    known_revisions,
    revision_chain,
    upgrade,
)
from pos.db.models import Base
from pos.db.types import compare_type

FOUNDATION_TABLES = {"station", "app_user", "setting", "audit_log"}


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def _chain_base_to_head() -> list[str]:
    """Revision ids from the first migration to the head, in order."""
    return [s.revision for s in reversed(list(_script().walk_revisions("base", "heads")))]


def _user_tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


# --- the chain itself ------------------------------------------------------------------------


def test_migration_chain_is_linear_with_one_head():
    script = _script()
    heads = script.get_heads()
    assert len(heads) == 1, f"several heads {heads}: merge them or rebase the new migration"
    assert heads[0] == head_revision()
    bases = script.get_bases()
    assert len(bases) == 1, f"several first migrations: {bases}"
    for rev in script.walk_revisions():
        assert not rev.is_merge_point, f"{rev.revision} merges branches: keep the chain linear"
        assert not rev.is_branch_point, f"{rev.revision} has several children: {rev.nextrev}"
    # every revision on disk is on the single path from base to head
    assert set(_chain_base_to_head()) == known_revisions()


def test_the_chain_read_without_alembic_is_alembics():
    """pos.db.migrate reads the revision ids from the scripts so that a start at the head needs
    no Alembic: the order must be Alembic's own."""
    assert list(revision_chain()) == _chain_base_to_head()
    assert head_revision() == _script().get_current_head()


def test_opening_a_database_at_the_head_does_not_load_alembic(tmp_path):
    url = sqlite_url(tmp_path / "station.sqlite3")
    engine = make_engine(url)
    upgrade(engine, "head")
    engine.dispose()
    code = ("import sys\n"
            "from pathlib import Path\n"
            "from pos.db.opening import open_database\n"
            f"open_database({url!r}, Path({str(tmp_path / 'backups')!r})).dispose()\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')], 'alembic loaded'\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


def test_a_database_with_several_revisions_is_refused(migrated_engine: Engine):
    with migrated_engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('0001_foundation')"))
    with pytest.raises(MigrationChainError):
        current_revision(migrated_engine)


def test_foundation_tables_are_modelled():
    assert FOUNDATION_TABLES <= set(Base.metadata.tables)


# --- up and down, on both backends -------------------------------------------------------------


def test_upgrade_from_empty_to_head(engine: Engine):
    assert not has_user_tables(engine)
    assert current_revision(engine) is None

    upgrade(engine, "head")

    assert current_revision(engine) == head_revision()
    assert set(Base.metadata.tables) <= _user_tables(engine)


def test_upgrade_again_at_head_changes_nothing(migrated_engine: Engine):
    before = _user_tables(migrated_engine)
    upgrade(migrated_engine, "head")
    assert current_revision(migrated_engine) == head_revision()
    assert _user_tables(migrated_engine) == before


def test_downgrade_to_base_then_upgrade_to_head(migrated_engine: Engine):
    downgrade(migrated_engine, "base")
    assert current_revision(migrated_engine) is None
    assert _user_tables(migrated_engine) == set(), "a downgrade left tables behind"

    upgrade(migrated_engine, "head")
    assert current_revision(migrated_engine) == head_revision()
    assert set(Base.metadata.tables) <= _user_tables(migrated_engine)
    _assert_models_match_schema(migrated_engine)


def test_each_migration_steps_up_and_down(engine: Engine):
    """One revision at a time: each upgrade() and each downgrade() works on its own."""
    chain = _chain_base_to_head()
    for rev in chain:
        upgrade(engine, rev)
        assert current_revision(engine) == rev
    for rev, below in zip(reversed(chain), [*reversed(chain[:-1]), None]):
        downgrade(engine, below or "base")
        assert current_revision(engine) == below, f"downgrade of {rev} did not land on {below}"
    assert _user_tables(engine) == set()


# --- the schema matches the models ---------------------------------------------------------------


def test_every_model_table_has_its_columns(migrated_engine: Engine):
    inspector = inspect(migrated_engine)
    schema_tables = set(inspector.get_table_names())
    for table in Base.metadata.sorted_tables:
        assert table.name in schema_tables, f"no migration creates table {table.name}"
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == set(table.columns.keys()), f"columns of {table.name}"
        pk = inspector.get_pk_constraint(table.name)["constrained_columns"]
        assert pk == [c.name for c in table.primary_key.columns], f"primary key of {table.name}"


def _schema_diff(engine: Engine, metadata: MetaData) -> list:
    with engine.connect() as conn:
        # the same options as pos/db/migrations/env.py
        context = MigrationContext.configure(conn, opts={"compare_type": compare_type})
        return compare_metadata(context, metadata)


def _assert_models_match_schema(engine: Engine) -> None:
    diff = _schema_diff(engine, Base.metadata)
    assert diff == [], (
        "the models and the migrated schema differ (a model changed without a migration?):\n"
        + "\n".join(repr(d) for d in diff)
    )


def test_models_match_migrated_schema(migrated_engine: Engine):
    """What `alembic revision --autogenerate` would write must be empty."""
    _assert_models_match_schema(migrated_engine)


def test_schema_check_notices_a_model_changed_without_migration(migrated_engine: Engine):
    """The check above is only worth something if it sees drift; change a copy of the models."""
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["station"].append_column(Column("fax", String(30), nullable=True))
    changed.tables["app_user"].c.role.type = String(40)
    Table("parcel_bin", changed, Column("id", Integer, primary_key=True))

    diff = _schema_diff(migrated_engine, changed)

    flat = [d for entry in diff for d in (entry if isinstance(entry, list) else [entry])]
    kinds = {(d[0], d[2] if d[0] == "modify_type" else getattr(d[-1], "name", None)) for d in flat}
    assert ("add_column", "fax") in kinds
    assert ("modify_type", "app_user") in kinds
    assert ("add_table", "parcel_bin") in kinds


# --- SQLite settings ---------------------------------------------------------------------------


def _pragmas(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        return {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }


def test_sqlite_pragmas_on_every_connection(tmp_path):
    eng = make_engine(sqlite_url(tmp_path / "pragmas.sqlite3"))
    try:
        # two connections open at once: the pragmas are per connection, not per file
        with eng.connect() as first, eng.connect() as second:
            for conn in (first, second):
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
                assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
                assert conn.execute(text("PRAGMA busy_timeout")).scalar() == SQLITE_BUSY_TIMEOUT_MS
        assert SQLITE_BUSY_TIMEOUT_MS > 0
    finally:
        eng.dispose()


def test_sqlite_pragmas_survive_migrations(database):
    """Alembic's batch mode on SQLite must not leave foreign keys off, nor leave WAL."""
    assert _pragmas(database.engine) == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 2,
        "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
    }


def test_sqlite_foreign_keys_are_enforced(tmp_path):
    eng = make_engine(sqlite_url(tmp_path / "fk.sqlite3"))
    try:
        with eng.begin() as conn:
            conn.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
            conn.execute(
                text("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id REFERENCES parent(id))")
            )
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            with eng.begin() as conn:
                conn.execute(text("INSERT INTO child (id, parent_id) VALUES (1, 42)"))
    finally:
        eng.dispose()
