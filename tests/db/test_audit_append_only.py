"""Every way SQL can rewrite or empty a table is refused on the audit log, on both backends:
the UPDATE/DELETE triggers alone let INSERT OR REPLACE (SQLite) and TRUNCATE (PostgreSQL)
through."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from pos.db.models import AuditEntry
from pos.db.unit_of_work import Database

_COLUMNS = "id, created_at, updated_at, at, operator, operator_id, action, details"


@pytest.fixture
def stored(any_database: Database) -> dict:
    with any_database.unit_of_work() as s:
        s.add(AuditEntry(operator="李梅", operator_id="", action="sale.void", details="R20261122-0007"))
    with any_database.reader() as s:
        return dict(s.execute(text(f"SELECT {_COLUMNS} FROM audit_log")).mappings().one())


def _rewrites(dialect: str) -> dict[str, str]:
    values = "(:id, :created_at, :updated_at, :at, 'forger', '', 'sale.void', 'rewritten')"
    common = {
        "update": "UPDATE audit_log SET details = 'rewritten'",
        "delete": "DELETE FROM audit_log",
        "upsert": f"INSERT INTO audit_log ({_COLUMNS}) VALUES {values} "
                  "ON CONFLICT (id) DO UPDATE SET details = excluded.details",
    }
    if dialect == "sqlite":
        return common | {
            "insert or replace": f"INSERT OR REPLACE INTO audit_log ({_COLUMNS}) VALUES {values}",
            "replace into": f"REPLACE INTO audit_log ({_COLUMNS}) VALUES {values}",
            "replace by rowid": f"INSERT OR REPLACE INTO audit_log (rowid, {_COLUMNS}) "
                                "VALUES (1, 'ffffffffffffffffffffffffffffffff', :created_at, :updated_at, :at, "
                                "'forger', '', 'sale.void', 'rewritten')",
            "upsert by rowid": f"INSERT INTO audit_log (rowid, {_COLUMNS}) "
                               "VALUES (1, 'ffffffffffffffffffffffffffffffff', :created_at, :updated_at, :at, "
                               "'forger', '', 'sale.void', 'rewritten') "
                               "ON CONFLICT DO UPDATE SET details = excluded.details",
        }
    return common | {"truncate": "TRUNCATE audit_log", "truncate cascade": "TRUNCATE audit_log CASCADE"}


def test_no_statement_rewrites_or_empties_the_audit_log(any_database: Database, stored: dict):
    dialect = any_database.engine.dialect.name
    let_through = []
    for name, sql in _rewrites(dialect).items():
        try:
            with any_database.unit_of_work() as s:
                s.execute(text(sql), stored)
        except DBAPIError as e:
            assert "append-only" in str(e), f"{name}: refused for another reason: {e}"
        else:
            let_through.append(name)
    assert let_through == []
    with any_database.reader() as s:
        assert [dict(r) for r in s.execute(text(f"SELECT {_COLUMNS} FROM audit_log")).mappings()] == [stored]


def test_new_entries_are_still_written(any_database: Database, stored: dict):
    with any_database.unit_of_work() as s:
        s.add(AuditEntry(operator="王强", operator_id="", action="login.failed", details=""))
    with any_database.reader() as s:
        assert s.scalar(text("SELECT count(*) FROM audit_log")) == 2
