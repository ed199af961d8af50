"""SQLAlchemy URLs (what --db takes) to libpq connection strings and back."""

from __future__ import annotations

from sqlalchemy.engine import make_url


def psycopg_dsn(url: str) -> str:
    """The libpq connection string psycopg and the pg_dump family take for a --db URL."""
    u = make_url(url)
    parts = {"host": u.host or "127.0.0.1", "port": str(u.port or 5432), "dbname": u.database or "postgres",
             "user": u.username or "", "password": u.password or ""}
    return " ".join(f"{k}='{_quote(v)}'" for k, v in parts.items() if v)


def _quote(v: str) -> str:
    return v.replace("\\", "\\\\").replace("'", "\\'")


def with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
