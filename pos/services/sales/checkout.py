"""Counter sales: complete a sale in one unit of work, read sales back, pick a villager.

A sale writes its receipt number, lines, stock decrements, one Payment per tender (the drawer's
ledger) and, for the part on account, an AccountEntry plus the same change to
Villager.balance_fen, all in one transaction: either all of it is stored or none.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Callable, Iterable

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from pos.db.models import AccountEntry, Payment, Product, Refund, Sale, SaleLine, Villager
from pos.db.unit_of_work import Database
from pos.db.plans import unindexed
from pos.domain.cart import ACCOUNT, CASH, Cart, Tender, exceeds_limit, line_nets, settle, validate_price
from pos.domain.errors import NotFound, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.receipt_numbers import SALE, require_number
from pos.domain.users import Operator
from pos.services import audit
from pos.services.sales import settings as sales_settings
from pos.services.clock import Clock
from pos.services.numbering import next_number
from pos.services.sales.products import OwnerApprovalNeeded
from pos.services.shifts.drawer import shift_required

DISCOUNT_APPROVED = "sale.discount_approved"
NEGATIVE_STOCK_SOLD = "sale.negative_stock_allowed"
ACTION_DISCOUNT = "sale.discount"
ACTION_NEGATIVE_STOCK = "sale.negative_stock"

# A sale's money belongs to the open shift (issue 14: no tender outside a shift). The guard is
# called inside the sale's unit of work and raises a DomainError to refuse; by default it is
# pos.services.shifts.drawer.shift_required.
ShiftGuard = Callable[[Session], None]


def no_shift_required(_session: Session) -> None:
    return None


@dataclass(frozen=True)
class SaleResult:
    id: uuid.UUID
    number: str
    total_fen: int
    change_fen: int
    cash_tendered_fen: int
    cash_fen: int  # what stays in the drawer
    villager_name: str
    balance_fen: int | None  # the villager's balance after the sale, when the account was used


def complete_sale(db: Database, operator: Operator, clock: Clock, cart: Cart, tenders: Iterable[Tender],
                  villager_id: uuid.UUID | None = None, *, approved_by: Operator | None = None,
                  shift_guard: ShiftGuard = shift_required, note: str = "") -> SaleResult:
    """Store the sale. Raises OwnerApprovalNeeded (action_key ACTION_DISCOUNT or
    ACTION_NEGATIVE_STOCK) unless ``approved_by`` is an owner; the UI asks and calls again."""
    if cart.is_empty():
        raise ValidationError(tr_noop("errors", "The cart is empty."), field="cart")
    owner_ok = approved_by is not None and approved_by.is_owner
    with db.unit_of_work() as s:
        shift_guard(s)
        limits = sales_settings.load_in(s)
        for line in cart.lines:
            validate_price(line.unit_price_fen, limits.max_price_fen)
        big_discount = _discount_over_limit(cart, limits.discount_limit_percent)
        if big_discount and not (operator.is_owner or owner_ok):
            raise OwnerApprovalNeeded(
                tr_noop("errors", "A discount above {limit}% needs the owner's approval."),
                ACTION_DISCOUNT, limit=limits.discount_limit_percent,
            )
        villager = _villager(s, villager_id)
        settlement = settle(cart.total_fen, tenders, has_villager=villager is not None,
                            reference_from_fen=limits.mobile_reference_from_fen)
        now = clock()
        number = next_number(s, SALE, now)
        sale = Sale(number=number, status="completed", operator=operator.name,
                    villager_id=villager.id if villager else None, subtotal_fen=cart.subtotal_fen,
                    discount_fen=cart.total_discount_fen, total_fen=cart.total_fen,
                    completed_at=now, note=note[:500])
        s.add(sale)
        s.flush()
        # the cost price as it is now: a later change of cost leaves this sale's margin alone
        ids = {line.product_id for line in cart.lines if line.product_id is not None}
        costs = dict(s.execute(select(Product.id, Product.cost_fen).where(Product.id.in_(ids))).all()) if ids else {}
        for i, line in enumerate(cart.lines):
            # created_at keeps the cart's order (the refund's share of a sale discount uses it)
            s.add(SaleLine(created_at=now + dt.timedelta(microseconds=i), sale_id=sale.id, product_id=line.product_id, description=line.description[:100],
                           category=line.category[:50], unit_price_fen=line.unit_price_fen,
                           cost_fen=costs.get(line.product_id),
                           quantity=line.quantity, discount_fen=line.discount_fen, total_fen=line.total_fen,
                           weight_grams=line.weight_grams, weight_unit=line.weight_unit,
                           price_per_unit_fen=line.price_per_unit_fen))
        short = _take_stock(s, cart)
        if short and not owner_ok:
            raise OwnerApprovalNeeded(
                tr_noop("errors", "Not enough stock: {items}. Sell anyway?"), ACTION_NEGATIVE_STOCK,
                items=", ".join(f"{name} ({stock})" for name, stock in short),
            )
        if short:
            audit.record(s, approved_by, NEGATIVE_STOCK_SOLD, {"sale": number, "items": short})
        if big_discount and not operator.is_owner:
            audit.record(s, approved_by, DISCOUNT_APPROVED,
                         {"sale": number, "for": operator.name, "discount_fen":
                          cart.total_discount_fen + sum(line.discount_fen for line in cart.lines)})
        balance = None
        for p in settlement.payments:
            note_data: dict = {}
            if p.method == CASH:
                note_data = {"tendered_fen": settlement.cash_tendered_fen, "change_fen": settlement.change_fen}
            if p.method == ACCOUNT:
                assert villager is not None  # settle refuses the account without a villager
                balance = post_to_account(s, villager, p.amount_fen, "sale", number, operator.name, now)
                note_data = {"balance_after_fen": balance}
            s.add(Payment(at=now, purpose="sale", method=p.method, amount_fen=p.amount_fen,
                          reference=p.reference[:100], operator=operator.name, receipt_number=number,
                          sale_id=sale.id, villager_id=villager.id if villager else None,
                          note=json.dumps(note_data) if note_data else ""))
        return SaleResult(sale.id, number, sale.total_fen, settlement.change_fen, settlement.cash_tendered_fen,
                          settlement.amount(CASH), villager.name if villager else "", balance)


def _discount_over_limit(cart: Cart, limit: int) -> bool:
    if any(exceeds_limit(line.gross_fen, line.discount_fen, limit) for line in cart.lines):
        return True
    return exceeds_limit(cart.subtotal_fen, cart.total_discount_fen, limit)


def _villager(s: Session, villager_id: uuid.UUID | None) -> Villager | None:
    if villager_id is None:
        return None
    v = s.get(Villager, villager_id)
    if v is None or not v.active:
        raise NotFound(tr_noop("errors", "This villager is not in the register."))
    return v


def _take_stock(s: Session, cart: Cart) -> list[tuple[str, int]]:
    """Decrement stock of goods (not services); returns (name, new stock) of those below zero."""
    short = []
    for line in cart.lines:
        if line.product_id is None or line.weighed:
            continue  # produce by weight keeps no count of pieces
        p = s.get(Product, line.product_id)
        if p is None or p.is_service:
            continue
        s.execute(update(Product).where(Product.id == p.id).values(stock=Product.stock - line.quantity))
        s.refresh(p)
        if p.stock < 0:
            short.append((p.name, p.stock))
    return short


def post_to_account(s: Session, villager: Villager, amount_fen: int, kind: str, reference: str,
                    operator_name: str, at: dt.datetime) -> int:
    """One AccountEntry and the same change to the villager's balance; returns the new balance.
    Positive ``amount_fen``: the villager owes more."""
    s.add(AccountEntry(villager_id=villager.id, at=at, amount_fen=amount_fen, kind=kind,
                       reference=reference, operator=operator_name))
    s.execute(update(Villager).where(Villager.id == villager.id)
              .values(balance_fen=Villager.balance_fen + amount_fen))
    s.flush()
    s.refresh(villager)
    return villager.balance_fen


# reading sales back -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SaleLineView:
    id: uuid.UUID
    product_id: uuid.UUID | None
    description: str
    unit_price_fen: int
    quantity: int
    discount_fen: int
    total_fen: int
    net_fen: int  # after its share of the whole-sale discount: what a full refund gives back
    refunded_quantity: int

    @property
    def refundable_quantity(self) -> int:
        return self.quantity - self.refunded_quantity


@dataclass(frozen=True)
class PaymentView:
    method: str
    amount_fen: int
    reference: str
    note: dict


@dataclass(frozen=True)
class SaleView:
    id: uuid.UUID
    number: str
    status: str
    completed_at: dt.datetime
    operator: str
    villager_id: uuid.UUID | None
    villager_name: str
    subtotal_fen: int
    discount_fen: int
    total_fen: int
    lines: tuple[SaleLineView, ...]
    payments: tuple[PaymentView, ...]
    refund_numbers: tuple[str, ...]

    @property
    def refundable(self) -> bool:
        return any(line.refundable_quantity for line in self.lines)


def load_sale(s: Session, number: str) -> Sale:
    parsed = require_number(number)
    sale = s.scalar(select(Sale).where(Sale.number == str(parsed)))
    if sale is None:
        raise NotFound(tr_noop("errors", "There is no sale with receipt number {number}."), number=str(parsed))
    return sale


def sale_view(s: Session, sale: Sale) -> SaleView:
    rows = s.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.created_at)).all()
    nets = line_nets([r.total_fen for r in rows], sale.discount_fen)
    lines = tuple(SaleLineView(r.id, r.product_id, r.description, r.unit_price_fen, r.quantity, r.discount_fen,
                               r.total_fen, net, r.refunded_quantity) for r, net in zip(rows, nets))
    pays = s.scalars(select(Payment).where(Payment.sale_id == sale.id, unindexed(Payment.purpose) == "sale")
                     .order_by(Payment.created_at)).all()
    payments = tuple(PaymentView(p.method, p.amount_fen, p.reference, _note(p.note)) for p in pays)
    refunds = s.scalars(select(Refund.number).where(Refund.sale_id == sale.id).order_by(Refund.at)).all()
    villager = s.get(Villager, sale.villager_id) if sale.villager_id else None
    return SaleView(sale.id, sale.number, sale.status, sale.completed_at, sale.operator, sale.villager_id,
                    villager.name if villager else "", sale.subtotal_fen, sale.discount_fen, sale.total_fen,
                    lines, payments, tuple(refunds))


def get_sale(db: Database, number: str) -> SaleView:
    with db.reader() as s:
        return sale_view(s, load_sale(s, number))


def _note(text: str) -> dict:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class ReceiptListItem:
    number: str
    kind: str  # sale | refund
    at: dt.datetime
    total_fen: int
    operator: str
    status: str


def recent_receipts(db: Database, since: dt.datetime | None = None, limit: int = 200,
                    text: str = "") -> list[ReceiptListItem]:
    """Sales and refunds, newest first, for the reprint and refund list."""
    text = (text or "").strip().upper().replace("-", "")
    with db.reader() as s:
        qs = select(Sale).order_by(Sale.completed_at.desc()).limit(limit)
        qr = select(Refund).where(Refund.sale_id.is_not(None)).order_by(Refund.at.desc()).limit(limit)
        if since is not None:
            qs, qr = qs.where(Sale.completed_at >= since), qr.where(Refund.at >= since)
        items = [ReceiptListItem(x.number, "sale", x.completed_at, x.total_fen, x.operator, x.status)
                 for x in s.scalars(qs)]
        items += [ReceiptListItem(x.number, "refund", x.at, -x.total_fen, x.operator, "refund")
                  for x in s.scalars(qr)]
    if text:
        items = [i for i in items if text in i.number.replace("-", "")]
    return sorted(items, key=lambda i: i.at, reverse=True)[:limit]


# villagers for a sale on account ----------------------------------------------------------------
@dataclass(frozen=True)
class VillagerChoice:
    id: uuid.UUID
    name: str
    phone_tail: str
    village_group: str
    balance_fen: int

    def label(self) -> str:
        parts = [self.name]
        if self.village_group:
            parts.append(self.village_group)
        if self.phone_tail:
            parts.append(f"…{self.phone_tail}")
        return " ".join(parts) + f"  {Money(self.balance_fen)}"


def find_villagers(db: Database, text: str, limit: int = 20) -> list[VillagerChoice]:
    """Active villagers by name, pinyin initials (zs finds 张三) or the phone's last digits."""
    q = " ".join((text or "").split())
    if not q:
        return []
    conds = [Villager.name.contains(q, autoescape=True),
             Villager.name_initials.startswith(q.lower(), autoescape=True)]
    if q.isdigit():
        conds += [Villager.phone_tail == q[-4:], Villager.phone.endswith(q, autoescape=True)]
    with db.reader() as s:
        rows = s.scalars(select(Villager).where(Villager.active.is_(True), or_(*conds))
                         .order_by(Villager.name).limit(limit)).all()
        return [VillagerChoice(v.id, v.name, v.phone_tail, v.village_group, v.balance_fen) for v in rows]
