"""Issue 14 item 1: every tender of every kind belongs to the open shift. Pickup fees, purchase
balances taken at pickup, delivery collections and account repayments were taken with no shift
open and never reached a Z report; now each service refuses without a shift, and the Z report
adds up to the ledger, kind by kind."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from pos.db.models import Parcel, Payment, Villager
from pos.domain.cart import Cart, CartLine, Tender
from pos.domain.purchases import PaymentPlan, RefundRequest
from pos.domain.receipt import text_lines
from pos.domain.shift_documents import PURPOSE_LABELS, build_report
from pos.domain.villager_fields import VillagerInput
from pos.services import settings as st
from pos.services.pickup import delivery
from pos.services.pickup import handover as pickup
from pos.services.pickup.dues import Payment as Collect
from pos.wiring import station_due_sources
from pos.services.pickup.settings import DELIVERY_FEE_FEN
from pos.services.purchases import orders as purchases
from pos.services.purchases import refunds as purchase_refunds
from pos.services.sales import checkout as sales
from pos.services.sales import products
from pos.services.sales.products import ProductInput
from pos.services.sales import refunds as sale_refunds
from pos.services.shifts import drawer as shifts
from pos.services.villagers import consent
from pos.services.villagers import register as villagers
from tests.parcels_pickup.factory import make_parcel
from tests.purchases.helpers import order_input

SOURCES = station_due_sources()
FLOAT = 20000


def _villager(db, boss, clock, name, phone, *, owes=0, consents=False):
    v = villagers.create(db, boss, VillagerInput(name, phone, "三组", "", "三组12号", ""), clock)
    if owes:
        villagers.adjust_balance(db, boss, v.id, owes, "旧账本结转", clock)
    if consents:
        consent.record(db, boss, v.id, True, "paper", clock=clock)
    return v


def _payments(db) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(Payment)))


def _ledger(db, shift) -> dict[str, int]:
    """The sum of every Payment row taken while the shift was open, per kind."""
    with db.reader() as s:
        q = select(Payment.purpose, func.sum(Payment.amount_fen)).where(Payment.at >= shift.opened_at)
        if shift.closed_at is not None:
            q = q.where(Payment.at < shift.closed_at)
        return {p: int(total) for p, total in s.execute(q.group_by(Payment.purpose))}


def test_no_money_is_taken_without_an_open_shift(database, boss, helper, clock):
    st.save(database, boss, {DELIVERY_FEE_FEN: 200})
    debtor = _villager(database, boss, clock, "王奶奶", "13900001111", owes=1000, consents=True)
    fee_parcel = make_parcel(database, phone="13900002222", fee_fen=300, now=clock())
    door_parcel = make_parcel(database, phone="13900001111", villager_id=debtor.id, now=clock())
    delivery.mark_for_delivery(database, helper, clock, door_parcel.pickup_code)
    run = delivery.start_run(database, helper, clock, SOURCES)  # no money moves: no shift needed
    shifts.open_shift(database, boss, clock, FLOAT)  # yesterday's shift took a deposit
    order = purchases.place_order(database, helper, clock, order_input(PaymentPlan("deposit", deposit_fen=5000), debtor.id))
    clock.advance(1)
    shifts.close_shift(database, boss, clock, {10000: 2, 1000: 5})
    taken = _payments(database)
    water = products.add_product(database, boss, ProductInput("农夫山泉 550ml", 200, "6921168509256", 24, 6, "饮料"))
    cart = Cart()
    cart.add(CartLine(water.id, water.name, water.price_fen, 1, water.category, False, water.stock))

    attempts = {
        "pickup fee": lambda: pickup.hand_over(database, helper, clock, [fee_parcel.id], scanned=[fee_parcel.id],
                                               payment=Collect("cash", 300), sources=SOURCES),
        "delivery": lambda: delivery.record_delivered(database, helper, clock, run.id, run.stops[0].key, "王奶奶",
                                                      Collect("cash", 200), sources=SOURCES),
        "repayment": lambda: villagers.record_payment(database, helper, debtor.id, 300, "cash", clock=clock),
        "balance": lambda: purchases.pay_balance(database, helper, clock, order.id, [Tender("cash", order.due_fen)]),
        "sale": lambda: sales.complete_sale(database, helper, clock, cart, [Tender("cash", 200)]),
        "deposit": lambda: purchases.place_order(database, helper, clock, order_input(villager_id=debtor.id, platform="1")),
    }
    for attempt in attempts.values():
        with pytest.raises(shifts.NoOpenShift):
            attempt()
    assert _payments(database) == taken
    with database.reader() as s:
        assert s.get(Parcel, fee_parcel.id).status == "in_stock"
        assert s.get(Parcel, door_parcel.id).status == "out_for_delivery"
        assert s.get(Villager, debtor.id).balance_fen == 1000


def test_the_z_report_adds_up_to_the_ledger_kind_by_kind(database, boss, helper, clock):
    """The ¥3.00 pickup fee of the issue and every other kind, through the real services."""
    st.save(database, boss, {DELIVERY_FEE_FEN: 200})
    debtor = _villager(database, boss, clock, "王奶奶", "13900001111", owes=1000, consents=True)
    buyer = _villager(database, boss, clock, "张桂英", "13812345678")
    water = products.add_product(database, boss, ProductInput("农夫山泉 550ml", 200, "6921168509256", 24, 6, "饮料"))
    shifts.open_shift(database, helper, clock, FLOAT)
    clock.advance(5)

    cart = Cart()
    cart.add(CartLine(water.id, water.name, water.price_fen, 3, water.category, False, water.stock))
    sale = sales.complete_sale(database, helper, clock, cart, [Tender("cash", 600)], shift_guard=shifts.shift_required)
    clock.advance(1)
    sale_refunds.refund_sale(database, helper, clock, sale.number, None, "顾客退货", approved_by=boss,
                             shift_guard=shifts.shift_required)
    clock.advance(1)
    deposit = purchases.place_order(database, helper, clock,
                                    order_input(PaymentPlan("deposit", deposit_fen=9000), buyer.id))
    clock.advance(1)
    purchases.pay_balance(database, helper, clock, deposit.id, [Tender("mobile", deposit.due_fen, "4200001")])
    clock.advance(1)
    purchase_refunds.refund_items(database, helper, boss, clock, deposit.id,
                                  [RefundRequest(deposit.items[1].id, 1, 1500)], 0, "少发一个")
    clock.advance(1)
    shipped = purchases.place_order(database, helper, clock,
                                    order_input(PaymentPlan("deposit", deposit_fen=5000), buyer.id, platform="2"))
    shipped = purchases.add_waybill(database, helper, clock, shipped.id, "73100118865046")
    arrived = make_parcel(database, phone="13812345678", villager_id=buyer.id, number="73100118865046", now=clock())
    clock.advance(1)
    at_pickup = pickup.hand_over(database, helper, clock, [arrived.id], scanned=[arrived.id],
                                 payment=Collect("cash", shipped.due_fen), sources=SOURCES)
    assert at_pickup.collected_fen == shipped.due_fen
    fee_parcel = make_parcel(database, phone="13900002222", fee_fen=300, now=clock())
    clock.advance(1)
    pickup.hand_over(database, helper, clock, [fee_parcel.id], scanned=[fee_parcel.id], payment=Collect("cash", 300),
                     sources=SOURCES)
    door = make_parcel(database, phone="13900001111", villager_id=debtor.id, fee_fen=100, now=clock())
    delivery.mark_for_delivery(database, helper, clock, door.pickup_code)
    run = delivery.start_run(database, helper, clock, SOURCES)
    clock.advance(1)
    delivery.record_delivered(database, helper, clock, run.id, run.stops[0].key, "王奶奶", Collect("cash", 300),
                              sources=SOURCES)
    clock.advance(1)
    villagers.record_payment(database, helper, debtor.id, 400, "cash", "还部分欠款", clock)
    clock.advance(1)
    shifts.cash_out(database, helper, clock, 1000, "付快递员运费")
    clock.advance(10)

    x = shifts.x_report(database, clock)
    z = shifts.close_shift(database, helper, clock, {100: x.expected_cash_fen // 100}, "分币",
                           approved_by=boss)
    ledger = _ledger(database, shifts.list_shifts(database)[0])
    kinds = {"sale", "sale_refund", "purchase_deposit", "purchase_balance", "purchase_refund", "parcel_fee",
             "delivery", "account_payment", "cash_out"}
    assert set(ledger) == kinds
    assert {p: z.totals.purpose_total(p) for p in kinds} == ledger
    assert z.totals.total_fen == sum(ledger.values())
    assert ledger["parcel_fee"] == 300 and ledger["delivery"] == 300 and ledger["account_payment"] == 400
    assert z.totals.refunds_fen == ledger["sale_refund"] + ledger["purchase_refund"]
    with database.reader() as s:  # every Payment row of the day is in this shift
        assert int(s.scalar(select(func.sum(Payment.amount_fen)))) == z.totals.total_fen
    text = "\n".join(line for b in build_report(z).blocks for line in text_lines(b, 48))
    for kind in kinds - {"cash_out"}:
        assert PURPOSE_LABELS[kind] in text


def test_the_z_report_names_every_kind_even_at_zero(database, boss, clock):
    shifts.open_shift(database, boss, clock, FLOAT)
    clock.advance(60)
    z = shifts.close_shift(database, boss, clock, {10000: 2})
    text = "\n".join(line for b in build_report(z).blocks for line in text_lines(b, 48))
    for kind in ("sale", "parcel_fee", "purchase_balance", "delivery", "account_payment"):
        assert PURPOSE_LABELS[kind] in text


def test_a_shift_is_the_one_open_when_the_money_is_taken(database, boss, clock):
    """Without counters (a station from before them): the station's open shift."""
    view = shifts.open_shift(database, boss, clock, FLOAT)
    with database.unit_of_work() as s:
        assert shifts.shift_for_tender(s).id == view.id
    clock.advance(1)
    shifts.close_shift(database, boss, clock, {10000: 2})
    with database.unit_of_work() as s, pytest.raises(shifts.NoOpenShift):
        shifts.shift_for_tender(s)
    assert clock() - view.opened_at < dt.timedelta(hours=1)


def test_the_cash_count_shows_the_cash_of_each_kind(qtbot, ctx, boss, clock):
    from pos.ui.pages.shift.close_dialog import CloseShiftDialog
    from tests.shifts.conftest import pay

    ctx.session.set_operator(boss)
    shifts.open_shift(ctx.db, boss, clock, FLOAT)
    clock.advance(1)
    pay(ctx.db, clock(), "parcel_fee", "cash", 300)
    pay(ctx.db, clock(), "delivery", "cash", 500)
    pay(ctx.db, clock(), "account_payment", "mobile", 900)  # not in the drawer
    clock.advance(1)
    dlg = CloseShiftDialog(ctx, None, clock)
    qtbot.addWidget(dlg)
    shown = {label: amount.text() for label, amount in dlg.kind_amounts.items()}
    assert "200.00" in shown["Opening float"]
    assert "3.00" in shown[PURPOSE_LABELS["parcel_fee"]] and "5.00" in shown[PURPOSE_LABELS["delivery"]]
    assert "0.00" in shown[PURPOSE_LABELS["account_payment"]] and "0.00" in shown[PURPOSE_LABELS["sale"]]
