"""Shifts over a real (SQLite) database: open, cash in/out, X report, close, parcels, approval."""

import datetime as dt
import json
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst
from sqlalchemy import select

from pos.db.models import AuditEntry, Parcel, Payment, Shift
from pos.domain import cash
from pos.domain.errors import ValidationError
from pos.services import settings as st
from pos.services.shifts import drawer as shifts
from pos.services.shifts.settings import VARIANCE_OWNER_LIMIT
from tests.shifts.conftest import pay


def test_no_shift_until_one_is_opened(database, boss, clock):
    assert shifts.require_open_shift(database) is None
    with pytest.raises(shifts.NoOpenShift):
        shifts.x_report(database, clock)
    view = shifts.open_shift(database, boss, clock, 20000)
    assert view.is_open and view.float_fen == 20000 and view.opened_by == "王小明"
    assert view.number == "S20261122-01"
    assert shifts.require_open_shift(database) == view


def test_only_one_shift_open_at_a_time(database, boss, helper, clock):
    shifts.open_shift(database, boss, clock, 0)
    with pytest.raises(shifts.ShiftAlreadyOpen):
        shifts.open_shift(database, helper, clock, 100)


def test_concurrent_opens_leave_one_shift(database, boss, clock):
    errors, done = [], []

    def go():
        try:
            done.append(shifts.open_shift(database, boss, clock, 0))
        except shifts.ShiftAlreadyOpen as e:
            errors.append(e)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(done) == 1 and len(errors) == 3
    with database.reader() as s:
        assert len(s.scalars(select(Shift)).all()) == 1


def test_full_shift_totals_and_z_report(database, boss, helper, clock):
    opened = shifts.open_shift(database, helper, clock, 20000)
    t = clock.advance(5)
    pay(database, t, "sale", "cash", 1250)
    pay(database, t, "sale", "mobile", 3000)
    pay(database, t, "sale", "account", 800)
    pay(database, t, "sale_refund", "cash", -250)
    pay(database, t, "purchase_deposit", "cash", 5000)
    pay(database, t, "purchase_balance", "mobile", 12000)
    pay(database, t, "purchase_refund", "mobile", -1000)
    pay(database, t, "parcel_fee", "cash", 100)
    pay(database, t, "account_payment", "cash", 3000)
    pay(database, opened.opened_at - dt.timedelta(minutes=1), "sale", "cash", 99999)  # before the shift
    with database.unit_of_work() as s:
        s.add(Parcel(waybill="SF1", carrier="SF", status="in_stock", checked_in_at=t))
        s.add(Parcel(waybill="SF2", carrier="SF", status="picked_up", checked_in_at=t - dt.timedelta(days=2),
                     picked_up_at=t))
        s.add(Parcel(waybill="YT3", carrier="YTO", status="returned", checked_in_at=t - dt.timedelta(days=9),
                     returned_at=t))
    clock.advance(1)
    shifts.cash_in(database, helper, clock, 5000, "银行换零钱")
    clock.advance(1)
    shifts.cash_out(database, helper, clock, 2000, "付快递员运费")
    clock.advance(1)
    x = shifts.x_report(database, clock)
    assert not x.closed and x.kind == "X"
    assert x.totals.by_method == {"cash": 1250 - 250 + 5000 + 100 + 3000 + 5000 - 2000, "mobile": 14000, "account": 800}
    assert x.expected_cash_fen == 20000 + 12100
    assert x.totals.refunds_fen == -1250 and x.totals.refund_count == 2
    assert x.totals.purpose_total("purchase_deposit") == 5000
    assert x.totals.purpose_total("account_payment") == 3000
    assert (x.parcels_in, x.parcels_out, x.parcels_returned) == (1, 1, 1)
    assert [m.reason for m in x.cash_moves] == ["银行换零钱", "付快递员运费"]
    assert shifts.require_open_shift(database) is not None  # the X report closes nothing

    counts = {10000: 3, 1000: 2, 100: 1}  # 321.00 = expected 321.00
    z = shifts.close_shift(database, helper, clock, counts, expected_seen_fen=32100)
    assert z.closed and z.kind == "Z" and z.variance_fen == 0 and z.counted_cash_fen == 32100
    assert z.totals == x.totals and z.counts[10000] == 3
    assert shifts.require_open_shift(database) is None
    # a payment after the close belongs to the next shift, not to this Z report
    pay(database, clock.advance(1), "sale", "cash", 500)
    again = shifts.shift_report(database, z.shift_id, clock)
    assert again.totals == z.totals and again.closed
    stored = shifts.last_closed_shift(database)
    assert (stored.expected_cash_fen, stored.counted_cash_fen, stored.variance_fen) == (32100, 32100, 0)


