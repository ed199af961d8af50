"""Assisted purchases (代购): place an order, add its waybills, take the balance, record a return.

Each function is one user action in one unit of work. Cancellations and refunds are in
pos.services.purchases.refunds; the parcel hooks in pos.services.purchases.links; views and
queries in pos.services.purchases.views.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.db.models import Villager
from pos.db.models.parcel import IN_STATION, Parcel
from pos.db.models.purchase import PurchaseItem, PurchaseOrder, PurchaseWaybill
from pos.domain import purchases as rules
from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.purchases import ItemInput, PaymentPlan, Tender
from pos.domain.users import Operator
from pos.domain.waybill import normalise
from pos.domain.receipt_numbers import PURCHASE
from pos.services import audit
from pos.services import numbering
from pos.services import settings
from pos.services.clock import Clock
from pos.services.local_days import local_day
from pos.services.purchases.ledger import add_event, record_tenders
from pos.services.purchases.links import link_parcel
from pos.services.purchases.settings import EXPECTED_DAYS, MAX_UNIT_PRICE_FEN, read_int
from pos.services.purchases.views import OrderView, load_order, order_view

# audit actions
ORDER_PLACED_DUPLICATE = "purchase.duplicate_platform_order"
RETURN_WAYBILL = "purchase.return_waybill"
WAYBILL_REMOVED = "purchase.waybill_removed"

_WAYBILL = re.compile(r"^[0-9A-Z]{6,40}$")


class PlatformOrderInUse(DomainError):
    """A platform order number is already on another order: warn, and let the partner decide."""

    def __init__(self, uses: list[tuple[str, str]]) -> None:
        self.uses = uses
        super().__init__(
            tr_noop("errors", "Platform order {platform} is already on order {order}."),
            platform=uses[0][0], order=uses[0][1],
        )


@dataclass(frozen=True)
class OrderInput:
    items: tuple[ItemInput, ...]
    plan: PaymentPlan
    villager_id: uuid.UUID | None = None
    customer_name: str = ""
    customer_phone: str = ""
    platform_orders: str = ""
    service_fee_fen: int = 0
    note: str = ""
    # paid in cash now: what the villager handed over (the receipt prints it and the change)
    cash_received_fen: int | None = None


# numbers --------------------------------------------------------------------------------------
def next_number(session: Session, prefix: str, now: dt.datetime) -> str:
    """``P20261122-0003`` (orders) or ``F20261122-0001`` (refunds, shared with sales): a daily
    counter advanced inside the caller's transaction."""
    return numbering.next_number(session, prefix, now)


# helpers --------------------------------------------------------------------------------------
def platform_uses(session: Session, numbers: tuple[str, ...], except_id: uuid.UUID | None = None) -> list[tuple[str, str]]:
    """(platform number, order number) for each number already on another order."""
    uses = []
    for n in numbers:
        q = select(PurchaseOrder.number, PurchaseOrder.platform_orders, PurchaseOrder.id).where(
            PurchaseOrder.platform_orders.like(f"%{n}%"))
        for number, text, oid in session.execute(q):
            if oid != except_id and n in text.split("\n"):
                uses.append((n, number))
    return uses


def check_waybill(raw: str, field: str = "waybill") -> str:
    wb = normalise(raw or "")
    if not _WAYBILL.match(wb):
        raise ValidationError(tr_noop("errors", "'{text}' is not a waybill number."), field=field, text=(raw or "").strip()[:30])
    return wb


def _move(order: PurchaseOrder, target: str) -> None:
    rules.check_move(order.status, target)
    order.status = target


def _cash_received(data: OrderInput, tenders: list[Tender]) -> int | None:
    """The cash handed over for the cash tender, checked: never less than it."""
    if data.cash_received_fen is None:
        return None
    received = data.cash_received_fen
    if isinstance(received, bool) or not isinstance(received, int):
        raise TypeError("cash received is integer fen")
    cash = sum(t.amount_fen for t in tenders if t.method == "cash")
    if not cash:
        return None  # nothing taken in cash: nothing to give change on
    if received < cash:
        raise ValidationError(tr_noop("errors", "{short} is still to be paid."), field="cash",
                              short=str(Money(cash - received)))
    return received


