"""The parcel hooks, called by check-in and pickup inside their own unit of work."""

import pytest
from sqlalchemy import select

from pos.db.models.parcel import Parcel
from pos.domain.errors import DomainError, ValidationError
from pos.domain.purchases import PaymentPlan, Tender
from pos.services.purchases import links
from pos.services.purchases import refunds as purchase_refunds
from pos.services.purchases import orders as purchases
from pos.services.pickup.dues import DueLine
from pos.services.purchases.views import get_order, timeline
from tests.purchases.conftest import check_in_parcel
from tests.purchases.helpers import TOTAL, balance, order_input, payments

WB = "73100118865046"


@pytest.fixture
def shipped(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("deposit", deposit_fen=9000), villager_id))
    return purchases.add_waybill(database, helper, clock, o.id, WB)


def hand_over(db, parcel_id, operator, tenders, clock):
    with db.unit_of_work() as s:
        p = s.get(Parcel, parcel_id)
        p.status = "picked_up"
        due = links.amount_due_for_parcel(s, p.id)
        order = links.on_parcel_handed_over(s, p, operator, tenders, clock)
        return due, order.number if order else None


def test_check_in_links_the_parcel_and_marks_arrival(database, clock, shipped):
    clock.advance(days=2)
    pid, number = check_in_parcel(database, WB, clock(), hook=links.on_parcel_checked_in, clock=clock)
    assert number == shipped.number
    o = get_order(database, shipped.id)
    assert o.status == "arrived" and o.arrived_at == clock() and o.waybills[0].parcel_id == pid
    assert [e.kind for e in timeline(database, o.id)][-2:] == ["parcel_arrived", "arrived"]
    with database.reader() as s:
        p = s.get(Parcel, pid)
        assert links.order_note_for_notice(s, p) == f"代购单 {shipped.number}"
        assert links.order_note_for_notice(s, p, lambda c, t: t) == f"Assisted purchase order {shipped.number}"
        assert links.amount_due_for_parcel(s, pid) == TOTAL - 9000


def test_a_notices_order_notes_in_one_query_as_one_by_one(database, clock, helper, shipped, villager_id):
    later = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="3581204467799"))
    purchases.add_waybill(database, helper, clock, later.id, "YT7512345678901")
    linked, _ = check_in_parcel(database, WB, clock(), hook=links.on_parcel_checked_in, clock=clock)
    waiting, _ = check_in_parcel(database, "YT7512345678901", clock())  # not linked yet: found by waybill
    none, _ = check_in_parcel(database, "JT0019812345678", clock())
    with database.reader() as s:
        parcels = [s.get(Parcel, pid) for pid in (linked, waiting, none)]
        one_by_one = [links.order_note_for_notice(s, p) for p in parcels]
        assert one_by_one == [f"代购单 {shipped.number}", f"代购单 {later.number}", None]
        assert links.order_notes_for_notice(s, parcels) == one_by_one
        assert links.order_notes_for_notice(s, []) == []


def test_a_parcel_of_no_order_changes_nothing(database, clock, shipped):
    pid, number = check_in_parcel(database, "YT7512345678901", clock(), hook=links.on_parcel_checked_in, clock=clock)
    assert number is None
    with database.reader() as s:
        p = s.get(Parcel, pid)
        assert links.order_note_for_notice(s, p) is None
        assert links.amount_due_for_parcel(s, pid) == 0
    assert hand_over(database, pid, "李芳", [], clock) == (0, None)
    with pytest.raises(DomainError):
        hand_over(database, pid, "李芳", [Tender("cash", 100)], clock)
    assert get_order(database, shipped.id).status == "shipped"


def test_the_hook_runs_in_the_callers_transaction(database, clock, shipped):
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with database.unit_of_work() as s:
            p = Parcel(waybill=WB, carrier="ZTO", status="in_stock", checked_in_at=clock())
            s.add(p)
            s.flush()
            assert links.on_parcel_checked_in(s, p, "李芳", clock) is not None
            raise Boom()
    assert get_order(database, shipped.id).status == "shipped"  # rolled back with the parcel


def test_pickup_collects_the_balance_and_closes_the_order(database, helper, clock, shipped, villager_id):
    pid, _ = check_in_parcel(database, WB, clock(), hook=links.on_parcel_checked_in, clock=clock)
    with pytest.raises(ValidationError):
        hand_over(database, pid, helper, [Tender("cash", 100)], clock)
    clock.advance(days=1)
    due, number = hand_over(database, pid, helper, [Tender("cash", 5000), Tender("account", TOTAL - 14000)], clock)
    assert due == TOTAL - 9000 and number == shipped.number
    o = get_order(database, shipped.id)
    assert (o.status, o.due_fen, o.collected_at) == ("collected", 0, clock())
    assert payments(database, o.id)[1:] == [("purchase_balance", "cash", 5000), ("purchase_balance", "account", TOTAL - 14000)]
    assert balance(database, villager_id) == (TOTAL - 14000, TOTAL - 14000)
    with database.reader() as s:
        assert links.amount_due_for_parcel(s, pid) == 0


