"""Cancelling an assisted purchase, and refunds per item: owner approval, reason, audit log.

Where the refunded value goes follows pos.domain.purchases.allocate_refund: first off what is
still due, then off the villager's account, and only then as money handed back.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models.payment import Payment
from pos.db.models.purchase import PurchaseEvent, PurchaseItem, PurchaseOrder
from pos.db.models.sale import Refund, RefundLine
from pos.domain import purchases as rules
from pos.domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.purchases import RefundRequest
from pos.domain.receipt_numbers import REFUND
from pos.domain.users import Operator
from pos.services import audit
from pos.services.clock import Clock
from pos.services.purchases.views import RefundView, _details, _refunded_quantities, load_order, refund_view
from pos.services.purchases.ledger import add_event, change_account
from pos.services.purchases.orders import next_number
from pos.services.shifts.drawer import shift_for_tender

PURCHASE_CANCELLED = "purchase.cancelled"
PURCHASE_REFUNDED = "purchase.refunded"
REFUND_METHODS = ("cash", "mobile")


def cancel_order(db, operator: Operator, approver: Operator, clock: Clock, order_id: uuid.UUID | str,
                 reason: str, method: str = "cash", reference: str = "") -> RefundView:
    """Cancel an open order: everything not yet refunded (items and service fee) comes back."""
    with db.unit_of_work() as s:
        order = load_order(s, order_id)
        if order.status not in rules.OPEN:
            raise DomainError(tr_noop("errors", "The order's present status does not allow this."))
        items = _items(s, order)
        lines = [RefundRequest(i.id, i.quantity - rq, i.quantity * i.unit_price_fen - i.refunded_fen)
                 for i, rq in items if i.quantity * i.unit_price_fen - i.refunded_fen > 0]
        fee = order.service_fee_fen - (order.refunded_fen - sum(i.refunded_fen for i, _ in items))
        return _refund(s, order, operator, approver, clock, lines, fee, reason, method, reference, cancel=True)


def refund_items(db, operator: Operator, approver: Operator, clock: Clock, order_id: uuid.UUID | str,
                 lines: list[RefundRequest], fee_fen: int, reason: str, method: str = "cash",
                 reference: str = "") -> RefundView:
    """Refund part of an order: chosen items (quantity and amount each) and part of the fee."""
    with db.unit_of_work() as s:
        order = load_order(s, order_id)
        if order.status in (rules.CANCELLED, rules.REFUNDED):
            raise DomainError(tr_noop("errors", "The order's present status does not allow this."))
        return _refund(s, order, operator, approver, clock, list(lines), fee_fen, reason, method, reference, cancel=False)


def _items(s: Session, order: PurchaseOrder) -> list[tuple[PurchaseItem, int]]:
    items = list(s.scalars(select(PurchaseItem).where(PurchaseItem.order_id == order.id)))
    items.sort(key=lambda i: i.created_at)
    rq = _refunded_quantities(s, [order.id])
    return [(i, rq.get(i.id, 0)) for i in items]


def _refund(s: Session, order: PurchaseOrder, operator: Operator, approver: Operator, clock: Clock,
            lines: list[RefundRequest], fee_fen: int, reason: str, method: str, reference: str,
            cancel: bool) -> RefundView:
    if approver is None or not approver.is_owner:
        raise PermissionDenied(tr_noop("errors", "Only the owner can cancel or refund an order."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(tr_noop("errors", "Give the reason for the refund."), field="reason")
    if len(reason) > 300:
        raise ValidationError(tr_noop("errors", "The reason is too long (at most 300 characters)."), field="reason")
    if method not in REFUND_METHODS:
        raise ValidationError(tr_noop("errors", "Choose cash or mobile payment."), field="method")
    now = clock()
    items: dict[object, tuple[PurchaseItem, int]] = {i.id: (i, rq) for i, rq in _items(s, order)}
    items_refunded = sum(i.refunded_fen for i, _ in items.values())
    fee_left = order.service_fee_fen - (order.refunded_fen - items_refunded)
    if isinstance(fee_fen, bool) or not isinstance(fee_fen, int) or not 0 <= fee_fen <= fee_left:
        raise ValidationError(tr_noop("errors", "At most {limit} of the service fee can still be refunded."),
                              field="fee", limit=str(Money(fee_left)))
    seen = set()
    for req in lines:
        if req.item_id not in items or req.item_id in seen:
            raise NotFound(tr_noop("errors", "That item is not on order {number}."), number=order.number)
        seen.add(req.item_id)
        it, rq = items[req.item_id]
        rules.check_refund_line(req, it.description, it.quantity, it.unit_price_fen, it.refunded_fen, rq)
    total = sum(r.amount_fen for r in lines) + fee_fen
    if total <= 0:
        raise ValidationError(tr_noop("errors", "Choose what to refund."), field="amount")
    due = rules.due(order.total_fen, order.refunded_fen, order.paid_fen, order.on_account_fen)
    alloc = rules.allocate_refund(total, due, order.on_account_fen, order.paid_fen)
    shift_for_tender(s)  # money back, even onto the account, is a tender of the open shift
    refund = Refund(number=next_number(s, REFUND, now), purchase_id=order.id, reason=reason, operator=operator.name,
                    approved_by=approver.name, total_fen=total, at=now)
    s.add(refund)
    s.flush()
    for req in lines:
        it, _ = items[req.item_id]
        it.refunded_fen += req.amount_fen
        s.add(RefundLine(refund_id=refund.id, purchase_item_id=it.id, quantity=req.quantity, amount_fen=req.amount_fen))
    if fee_fen:
        s.add(RefundLine(refund_id=refund.id, purchase_item_id=None, quantity=0, amount_fen=fee_fen))
    order.refunded_fen += total
    if alloc.account_fen:
        assert order.villager_id is not None  # only a villager's order has money on account
        change_account(s, order.villager_id, -alloc.account_fen, "refund", refund.number, operator.name, now, reason)
        s.add(Payment(at=now, purpose="purchase_refund", method="account", amount_fen=-alloc.account_fen,
                      operator=operator.name, receipt_number=refund.number, purchase_id=order.id,
                      villager_id=order.villager_id, note=reason))
        order.on_account_fen -= alloc.account_fen
    if alloc.money_fen:
        s.add(Payment(at=now, purpose="purchase_refund", method=method, amount_fen=-alloc.money_fen,
                      reference=(reference or "").strip()[:100], operator=operator.name, receipt_number=refund.number,
                      purchase_id=order.id, villager_id=order.villager_id, note=reason))
        order.paid_fen -= alloc.money_fen
    extra = {"refund": refund.number, "total_fen": total, "fee_fen": fee_fen, "due_fen": alloc.due_fen,
             "account_fen": alloc.account_fen, "money_fen": alloc.money_fen,
             "method": method if alloc.money_fen else "", "cancelled": cancel, "reason": reason,
             "approved_by": approver.name}
    add_event(s, order, "refund", operator, now, **extra)
    if cancel:
        rules.check_move(order.status, rules.CANCELLED)
        order.status, order.cancelled_at, order.cancel_reason = rules.CANCELLED, now, reason
        add_event(s, order, "cancelled", operator, now, reason=reason, approved_by=approver.name)
    elif order.refunded_fen >= order.total_fen:
        rules.check_move(order.status, rules.REFUNDED)
        order.status, order.cancelled_at, order.cancel_reason = rules.REFUNDED, now, reason
        add_event(s, order, "refunded", operator, now, reason=reason, approved_by=approver.name)
    audit.record(s, approver if approver.id != operator.id else operator,
                 PURCHASE_CANCELLED if cancel else PURCHASE_REFUNDED,
                 {"order": order.number, "refund": refund.number, "operator": operator.name,
                  "approved_by": approver.name, **{k: v for k, v in extra.items() if k.endswith("_fen")},
                  "reason": reason}, at=now)
    s.flush()
    return refund_view(s, refund, order, extra)


def get_refund(db, number: str) -> RefundView:
    with db.reader() as s:
        refund = s.scalar(select(Refund).where(Refund.number == (number or "").strip().upper(),
                                               Refund.purchase_id.is_not(None)))
        if refund is None:
            raise NotFound(tr_noop("errors", "No refund {number}."), number=number)
        return _view_with_event(s, refund)


def refunds_for_order(db, order_id: uuid.UUID | str) -> list[RefundView]:
    with db.reader() as s:
        order = load_order(s, order_id)
        rows = s.scalars(select(Refund).where(Refund.purchase_id == order.id).order_by(Refund.at))
        return [_view_with_event(s, r) for r in rows]


def _view_with_event(s: Session, refund: Refund) -> RefundView:
    order = s.get_one(PurchaseOrder, refund.purchase_id)
    for ev in s.scalars(select(PurchaseEvent).where(PurchaseEvent.order_id == order.id, PurchaseEvent.kind == "refund")):
        d = _details(ev.details)
        if d.get("refund") == refund.number:
            return refund_view(s, refund, order, d)
    return refund_view(s, refund, order, {})
