"""On SQLite, migrations run with foreign keys off (batch mode copies tables), both ways; so
PRAGMA foreign_key_check runs after them, and a migration that leaves a row pointing nowhere is
rolled back whole with a message that says where."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text

from pos.db.engine import make_engine, sqlite_url
from pos.db.opening import DatabaseUnavailable, open_database
from pos.db.migrate import ForeignKeyCheckError, current_revision, downgrade, revision_chain, upgrade


@pytest.fixture
def sqlite_engine(tmp_path):
    eng = make_engine(sqlite_url(tmp_path / "station.sqlite3"))
    try:
        yield eng
    finally:
        eng.dispose()


def dangling_row(engine: Engine) -> None:
    """A child row whose parent is missing, as a broken migration would leave one."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        with conn.begin():
            conn.execute(text("CREATE TABLE lost_parent (id INTEGER PRIMARY KEY)"))
            conn.execute(
                text("CREATE TABLE lost_child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES lost_parent(id))")
            )
            conn.execute(text("INSERT INTO lost_child (id, parent_id) VALUES (1, 42), (2, 43)"))
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def foreign_keys_on(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_an_upgrade_that_leaves_a_dangling_row_is_rolled_back(sqlite_engine):
    chain = revision_chain()
    below, head = chain[-2], chain[-1]
    upgrade(sqlite_engine, below)
    tables_before = set(inspect(sqlite_engine).get_table_names())
    dangling_row(sqlite_engine)

    with pytest.raises(ForeignKeyCheckError, match="2 row\\(s\\) of lost_child point at missing lost_parent") as e:
        upgrade(sqlite_engine, head)

    assert f"upgrade to {head} rolled back" in str(e.value)
    assert current_revision(sqlite_engine) == below
    # the head migration's tables were undone too, not only the version row
    assert set(inspect(sqlite_engine).get_table_names()) == tables_before | {"lost_parent", "lost_child"}
    assert foreign_keys_on(sqlite_engine)


def test_a_downgrade_that_leaves_a_dangling_row_is_rolled_back(sqlite_engine):
    upgrade(sqlite_engine, "head")
    tables_before = set(inspect(sqlite_engine).get_table_names())
    dangling_row(sqlite_engine)
    below = revision_chain()[-2]

    with pytest.raises(ForeignKeyCheckError, match=f"downgrade to {below} rolled back"):
        downgrade(sqlite_engine, below)

    assert current_revision(sqlite_engine) == revision_chain()[-1]
    assert set(inspect(sqlite_engine).get_table_names()) == tables_before | {"lost_parent", "lost_child"}
    assert foreign_keys_on(sqlite_engine)


def test_downgrade_runs_with_foreign_keys_off_and_turns_them_back_on(sqlite_engine):
    # a downgrade's batch copy of a table that rows point at must not fail on the drop (it did
    # with foreign keys on); then every migration down and up again, and the keys are on after
    upgrade(sqlite_engine, "head")
    downgrade(sqlite_engine, "base")
    assert current_revision(sqlite_engine) is None
    assert foreign_keys_on(sqlite_engine)
    upgrade(sqlite_engine, "head")
    assert foreign_keys_on(sqlite_engine)


def test_a_clean_migration_passes_the_check(sqlite_engine):
    upgrade(sqlite_engine, "head")
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_opening_a_station_whose_upgrade_fails_the_check_says_so(tmp_path, sqlite_engine):
    below = revision_chain()[-2]
    upgrade(sqlite_engine, below)
    dangling_row(sqlite_engine)
    sqlite_engine.dispose()

    with pytest.raises(DatabaseUnavailable, match="lost_child point at missing lost_parent"):
        open_database(sqlite_url(tmp_path / "station.sqlite3"), tmp_path / "backups")

    assert current_revision(sqlite_engine) == below
    assert list((tmp_path / "backups").iterdir()), "the backup before the upgrade was taken"