def test_an_order_in_two_parcels(database, helper, clock, shipped):
    purchases.add_waybill(database, helper, clock, shipped.id, "YT7512345678901")
    a, _ = check_in_parcel(database, WB, clock(), hook=links.on_parcel_checked_in, clock=clock)
    assert get_order(database, shipped.id).status == "shipped"  # one of two in
    b, _ = check_in_parcel(database, "YT7512345678901", clock(), hook=links.on_parcel_checked_in, clock=clock)
    assert get_order(database, shipped.id).status == "arrived"
    hand_over(database, a, helper, [Tender("cash", TOTAL - 9000)], clock)
    assert get_order(database, shipped.id).status == "arrived"  # the other parcel is still here
    assert hand_over(database, b, helper, [], clock) == (0, shipped.number)
    assert get_order(database, shipped.id).status == "collected"


def test_a_parcel_already_in_links_when_its_waybill_is_added(database, helper, clock, villager_id):
    pid, _ = check_in_parcel(database, WB, clock())
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    o = purchases.add_waybill(database, helper, clock, o.id, WB)
    assert o.status == "arrived" and o.waybills[0].parcel_id == pid


def test_a_cancelled_order_does_not_take_the_parcel(database, boss, clock, shipped):
    purchase_refunds.cancel_order(database, boss, boss, clock, shipped.id, "缺货")
    pid, number = check_in_parcel(database, WB, clock(), hook=links.on_parcel_checked_in, clock=clock)
    assert number is None


def test_due_source_for_the_pickup_page(database, helper, clock, shipped):
    pid, _ = check_in_parcel(database, WB, clock(), hook=links.on_parcel_checked_in, clock=clock)
    source = links.PurchaseBalanceDue()
    with database.unit_of_work() as s:
        p = s.get(Parcel, pid)
        [line] = source.lines(s, p, clock(), None)
        assert isinstance(line, DueLine) and line.amount_fen == TOTAL - 9000 and line.reference == shipped.number
        assert line.text() == f"Assisted purchase {shipped.number}: balance"
        p.status = "picked_up"
        source.settle(s, helper, p, line, clock(), method="mobile")
        assert source.lines(s, p, clock(), None) == []
    o = get_order(database, shipped.id)
    assert o.status == "collected" and payments(database, o.id)[-1] == ("purchase_balance", "mobile", TOTAL - 9000)


def test_parcel_matched_by_waybill_at_handover_when_check_in_did_not_link(database, helper, clock, shipped):
    pid, _ = check_in_parcel(database, WB, clock())  # checked in without the hook
    due, number = hand_over(database, pid, helper, [Tender("cash", TOTAL - 9000)], clock)
    assert number == shipped.number
    with database.reader() as s:
        assert s.scalar(select(Parcel.id).where(Parcel.id == pid)) == pid
    o = get_order(database, shipped.id)
    assert o.status == "collected" and o.waybills[0].parcel_id == pid


def test_due_source_answers_many_parcels_as_one_at_a_time(database, helper, clock, villager_id, shipped):
    """lines_many (one query for the pickup list) gives what lines gives parcel by parcel: a linked
    parcel, a parcel matched by its waybill only, and a parcel of no order."""
    other = purchases.place_order(database, helper, clock, order_input(
        PaymentPlan("deposit", deposit_fen=9000), villager_id, platform="3581204467799"))
    purchases.add_waybill(database, helper, clock, other.id, "YT7512345678901")
    linked, _ = check_in_parcel(database, WB, clock(), hook=links.on_parcel_checked_in, clock=clock)
    by_waybill, _ = check_in_parcel(database, "YT7512345678901", clock())  # checked in without the hook
    unrelated, _ = check_in_parcel(database, "SF1234567890123", clock())
    source = links.PurchaseBalanceDue()
    with database.reader() as s:
        parcels = [s.get(Parcel, pid) for pid in (linked, by_waybill, unrelated)]
        one_by_one = [source.lines(s, p, clock(), None) for p in parcels]
        assert source.lines_many(s, parcels, clock(), None) == one_by_one
        assert [len(lines) for lines in one_by_one] == [1, 1, 0]
        assert source.lines_many(s, [], clock(), None) == []
