"""The order life cycle on SQLite and PostgreSQL: numbers, links, money columns, accounts."""

from sqlalchemy import func, select

from pos.db.models.payment import Payment
from pos.db.models.purchase import PurchaseEvent
from pos.domain.purchases import PaymentPlan, RefundRequest, Tender
from pos.services.purchases import links
from pos.services.purchases import refunds as purchase_refunds
from pos.services.purchases import orders as purchases
from pos.services.purchases.views import OrderFilter, get_order, list_orders
from tests.purchases.conftest import add_villager, check_in_parcel
from tests.purchases.helpers import TOTAL, balance, order_input


def test_life_cycle_on_both_backends(any_database, boss, helper, clock):
    db = any_database
    vid = add_villager(db)
    o = purchases.place_order(db, helper, clock, order_input(PaymentPlan("account"), vid))
    o2 = purchases.place_order(db, helper, clock, order_input(PaymentPlan("deposit", deposit_fen=100), vid, platform="2"))
    assert (o.number, o2.number) == ("P20261122-0001", "P20261122-0002")
    purchases.add_waybill(db, helper, clock, o2.id, "JDVA12345678901")
    pid, number = check_in_parcel(db, "JDVA12345678901", clock(), hook=links.on_parcel_checked_in, clock=clock)
    assert number == o2.number
    with db.unit_of_work() as s:
        from pos.db.models.parcel import Parcel

        p = s.get(Parcel, pid)
        p.status = "picked_up"
        links.on_parcel_handed_over(s, p, helper, [Tender("cash", TOTAL - 100)], clock)
    assert get_order(db, o2.id).status == "collected"
    r = purchase_refunds.refund_items(db, helper, boss, clock, o.id, [RefundRequest(o.items[1].id, 1, 1500)], 0, "少发")
    assert r.number == "F20261122-0001" and r.account_fen == 1500
    assert balance(db, vid) == (TOTAL - 1500, TOTAL - 1500)
    assert [x.number for x in list_orders(db, OrderFilter(text="jdva"), clock())] == [o2.number]
    with db.reader() as s:
        assert s.scalar(select(func.sum(Payment.amount_fen)).where(Payment.purchase_id == o2.id)) == TOTAL
        assert s.scalar(select(func.count()).select_from(PurchaseEvent)) >= 7
