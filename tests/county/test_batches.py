"""Batches up: idempotent, never older over newer, refused whole when anything is wrong."""

from __future__ import annotations

import gzip
import json
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.county.models import ReceivedBatch, Station, SyncedParcel, SyncedSale
from pos.sync.contract import MAX_COMPRESSED_BYTES, counts_uuid
from tests.county.conftest import link, parcel, sale

pytestmark = pytest.mark.postgres


def held(engine, model=SyncedParcel) -> list:
    with Session(engine) as s:
        return s.scalars(select(model).order_by(model.seq)).all()


def written(engine) -> tuple[int, int, int]:
    with Session(engine) as s:
        return (s.scalar(select(func.count()).select_from(ReceivedBatch)),
                s.scalar(select(func.count()).select_from(SyncedParcel)),
                s.scalar(select(func.max(Station.high_water))))


def test_every_kind_goes_up_in_one_batch(client, county_engine):
    st = link(client, county_engine)
    p = st.record("parcel", parcel())
    recs = [
        p,
        st.record("parcel_event", {"parcel_uuid": p.uuid, "at": p.changed_at, "kind": "checked_in", "operator": "王小明"}),
        st.record("purchase", {"number": "P20261201-0001", "status": "placed", "placed_at": p.changed_at,
                               "customer_phone": "139****0000", "total_fen": 5000,
                               "items": [{"uuid": str(uuid.uuid4()), "description": "电饭煲", "unit_price_fen": 5000}]}),
        st.record("purchase_event", {"purchase_uuid": str(uuid.uuid4()), "at": p.changed_at, "kind": "placed"}),
        st.record("sale", sale()),
        st.record("refund", {"number": "F20261201-0001", "total_fen": 100, "at": p.changed_at}),
        st.record("shift", {"number": "S20261201-01", "opened_at": p.changed_at, "z_totals": {"sales_fen": 1250}}),
        st.record("counts", {"day": "2026-12-01", "prints": {"receipt": 12}, "notices": {"sent": 4}},
                  uid=counts_uuid(st.station_id, "2026-12-01")),
        st.record("service_payment", {"number": "B20261201-0001", "kind": "phone_topup", "amount_fen": 5000,
                                      "account_masked": "138****1234", "commission_fen": 25, "status": "completed",
                                      "paid_at": p.changed_at}),
    ]
    r = st.send(st.batch(recs))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["records"], body["applied"], body["ignored_older"], body["high_water"], body["next_seq"]) == (9, 9, 0, 9, 10)
    status = client.get("/api/sync/status", headers=st.auth).json()
    assert all(v["count"] == 1 for v in status["held"].values()), status["held"]
    sale_row = held(county_engine, SyncedSale)[0]
    assert sale_row.total_fen == 1250 and sale_row.data["lines"][0]["description"] == "酱油"


def test_a_replayed_batch_gets_the_same_answer_and_changes_nothing(client, county_engine):
    st = link(client, county_engine)
    b = st.batch([st.record("parcel", parcel()), st.record("sale", sale())])
    first = st.send(b)
    before = [(r.uuid, r.version, r.received_at) for r in held(county_engine)]
    again = st.send(b)
    plain = st.send(b, gz=False)  # the same batch, not compressed: still the same batch
    assert first.json() == again.json() == plain.json()
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert [(r.uuid, r.version, r.received_at) for r in held(county_engine)] == before
    assert written(county_engine)[0] == 1


def test_the_same_batch_id_with_other_content_is_refused(client, county_engine):
    st = link(client, county_engine)
    b = st.batch([st.record("parcel", parcel())])
    st.send(b)
    other = st.batch([st.record("parcel", parcel("YT1"))])
    other = type(other)(**{**other.__dict__, "batch_id": b.batch_id, "seq_from": 2})
    r = st.send(other)
    assert (r.status_code, r.json()["error"]["code"], r.json()["error"]["field"]) == (422, "batch_id_reused", "batch_id")
    assert [p.waybill for p in held(county_engine)] == ["SF1234567890123"]


