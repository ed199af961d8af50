"""A counter whose line to the PostgreSQL server goes: every unit of work is refused with a clear
message (never a raw driver error), the window is told at once, and work resumes by itself."""

import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from pos.db.engine import make_engine
from pos.db.unit_of_work import ConnectionLost, Database
from tests.conftest import _fresh_postgres_database
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres


@pytest.fixture
def via_proxy(postgres_server_url):
    server = postgres_server_url
    for url in _fresh_postgres_database(server):
        u = make_url(url)
        proxy = TcpProxy(u.host or "127.0.0.1", u.port or 5432)
        try:
            yield proxy, u.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        finally:
            proxy.stop()


def test_a_cut_line_is_refused_clearly_and_work_resumes_when_it_is_back(via_proxy):
    proxy, url = via_proxy
    db = Database(make_engine(url))
    told = []
    db.on_connection_lost = lambda: told.append(1)
    with db.unit_of_work() as s:
        s.execute(text("CREATE TABLE t (n int)"))
    proxy.cut(2.0)
    with pytest.raises(ConnectionLost) as refused:
        with db.unit_of_work() as s:
            s.execute(text("INSERT INTO t VALUES (1)"))
    assert "not saved" in str(refused.value) and not refused.value.in_doubt
    assert told
    with pytest.raises(ConnectionLost):
        with db.reader() as s:
            s.execute(text("SELECT 1"))
    time.sleep(2.2)
    with db.unit_of_work() as s:
        s.execute(text("INSERT INTO t VALUES (2)"))
    with db.reader() as s:
        assert s.execute(text("SELECT n FROM t")).scalars().all() == [2]
    db.dispose()
