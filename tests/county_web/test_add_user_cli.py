"""`village-pos county add-user` from the shell, and the county schema with the web tables."""

from __future__ import annotations

import io

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.cli import main
from pos.county.database import VERSION_TABLE, make_county_engine, upgrade
from pos.county.models import Base, StaffUser
from pos.county.web import auth

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _qt(qapp):
    return qapp  # the CLI translates through Qt: share the session's application


def county(*args: str) -> int:
    return main(["--lang", "en", "county", *args])


def test_add_user_reads_the_password_from_stdin_and_sets_it_again(county_url, monkeypatch, capsys):
    assert county("init", "--db", county_url) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert county("add-user", "李主任", "--role", "viewer", "--password-stdin", "--db", county_url) == 0
    assert "李主任 added (viewer)" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert county("add-user", "李主任", "--role", "administrator", "--password-stdin", "--db", county_url) == 2
    assert "8 to 200 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("another long one\n"))
    assert county("add-user", "李主任", "--role", "administrator", "--password-stdin", "--db", county_url) == 0
    assert "updated (administrator)" in capsys.readouterr().out
    engine = make_county_engine(county_url, pool_size=1)
    try:
        with Session(engine) as s:
            user = s.scalar(select(StaffUser))
        assert (user.name, user.role) == ("李主任", "administrator")
        assert auth.verify_password("another long one", user.password_hash)
    finally:
        engine.dispose()


def test_add_user_asks_twice_on_a_terminal(county_url, monkeypatch, capsys):
    assert county("init", "--db", county_url) == 0
    answers = iter(["first password", "other password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    assert county("add-user", "小王", "--role", "viewer", "--db", county_url) == 2
    assert "differ" in capsys.readouterr().err


def test_the_migration_matches_the_models(county_url):
    engine = make_county_engine(county_url, pool_size=1)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "version_table": VERSION_TABLE})
            assert compare_metadata(ctx, Base.metadata) == []
    finally:
        engine.dispose()
