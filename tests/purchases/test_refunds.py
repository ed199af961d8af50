"""Cancelling and refunding: owner approval, reason, per-item limits, where the money goes."""

import pytest
from sqlalchemy import select

from pos.db.models.sale import Refund, RefundLine
from pos.domain.errors import DomainError, PermissionDenied, ValidationError
from pos.domain.purchases import PaymentPlan, RefundRequest, Tender
from pos.services.purchases import refunds
from pos.services.purchases import orders as purchases
from pos.services.purchases.views import get_order, timeline
from tests.purchases.conftest import add_villager
from tests.purchases.helpers import TOTAL, audit_actions, balance, order_input, payments


def test_cancel_cash_order_gives_everything_back(database, boss, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    r = refunds.cancel_order(database, helper, boss, clock, o.id, "平台缺货")
    assert r.number == "F20261122-0001" and r.cancelled
    assert (r.total_fen, r.money_fen, r.account_fen, r.due_fen, r.fee_fen) == (TOTAL, TOTAL, 0, 0, 500)
    assert r.approved_by == boss.name and r.operator == helper.name
    o = get_order(database, o.id)
    assert (o.status, o.refunded_fen, o.paid_fen, o.due_fen, o.cancel_reason) == ("cancelled", TOTAL, 0, 0, "平台缺货")
    assert payments(database)[-1] == ("purchase_refund", "cash", -TOTAL)
    assert refunds.PURCHASE_CANCELLED in audit_actions(database)
    assert [e.kind for e in timeline(database, o.id)][-2:] == ["refund", "cancelled"]
    with database.reader() as s:
        lines = s.scalars(select(RefundLine)).all()
        assert sum(x.amount_fen for x in lines) == s.scalar(select(Refund.total_fen))
    with pytest.raises(DomainError):
        refunds.cancel_order(database, helper, boss, clock, o.id, "again")


def test_cancel_on_account_reverses_the_account(database, boss, helper, clock):
    vid = add_villager(database)
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("account"), vid))
    r = refunds.cancel_order(database, boss, boss, clock, o.id, "村民不要了")
    assert (r.account_fen, r.money_fen) == (TOTAL, 0)
    assert balance(database, vid) == (0, 0)
    assert payments(database)[-1] == ("purchase_refund", "account", -TOTAL)


def test_cancel_with_deposit_returns_only_the_deposit(database, boss, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("deposit", deposit_fen=5000), villager_id))
    r = refunds.cancel_order(database, helper, boss, clock, o.id, "缺货", "mobile", "微信退款")
    assert (r.due_fen, r.money_fen, r.method) == (TOTAL - 5000, 5000, "mobile")
    assert payments(database)[-1] == ("purchase_refund", "mobile", -5000)


def test_an_assistant_cannot_approve(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    with pytest.raises(PermissionDenied):
        refunds.cancel_order(database, helper, helper, clock, o.id, "缺货")
    assert get_order(database, o.id).status == "placed"


def test_a_reason_is_required(database, boss, clock, villager_id):
    o = purchases.place_order(database, boss, clock, order_input(villager_id=villager_id))
    with pytest.raises(ValidationError) as e:
        refunds.cancel_order(database, boss, boss, clock, o.id, "   ")
    assert e.value.field == "reason"


def test_partial_refund_per_item_within_limits(database, boss, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    cooker, cases = o.items
    r = refunds.refund_items(database, helper, boss, clock, o.id, [RefundRequest(cases.id, 1, 1500)], 0, "少发一个")
    assert (r.total_fen, r.money_fen) == (1500, 1500)
    assert [(x.description, x.quantity, x.amount_fen) for x in r.lines] == [(cases.description, 1, 1500)]
    o = get_order(database, o.id)
    assert o.status == "placed" and o.refunded_fen == 1500 and o.paid_fen == TOTAL - 1500
    cases = o.items[1]
    assert (cases.refunded_fen, cases.refunded_quantity, cases.refundable_fen) == (1500, 1, 1500)
    with pytest.raises(ValidationError):  # only ¥15 left on the cases
        refunds.refund_items(database, helper, boss, clock, o.id, [RefundRequest(cases.id, 1, 1501)], 0, "x")
    with pytest.raises(ValidationError):  # only one case left to return
        refunds.refund_items(database, helper, boss, clock, o.id, [RefundRequest(cases.id, 2, 100)], 0, "x")
    with pytest.raises(ValidationError):  # fee is ¥5
        refunds.refund_items(database, helper, boss, clock, o.id, [], 501, "x")
    with pytest.raises(ValidationError):
        refunds.refund_items(database, helper, boss, clock, o.id, [], 0, "nothing")
    # a price difference: money back without goods back
    r = refunds.refund_items(database, helper, boss, clock, o.id, [RefundRequest(o.items[0].id, 0, 2000)], 0, "降价补差")
    assert r.lines[0].quantity == 0
    assert refunds.PURCHASE_REFUNDED in audit_actions(database)


def test_refunding_everything_makes_the_order_refunded(database, boss, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(villager_id=villager_id))
    reqs = [RefundRequest(i.id, i.quantity, i.line_total_fen) for i in o.items]
    refunds.refund_items(database, helper, boss, clock, o.id, reqs[:1], 0, "退货")
    refunds.refund_items(database, helper, boss, clock, o.id, reqs[1:], 500, "退货")
    o = get_order(database, o.id)
    assert (o.status, o.refunded_fen, o.paid_fen) == ("refunded", TOTAL, 0)
    with pytest.raises(DomainError):
        refunds.refund_items(database, helper, boss, clock, o.id, [], 1, "x")


def test_refund_lowers_what_is_due_before_giving_money_back(database, boss, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("deposit", deposit_fen=5000), villager_id))
    cooker = o.items[0]
    r = refunds.refund_items(database, helper, boss, clock, o.id, [RefundRequest(cooker.id, 1, 25900)], 0, "缺货")
    assert (r.due_fen, r.money_fen) == (TOTAL - 5000, 25900 - (TOTAL - 5000))
    o = get_order(database, o.id)
    assert o.due_fen == 0 and o.paid_fen == 5000 - r.money_fen


def test_refund_after_a_mixed_payment_reverses_the_account_before_cash(database, boss, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("deposit", deposit_fen=20000), villager_id))
    purchases.pay_balance(database, helper, clock, o.id, [Tender("account", TOTAL - 20000)])
    r = refunds.refund_items(database, helper, boss, clock, o.id, [RefundRequest(o.items[0].id, 1, 25900)], 0, "退货")
    assert (r.due_fen, r.account_fen, r.money_fen) == (0, TOTAL - 20000, 25900 - (TOTAL - 20000))
    assert balance(database, villager_id) == (0, 0)


def test_refund_receipt_can_be_found_again(database, boss, clock, villager_id):
    o = purchases.place_order(database, boss, clock, order_input(villager_id=villager_id))
    r = refunds.cancel_order(database, boss, boss, clock, o.id, "缺货")
    again = refunds.get_refund(database, r.number)
    assert again == r
    assert refunds.refunds_for_order(database, o.number) == [r]
