"""Placing orders, waybills, payments, return waybills, lists and timelines over SQLite."""

import datetime as dt

import pytest

from pos.domain.errors import DomainError, NotFound, ValidationError
from pos.domain.purchases import ItemInput, PaymentPlan, Tender
from pos.services.purchases import orders as purchases
from pos.services import settings
from pos.services.purchases.settings import EXPECTED_DAYS, MAX_UNIT_PRICE_FEN
from pos.services.purchases.views import OrderFilter, get_order, list_orders, timeline
from tests.purchases.conftest import add_villager, check_in_parcel
from tests.purchases.helpers import PHONE_CASE, RICE_COOKER, TOTAL, audit_actions, balance, order_input, payments


def test_cash_order_is_paid_in_full(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    assert o.number == "P20261122-0001"
    assert (o.status, o.total_fen, o.paid_fen, o.due_fen) == ("placed", TOTAL, TOTAL, 0)
    assert o.customer_name == "张桂英" and o.customer_phone == "13812345678"
    assert o.expected_on == dt.date(2026, 11, 25)
    assert [i.description for i in o.items] == [RICE_COOKER.description, PHONE_CASE.description]
    assert payments(database) == [("purchase_deposit", "cash", TOTAL)]


def test_numbers_count_per_local_day(database, helper, clock, villager_id):
    a = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="1"))
    b = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="2"))
    clock.advance(days=1)
    c = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="3"))
    assert [a.number, b.number, c.number] == ["P20261122-0001", "P20261122-0002", "P20261123-0001"]


def test_a_refused_order_burns_no_number(database, helper, clock, villager_id):
    with pytest.raises(ValidationError):
        purchases.place_order(database, helper, clock, order_input(PaymentPlan("mobile"), villager_id))
    assert purchases.place_order(database, helper, clock, order_input(villager_id=villager_id)).number.endswith("-0001")


def test_mobile_payment_keeps_its_reference(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("mobile", "微信 4521"), villager_id))
    assert o.paid_fen == TOTAL
    assert payments(database) == [("purchase_deposit", "mobile", TOTAL)]


def test_on_account_raises_the_villagers_balance_with_an_entry(database, helper, clock):
    vid = add_villager(database, balance=0)
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("account"), vid))
    assert (o.paid_fen, o.on_account_fen, o.due_fen) == (0, TOTAL, 0)
    assert balance(database, vid) == (TOTAL, TOTAL)
    assert payments(database) == [("purchase_deposit", "account", TOTAL)]


def test_walk_in_cannot_buy_on_account(database, helper, clock):
    with pytest.raises(ValidationError):
        purchases.place_order(database, helper, clock, order_input(PaymentPlan("account"), name="过路客"))


def test_deposit_leaves_the_rest_due_and_pay_balance_settles_it(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("deposit", deposit_fen=10000), villager_id))
    assert (o.paid_fen, o.due_fen) == (10000, TOTAL - 10000)
    with pytest.raises(ValidationError):
        purchases.pay_balance(database, helper, clock, o.id, [Tender("cash", 100)])
    o = purchases.pay_balance(database, helper, clock, o.id, [Tender("cash", 5000), Tender("account", TOTAL - 15000)])
    assert (o.paid_fen, o.on_account_fen, o.due_fen) == (15000, TOTAL - 15000, 0)
    assert balance(database, villager_id) == (TOTAL - 15000, TOTAL - 15000)
    with pytest.raises(DomainError):
        purchases.pay_balance(database, helper, clock, o.id, [Tender("cash", 1)])


@pytest.mark.parametrize("items, fee, field", [
    ((), 0, "items"),
    ((ItemInput("化肥", 1, 0),), 0, "unit_price"),
    ((ItemInput("化肥", 1, -100),), 0, "unit_price"),
    ((ItemInput("化肥", 1, 2_000_001),), 0, "unit_price"),
    ((ItemInput("", 1, 100),), 0, "description"),
    ((ItemInput("化肥", 1000, 100),), 0, "quantity"),
    ((ItemInput("化肥", 1, 100),), -1, "service_fee"),
])
def test_bad_input_is_refused_and_nothing_is_saved(database, helper, clock, villager_id, items, fee, field):
    with pytest.raises(ValidationError) as e:
        purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, items=items, fee=fee))
    assert e.value.field == field
    assert list_orders(database, OrderFilter(), clock()) == [] and payments(database) == []


def test_price_limit_is_a_setting(database, boss, helper, clock, villager_id):
    settings.save(database, boss, {MAX_UNIT_PRICE_FEN: 10000})
    with pytest.raises(ValidationError):
        purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))


def test_no_villager_and_no_name_is_refused(database, helper, clock):
    with pytest.raises(ValidationError) as e:
        purchases.place_order(database, helper, clock, order_input())
    assert e.value.field == "villager"


