"""Sending a parcel: priced from the tariff, paid into the open shift, labelled, collected by the
courier on a handover list, or returned."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pos.db.models import Payment, SentParcel
from pos.domain.cart import Tender
from pos.domain.errors import NotFound, ValidationError
from pos.domain.tariffs import Size
from pos.services.sending import handover as ho
from pos.services.sending import parcels as sp
from pos.services.sending.receipts import handover_document, send_receipt_document
from pos.services.shifts import drawer
from pos.services.shifts.drawer import NoOpenShift

from .conftest import parcel_input

NAMES = {"ZTO": "中通快递", "SF": "顺丰速运"}


def send(db, boss, clock, tariffs, **changes):
    tenders = changes.pop("tenders", [Tender("cash", 5000)])
    return sp.send_parcel(db, boss, clock, tariffs, parcel_input(**changes), tenders)


def test_send_prices_from_the_tariff_and_pays_into_the_shift(database, boss, clock, shift, tariffs, villager):
    r = send(database, boss, clock, tariffs, sender_villager_id=villager, size=Size(30, 20, 20),
             insured_value_fen=50_000)
    # 2.3 kg actual, 1.5 kg volumetric: 2.5 kg charged, 10 + 1.5 × 6 = 19, insurance 0.5% of 500 = 2.5
    assert r.parcel.number == "J20261202-0001"
    assert r.parcel.status == "accepted"
    assert (r.quote.chargeable_grams, r.quote.freight_fen, r.quote.insurance_fen) == (2500, 1900, 250)
    assert r.parcel.total_fen == 2150 and r.change_fen == 2850
    assert r.parcel.recipient_phone == "13900001111" and r.parcel.province == "广东"
    with database.reader() as s:
        pays = s.scalars(select(Payment).where(Payment.receipt_number == r.parcel.number)).all()
    assert [(p.purpose, p.method, p.amount_fen) for p in pays] == [("parcel_send", "cash", 2150)]
    report = drawer.x_report(database, clock)
    assert report.totals.by_purpose["parcel_send"]["cash"] == 2150
    assert report.expected_cash_fen == 20000 + 2150


def test_mobile_payment_needs_its_reference(database, boss, clock, shift, tariffs):
    with pytest.raises(ValidationError, match="reference"):
        send(database, boss, clock, tariffs, tenders=[Tender("mobile", 1900)])
    r = send(database, boss, clock, tariffs, tenders=[Tender("mobile", 1900, "4200001234")])
    assert r.parcel.total_fen == 1900 and r.change_fen == 0


def test_on_account_and_short_payments_refused(database, boss, clock, shift, tariffs):
    with pytest.raises(ValidationError, match="cash or by mobile"):
        send(database, boss, clock, tariffs, tenders=[Tender("account", 1900)])
    with pytest.raises(ValidationError, match="still to be paid"):
        send(database, boss, clock, tariffs, tenders=[Tender("cash", 1000)])


def test_no_money_without_an_open_shift(database, boss, clock, tariffs):
    with pytest.raises(NoOpenShift):
        send(database, boss, clock, tariffs)
    with database.reader() as s:
        assert s.scalars(select(SentParcel)).all() == []


@pytest.mark.parametrize(("change", "field"), [
    ({"recipient": sp.Person("", "13900001111")}, "recipient_name"),
    ({"recipient": sp.Person("李四", "12345")}, "recipient_phone"),
    ({"destination": sp.Destination("火星", "", "", "1号")}, "province"),
    ({"destination": sp.Destination("广东", "", "", " ")}, "address"),
    ({"contents": ""}, "contents"),
    ({"weight_grams": 0}, "weight"),
    ({"carrier": "YTO"}, "carrier"),
])
def test_bad_input_names_the_field(database, boss, clock, shift, tariffs, change, field):
    with pytest.raises(ValidationError) as err:
        send(database, boss, clock, tariffs, **change)
    assert err.value.field == field


def test_landline_recipient_accepted(database, boss, clock, shift, tariffs):
    r = send(database, boss, clock, tariffs, recipient=sp.Person("李四", "0731-84123456"))
    assert r.parcel.recipient_phone == "073184123456"


def test_label_collect_and_handover_list(database, boss, clock, shift, tariffs):
    a = send(database, boss, clock, tariffs).parcel
    b = send(database, boss, clock, tariffs).parcel
    c = send(database, boss, clock, tariffs, carrier="SF").parcel
    assert sp.attach_waybill(database, boss, clock, a.number, "zt 7500 1234 5678").status == "labelled"
    sp.attach_waybill(database, boss, clock, c.number, "SF1234567890123")
    with pytest.raises(ValidationError, match="already on parcel"):
        sp.attach_waybill(database, boss, clock, b.number, "ZT750012345678")
    with pytest.raises(ValidationError, match="not a waybill"):
        sp.attach_waybill(database, boss, clock, b.number, "12")
    h = ho.open_handover(database, boss, clock, "ZTO")
    assert h.number == "L20261202-0001"
    assert ho.open_handover(database, boss, clock, "ZTO").number == h.number  # one open list a carrier
    with pytest.raises(ValidationError, match="no waybill yet"):
        ho.add_to_handover(database, boss, clock, h.number, b.number)
    with pytest.raises(ValidationError, match="not with this courier"):
        ho.add_to_handover(database, boss, clock, h.number, "SF1234567890123")
    with pytest.raises(NotFound):
        ho.add_to_handover(database, boss, clock, h.number, "YT0000000000")
    h = ho.add_to_handover(database, boss, clock, h.number, "ZT750012345678")
    assert [p.number for p in h.parcels] == [a.number] and h.parcels[0].status == "collected"
    with pytest.raises(ValidationError, match="already on this list"):
        ho.add_to_handover(database, boss, clock, h.number, a.number.replace("-", ""))
    assert [p.number for p in ho.waiting_for_courier(database, "ZTO")] == [b.number]
    h = ho.close_handover(database, boss, clock, h.number)
    assert h.status == "closed"
    with pytest.raises(ValidationError, match="closed"):
        ho.add_to_handover(database, boss, clock, h.number, "ZT750012345678")
    text = "\n".join(str(b) for b in handover_document(database, h, NAMES).blocks)
    assert "ZT750012345678" in text and "中通快递" in text
    with pytest.raises(ValidationError, match="left the station"):
        sp.attach_waybill(database, boss, clock, a.number, "ZT750099999999")


def test_empty_handover_list_cannot_be_closed(database, boss, clock, tariffs):
    h = ho.open_handover(database, boss, clock, "SF")
    with pytest.raises(ValidationError, match="empty"):
        ho.close_handover(database, boss, clock, h.number)


def test_returned_and_search_by_state(database, boss, clock, shift, tariffs):
    a = send(database, boss, clock, tariffs).parcel
    b = send(database, boss, clock, tariffs, recipient=sp.Person("王五", "13700001111")).parcel
    with pytest.raises(ValidationError, match="why"):
        sp.mark_returned(database, boss, clock, a.number, " ")
    r = sp.mark_returned(database, boss, clock, a.number, "快递员拒收：易碎品未包装")
    assert r.status == "returned" and "拒收" in r.note
    with pytest.raises(ValidationError, match="already marked"):
        sp.mark_returned(database, boss, clock, a.number, "again")
    assert [p.number for p in sp.search_sent(database, status="returned")] == [a.number]
    assert [p.number for p in sp.search_sent(database, text="王五")] == [b.number]
    assert [p.number for p in sp.search_sent(database, text="1111", status="accepted")] == [b.number]
    assert {p.number for p in sp.search_sent(database, carrier="ZTO")} == {a.number, b.number}
    assert sp.get_sent(database, b.number.replace("-", "")).number == b.number


def test_sender_receipt_shows_the_price_breakdown(database, boss, clock, shift, tariffs):
    r = send(database, boss, clock, tariffs, size=Size(30, 20, 20), insured_value_fen=50_000)
    doc = send_receipt_document(database, r.parcel.number, NAMES)
    text = "\n".join(str(b) for b in doc.blocks)
    for part in ("Parcel sending receipt", "中通快递", "2.500 kg", "Insurance", "¥21.50", "广东 广州市 天河区",
                 "Change"):
        assert part in text, part
