"""`village-pos move-to URL`: the demo station copied from SQLite onto a real PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select, text

from pos.cli import main
from pos.db.engine import make_engine, sqlite_url
from pos.db.models import Parcel, Sale
from pos.db.opening import open_database
from pos.demo.build import create_demo
from pos.paths import DataPaths
from pos.server.move import MoveRefused, move_station, table_checks
from pos.server.saved_url import read_url
from pos.wiring import wire_station
from tests.conftest import _fresh_postgres_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(postgres_server_url):
    server = postgres_server_url
    yield from _fresh_postgres_database(server)


@pytest.fixture
def demo_station(tmp_path):
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    db = open_database(sqlite_url(paths.database), paths.backups)
    try:
        create_demo(db, wire_station().rules)
    finally:
        db.dispose()
    return paths


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_row_moves_with_its_identity_and_the_file_stays(demo_station, pg_url):
    before = _digest(demo_station.database)
    result = move_station(demo_station.database, pg_url, demo_station.backups)
    assert result.rows > 50
    assert _digest(demo_station.database) == before
    src, dst = make_engine(sqlite_url(demo_station.database)), make_engine(pg_url)
    try:
        assert table_checks(src) == table_checks(dst)
        with src.connect() as a, dst.connect() as b:
            for model in (Parcel, Sale):
                ids = select(model.id).order_by(model.id)
                assert a.execute(ids).scalars().all() == b.execute(ids).scalars().all()
            assert b.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == \
                a.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        src.dispose()
        dst.dispose()


def test_the_moved_station_keeps_working_on_postgres(demo_station, pg_url):
    move_station(demo_station.database, pg_url, demo_station.backups)
    db = open_database(pg_url, demo_station.backups)
    try:
        from pos.services.station.setup import has_station

        assert has_station(db)
        # integer ids (sequences) carry on past the copied ones: a new row does not collide
        from pos.db.models import AuditEntry
        from pos.services import audit

        with db.unit_of_work() as s:
            audit.record(s, None, audit.DATABASE_RESTORED, {"from": "test", "kept": ""})
        with db.reader() as s:
            assert s.scalar(select(func.count()).select_from(AuditEntry)) >= 2
    finally:
        db.dispose()


def test_a_target_that_holds_a_station_is_refused(demo_station, pg_url, tmp_path):
    move_station(demo_station.database, pg_url, demo_station.backups)
    with pytest.raises(MoveRefused, match="already holds a station"):
        move_station(demo_station.database, pg_url, demo_station.backups)


def test_only_postgres_is_a_target(demo_station, tmp_path):
    with pytest.raises(MoveRefused, match="only be moved to a PostgreSQL"):
        move_station(demo_station.database, sqlite_url(tmp_path / "other.sqlite3"), demo_station.backups)


def test_the_command_switches_the_data_folder(demo_station, pg_url, capsys):
    assert main(["move-to", pg_url, "--data-dir", str(demo_station.root), "--lang", "en"]) == 0
    assert read_url(demo_station.root) == pg_url
    assert (demo_station.root / "station-db.url").stat().st_mode & 0o077 == 0
    out = capsys.readouterr().out
    assert "moved" in out
    # a second run refuses: the folder is on the server already
    assert main(["move-to", pg_url, "--data-dir", str(demo_station.root), "--lang", "en"]) == 2
    assert "already" in capsys.readouterr().err

