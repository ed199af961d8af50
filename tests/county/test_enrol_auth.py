"""Linking a station: a one-time code for a key; keys missing, forged or revoked are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pos.county import keys
from pos.county.models import EnrolmentCode, ReceivedBatch, StationKey
from tests.county.conftest import link, new_code, parcel

pytestmark = pytest.mark.postgres


def test_a_code_gives_a_key_once(client, county_engine):
    code = new_code(county_engine, "清水村服务站")
    r = client.post("/api/enrol", json={"code": code.lower().replace("-", " ")})
    assert r.status_code == 200
    body = r.json()
    assert body["station_name"] == "清水村服务站" and body["station_key"].startswith("vsk_")
    assert body["limits"]["max_records"] > 0
    again = client.post("/api/enrol", json={"code": code})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "enrolment_code_used"
    with Session(county_engine) as s:
        # only digests are kept
        assert s.scalar(select(StationKey.key_hash)) == keys.digest(body["station_key"])
        assert code not in str(s.scalar(select(EnrolmentCode.code_hash)))


@pytest.mark.parametrize("body, code", [
    ({"code": "AAAA-BBBB-CCCC"}, "enrolment_code_unknown"),
    ({"code": ""}, "invalid"),
    ({"nothing": 1}, "invalid"),
    ([], "invalid"),
])
def test_bad_enrolments_are_refused(client, county_engine, body, code):
    new_code(county_engine, "S")
    r = client.post("/api/enrol", json=body)
    assert r.status_code in (400, 401)
    assert r.json()["error"]["code"] == code


def test_an_expired_code_is_refused(client, county_engine):
    code = new_code(county_engine, "S")
    with Session(county_engine) as s, s.begin():
        s.execute(update(EnrolmentCode).values(expires_at=keys.now() - dt.timedelta(seconds=1)))
    r = client.post("/api/enrol", json={"code": code})
    assert (r.status_code, r.json()["error"]["code"]) == (401, "enrolment_code_expired")


def test_a_second_enrolment_revokes_the_first_key(client, county_engine):
    first = link(client, county_engine, "S")
    second = link(client, county_engine, "S")
    assert first.station_id == second.station_id
    assert client.get("/api/sync/status", headers=first.auth).json()["error"]["code"] == "key_revoked"
    assert client.get("/api/sync/status", headers=second.auth).status_code == 200


@pytest.mark.parametrize("headers, status, code", [
    ({}, 401, "key_missing"),
    ({"Authorization": "Basic abc"}, 401, "key_missing"),
    ({"Authorization": "Bearer vsk_forged"}, 401, "key_unknown"),
])
def test_requests_without_a_good_key_are_refused(client, county_engine, headers, status, code):
    st = link(client, county_engine)
    for r in (client.get("/api/sync/status", headers=headers),
              client.get("/api/manifests", headers=headers),
              client.post("/api/sync/batches", headers=headers, json=st.batch([st.record("parcel", parcel())]).to_json())):
        assert (r.status_code, r.json()["error"]["code"]) == (status, code)
    with Session(county_engine) as s:
        assert s.scalar(select(ReceivedBatch)) is None


def test_a_revoked_station_cannot_sync_until_it_has_a_new_code(client, county_engine, caplog):
    st = link(client, county_engine, "S")
    with Session(county_engine) as s, s.begin():
        assert keys.revoke_station(s, "S") == 1
    r = st.send(st.batch([st.record("parcel", parcel())]))
    assert (r.status_code, r.json()["error"]["code"]) == (403, "key_revoked")
    assert "refused batch" in caplog.text and "key_revoked" in caplog.text
    with Session(county_engine) as s:
        assert s.scalar(select(ReceivedBatch)) is None
    again = link(client, county_engine, "S")
    assert again.station_id == st.station_id
    assert again.send(again.batch([again.record("parcel", parcel())])).status_code == 200


def test_codes_issued_before_a_revocation_die_with_it(client, county_engine):
    code = new_code(county_engine, "S")
    with Session(county_engine) as s, s.begin():
        keys.revoke_station(s, "S")
    r = client.post("/api/enrol", json={"code": code})
    assert r.json()["error"]["code"] == "enrolment_code_expired"


def test_staff_endpoints_refuse_station_keys(client, county_engine):
    st = link(client, county_engine)
    r = client.get("/api/stations", headers=st.auth)
    assert (r.status_code, r.json()["error"]["code"]) == (401, "token_unknown")
    assert client.get("/api/stations").status_code == 401
