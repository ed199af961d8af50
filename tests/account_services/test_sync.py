"""The service_payment record kind: the contract checks it (masked account, its statuses, its
times), the station reads its payments as the contract says, the county stores them by version,
and after a real sync the county holds exactly what the station holds (checksums per kind)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import OutboxEntry, SyncState
from pos.domain.cart import Tender
from pos.sync import records as recs
from pos.sync.contract import RECORD_KINDS, ContractError, format_time, parse_record
from tests.county.conftest import T0

from .conftest import bill, topup

GOOD = {"number": "B20261201-0001", "kind": "phone_topup", "provider": "中国移动", "account_masked": "138****5678",
        "amount_fen": 5000, "fee_fen": 100, "commission_fen": 25, "status": "completed", "operator": "王小明",
        "paid_at": format_time(T0), "refunded_at": None, "approved_by": ""}


def record(data: dict) -> dict:
    return {"kind": "service_payment", "uuid": str(uuid.uuid4()), "version": 1, "seq": 1,
            "station_id": str(uuid.uuid4()), "changed_at": format_time(T0), "data": data}


def test_the_kind_has_exactly_its_fields():
    assert set(RECORD_KINDS["service_payment"]) == {
        "number", "kind", "provider", "account_masked", "amount_fen", "fee_fen", "commission_fen", "status",
        "operator", "paid_at", "refunded_at", "approved_by"}
    rec = parse_record(record(GOOD))
    assert rec.data == GOOD
    refunded = parse_record(record({**GOOD, "status": "refunded", "refunded_at": "2026-12-01T10:00:00+08:00",
                                     "approved_by": "王小明"}))
    assert refunded.data["refunded_at"] == "2026-12-01T02:00:00.000000Z"


@pytest.mark.parametrize("change, field", [
    ({"account_masked": "13812345678"}, "account_masked"),  # a whole number may not leave
    ({"account_masked": "****1234567"}, "account_masked"),
    ({"status": "cancelled"}, "status"),
    ({"paid_at": "2026-12-01 09:00"}, "paid_at"),  # no offset
    ({"paid_at": None}, "paid_at"),
    ({"refunded_at": "yesterday"}, "refunded_at"),
    ({"amount_fen": "50.00"}, "amount_fen"),
    ({"commission_fen": 2.5}, "commission_fen"),
    ({"kind": ""}, "kind"),
    ({"account": "13812345678"}, "account"),  # not a field of the contract
])
def test_bad_records_are_refused_naming_the_field(change, field):
    with pytest.raises(ContractError) as e:
        parse_record(record({**GOOD, **change}))
    assert e.value.field == f"record.data.{field}"
    for required in ("number", "kind", "amount_fen", "status", "paid_at"):
        with pytest.raises(ContractError) as e:
            parse_record(record({k: v for k, v in GOOD.items() if k != required}))
        assert e.value.field == f"record.data.{required}"


def test_the_station_reads_its_payments_masked_and_the_outbox_has_them(database, boss, clock, shift):
    with database.unit_of_work() as s:
        s.add(SyncState(id=1, county_url="http://county", station_id=str(uuid.uuid4()), station_name="x",
                        next_seq=1))
    from pos.services.account_services import payments as svc

    p = svc.pay_service(database, boss, clock, topup(), [Tender("cash", 5000)]).payment
    b = svc.pay_service(database, boss, clock, bill(), [Tender("cash", 12545)]).payment
    svc.refund_service(database, boss, clock, b.number, "户号错了", boss)
    with database.unit_of_work() as s:
        kinds = [(e.kind, e.key) for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
        assert kinds.count(("service_payment", str(p.id))) == 1 and kinds.count(("service_payment", str(b.id))) == 2
        assert ("service_payment", str(p.id)) in recs.all_keys(s)
        _, data = recs.read(s, "service_payment", str(b.id), "x")
    parsed = parse_record(record(data)).data
    assert parsed["account_masked"] == "****5678" and parsed["status"] == "refunded"
    assert parsed["refunded_at"] is not None and parsed["approved_by"] == "王小明"
    assert (parsed["amount_fen"], parsed["fee_fen"], parsed["commission_fen"]) == (12345, 200, b.commission_fen)


@pytest.mark.postgres
def test_the_county_ingests_the_kind_and_keeps_the_newest(client, county_engine):
    from pos.county.models import SyncedServicePayment
    from tests.county.conftest import link

    st = link(client, county_engine)
    uid = str(uuid.uuid4())
    first = st.record("service_payment", GOOD, uid=uid)
    r = st.send(st.batch([first]))
    assert r.status_code == 200, r.text
    later = st.record("service_payment", {**GOOD, "status": "refunded", "refunded_at": format_time(T0),
                                          "approved_by": "王小明"}, uid=uid)
    assert st.send(st.batch([later])).json()["applied"] == 1
    stale = st.record("service_payment", GOOD, uid=uid, version=1)
    assert st.send(st.batch([stale])).json()["ignored_older"] == 1
    with Session(county_engine) as s:
        row = s.scalars(select(SyncedServicePayment)).one()
        assert (row.kind, row.status, row.commission_fen) == ("phone_topup", "refunded", 25)
        assert row.paid_at == T0 and row.refunded_at == T0 and row.data["account_masked"] == "138****5678"
    bad = st.record("service_payment", {**GOOD, "account_masked": "13812345678"})
    r = st.send(st.batch([bad]), gz=False)  # encode_batch would refuse it at the station already
    assert r.status_code == 400 and r.json()["error"]["field"] == "records[0].data.account_masked"