def test_an_older_version_arriving_late_never_overwrites_a_newer(client, county_engine):
    st = link(client, county_engine)
    uid = str(uuid.uuid4())
    old = st.record("parcel", parcel(status="in_stock"), uid=uid)
    new = st.record("parcel", parcel(status="picked_up", picked_up_at="2026-12-01T05:00:00Z"), uid=uid)
    # the newer batch arrives first (a retry of the older one was stuck on a bad link)
    late = st.batch([old])
    assert st.send(st.batch([new], seq_from=1)).json()["applied"] == 1
    r = st.send(late)
    assert (r.json()["applied"], r.json()["ignored_older"]) == (0, 1)
    (row,) = held(county_engine)
    assert (row.status, row.version) == ("picked_up", new.version)
    # the same version again (a new batch id resending it) changes nothing either
    same = st.record("parcel", parcel(status="returned"), uid=uid, version=new.version)
    assert st.send(st.batch([same])).json()["applied"] == 0
    assert held(county_engine)[0].status == "picked_up"


def test_two_versions_of_a_record_in_one_batch_keep_the_newest(client, county_engine):
    st = link(client, county_engine)
    uid = str(uuid.uuid4())
    b = st.batch([st.record("parcel", parcel(status="in_stock"), uid=uid),
                  st.record("parcel", parcel(status="picked_up"), uid=uid)])
    assert st.send(b).status_code == 200
    assert [r.status for r in held(county_engine)] == ["picked_up"]


def test_two_stations_may_use_the_same_uuid(client, county_engine):
    a, b = link(client, county_engine, "A"), link(client, county_engine, "B")
    uid = str(uuid.uuid4())
    assert a.send(a.batch([a.record("parcel", parcel("SF1"), uid=uid)])).status_code == 200
    assert b.send(b.batch([b.record("parcel", parcel("SF2"), uid=uid)])).status_code == 200
    assert sorted(p.waybill for p in held(county_engine)) == ["SF1", "SF2"]


def test_a_batch_or_record_for_another_station_is_refused(client, county_engine, caplog):
    a, b = link(client, county_engine, "A"), link(client, county_engine, "B")
    theirs = b.batch([b.record("parcel", parcel())])
    r = a.send(theirs)  # B's batch signed with A's key
    assert (r.status_code, r.json()["error"]["code"]) == (403, "wrong_station")
    # A's batch carrying a record of B's
    obj = a.batch([a.record("parcel", parcel())]).to_json()
    obj["records"].append({**obj["records"][0], "uuid": str(uuid.uuid4()), "seq": 2, "station_id": b.station_id})
    obj["seq_to"] = 2
    r = a.send_raw(obj)
    assert (r.status_code, r.json()["error"]["field"]) == (400, "records[1].station_id")
    # an unknown station id in the batch
    obj = a.batch([a.record("parcel", parcel())]).to_json()
    unknown = str(uuid.uuid4())
    obj["station_id"] = unknown
    for rec in obj["records"]:
        rec["station_id"] = unknown
    assert a.send_raw(obj).json()["error"]["code"] == "wrong_station"
    assert written(county_engine) == (0, 0, 0)
    assert caplog.text.count("refused batch") == 3


@pytest.mark.parametrize("mutate, field", [
    (lambda o: o["records"][0]["data"].update(phone_masked="13812341234"), "records[0].data.phone_masked"),
    (lambda o: o["records"][0].update(kind="villager"), "records[0].kind"),
    (lambda o: o.pop("db_generation"), "db_generation"),
    (lambda o: o["records"][1]["data"].update(total_fen="12.50"), "records[1].data.total_fen"),
])
def test_a_malformed_batch_is_refused_whole(client, county_engine, mutate, field):
    st = link(client, county_engine)
    obj = st.batch([st.record("parcel", parcel()), st.record("sale", sale())]).to_json()
    mutate(obj)
    r = st.send_raw(obj)
    assert r.status_code == 400
    err = r.json()["error"]
    assert (err["code"], err["field"]) == ("invalid", field)
    assert field in err["message"]
    assert written(county_engine) == (0, 0, 0)


@pytest.mark.parametrize("body, headers, status", [
    (b"{not json", {}, 400),
    (b"\x1f\x8b garbage", {"Content-Encoding": "gzip"}, 400),
    (b"{}", {"Content-Encoding": "br"}, 400),
    (gzip.compress(b"[]"), {"Content-Encoding": "gzip"}, 400),
])
def test_bodies_that_are_not_batches_are_refused(client, county_engine, body, headers, status):
    st = link(client, county_engine)
    r = client.post("/api/sync/batches", content=body, headers={**st.auth, **headers})
    assert r.status_code == status and r.json()["error"]["message"]
    assert written(county_engine) == (0, 0, 0)