def test_platform_order_used_before_warns_then_is_allowed_and_audited(database, helper, clock, villager_id):
    first = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="A1, 999"))
    with pytest.raises(purchases.PlatformOrderInUse) as e:
        purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="999"))
    assert e.value.uses == [("999", first.number)]
    again = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="999"),
                                  allow_duplicate_platform=True)
    assert again.platform_orders == ("999",)
    assert purchases.ORDER_PLACED_DUPLICATE in audit_actions(database)
    # a number that only contains another is not the same number
    purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="99"))


def test_waybills_are_normalised_and_mark_the_order_shipped(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    o = purchases.add_waybill(database, helper, clock, o.id, " zt 7310 0118 8650 46 ")
    assert o.status == "shipped" and [w.waybill for w in o.waybills] == ["ZT73100118865046"]
    assert o.shipped_at == clock()
    o = purchases.add_waybill(database, helper, clock, o.id, "YT7512345678901")
    assert o.status == "shipped" and len(o.waybills) == 2
    with pytest.raises(DomainError):
        purchases.add_waybill(database, helper, clock, o.id, "YT7512345678901")
    with pytest.raises(ValidationError):
        purchases.add_waybill(database, helper, clock, o.id, "电饭煲")


def test_a_waybill_on_another_open_order_is_refused(database, helper, clock, villager_id):
    a = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="1"))
    b = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="2"))
    purchases.add_waybill(database, helper, clock, a.id, "73100118865046")
    with pytest.raises(DomainError) as e:
        purchases.add_waybill(database, helper, clock, b.id, "7310 0118 8650 46")
    assert e.value.params["order"] == a.number


def test_removing_the_only_waybill_goes_back_to_placed(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    purchases.add_waybill(database, helper, clock, o.id, "73100118865046")
    o = purchases.remove_waybill(database, helper, clock, o.id, "73100118865046")
    assert o.status == "placed" and o.waybills == () and o.shipped_at is None
    with pytest.raises(DomainError):
        purchases.remove_waybill(database, helper, clock, o.id, "73100118865046")


def test_return_waybill_only_after_arrival(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    with pytest.raises(DomainError):
        purchases.set_return_waybill(database, helper, clock, o.id, "SF1234567890123")
    purchases.add_waybill(database, helper, clock, o.id, "73100118865046")
    from pos.services.purchases.links import on_parcel_checked_in

    check_in_parcel(database, "73100118865046", clock(), hook=on_parcel_checked_in, clock=clock)
    o = purchases.set_return_waybill(database, helper, clock, o.id, "sf 1234 5678 90123")
    assert o.return_waybill == "SF1234567890123"
    assert purchases.RETURN_WAYBILL in audit_actions(database)
    assert [e.kind for e in timeline(database, o.id)][-1] == "return_waybill"


def test_expected_arrival_is_a_setting(database, boss, helper, clock, villager_id):
    settings.save(database, boss, {EXPECTED_DAYS: 5})
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    assert o.expected_on == dt.date(2026, 11, 27)


def test_list_filters_and_late_flag(database, helper, clock, villager_id):
    other = add_villager(database, "李建国", "13905781234", "ljg")
    old = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="1"))
    purchases.add_waybill(database, helper, clock, old.id, "73100118865046")
    clock.advance(days=3)
    purchases.place_order(database, helper, clock, order_input(villager_id=other, platform="2"))
    clock.advance(days=4)
    now = clock()
    everything = list_orders(database, OrderFilter(), now)
    assert [o.platform_orders for o in everything] == [("2",), ("1",)]  # newest first
    late = list_orders(database, OrderFilter(late_only=True), now)
    assert [o.number for o in late] == [old.number] and late[0].late
    assert [o.customer_name for o in list_orders(database, OrderFilter(villager_id=other), now)] == ["李建国"]
    assert len(list_orders(database, OrderFilter(status="shipped"), now)) == 1
    assert len(list_orders(database, OrderFilter(status="open"), now)) == 2
    assert len(list_orders(database, OrderFilter(text="李建"), now)) == 1
    assert len(list_orders(database, OrderFilter(text="88650"), now)) == 1  # part of a waybill
    day = (old.placed_at.astimezone()).date()
    assert [o.number for o in list_orders(database, OrderFilter(date_from=day, date_to=day), now)] == [old.number]
    assert get_order(database, old.number, now).late


def test_timeline_and_unknown_order(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    purchases.add_waybill(database, helper, clock, o.id, "73100118865046")
    events = timeline(database, o.id)
    assert [e.kind for e in events] == ["placed", "waybill_added"]
    assert events[0].operator == helper.name and events[0].details["total_fen"] == TOTAL
    with pytest.raises(NotFound):
        get_order(database, "P20990101-0001")
