"""Audit log truly append-only: no INSERT OR REPLACE on SQLite, no TRUNCATE on PostgreSQL

The triggers of 0001 refuse UPDATE and DELETE, but SQLite's REPLACE conflict resolution deletes
the old row without firing DELETE triggers (recursive_triggers is off), so INSERT OR REPLACE
rewrote an entry; and PostgreSQL's TRUNCATE fires no row triggers at all.

Revision ID: 0007_audit_append_only
Revises: 0006_report_indexes
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0007_audit_append_only"
down_revision = "0006_report_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # A BEFORE INSERT trigger sees the table before REPLACE removes the old row, so a new
        # row that would take an existing id or rowid is refused. A rowid that is not given is
        # -1 here, which no stored row has.
        op.execute(
            "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
            "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id OR rowid = NEW.rowid) "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )
    else:
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_replace")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
