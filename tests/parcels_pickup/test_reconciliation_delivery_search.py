import datetime as dt

import pytest

from pos.domain.errors import DomainError, ValidationError
from pos.services.pickup import delivery
from pos.services.parcels import search as parcel_search
from pos.services.pickup import handover as pickup
from pos.services.parcels import reconciliation
from pos.services import settings as st
from pos.services.parcels.search import SearchCriteria
from pos.services.pickup.handover import Payment
from pos.services.pickup.settings import DELIVERY_FEE_FEN, local_date
from pos.wiring import station_due_sources

from .factory import ledger, make_parcel, make_villager, status_of

SOURCES = station_due_sources()  # what pos.app wires the pickup page with


def test_daily_sheet_counts_per_carrier(database, clock, helper_op):
    a = make_parcel(database)  # received today, handed over today
    make_parcel(database)  # received today, in stock
    make_parcel(database, days_ago=2)  # in stock from before
    make_parcel(database, carrier="YTO")
    old = make_parcel(database, days_ago=3, carrier="YTO")
    pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], sources=SOURCES)
    from pos.services.parcels import returns

    b = returns.open_batch(database, helper_op, clock)
    returns.scan_into_batch(database, helper_op, clock, b.id, old.waybill, early_reason="拒收")
    returns.close_batch(database, helper_op, clock, b.id)
    sheet = reconciliation.daily_sheet(database, clock)
    lines = {x.carrier: (x.received, x.handed_over, x.returned, x.in_stock) for x in sheet.lines}
    assert lines == {"ZTO": (2, 1, 0, 2), "YTO": (1, 0, 1, 1)}
    assert sheet.total.in_stock == 3
    yesterday = reconciliation.daily_sheet(database, clock, local_date(clock()) - dt.timedelta(days=1))
    assert {x.carrier: x.in_stock for x in yesterday.lines} == {"ZTO": 1, "YTO": 1}
    csv = reconciliation.sheets_csv([sheet], {"ZTO": "中通快递"})
    assert csv.splitlines()[0] == "day,carrier,carrier_name,received,handed_over,returned,in_stock"
    assert "2026-03-10,ZTO,中通快递,2,1,0,2" in csv


def test_stocktake_reports_missing_and_unexpected(database, clock, helper_op):
    a = make_parcel(database)
    b = make_parcel(database)
    gone = make_parcel(database, status="picked_up")
    t = reconciliation.start_stocktake(database, helper_op, clock)
    assert reconciliation.start_stocktake(database, helper_op, clock).id == t.id
    assert reconciliation.stocktake_scan(database, clock, t.id, a.waybill).outcome == "expected"
    assert reconciliation.stocktake_scan(database, clock, t.id, a.waybill).outcome == "repeat"
    assert reconciliation.stocktake_scan(database, clock, t.id, gone.waybill).outcome == "unexpected"
    r = reconciliation.stocktake_scan(database, clock, t.id, "SF1023574626292")
    assert r.outcome == "unexpected" and r.seen == 3
    res = reconciliation.finish_stocktake(database, helper_op, clock, t.id)
    assert [m.waybill for m in res.missing] == [b.waybill]
    assert [(u.waybill, u.status) for u in res.unexpected] == [(gone.waybill, "picked_up"), ("SF1023574626292", "")]
    assert reconciliation.current_stocktake(database) is None
    with pytest.raises(DomainError):
        reconciliation.stocktake_scan(database, clock, t.id, a.waybill)


def test_delivery_run_grouped_by_village_group(database, clock, boss, helper_op):
    st.save(database, boss, {DELIVERY_FEE_FEN: 200})
    v3 = make_villager(database, name="王奶奶", phone="13900001111", group="三组", address="三组12号")
    v1 = make_villager(database, name="赵大爷", phone="13900002222", group="一组", address="一组3号")
    tv = make_parcel(database, phone="13900001111", villager_id=v3, fee_fen=500)
    rice = make_parcel(database, phone="13900001111", villager_id=v3)
    other = make_parcel(database, phone="13900002222", villager_id=v1)
    stranger = make_parcel(database, phone="13700000000")
    for p in (tv, rice, other):
        delivery.mark_for_delivery(database, helper_op, clock, p.pickup_code.lower())
    with pytest.raises(delivery.NoDeliveryConsent):  # not in the register: no consent on record
        delivery.mark_for_delivery(database, helper_op, clock, stranger.pickup_code)
    assert not status_of(database, stranger.id).delivery_requested
    preview = delivery.waiting(database, clock, SOURCES)
    assert [s.recipient_name for s in preview.stops] == ["赵大爷", "王奶奶"]
    run = delivery.start_run(database, helper_op, clock, SOURCES)
    assert [g for g, _ in run.groups()] == ["一组", "三组"]
    wang = next(s for s in run.stops if s.recipient_name == "王奶奶")
    assert wang.address == "三组12号" and wang.due_fen == 700 and len(wang.parcels) == 2
    assert status_of(database, tv.id).status == "out_for_delivery"
    with pytest.raises(ValidationError):
        delivery.record_delivered(database, helper_op, clock, run.id, wang.key, "王奶奶", sources=SOURCES)
    number = delivery.record_delivered(database, helper_op, clock, run.id, wang.key, "王奶奶",
                                       Payment("cash", 700), sources=SOURCES)
    assert number.startswith("Q")
    assert status_of(database, tv.id).status == "picked_up"
    zhao = next(s for s in run.stops if s.recipient_name == "赵大爷")
    delivery.record_not_home(database, helper_op, clock, run.id, zhao.key)
    back = status_of(database, other.id)
    assert back.status == "in_stock" and back.delivery_requested
    sheet = delivery.run_sheet(database, clock, run.id, SOURCES)
    assert sheet.closed_at is not None
    assert {s.recipient_name: s.outcome for s in sheet.stops} == {"王奶奶": "delivered", "赵大爷": "not_home"}
    with pytest.raises(DomainError):
        delivery.record_not_home(database, helper_op, clock, run.id, zhao.key)
    # the fee on the TV, then the delivery fee once for the stop, both on the delivery receipt
    assert ledger(database) == [("delivery", "cash", 200, number, tv.id, v3, "delivery"),
                                ("delivery", "cash", 500, number, tv.id, v3, "fee")]


def test_start_run_without_marked_parcels_is_refused(database, clock, helper_op):
    with pytest.raises(ValidationError):
        delivery.start_run(database, helper_op, clock, SOURCES)


def test_search_and_history(database, clock, helper_op):
    a = make_parcel(database, name="张三", days_ago=1)
    b = make_parcel(database, name="李四", phone="13912340000", carrier="YTO")
    pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], sources=SOURCES)
    find = lambda **kw: [r.id for r in parcel_search.search(database, SearchCriteria(**kw))]  # noqa: E731
    assert find(text=a.waybill) == [a.id]
    assert find(text=a.waybill[:8]) == [a.id]
    assert find(text=b.pickup_code) == [b.id]
    assert find(text="13912340000") == [b.id]
    assert find(text="李") == [b.id]
    assert find(carrier="YTO") == [b.id]
    assert find(status="picked_up") == [a.id]
    today = local_date(clock())
    assert find(first_day=today, last_day=today) == [b.id]
    assert find() == [b.id, a.id]
    with pytest.raises(ValidationError):
        find(status="lost")
    h = parcel_search.history(database, a.id)
    assert [e.kind for e in h.events] == ["checked_in", "picked_up"]
    assert h.events[1].operator == "李芳" and h.handed_over_by == "李芳"
