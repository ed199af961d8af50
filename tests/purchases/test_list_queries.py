"""The order list (Assisted purchases, F4) reads its orders' items, refunds and waybills with one
query each, not three an order (1,500 statements, 400 ms at five years), and a status's orders
newest first from ix_purchase_order_status_placed_at, not by sorting all of them (95,000 collected
at five years). No timings here: the statement counts and plans are what held those figures."""

import datetime as dt

from sqlalchemy import func, select

from pos.db.models.purchase import PurchaseItem, PurchaseWaybill
from pos.db.models.sale import RefundLine
from pos.domain.purchases import RefundRequest
from pos.services.purchases import orders as purchases
from pos.services.purchases import refunds
from pos.services.purchases.views import OrderFilter, get_order, list_orders
from tests.purchases.conftest import add_villager
from tests.purchases.helpers import order_input
from tests.query_plans import plan_steps, statements


def _orders(db, boss, helper, clock, count: int):
    """``count`` orders, every other one a villager's (returned): some with no waybill, one or two;
    some refunded in part, one with a refund of the fee alone, one cancelled (every item refunded)."""
    vid = add_villager(db)
    for n in range(count):
        o = purchases.place_order(db, helper, clock, order_input(villager_id=vid if n % 2 else None,
                                                                 platform=str(n + 1), name="" if n % 2 else "过路客"))
        for w in range(n % 3):
            purchases.add_waybill(db, helper, clock, o.id, f"7310011886{n:02d}{w:02d}")
        if n % 4 == 1:
            cooker, cases = o.items
            refunds.refund_items(db, helper, boss, clock, o.id, [RefundRequest(cases.id, 1, 1500)], 0, "少发一个")
        elif n % 4 == 2:
            refunds.refund_items(db, helper, boss, clock, o.id, [], 200, "服务费")
        elif n == 3:
            refunds.cancel_order(db, helper, boss, clock, o.id, "不要了")
        clock.advance(minutes=7)
    return vid


def _one_at_a_time(db, order_id):
    """What an order's view shows of its items and waybills, asked of that order alone."""
    with db.reader() as s:
        items = s.scalars(select(PurchaseItem).where(PurchaseItem.order_id == order_id)
                          .order_by(PurchaseItem.created_at, PurchaseItem.id)).all()
        # by the items themselves, not through their order's refunds as the views read them
        refunded = dict(s.execute(select(RefundLine.purchase_item_id, func.sum(RefundLine.quantity))
                                  .where(RefundLine.purchase_item_id.in_([i.id for i in items]))
                                  .group_by(RefundLine.purchase_item_id)).all())
        waybills = s.execute(select(PurchaseWaybill.waybill, PurchaseWaybill.parcel_id)
                             .where(PurchaseWaybill.order_id == order_id).order_by(PurchaseWaybill.created_at)).all()
        return ([(i.id, i.description, i.quantity, i.unit_price_fen, i.refunded_fen, refunded.get(i.id, 0))
                 for i in items], [tuple(w) for w in waybills])


def test_the_lists_views_are_the_orders_own(any_database, boss, helper, clock):
    db = any_database
    vid = _orders(db, boss, helper, clock, 8)
    now = clock() + dt.timedelta(days=9)  # the open ones are late
    listed = list_orders(db, OrderFilter(), now)
    assert len(listed) == 8
    for view in listed:
        assert view == get_order(db, view.id, now)
        items, waybills = _one_at_a_time(db, view.id)
        assert [(i.id, i.description, i.quantity, i.unit_price_fen, i.refunded_fen, i.refunded_quantity)
                for i in view.items] == items
        assert [(w.waybill, w.parcel_id) for w in view.waybills] == waybills
    # the orders have what the views must show: items refunded or not, none, one or two waybills
    assert {len(v.waybills) for v in listed} == {0, 1, 2}
    assert {i.refunded_quantity for v in listed for i in v.items} == {0, 1, 2}
    assert any(v.refunded_fen and not any(i.refunded_fen for i in v.items) for v in listed)  # the fee alone
    assert {v.status for v in listed} >= {"placed", "shipped", "cancelled"}
    assert any(v.late for v in listed) and not all(v.late for v in listed)
    assert [v.id for v in list_orders(db, OrderFilter(status="cancelled"), now)] == [
        v.id for v in listed if v.status == "cancelled"]
    assert [v.id for v in list_orders(db, OrderFilter(status="shipped", villager_id=vid), now)] == [
        v.id for v in listed if v.status == "shipped" and v.villager_id == vid] != []


def test_the_list_runs_as_many_statements_for_two_orders_as_for_twelve(database, boss, helper, clock):
    def counted(limit):
        list_orders(database, OrderFilter(limit=limit), clock())  # the settings are read once, and kept
        with statements(database.engine, lambda sql: True) as seen:
            found = list_orders(database, OrderFilter(limit=limit), clock())
        return len(found), len(seen)

    _orders(database, boss, helper, clock, 12)
    (two, few), (twelve, many) = counted(2), counted(12)
    assert (two, twelve) == (2, 12)
    assert few == many <= 6  # the orders, their items, refunds and waybills, a setting


def _order_plan(db, flt: OrderFilter) -> list[str]:
    """The plan steps of the list's query of purchase_order."""
    with statements(db.engine, lambda sql: "FROM purchase_order" in sql) as seen:
        list_orders(db, flt, dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc))
    return [step for _sql, step in plan_steps(db.engine, seen)]


def test_a_status_is_listed_newest_first_from_its_index(database):
    for flt in (OrderFilter(status="collected"), OrderFilter(status="cancelled", text="P2026")):
        steps = _order_plan(database, flt)
        assert "SEARCH purchase_order USING INDEX ix_purchase_order_status_placed_at (status=?)" in steps, steps
        assert not any("TEMP B-TREE FOR ORDER BY" in s for s in steps), steps
    steps = _order_plan(database, OrderFilter(status="collected", date_from=dt.date(2025, 6, 1),
                                              date_to=dt.date(2025, 6, 30)))
    assert steps == ["SEARCH purchase_order USING INDEX ix_purchase_order_status_placed_at "
                     "(status=? AND placed_at>? AND placed_at<?)"]
    # the late ones: the few in transit placed long enough ago
    steps = _order_plan(database, OrderFilter(late_only=True))
    assert steps[0] == "SEARCH purchase_order USING INDEX ix_purchase_order_status_placed_at (status=? AND placed_at<?)"


def test_a_villagers_orders_are_read_through_theirs(database):
    """Not by walking every collected order of the station newest first to find theirs."""
    vid = add_villager(database)
    for flt in (OrderFilter(villager_id=vid), OrderFilter(villager_id=vid, status="collected"),
                OrderFilter(villager_id=vid, late_only=True)):
        steps = _order_plan(database, flt)
        assert steps[0] == "SEARCH purchase_order USING INDEX ix_purchase_order_villager_id (villager_id=?)", steps


def test_every_order_is_listed_newest_first_from_the_placing_times(database):
    assert _order_plan(database, OrderFilter()) == ["SCAN purchase_order USING INDEX ix_purchase_order_placed_at"]