# use cases ------------------------------------------------------------------------------------
def place_order(db, operator: Operator, clock: Clock, data: OrderInput, *, allow_duplicate_platform: bool = False) -> OrderView:
    now = clock()
    with db.unit_of_work() as s:
        limit = read_int(lambda d: settings.get(s, d), MAX_UNIT_PRICE_FEN)
        expected_days = read_int(lambda d: settings.get(s, d), EXPECTED_DAYS)
        if not data.items:
            raise ValidationError(tr_noop("errors", "Add at least one item."), field="items")
        if len(data.items) > rules.MAX_ITEMS:
            raise ValidationError(tr_noop("errors", "An order has at most {max} items."), field="items", max=rules.MAX_ITEMS)
        items = [rules.check_item(it, limit, n) for n, it in enumerate(data.items, start=1)]
        fee = rules.check_fee(data.service_fee_fen)
        tot = rules.totals(items, fee)
        name, phone = " ".join(data.customer_name.split())[:50], data.customer_phone.strip()[:20]
        villager = None
        if data.villager_id is not None:
            villager = s.get(Villager, data.villager_id)
            if villager is None or not villager.active:
                raise ValidationError(tr_noop("errors", "That villager is not in the register."), field="villager")
            name = name or villager.name
            phone = phone or villager.phone or villager.phone_masked
        if not name:
            raise ValidationError(tr_noop("errors", "Choose the villager the order is for."), field="villager")
        tenders = rules.plan_tenders(data.plan, tot.total_fen, villager is not None)
        platform = rules.platform_numbers(data.platform_orders)
        uses = platform_uses(s, platform)
        if uses and not allow_duplicate_platform:
            raise PlatformOrderInUse(uses)
        order = PurchaseOrder(
            number=next_number(s, PURCHASE, now), villager_id=data.villager_id, customer_name=name, customer_phone=phone,
            status=rules.PLACED, platform_orders="\n".join(platform), items_total_fen=tot.items_fen,
            service_fee_fen=fee, total_fen=tot.total_fen, paid_fen=0, on_account_fen=0, refunded_fen=0,
            expected_on=rules.expected_date(local_day(now), expected_days), operator=operator.name,
            placed_at=now, note=data.note.strip(),
        )
        s.add(order)
        s.flush()
        for n, it in enumerate(items):
            # created_at keeps the partner's order of lines (all share `now` otherwise)
            s.add(PurchaseItem(order_id=order.id, description=it.description, shop=it.shop, link=it.link,
                               category=it.category, quantity=it.quantity, unit_price_fen=it.unit_price_fen, refunded_fen=0,
                               created_at=now + dt.timedelta(microseconds=n)))
        purpose = "purchase_deposit"
        record_tenders(s, order, tenders, purpose, operator, now, cash_received_fen=_cash_received(data, tenders))
        add_event(s, order, "placed", operator, now, total_fen=tot.total_fen, plan=data.plan.kind,
                  paid_fen=order.paid_fen, on_account_fen=order.on_account_fen)
        if uses:
            audit.record(s, operator, ORDER_PLACED_DUPLICATE, {"order": order.number, "platform": [u[0] for u in uses],
                                                               "also_on": [u[1] for u in uses]}, at=now)
        s.flush()
        return order_view(s, order, now)


def add_waybill(db, operator: Operator, clock: Clock, order_id: uuid.UUID | str, raw: str) -> OrderView:
    """The order ships under this waybill. A parcel already checked in under it links at once."""
    now = clock()
    with db.unit_of_work() as s:
        order = load_order(s, order_id)
        wb = check_waybill(raw)
        if order.status not in (rules.PLACED, rules.SHIPPED):
            raise DomainError(tr_noop("errors", "Waybills can be added only before the goods arrive."))
        mine = s.scalars(select(PurchaseWaybill).where(PurchaseWaybill.order_id == order.id)).all()
        if any(w.waybill == wb for w in mine):
            raise DomainError(tr_noop("errors", "Waybill {waybill} is already on this order."), waybill=wb)
        other = s.scalar(select(PurchaseOrder.number).join(PurchaseWaybill, PurchaseWaybill.order_id == PurchaseOrder.id)
                         .where(PurchaseWaybill.waybill == wb, PurchaseOrder.status.in_(rules.OPEN),
                                PurchaseOrder.id != order.id))
        if other:
            raise DomainError(tr_noop("errors", "Waybill {waybill} is already on open order {order}."), waybill=wb, order=other)
        link = PurchaseWaybill(order_id=order.id, waybill=wb)
        s.add(link)
        if order.status == rules.PLACED:
            _move(order, rules.SHIPPED)
            order.shipped_at = now
        add_event(s, order, "waybill_added", operator, now, waybill=wb)
        parcel = s.scalar(select(Parcel).where(Parcel.waybill == wb, Parcel.status.in_(IN_STATION)))
        if parcel is not None:
            link_parcel(s, order, link, parcel, operator, now)
        s.flush()
        return order_view(s, order, now)


