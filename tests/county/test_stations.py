"""GET /api/stations: what the county sees of each station."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from pos.county import keys
from tests.county.conftest import link, new_code, parcel, sale

pytestmark = pytest.mark.postgres


def test_each_station_with_its_last_sync_and_counts(client, county_engine, staff):
    a = link(client, county_engine, "清水村服务站")
    link(client, county_engine, "石桥村服务站")
    new_code(county_engine, "未连接站")
    a.send(a.batch([
        a.record("parcel", parcel("SF1", status="in_stock")),
        a.record("parcel", parcel("SF2", status="awaiting_phone")),
        a.record("parcel", parcel("SF3", status="picked_up")),
        a.record("parcel", parcel("SF4", status="returned")),
        a.record("purchase", {"number": "P1", "status": "placed", "placed_at": "2026-12-01T00:00:00Z"}),
        a.record("sale", sale("R1", 1250)),
        a.record("sale", sale("R2", 300)),
    ]))
    with Session(county_engine) as s, s.begin():
        keys.revoke_station(s, "石桥村服务站")
    r = client.get("/api/stations", headers=staff)
    assert r.status_code == 200
    by_name = {x["name"]: x for x in r.json()["stations"]}
    qs = by_name["清水村服务站"]
    assert qs["parcels"] == {"checked_in": 4, "in_stock": 2, "handed_over": 1, "returned": 1}
    assert (qs["purchases"], qs["sales"], qs["sales_total_fen"]) == (1, 2, 1550)
    assert qs["last_sync_at"] and qs["linked"] and not qs["revoked"] and qs["high_water"] == 7
    sq = by_name["石桥村服务站"]
    assert (sq["linked"], sq["revoked"], sq["last_sync_at"], sq["parcels"]["checked_in"]) == (False, True, None, 0)
    assert by_name["未连接站"]["linked"] is False
