"""County centre fixtures: a fresh migrated PostgreSQL database per test, the API under
TestClient, and builders for the station's side of the contract."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pos.county import keys
from pos.county.database import make_county_engine, upgrade
from pos.sync.contract import Batch, SyncRecord, encode_batch, format_time
from tests.conftest import _fresh_postgres_database

T0 = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def county_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh county database on the session's server (POS_TEST_PG_URL's, or the private one)."""
    yield from _fresh_postgres_database(postgres_server_url)


@pytest.fixture
def county_engine(county_url: str) -> Iterator[Engine]:
    eng = make_county_engine(county_url, pool_size=2)
    upgrade(eng)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def client(county_engine: Engine):
    from fastapi.testclient import TestClient

    from pos.county.app import create_app

    with TestClient(create_app(county_engine)) as c:
        yield c


@pytest.fixture
def staff(county_engine: Engine) -> dict[str, str]:
    """Authorization headers of a county staff token."""
    with Session(county_engine) as s, s.begin():
        token = keys.add_staff_token(s, "test")
    return {"Authorization": f"Bearer {token}"}


def new_code(engine: Engine, name: str) -> str:
    with Session(engine) as s, s.begin():
        return keys.add_station(s, name)[1]


@dataclass
class StationSide:
    """What a linked station knows: its id, key, generation and next seq."""

    client: object
    station_id: str
    key: str
    generation: str = field(default_factory=lambda: str(uuid.uuid4()))
    next_seq: int = 1

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def record(self, kind: str, data: dict, *, uid: str | None = None, version: int | None = None) -> SyncRecord:
        seq = self.next_seq
        self.next_seq += 1
        return SyncRecord(kind=kind, uuid=uid or str(uuid.uuid4()), version=version or seq, seq=seq,
                          station_id=self.station_id, changed_at=format_time(T0), data=data)

    def batch(self, records: list[SyncRecord], *, seq_from: int | None = None) -> Batch:
        lo = seq_from if seq_from is not None else min(r.seq for r in records)
        hi = max([r.seq for r in records] + [lo])
        return Batch(batch_id=str(uuid.uuid4()), station_id=self.station_id, db_generation=self.generation,
                     seq_from=lo, seq_to=hi, sent_at=format_time(T0), records=records)

    def send(self, batch: Batch, *, gz: bool = True, headers: dict | None = None):
        if gz:
            body, enc = encode_batch(batch), {"Content-Encoding": "gzip"}
        else:
            body, enc = json.dumps(batch.to_json()).encode(), {}
        return self.client.post("/api/sync/batches", content=body,
                                headers={**self.auth, **enc, "Content-Type": "application/json", **(headers or {})})

    def send_raw(self, obj, *, gz: bool = True):
        body = json.dumps(obj).encode()
        h = {**self.auth, "Content-Type": "application/json"}
        if gz:
            body, h["Content-Encoding"] = gzip.compress(body), "gzip"
        return self.client.post("/api/sync/batches", content=body, headers=h)


def link(client, engine: Engine, name: str = "清水村服务站") -> StationSide:
    r = client.post("/api/enrol", json={"code": new_code(engine, name)})
    assert r.status_code == 200, r.text
    return StationSide(client, r.json()["station_id"], r.json()["station_key"])


def parcel(waybill: str = "SF1234567890123", status: str = "in_stock", **extra) -> dict:
    return {"waybill": waybill, "carrier": "SF", "status": status, "phone_masked": "138****1234",
            "recipient_name": "王*", "shelf": "A", "layer": 1, "pickup_code": "A-1-001",
            "checked_in_at": format_time(T0), **extra}


def sale(number: str = "R20261201-0001", total: int = 1250) -> dict:
    return {"number": number, "total_fen": total, "subtotal_fen": total, "completed_at": format_time(T0),
            "payments": {"cash": total},
            "lines": [{"uuid": str(uuid.uuid4()), "description": "酱油", "unit_price_fen": total, "quantity": 1,
                       "total_fen": total}]}
