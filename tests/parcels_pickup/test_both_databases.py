"""The pickup side on SQLite and PostgreSQL: handover, numbers, batches, sheets, delivery."""

import datetime as dt

import pytest

from pos.domain.errors import DomainError
from pos.domain.station import StationDetails
from pos.services.pickup import delivery
from pos.services.pickup import handover as pickup
from pos.services.parcels import reconciliation
from pos.services.parcels import reminders
from pos.services.parcels import returns
from pos.services.station import setup as station
from pos.services.pickup.handover import Payment
from pos.services.clock import ManualClock
from pos.wiring import station_due_sources

from .factory import NOW, make_parcel, make_villager, status_of

SOURCES = station_due_sources()  # what pos.app wires the pickup page with


@pytest.fixture
def op(any_database):
    return station.set_up_station(any_database, StationDetails("清水村服务站"), "王小明", "1234")


def test_pickup_flow(any_database, op):
    db, clock = any_database, ManualClock(NOW)
    a = make_parcel(db, code="A-1-0001", fee_fen=100)
    b = make_parcel(db, code="A-1-0002")
    res = pickup.lookup(db, clock, "5678", SOURCES)
    assert {c.id for g in res.groups for c in g.parcels} == {a.id, b.id}
    r1 = pickup.hand_over(db, op, clock, [a.id], scanned=[a.id], payment=Payment("cash", 100), sources=SOURCES)
    with pytest.raises(DomainError):
        pickup.hand_over(db, op, clock, [a.id], scanned=[a.id], sources=SOURCES)
    r2 = pickup.hand_over(db, op, clock, [b.id], scanned=[], no_scan_reason="面单破损", sources=SOURCES)
    assert (r1.number[-4:], r2.number[-4:]) == ("0001", "0002")
    # the code is free again once the parcel left
    make_parcel(db, code="A-1-0001")
    assert status_of(db, a.id).status == "picked_up"


def test_overdue_returns_sheet_stocktake_delivery(any_database, op):
    db, clock = any_database, ManualClock(NOW)
    old = make_parcel(db, days_ago=9)
    make_parcel(db, days_ago=4)
    assert reminders.send_reminders(db, op, clock).parcels == 2
    batch = returns.open_batch(db, op, clock)
    returns.scan_into_batch(db, op, clock, batch.id, old.waybill)
    returns.close_batch(db, op, clock, batch.id)
    sheet = reconciliation.daily_sheet(db, clock)
    assert sheet.total.returned == 1 and sheet.total.in_stock == 1
    assert reconciliation.daily_sheet(db, clock, sheet.day - dt.timedelta(days=5)).total.in_stock == 1
    assert reconciliation.daily_sheet(db, clock, sheet.day - dt.timedelta(days=4)).total.in_stock == 2
    t = reconciliation.start_stocktake(db, op, clock)
    reconciliation.stocktake_scan(db, clock, t.id, old.waybill)
    res = reconciliation.finish_stocktake(db, op, clock, t.id)
    assert len(res.missing) == 1 and len(res.unexpected) == 1
    vid = make_villager(db)
    p = make_parcel(db, phone="13900001111", villager_id=vid)
    delivery.mark_for_delivery(db, op, clock, p.pickup_code)
    run = delivery.start_run(db, op, clock, SOURCES)
    delivery.record_delivered(db, op, clock, run.id, run.stops[0].key, "王奶奶", sources=SOURCES)
    assert delivery.run_sheet(db, clock, run.id, SOURCES).closed_at is not None
