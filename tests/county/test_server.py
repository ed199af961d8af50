"""The real thing: `village-pos county serve` under uvicorn on 127.0.0.1, spoken to over TCP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid

import httpx
import pytest
from sqlalchemy.orm import Session

from pos.county import keys
from pos.county.database import make_county_engine
from pos.sync.contract import Batch, SyncRecord, encode_batch, format_time
from tests.county.conftest import T0, parcel

pytestmark = pytest.mark.postgres


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_a_station_over_http(county_url, tmp_path):
    assert subprocess.run([sys.executable, "-m", "pos", "county", "init", "--db", county_url],
                          capture_output=True, timeout=120).returncode == 0
    engine = make_county_engine(county_url, pool_size=1)
    with Session(engine) as s, s.begin():
        code = keys.add_station(s, "清水村服务站")[1]
        staff = keys.add_staff_token(s, "test")
    engine.dispose()

    port = free_port()
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "pos", "--lang", "en", "county", "serve", "--db", county_url,
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "the server did not come up"
            time.sleep(0.2)

        with httpx.Client(base_url=base, timeout=10) as http:
            enrolled = http.post("/api/enrol", json={"code": code}).json()
            auth = {"Authorization": f"Bearer {enrolled['station_key']}"}
            sid = enrolled["station_id"]
            rec = SyncRecord(kind="parcel", uuid=str(uuid.uuid4()), version=1, seq=1, station_id=sid,
                             changed_at=format_time(T0), data=parcel("SF1"))
            batch = Batch(batch_id=str(uuid.uuid4()), station_id=sid, db_generation=str(uuid.uuid4()),
                          seq_from=1, seq_to=1, sent_at=format_time(T0), records=[rec])
            headers = {**auth, "Content-Encoding": "gzip", "Content-Type": "application/json"}
            r = http.post("/api/sync/batches", content=encode_batch(batch), headers=headers)
            assert (r.status_code, r.json()["high_water"]) == (200, 1), r.text
            assert http.post("/api/sync/batches", content=encode_batch(batch),
                             headers=headers).headers["Idempotent-Replayed"] == "true"
            assert "server" not in {k.lower() for k in r.headers}
            stations = http.get("/api/stations", headers={"Authorization": f"Bearer {staff}"}).json()["stations"]
            assert stations[0]["parcels"]["checked_in"] == 1
            assert http.get("/api/sync/status").status_code == 401

            # the link drops in the middle of a batch: nothing of it is applied, the next try is
            rec2 = SyncRecord(kind="parcel", uuid=str(uuid.uuid4()), version=2, seq=2, station_id=sid,
                              changed_at=format_time(T0), data=parcel("SF2"))
            cut = Batch(batch_id=str(uuid.uuid4()), station_id=sid, db_generation=batch.db_generation,
                        seq_from=2, seq_to=2, sent_at=format_time(T0), records=[rec2])
            body = encode_batch(cut)
            with socket.create_connection(("127.0.0.1", port)) as sock:
                head = (f"POST /api/sync/batches HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        f"Authorization: Bearer {enrolled['station_key']}\r\nContent-Encoding: gzip\r\n"
                        f"Content-Length: {len(body)}\r\n\r\n").encode()
                sock.sendall(head + body[: len(body) // 2])
            time.sleep(0.5)
            status = http.get("/api/sync/status", headers=auth).json()
            assert (status["high_water"], status["held"]["parcel"]["count"]) == (1, 1)
            r = http.post("/api/sync/batches", content=body, headers=headers)
            assert (r.status_code, r.json()["high_water"], r.json()["applied"]) == (200, 2, 1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    out = (tmp_path / "serve.log").read_text()
    assert "refused status" in out  # the refusal was logged
    assert "cut_short" in out and "Traceback" not in out
