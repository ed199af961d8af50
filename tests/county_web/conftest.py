"""The county's web pages: a migrated county database on the test PostgreSQL (the session's
private server unless POS_TEST_PG_URL names one), staff accounts, and a signed-in TestClient."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pos.county.web import auth
from tests.conftest import _fresh_postgres_database
from tests.county.conftest import client, county_engine  # noqa: F401 - fixtures used by these tests

PASSWORD = "correct horse 42"


@pytest.fixture
def county_url(postgres_server_url: str) -> Iterator[str]:
    yield from _fresh_postgres_database(postgres_server_url)


def add_user(engine: Engine, name: str = "李主任", role: str = "administrator", password: str = PASSWORD) -> None:
    with Session(engine) as s, s.begin():
        auth.add_user(s, name, role, password)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def log_in(http, name: str = "李主任", password: str = PASSWORD, next: str = "/"):
    page = http.get("/login")
    return http.post("/login", data={"csrf_token": csrf_of(page.text), "name": name, "password": password,
                                       "next": next}, follow_redirects=False)


@pytest.fixture
def admin(client, county_engine):  # noqa: F811 - the fixtures imported above
    add_user(county_engine)
    r = log_in(client)
    assert r.status_code == 303, r.text
    return client
