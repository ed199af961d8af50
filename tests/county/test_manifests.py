"""Manifests down: posted by county staff (JSON or CSV), pulled by the station with a cursor,
matched with the station's check-ins (arrived) or overdue (missing); settings the county sets."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.county import manifests
from pos.county.models import Manifest, ManifestLine
from pos.sync.contract import format_time
from tests.county.conftest import T0, link, parcel

pytestmark = pytest.mark.postgres


def dispatch(client, staff, station="清水村服务站", waybills=("SF1", "YT2"), **extra):
    lines = [{"waybill": w, "carrier": w[:2], "recipient_phone": "13812341234", "recipient_name": "王小明"}
             for w in waybills]
    return client.post("/api/manifests", headers=staff, json={"station": station, "lines": lines, **extra})


def test_a_manifest_goes_down_to_its_station_only(client, county_engine, staff):
    st = link(client, county_engine)
    other = link(client, county_engine, "B")
    r = dispatch(client, staff, truck="县-村 1号车", dispatched_at=format_time(T0))
    assert r.status_code == 201, r.text
    assert r.json()["lines"] == 2
    pulled = client.get("/api/manifests", headers=st.auth, params={"after": 0}).json()
    (change,) = pulled["changes"]
    assert change["type"] == "manifest" and pulled["cursor"] == change["change_id"] and not pulled["more"]
    m = change["manifest"]
    assert (m["uuid"], m["truck"], m["dispatched_at"]) == (r.json()["uuid"], "县-村 1号车", format_time(T0))
    assert m["lines"][0] == {"waybill": "SF1", "carrier": "SF", "recipient_phone": "13812341234",
                             "recipient_name": "王小明", "status": "dispatched"}
    assert client.get("/api/manifests", headers=other.auth).json() == {"changes": [], "cursor": 0, "more": False}
    # after the cursor: nothing new
    again = client.get("/api/manifests", headers=st.auth, params={"after": pulled["cursor"]}).json()
    assert again == {"changes": [], "cursor": pulled["cursor"], "more": False}


def test_the_cursor_pages_through_manifests_and_settings_in_order(client, county_engine, staff):
    st = link(client, county_engine)
    for i in range(5):
        dispatch(client, staff, waybills=(f"SF{i}",))
    assert client.put("/api/stations/清水村服务站/settings", headers=staff,
                      json={"notice_wording": "您的快递到了"}).json()["version"] == 1
    seen, after = [], 0
    while True:
        page = client.get("/api/manifests", headers=st.auth, params={"after": after, "limit": 2}).json()
        seen += page["changes"]
        after = page["cursor"]
        if not page["more"]:
            break
    assert [c["type"] for c in seen] == ["manifest"] * 5 + ["settings"]
    ids = [c["change_id"] for c in seen]
    assert ids == sorted(ids) and len(set(ids)) == 6
    assert seen[-1]["settings"] == {"version": 1, "values": {"notice_wording": "您的快递到了"}}
    # a settings change moves the settings past the cursor again, with a new version
    client.put("/api/stations/清水村服务站/settings", headers=staff, json={"notice_wording": "取件码 {code}"})
    page = client.get("/api/manifests", headers=st.auth, params={"after": after}).json()
    assert [(c["type"], c["settings"]["version"]) for c in page["changes"]] == [("settings", 2)]


@pytest.mark.parametrize("body, field", [
    ({"station": "清水村服务站", "lines": []}, "lines"),
    ({"station": "清水村服务站", "lines": [{"waybill": "SF1", "recipient_phone": "12345"}]}, "lines[0].recipient_phone"),
    ({"station": "清水村服务站", "lines": [{"carrier": "SF"}]}, "lines[0].waybill"),
    ({"lines": [{"waybill": "SF1"}]}, "station"),
])
def test_bad_manifests_are_refused_with_the_field(client, county_engine, staff, body, field):
    link(client, county_engine)
    r = client.post("/api/manifests", headers=staff, json=body)
    assert (r.status_code, r.json()["error"]["field"]) == (400, field)
    with Session(county_engine) as s:
        assert s.scalar(select(func.count()).select_from(Manifest)) == 0


def test_a_manifest_for_an_unknown_station_or_without_staff_token_is_refused(client, county_engine, staff):
    st = link(client, county_engine)
    assert dispatch(client, staff, station="无此站").status_code == 404
    assert dispatch(client, st.auth).status_code == 401


def test_arrived_and_missing_follow_the_station_check_ins(client, county_engine, staff):
    st = link(client, county_engine)
    dispatch(client, staff, waybills=("SF1", "YT2", "ZT3"), dispatched_at=format_time(T0))
    # the station checks in SF1 (waybill as scanned, lower case) and YT2 before the county
    # learns of it; ZT3 never comes
    st.send(st.batch([st.record("parcel", parcel("sf 1", checked_in_at=format_time(T0 + dt.timedelta(hours=3)))),
                      st.record("parcel", parcel("YT2"))]))
    early = client.get("/api/dispatch", headers=staff, params={"station": "清水村服务站"}).json()
    # the test's dispatch was long ago, so ZT3 is missing already after the default 24 hours
    assert (early["arrived"], early["missing"], early["dispatched"]) == (2, 1, 0)
    by_waybill = {x["waybill"]: x for x in early["lines"]}
    assert by_waybill["SF1"]["arrived_at"] == format_time(T0 + dt.timedelta(hours=3))
    # it turns up late after all
    st.send(st.batch([st.record("parcel", parcel("ZT3"))]))
    late = client.get("/api/dispatch", headers=staff, params={"station": "清水村服务站"}).json()
    assert (late["arrived"], late["missing"]) == (3, 0)


def test_a_line_is_only_missing_after_the_set_time(client, county_engine, staff):
    link(client, county_engine)
    dispatch(client, staff, waybills=("SF1",))  # dispatched now
    r = client.get("/api/dispatch", headers=staff, params={"station": "清水村服务站", "missing_after_hours": 2}).json()
    assert (r["dispatched"], r["missing"]) == (1, 0)
    with Session(county_engine) as s, s.begin():
        st = manifests.station_named(s, "清水村服务站")
        later = manifests.dispatch_report(s, st, dt.timedelta(hours=2), at=dt.datetime.now(dt.timezone.utc)
                                          + dt.timedelta(hours=3))
    assert (later["dispatched"], later["missing"]) == (0, 1)


def test_an_old_stay_of_the_same_waybill_is_not_an_arrival(client, county_engine, staff):
    st = link(client, county_engine)
    st.send(st.batch([st.record("parcel", parcel("SF1", status="picked_up",
                                                 checked_in_at=format_time(T0 - dt.timedelta(days=30))))]))
    dispatch(client, staff, waybills=("SF1",), dispatched_at=format_time(T0))
    with Session(county_engine) as s:
        assert s.scalar(select(ManifestLine.status)) == "dispatched"


CSV_OK = "运单号,快递公司,收件人电话,收件人\nSF100,sf,13812341234,王小明\n\nYT200,YTO,139****0000,李*\n"


def test_csv_import_over_the_api(client, county_engine, staff):
    st = link(client, county_engine)
    r = client.post("/api/manifests/csv", headers=staff, params={"station": "清水村服务站", "truck": "2号车"},
                    content=("\ufeff" + CSV_OK).encode("utf-8"))
    assert (r.status_code, r.json()["lines"]) == (201, 2), r.text
    lines = client.get("/api/manifests", headers=st.auth).json()["changes"][0]["manifest"]["lines"]
    assert [(x["waybill"], x["carrier"], x["recipient_phone"]) for x in lines] == [
        ("SF100", "SF", "13812341234"), ("YT200", "YTO", "139****0000")]


def test_csv_bad_rows_are_named_and_nothing_is_imported(client, county_engine, staff):
    link(client, county_engine)
    bad = ("waybill,carrier,recipient_phone,recipient_name\nSF1,SF,13812341234,王\n,SF,,\n"
           "SF2,SF,12345,\nsf1,SF,,\nSF3,SUPERLONGCARRIER,,\n")
    r = client.post("/api/manifests/csv", headers=staff, params={"station": "清水村服务站"}, content=bad.encode())
    assert r.status_code == 400
    problems = r.json()["error"]["problems"]
    assert [p["line"] for p in problems] == [3, 4, 5, 6]
    assert "empty" in problems[0]["message"] and "12345" in problems[1]["message"]
    assert "line 2" in problems[2]["message"] and "carrier" in problems[3]["message"]
    with Session(county_engine) as s:
        assert s.scalar(select(func.count()).select_from(Manifest)) == 0


def test_csv_in_gb18030_and_without_a_waybill_column():
    assert manifests.read_manifest_csv(CSV_OK.encode("gb18030"))[0]["recipient_name"] == "王小明"
    with pytest.raises(manifests.CsvRowsError) as e:
        manifests.read_manifest_csv("phone,name\n1,2\n")
    assert e.value.problems[0].line == 1 and "waybill" in str(e.value)
    with pytest.raises(manifests.CsvRowsError, match="no waybills"):
        manifests.read_manifest_csv("waybill\n")


def test_a_manifest_uuid_is_not_taken_twice(client, county_engine, staff):
    link(client, county_engine)
    mid = str(uuid.uuid4())
    assert dispatch(client, staff, uuid=mid).status_code == 201
    r = dispatch(client, staff, uuid=mid)
    assert (r.status_code, r.json()["error"]["field"]) == (400, "uuid")


def test_bad_query_parameters_get_the_same_error_shape(client, county_engine):
    st = link(client, county_engine)
    r = client.get("/api/manifests", headers=st.auth, params={"after": -1})
    assert (r.status_code, r.json()["error"]["code"], r.json()["error"]["field"]) == (400, "invalid", "after")
    r = client.get("/api/manifests", headers=st.auth, params={"limit": 10_000})
    assert r.json()["error"]["field"] == "limit"


def test_settings_must_be_one_object_for_a_known_station(client, county_engine, staff):
    link(client, county_engine)
    r = client.put("/api/stations/清水村服务站/settings", headers=staff, json=["a"])
    assert (r.status_code, r.json()["error"]["code"]) == (400, "invalid")
    assert client.put("/api/stations/无此站/settings", headers=staff, json={}).status_code == 404
    assert client.put("/api/stations/清水村服务站/settings", json={}).status_code == 401