def test_variance_needs_a_reason_and_big_ones_the_owner(database, boss, helper, clock):
    shifts.open_shift(database, helper, clock, 10000)
    with pytest.raises(ValidationError) as e:
        shifts.close_shift(database, helper, clock, {5000: 2, 10: 5})  # +0.50, no reason
    assert e.value.field == "reason"
    with pytest.raises(shifts.OwnerApprovalNeeded):
        shifts.close_shift(database, helper, clock, {5000: 1}, "不知道")  # -50.00 > ¥10
    with pytest.raises(shifts.OwnerApprovalNeeded):
        shifts.close_shift(database, helper, clock, {5000: 1}, "不知道", approved_by=helper)
    z = shifts.close_shift(database, helper, clock, {5000: 1}, "少了五十，明天查", approved_by=boss)
    assert z.variance_fen == -5000 and z.approved_by == "王小明" and z.closed_by == "李芳"
    with database.reader() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == shifts.SHIFT_CLOSED)).one()
    assert json.loads(entry.details)["approved_by"] == "王小明"
    assert shifts.shift_report(database, z.shift_id, clock).approved_by == "王小明"


def test_small_variance_below_the_limit_needs_no_owner(database, boss, helper, clock):
    st.save(database, boss, {VARIANCE_OWNER_LIMIT: 500})
    shifts.open_shift(database, helper, clock, 0)
    z = shifts.close_shift(database, helper, clock, {500: 1}, "多收五元")
    assert z.variance_fen == 500
    shifts.open_shift(database, boss, clock, 0)
    z = shifts.close_shift(database, boss, clock, {1000: 1}, "老板自己关")  # the owner may close any
    assert z.variance_fen == 1000 and z.approved_by == ""


def test_close_refuses_a_stale_expected_figure(database, boss, clock):
    shifts.open_shift(database, boss, clock, 0)
    pay(database, clock.advance(1), "sale", "cash", 700)
    with pytest.raises(ValidationError):
        shifts.close_shift(database, boss, clock, {500: 1, 100: 2}, expected_seen_fen=0)
    assert shifts.require_open_shift(database) is not None


def test_cash_out_cannot_exceed_the_drawer_and_needs_reason(database, boss, clock):
    shifts.open_shift(database, boss, clock, 1000)
    with pytest.raises(ValidationError):
        shifts.cash_out(database, boss, clock, 1001, "太多")
    with pytest.raises(ValidationError):
        shifts.cash_in(database, boss, clock, 100, "  ")
    with pytest.raises(ValidationError):
        shifts.cash_in(database, boss, clock, 0, "零")
    mv = shifts.cash_out(database, boss, clock, 1000, "存银行")
    assert mv.amount_fen == -1000
    with database.reader() as s:
        p = s.scalars(select(Payment).where(Payment.purpose == "cash_out")).one()
    assert (p.method, p.amount_fen, p.note) == ("cash", -1000, "存银行")


def test_cash_movements_need_an_open_shift(database, boss, clock):
    with pytest.raises(shifts.NoOpenShift):
        shifts.cash_in(database, boss, clock, 100, "零钱")
    with pytest.raises(shifts.NoOpenShift):
        shifts.close_shift(database, boss, clock, {})


def test_shift_numbers_count_per_local_day(database, boss, clock):
    numbers = []
    for _ in range(3):
        numbers.append(shifts.open_shift(database, boss, clock, 0).number)
        clock.advance(1)
        shifts.close_shift(database, boss, clock, {})
    assert numbers == ["S20261122-01", "S20261122-02", "S20261122-03"]
    assert [v.number for v in shifts.list_shifts(database)] == list(reversed(numbers))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(float_fen=hst.integers(0, 500_000),
       amounts=hst.lists(hst.tuples(hst.sampled_from(cash.PURPOSES[:7]), hst.sampled_from(cash.METHODS),
                                    hst.integers(-50_000, 50_000)), max_size=12))
def test_stored_close_matches_the_pure_arithmetic(database, boss, clock, float_fen, amounts):
    shifts.open_shift(database, boss, clock, float_fen)
    t = clock.advance(1)
    for purpose, method, fen in amounts:
        pay(database, t, purpose, method, fen)
    clock.advance(1)
    expected = cash.expected_cash(float_fen, [cash.Movement(*a) for a in amounts])
    z = shifts.close_shift(database, boss, clock, {}, "测试")
    assert z.expected_cash_fen == expected
    assert z.variance_fen == -expected
    clock.advance(1)


def test_demo_shifts_are_counted_and_today_is_open(database, boss, clock):
    from pos.demo.shifts import DAYS, add_demo_shifts

    clock.now = clock.now.replace(hour=10)
    pay(database, clock.now - dt.timedelta(days=2, hours=1), "sale", "cash", 1255)
    assert add_demo_shifts(database, boss, clock) == DAYS + 1
    history = shifts.list_shifts(database, 20)
    assert len(history) == DAYS + 1 and history[0].is_open and history[0].float_fen == 20000
    closed = [v for v in history if not v.is_open]
    assert all(v.variance_reason or v.variance_fen == 0 for v in closed)
    assert {v.variance_fen for v in closed} <= {0, -5, -50}
    assert add_demo_shifts(database, boss, clock) == 0
