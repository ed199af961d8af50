"""Keys as 16 bytes and times as microseconds on SQLite

Revision ID: 0017_compact_keys_times
Revises: 0016_report_speed
Create Date: 2026-12-03

SQLAlchemy keeps a UUID on SQLite as 32 hex digits and a time as 26 characters of text. On the
five-year benchmark station those two made up about 40% of the file, index entries included
(3.1 GB). pos.db.types now writes a key as its 16 bytes and a time as whole microseconds since
1970 UTC; this rewrites what is already stored. Both forms sort as the text did. The declared
column types stay (CHAR(32) keeps a blob as it is, DATETIME an integer), so no table is rebuilt,
and each UPDATE touches only text values: run again after an interruption it goes on where it
stopped. PostgreSQL stores native uuid and timestamptz already: nothing to do there.
"""

from __future__ import annotations

from alembic import op

revision = "0017_compact_keys_times"
down_revision = "0016_report_speed"
branch_labels = None
depends_on = None

_KEY, _TIME = "CHAR(32)", "DATETIME"


def _unhex(value):
    """32 hex digits as their 16 bytes; anything else is left as it was (the reader accepts it)."""
    try:
        return bytes.fromhex(value) if len(value) == 32 else value
    except ValueError:
        return value


def _only(stored_as: str, column: str, new_value: str) -> str:
    """``new_value`` for a value stored as ``stored_as``; any other value stays as it is."""
    return f'CASE WHEN typeof("{column}") = \'{stored_as}\' THEN {new_value} ELSE "{column}" END'


def _key(column: str) -> str:
    return _only("text", column, f'pos_unhex("{column}")')


def _time(column: str) -> str:
    # 'YYYY-MM-DD HH:MM:SS.ffffff' (SQLAlchemy's form), exact to the microsecond; a value without
    # its fraction gets '.000000' from the padding
    return _only("text", column, f'CAST(strftime(\'%s\', "{column}") AS INTEGER) * 1000000 '
                                 f'+ CAST(substr("{column}" || \'.000000\', 21, 6) AS INTEGER)')


def _rewrite(bind, key_sql, time_sql) -> None:
    tables = [r[0] for r in bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        sets = []
        for _cid, column, declared, *_rest in bind.exec_driver_sql(f'PRAGMA table_info("{table}")'):
            if declared == _KEY:
                sets.append(f'"{column}" = {key_sql(column)}')
            elif declared == _TIME:
                sets.append(f'"{column}" = {time_sql(column)}')
        if not sets:
            continue
        # the audit log refuses every UPDATE (0001, 0007); the same values in their new form are
        # not a change of what was recorded, and the trigger is back before the transaction ends
        guards = bind.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
            "AND sql LIKE '%BEFORE UPDATE%'", (table,)).all()
        for name, _sql in guards:
            bind.exec_driver_sql(f'DROP TRIGGER "{name}"')
        bind.exec_driver_sql(f'UPDATE "{table}" SET {", ".join(sets)}')
        for _name, sql in guards:
            bind.exec_driver_sql(sql)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.connection.driver_connection.create_function("pos_unhex", 1, _unhex, deterministic=True)
    # every index on a key is rewritten in the keys' random order: with SQLite's default 2 MB
    # page cache that is a read and a write per row; 256 MB holds most of the index being written
    cache = bind.exec_driver_sql("PRAGMA cache_size").scalar_one()
    bind.exec_driver_sql("PRAGMA cache_size=-262144")
    try:
        _rewrite(bind, _key, _time)
    finally:
        bind.exec_driver_sql(f"PRAGMA cache_size={int(cache)}")
    # in this transaction: pos.db.opening VACUUMs the file while this is set (its COMPACT_DUE)
    bind.exec_driver_sql("PRAGMA user_version=1")


def _key_text(column: str) -> str:
    return _only("blob", column, f'lower(hex("{column}"))')


def _time_text(column: str) -> str:
    return _only("integer", column, f'strftime(\'%Y-%m-%d %H:%M:%S\', "{column}" / 1000000, \'unixepoch\') '
                                    f'|| printf(\'.%06d\', "{column}" % 1000000)')


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rewrite(bind, _key_text, _time_text)
        bind.exec_driver_sql("PRAGMA user_version=0")