def test_an_oversized_batch_is_refused(client, county_engine):
    st = link(client, county_engine)
    big = b"x" * (MAX_COMPRESSED_BYTES + 1)
    r = client.post("/api/sync/batches", content=big, headers={**st.auth, "Content-Encoding": "gzip"})
    assert (r.status_code, r.json()["error"]["code"]) == (413, "too_large")
    # small on the wire, huge inside: refused without unpacking it all
    bomb = gzip.compress(b" " * (8 * 1024 * 1024) + json.dumps(st.batch([st.record("parcel", parcel())]).to_json()).encode())
    r = client.post("/api/sync/batches", content=bomb, headers={**st.auth, "Content-Encoding": "gzip"})
    assert (r.status_code, r.json()["error"]["code"]) == (413, "too_large")
    # too many records
    obj = st.batch([st.record("parcel", parcel(f"SF{i}")) for i in range(501)]).to_json()
    r = st.send_raw(obj)
    assert (r.status_code, r.json()["error"]["field"]) == (400, "records")
    assert written(county_engine) == (0, 0, 0)


def test_a_gap_in_the_seq_is_refused_with_the_county_mark(client, county_engine):
    st = link(client, county_engine)
    st.send(st.batch([st.record("parcel", parcel("SF1"))]))
    st.next_seq = 5  # seq 2..4 never arrived
    r = st.send(st.batch([st.record("parcel", parcel("SF5"))]))
    assert r.status_code == 409
    err = r.json()["error"]
    assert (err["code"], err["high_water"], err["next_seq"]) == ("seq_gap", 1, 2)
    assert written(county_engine) == (1, 1, 1)


def test_an_overlapping_resend_under_a_new_batch_id_is_accepted(client, county_engine):
    # the station sent, lost the answer and crashed before noting it: it builds the batch anew
    st = link(client, county_engine)
    recs = [st.record("parcel", parcel("SF1")), st.record("parcel", parcel("SF2"))]
    st.send(st.batch(recs))
    r = st.send(st.batch(recs))
    assert (r.status_code, r.json()["applied"], r.json()["high_water"]) == (200, 0, 2)


def test_a_first_batch_must_start_at_seq_one(client, county_engine):
    st = link(client, county_engine)
    st.next_seq = 3
    r = st.send(st.batch([st.record("parcel", parcel())]))
    assert (r.status_code, r.json()["error"]["code"]) == (409, "seq_gap")


def test_an_empty_batch_moves_the_mark_over_coalesced_rows(client, county_engine):
    st = link(client, county_engine)
    st.send(st.batch([st.record("parcel", parcel())]))
    b = st.batch([], seq_from=2)
    b = type(b)(**{**b.__dict__, "seq_to": 7})
    assert st.send(b).json()["high_water"] == 7


def test_the_same_batch_delivered_twice_at_once_is_applied_once(client, county_engine):
    import threading

    from pos.county import ingest, keys

    st = link(client, county_engine)
    obj = st.batch([st.record("parcel", parcel(f"SF{i}")) for i in range(50)]).to_json()
    outcomes, errors = [], []
    start = threading.Barrier(2)

    def deliver():
        try:
            with Session(county_engine) as s, s.begin():
                station = keys.station_for_key(s, st.auth["Authorization"])
                start.wait()
                outcomes.append(ingest.apply_batch(s, station, obj))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sorted(o.replayed for o in outcomes) == [False, True]
    assert outcomes[0].body == outcomes[1].body
    assert written(county_engine) == (1, 50, 50)


def test_a_station_clock_hours_off_changes_nothing_but_the_times_shown(client, county_engine):
    import datetime as dt

    from pos.sync.contract import SyncRecord, format_time

    st = link(client, county_engine)
    uid = str(uuid.uuid4())
    ahead = format_time(dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=7))
    first = st.record("parcel", parcel(checked_in_at=ahead), uid=uid)
    first = SyncRecord(**{**first.__dict__, "changed_at": ahead})
    st.send(st.batch([first]))
    # the clock is put right: the next change carries an earlier time but a higher version
    second = st.record("parcel", parcel(status="picked_up"), uid=uid)
    assert st.send(st.batch([second])).json()["applied"] == 1
    (row,) = held(county_engine)
    assert row.status == "picked_up" and row.changed_at < row.received_at
