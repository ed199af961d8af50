"""Resuming from the county's mark, and a station restored from an old backup."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.county.models import SyncedParcel
from tests.county.conftest import link, parcel

pytestmark = pytest.mark.postgres


def test_a_new_station_starts_at_seq_one(client, county_engine):
    st = link(client, county_engine)
    s = client.get("/api/sync/status", headers=st.auth, params={"db_generation": st.generation}).json()
    assert (s["high_water"], s["next_seq"], s["db_generation"], s["resend"]) == (0, 1, None, False)
    assert s["station_id"] == st.station_id and s["last_sync_at"] is None and s["server_time"]


def test_the_station_resumes_from_the_county_mark(client, county_engine):
    st = link(client, county_engine)
    st.send(st.batch([st.record("parcel", parcel(f"SF{i}")) for i in range(3)]))
    # the answer was lost: the station asks where the county stands and goes on from there
    s = client.get("/api/sync/status", headers=st.auth, params={"db_generation": st.generation}).json()
    assert (s["high_water"], s["next_seq"], s["db_generation"], s["resend"]) == (3, 4, st.generation, False)
    assert s["held"]["parcel"] == {"count": 3, "max_version": 3}
    assert s["last_sync_at"] is not None
    st.next_seq = s["next_seq"]
    assert st.send(st.batch([st.record("parcel", parcel("SF9"))])).json()["high_water"] == 4


def test_a_station_restored_from_an_old_backup_resends_without_overwriting_newer_data(client, county_engine):
    st = link(client, county_engine)
    uid = str(uuid.uuid4())
    checked_in = st.record("parcel", parcel("SF1", status="in_stock"), uid=uid)  # seq 1, in the backup
    st.send(st.batch([checked_in]))
    handed = st.record("parcel", parcel("SF1", status="picked_up"), uid=uid)  # seq 2, after the backup
    st.send(st.batch([handed]))

    # restored from the backup: a new generation, its seq counter back at 2, only seq 1's state
    st.generation, st.next_seq = str(uuid.uuid4()), 2
    r = st.send(st.batch([st.record("parcel", parcel("SF2"))]))
    assert r.status_code == 409
    err = r.json()["error"]
    assert (err["code"], err["high_water"], err["next_seq"]) == ("generation_changed", 2, 3)
    s = client.get("/api/sync/status", headers=st.auth, params={"db_generation": st.generation}).json()
    assert s["resend"] is True and s["next_seq"] == 3

    # it numbers on after the county's mark and resends everything it has, old versions included
    st.next_seq = s["next_seq"]
    resend = [st.record("parcel", parcel("SF1", status="in_stock"), uid=uid, version=checked_in.version),
              st.record("parcel", parcel("SF2"))]
    r = st.send(st.batch(resend))
    assert r.status_code == 200, r.text
    assert (r.json()["applied"], r.json()["ignored_older"], r.json()["db_generation"]) == (1, 1, st.generation)
    with Session(county_engine) as ses:
        rows = {p.waybill: p.status for p in ses.scalars(select(SyncedParcel))}
    assert rows == {"SF1": "picked_up", "SF2": "in_stock"}  # the newer county data stayed
    # a change made after the restore has a seq above the mark, so its version wins
    later = st.record("parcel", parcel("SF1", status="returned"), uid=uid)
    assert st.send(st.batch([later])).json()["applied"] == 1


def test_a_stale_generation_is_refused_after_the_switch(client, county_engine):
    st = link(client, county_engine)
    old_gen = st.generation
    st.send(st.batch([st.record("parcel", parcel("SF1"))]))
    st.generation = str(uuid.uuid4())
    st.send(st.batch([st.record("parcel", parcel("SF2"))]))
    st.generation = old_gen  # a delayed batch of the old database, never sent before
    r = st.send(st.batch([st.record("parcel", parcel("SF3"))]))
    assert (r.status_code, r.json()["error"]["code"]) == (409, "generation_retired")


def test_a_restored_station_learns_which_records_the_county_lacks(client, county_engine):
    st = link(client, county_engine)
    a, b = st.record("parcel", parcel("SF1")), st.record("parcel", parcel("SF2"))
    st.send(st.batch([a, b]))
    never_sent = str(uuid.uuid4())
    ask = {"kind": "parcel", "records": [[a.uuid, a.version], [b.uuid, b.version + 5], [never_sent, 1]]}
    r = client.post("/api/sync/diff", headers=st.auth, json=ask)
    assert r.status_code == 200, r.text
    assert r.json() == {"kind": "parcel", "asked": 3, "lacking": [b.uuid, never_sent]}
    bad = client.post("/api/sync/diff", headers=st.auth, json={"kind": "parcel", "records": [["x", 1]]})
    assert (bad.status_code, bad.json()["error"]["field"]) == (400, "records[0][0]")
    assert client.post("/api/sync/diff", json=ask).status_code == 401
