import datetime as dt

import pytest
from sqlalchemy import select

from pos.db.models import AuditEntry, Notice, NoticeParcel
from pos.domain.errors import DomainError, ValidationError
from pos.services.parcels import reminders
from pos.services.parcels import returns
from pos.services.parcels.returns import NotOverdue
from pos.wiring import station_due_sources

from .factory import make_parcel, status_of

SOURCES = station_due_sources()  # what pos.app wires the pickup page with


def test_overdue_lists_remind_and_return_stages(database, clock):
    make_parcel(database, days_ago=1)
    r = make_parcel(database, days_ago=3)
    t = make_parcel(database, days_ago=8, carrier="YTO")
    rows = returns.overdue(database, clock)
    assert [(x.id, x.stage) for x in rows] == [(t.id, "return"), (r.id, "remind")]


def test_reminders_group_per_recipient_once_per_parcel(database, clock, helper_op):
    a = make_parcel(database, days_ago=4, phone="13812345678", name="张三")
    b = make_parcel(database, days_ago=5, phone="13812345678", name="张三")
    c = make_parcel(database, days_ago=3, phone="13912345678", name="李四", masked=True)
    make_parcel(database, days_ago=1)
    res = reminders.send_reminders(database, helper_op, clock)
    assert (res.parcels, res.notices) == (3, 2)
    with database.reader() as s:
        notices = {n.phone_key: n for n in s.scalars(select(Notice).where(Notice.kind == "reminder"))}
        assert set(notices) == {"13812345678", "139****5678/李四"}
        text = notices["13812345678"].text
        assert a.pickup_code in text and b.pickup_code in text and "5天" in text and "清水村服务站" in text
        assert notices["13812345678"].status == "pending"
        assert len(s.scalars(select(NoticeParcel)).all()) == 3
    assert status_of(database, c.id).reminded_at == clock()
    # a second run the same day reminds nobody again
    assert reminders.send_reminders(database, helper_op, clock).parcels == 0


def test_a_parcel_overdue_later_joins_the_days_reminder(database, clock, helper_op):
    make_parcel(database, days_ago=3, phone="13812345678")
    reminders.send_reminders(database, helper_op, clock)
    late = make_parcel(database, days_ago=6, phone="13812345678")
    reminders.send_reminders(database, helper_op, clock)
    with database.reader() as s:
        n = s.scalars(select(Notice).where(Notice.kind == "reminder")).one()
        assert late.pickup_code in n.text


def test_return_batch_scan_close_and_slip_data(database, clock, helper_op):
    a = make_parcel(database, days_ago=8)
    b = make_parcel(database, days_ago=9)
    young = make_parcel(database, days_ago=2)
    yto = make_parcel(database, days_ago=9, carrier="YTO")
    batch = returns.open_batch(database, helper_op, clock)
    assert returns.open_batch(database, helper_op, clock).id == batch.id  # resumed, not a second one
    v = returns.scan_into_batch(database, helper_op, clock, batch.id, a.waybill)
    assert v.carrier == "ZTO" and [p.id for p in v.parcels] == [a.id]
    with pytest.raises(DomainError, match="already in this batch"):
        returns.scan_into_batch(database, helper_op, clock, batch.id, a.waybill)
    with pytest.raises(DomainError, match="another courier"):
        returns.scan_into_batch(database, helper_op, clock, batch.id, yto.waybill)
    with pytest.raises(NotOverdue):
        returns.scan_into_batch(database, helper_op, clock, batch.id, young.waybill)
    returns.scan_into_batch(database, helper_op, clock, batch.id, young.waybill, early_reason="村民拒收")
    returns.scan_into_batch(database, helper_op, clock, batch.id, b.waybill)
    v = returns.remove_from_batch(database, helper_op, clock, batch.id, b.id)
    assert {p.id for p in v.parcels} == {a.id, young.id}
    assert status_of(database, a.id).status == "in_stock"  # still in stock until the courier takes them
    closed = returns.close_batch(database, helper_op, clock, batch.id)
    assert closed.closed_at == clock() and closed.number.startswith("T20260310-")
    assert status_of(database, a.id).status == "returned"
    assert status_of(database, b.id).status == "in_stock"
    with database.reader() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == returns.RETURN_EARLY)).one()
    assert returns.current_batch(database) is None
    assert returns.recent_batches(database)[0].id == batch.id


def test_closing_an_empty_batch_is_refused(database, clock, helper_op):
    batch = returns.open_batch(database, helper_op, clock)
    with pytest.raises(ValidationError):
        returns.close_batch(database, helper_op, clock, batch.id)


def test_a_parcel_picked_up_while_in_an_open_batch_leaves_the_batch(database, clock, helper_op):
    from pos.services.pickup import handover as pickup

    a = make_parcel(database, days_ago=8)
    batch = returns.open_batch(database, helper_op, clock)
    returns.scan_into_batch(database, helper_op, clock, batch.id, a.waybill)
    pickup.hand_over(database, helper_op, clock, [a.id], scanned=[a.id], sources=SOURCES)
    assert returns.current_batch(database).parcels == ()


def test_days_count_local_calendar_days(database, clock):
    from pos.services.pickup.settings import days_in_stock, local_day_start

    start = local_day_start(dt.date(2026, 3, 1))
    assert days_in_stock(start, start + dt.timedelta(hours=23)) == 0
    assert days_in_stock(start + dt.timedelta(hours=23), start + dt.timedelta(hours=25)) == 1
