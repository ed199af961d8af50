"""A real county server (uvicorn on PostgreSQL) behind a proxy the test controls, and a station
with its own SQLite database linked to it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pos.county import keys
from pos.county.database import make_county_engine
from pos.services.clock import ManualClock
from tests.county.conftest import county_url  # noqa: F401,F811  (the fixture)
from tests.sync.proxy import Proxy

NOW = dt.datetime(2026, 11, 20, 3, 30, tzinfo=dt.timezone.utc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CountyServer:
    def __init__(self, url: str, folder: Path) -> None:
        self.db_url = url
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.engine = make_county_engine(url, pool_size=1)

    def start(self) -> None:
        log = open(self.folder / "serve.log", "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "pos", "--lang", "en", "county", "serve", "--db",
                                      self.db_url, "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert self.proc.poll() is None, (self.folder / "serve.log").read_text()
            assert time.monotonic() < deadline, "the server did not come up"
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(20)
            self.proc = None

    def code(self, name: str = "清水村服务站") -> str:
        with Session(self.engine) as s, s.begin():
            return keys.add_station(s, name)[1]

    def staff(self) -> str:
        with Session(self.engine) as s, s.begin():
            return keys.add_staff_token(s, "test")

    def revoke(self, name: str = "清水村服务站") -> None:
        assert subprocess.run([sys.executable, "-m", "pos", "county", "revoke-station", name, "--db", self.db_url],
                              capture_output=True, timeout=60).returncode == 0


@pytest.fixture
def county(county_url, tmp_path):  # noqa: F811
    assert subprocess.run([sys.executable, "-m", "pos", "county", "init", "--db", county_url],
                          capture_output=True, timeout=120).returncode == 0
    server = CountyServer(county_url, tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        server.engine.dispose()


@pytest.fixture
def proxy(county):
    p = Proxy(county.port)
    yield p
    p.close()


@pytest.fixture
def clock():
    return ManualClock(NOW)


# --- comparing the station with the county ---------------------------------------------------

def station_records(db, station_id: str) -> dict[str, dict[str, str]]:
    """kind -> {uuid: checksum of the data the station would send now}."""
    from pos.sync import records as recs

    out: dict[str, dict[str, str]] = {}
    with db.unit_of_work() as s:
        for kind, key in recs.all_keys(s):
            uid, data = recs.read(s, kind, key, station_id)
            out.setdefault(kind, {})[uid] = _digest(data)
    return out


def county_records(engine, station_id: str) -> dict[str, dict[str, str]]:
    from pos.county.ingest import SYNCED_TABLES

    out: dict[str, dict[str, str]] = {}
    with Session(engine) as s:
        for kind, model in SYNCED_TABLES.items():
            rows = s.execute(select(model).where(model.station_id == station_id)).scalars().all()
            out[kind] = {str(r.uuid): _digest(r.data) for r in rows} if rows else {}
    return {k: v for k, v in out.items() if v}


def _digest(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def assert_same(db, engine, station_id: str) -> None:
    here, there = station_records(db, station_id), county_records(engine, station_id)
    assert {k: len(v) for k, v in here.items()} == {k: len(v) for k, v in there.items()}
    assert here == there


def county_count(engine, sql: str) -> int:
    with engine.connect() as c:
        return c.execute(text(sql)).scalar_one()