def remove_waybill(db, operator: Operator, clock: Clock, order_id: uuid.UUID | str, waybill: str) -> OrderView:
    """Take back a mistyped waybill (one no parcel has come in under)."""
    now = clock()
    with db.unit_of_work() as s:
        order = load_order(s, order_id)
        wb = normalise(waybill)
        link = s.scalar(select(PurchaseWaybill).where(PurchaseWaybill.order_id == order.id, PurchaseWaybill.waybill == wb))
        if link is None:
            raise DomainError(tr_noop("errors", "Waybill {waybill} is not on this order."), waybill=wb)
        if link.parcel_id is not None:
            raise DomainError(tr_noop("errors", "A parcel has come in under waybill {waybill}; it stays on the order."), waybill=wb)
        s.delete(link)
        s.flush()
        left = s.scalar(select(PurchaseWaybill.id).where(PurchaseWaybill.order_id == order.id).limit(1))
        if left is None and order.status == rules.SHIPPED:
            _move(order, rules.PLACED)
            order.shipped_at = None
        add_event(s, order, "waybill_removed", operator, now, waybill=wb)
        audit.record(s, operator, WAYBILL_REMOVED, {"order": order.number, "waybill": wb}, at=now)
        s.flush()
        return order_view(s, order, now)


def pay_balance(db, operator: Operator, clock: Clock, order_id: uuid.UUID | str, tenders: list[Tender]) -> OrderView:
    """The villager settles what is due at the counter, before or without a parcel."""
    now = clock()
    with db.unit_of_work() as s:
        order = load_order(s, order_id)
        if order.status not in rules.OPEN:
            raise DomainError(tr_noop("errors", "The order's present status does not allow this."))
        due = rules.due(order.total_fen, order.refunded_fen, order.paid_fen, order.on_account_fen)
        if due <= 0:
            raise DomainError(tr_noop("errors", "Nothing is due on order {order}."), order=order.number)
        checked = rules.check_tenders(tenders, due, order.villager_id is not None)
        record_tenders(s, order, checked, "purchase_balance", operator, now)
        add_event(s, order, "payment", operator, now, amount_fen=due, methods=[t.method for t in checked])
        s.flush()
        return order_view(s, order, now)


def set_return_waybill(db, operator: Operator, clock: Clock, order_id: uuid.UUID | str, raw: str) -> OrderView:
    """Goods sent back to the seller: the waybill of the return parcel."""
    now = clock()
    with db.unit_of_work() as s:
        order = load_order(s, order_id)
        if order.status in (rules.PLACED, rules.SHIPPED):
            raise DomainError(tr_noop("errors", "Goods can be sent back only after they arrived."))
        wb = check_waybill(raw, "return_waybill")
        before = order.return_waybill
        order.return_waybill = wb
        add_event(s, order, "return_waybill", operator, now, waybill=wb, before=before)
        audit.record(s, operator, RETURN_WAYBILL, {"order": order.number, "waybill": wb, "before": before}, at=now)
        s.flush()
        return order_view(s, order, now)


def goods_categories(db) -> list[str]:
    """The goods categories used on orders so far, most used first (the order form offers them)."""
    with db.reader() as s:
        rows = s.execute(select(PurchaseItem.category, func.count()).where(PurchaseItem.category != "")
                         .group_by(PurchaseItem.category).order_by(func.count().desc(), PurchaseItem.category)
                         .limit(200))
        return [c for c, _ in rows]
