"""Assisted purchases (代购): the rules, without storage.

Money rules (all integer fen, nothing is ever rounded):
- an item's total is quantity × unit price (both integers, so exact);
- the order total is the sum of item totals plus the service fee;
- an amount typed with more than two decimals is refused, not rounded (Money.parse);
- what the villager still owes: due = total − refunded − paid − on account;
- a refund lowers, in this order, what is still due (nothing changes hands), then what is on the
  villager's account (the account is reversed), and only then gives money back: the villager is
  never paid back money they still owe.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money

PLACED, SHIPPED, ARRIVED, COLLECTED, CANCELLED, REFUNDED = (
    "placed", "shipped", "arrived", "collected", "cancelled", "refunded")
STATUSES = (PLACED, SHIPPED, ARRIVED, COLLECTED, CANCELLED, REFUNDED)
OPEN = (PLACED, SHIPPED, ARRIVED)
# statuses where goods are still on their way: the ones that can be late
IN_TRANSIT = (PLACED, SHIPPED)

STATUS_NAMES = {
    PLACED: tr_noop("purchases", "Placed"),
    SHIPPED: tr_noop("purchases", "Shipped"),
    ARRIVED: tr_noop("purchases", "Arrived"),
    COLLECTED: tr_noop("purchases", "Collected"),
    CANCELLED: tr_noop("purchases", "Cancelled"),
    REFUNDED: tr_noop("purchases", "Refunded in full"),
}

# from -> allowed targets. shipped -> placed: the only waybill was removed (a typo).
MOVES: dict[str, tuple[str, ...]] = {
    PLACED: (SHIPPED, CANCELLED, REFUNDED),
    SHIPPED: (PLACED, ARRIVED, CANCELLED, REFUNDED),
    ARRIVED: (COLLECTED, CANCELLED, REFUNDED),
    COLLECTED: (REFUNDED,),
    CANCELLED: (),
    REFUNDED: (),
}

# plans: how the villager pays when the order is placed
CASH, MOBILE, ACCOUNT, DEPOSIT = "cash", "mobile", "account", "deposit"
PLANS = (CASH, MOBILE, ACCOUNT, DEPOSIT)
TENDER_METHODS = ("cash", "mobile", "account")

MAX_QUANTITY = 999
MAX_ITEMS = 30
MAX_FEE_FEN = 100_000  # ¥1000: a service fee above this is a typing slip


def check_move(current: str, target: str) -> None:
    if target not in MOVES.get(current, ()):
        # the UI offers only allowed actions, so this is a second line of defence
        raise DomainError(tr_noop("errors", "The order's present status does not allow this."))


def can_move(current: str, target: str) -> bool:
    return target in MOVES.get(current, ())


# items and totals -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemInput:
    description: str
    quantity: int
    unit_price_fen: int
    shop: str = ""
    link: str = ""  # link or the platform's item id
    category: str = ""  # goods category: chooses the partner's commission rate


@dataclass(frozen=True)
class Totals:
    items_fen: int
    fee_fen: int
    total_fen: int


def line_total(quantity: int, unit_price_fen: int) -> int:
    return quantity * unit_price_fen


def check_item(item: ItemInput, max_unit_price_fen: int, row: int = 1) -> ItemInput:
    desc = " ".join((item.description or "").split())
    if not desc:
        raise ValidationError(tr_noop("errors", "Item {row}: say what the goods are."), field="description", row=row)
    if len(desc) > 200:
        raise ValidationError(tr_noop("errors", "Item {row}: the description is too long (at most 200 characters)."),
                              field="description", row=row)
    qty = item.quantity
    if isinstance(qty, bool) or not isinstance(qty, int) or not 1 <= qty <= MAX_QUANTITY:
        raise ValidationError(tr_noop("errors", "Item {row}: the quantity must be a whole number from 1 to {max}."),
                              field="quantity", row=row, max=MAX_QUANTITY)
    check_price(item.unit_price_fen, max_unit_price_fen, row)
    shop = " ".join((item.shop or "").split())[:100]
    link = (item.link or "").strip()[:500]
    category = " ".join((item.category or "").split())
    if len(category) > 50:
        raise ValidationError(tr_noop("errors", "The goods category is too long (at most 50 characters)."),
                              field="category", row=row)
    return ItemInput(desc, qty, item.unit_price_fen, shop, link, category)


def check_price(fen: int, max_fen: int, row: int = 1) -> int:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError("prices are integer fen")
    if fen <= 0:
        raise ValidationError(tr_noop("errors", "Item {row}: the price must be more than zero."), field="unit_price", row=row)
    if fen > max_fen:
        raise ValidationError(tr_noop("errors", "Item {row}: the price is above the limit of {limit}."),
                              field="unit_price", row=row, limit=str(Money(max_fen)))
    return fen


def parse_price(text: str, max_fen: int, row: int = 1) -> int:
    """A unit price typed by the partner: more than zero, at most the limit, two decimals at most."""
    try:
        fen = Money.parse(text).fen
    except ValidationError:
        raise ValidationError(tr_noop("errors", "Item {row}: '{text}' is not a price (for example 12.50)."),
                              field="unit_price", row=row, text=(text or "").strip()[:20]) from None
    return check_price(fen, max_fen, row)


def parse_quantity(text: str, row: int = 1) -> int:
    t = (text or "").strip()
    if not t.isdecimal() or not 1 <= int(t) <= MAX_QUANTITY:  # not isdigit(): '²' is a digit int() refuses
        raise ValidationError(tr_noop("errors", "Item {row}: the quantity must be a whole number from 1 to {max}."),
                              field="quantity", row=row, max=MAX_QUANTITY)
    return int(t)


def check_fee(fen: int) -> int:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError("fees are integer fen")
    if not 0 <= fen <= MAX_FEE_FEN:
        raise ValidationError(tr_noop("errors", "The service fee must be from {low} to {high}."),
                              field="service_fee", low=str(Money(0)), high=str(Money(MAX_FEE_FEN)))
    return fen


def totals(items: list[ItemInput] | tuple[ItemInput, ...], fee_fen: int) -> Totals:
    items_fen = sum(line_total(i.quantity, i.unit_price_fen) for i in items)
    return Totals(items_fen, fee_fen, items_fen + fee_fen)


_PLATFORM_SPLIT = re.compile(r"[\s,;，；、]+")


def platform_numbers(text: str) -> tuple[str, ...]:
    """Platform order numbers as typed (one per line, or separated by commas): cleaned, unique."""
    seen: list[str] = []
    for part in _PLATFORM_SPLIT.split(text or ""):
        part = part.strip()
        if part and part not in seen:
            if len(part) > 64:
                raise ValidationError(tr_noop("errors", "'{number}' is too long for a platform order number."),
                                      field="platform_orders", number=part[:20] + "…")
            seen.append(part)
    return tuple(seen)


# payment plans --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tender:
    """Money for an order at one moment: cash, mobile (with its reference) or on account."""

    method: str
    amount_fen: int
    reference: str = ""


@dataclass(frozen=True)
class PaymentPlan:
    kind: str  # cash | mobile | account | deposit
    reference: str = ""  # mobile payment reference (mobile, or a deposit paid by mobile)
    deposit_fen: int = 0
    deposit_method: str = "cash"  # cash | mobile


def plan_tenders(plan: PaymentPlan, total_fen: int, has_villager: bool) -> list[Tender]:
    """What is taken when the order is placed; whatever the tenders leave is due on collection."""
    ref = (plan.reference or "").strip()
    if plan.kind not in PLANS:
        raise ValidationError(tr_noop("errors", "Choose how the villager pays."), field="plan")
    if plan.kind == CASH:
        return [Tender("cash", total_fen)]
    if plan.kind == MOBILE:
        _need_reference(ref)
        return [Tender("mobile", total_fen, ref)]
    if plan.kind == ACCOUNT:
        if not has_villager:
            raise ValidationError(tr_noop("errors", "Only a villager in the register can buy on account."),
                                  field="villager")
        return [Tender("account", total_fen)]
    dep = plan.deposit_fen
    if isinstance(dep, bool) or not isinstance(dep, int):
        raise TypeError("deposits are integer fen")
    if not 0 <= dep < total_fen:
        raise ValidationError(tr_noop("errors", "The deposit must be at least {low} and less than the total {total}."),
                              field="deposit", low=str(Money(0)), total=str(Money(total_fen)))
    if plan.deposit_method not in ("cash", "mobile"):
        raise ValidationError(tr_noop("errors", "A deposit is paid in cash or by mobile payment."), field="deposit")
    if dep == 0:
        return []
    if plan.deposit_method == "mobile":
        _need_reference(ref)
    return [Tender(plan.deposit_method, dep, ref if plan.deposit_method == "mobile" else "")]


def _need_reference(ref: str) -> None:
    if not ref:
        raise ValidationError(tr_noop("errors", "Type the mobile payment's reference (the last digits of the transaction number)."),
                              field="reference")
    if len(ref) > 100:
        raise ValidationError(tr_noop("errors", "The payment reference is too long."), field="reference")


def check_tenders(tenders, due_fen: int, has_villager: bool, need_reference: bool = True) -> list[Tender]:
    """Tenders that settle exactly what is due (no change is given on an order balance).

    ``need_reference`` False: the pickup counter, whose own receipt records the mobile payment."""
    out: list[Tender] = []
    for t in tenders:
        method, amount, ref = t.method, t.amount_fen, (getattr(t, "reference", "") or "").strip()
        if method not in TENDER_METHODS:
            raise ValidationError(tr_noop("errors", "Unknown way of paying: {method}."), field="method", method=method)
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValidationError(tr_noop("errors", "Each payment must be more than zero."), field="amount")
        if method == "mobile" and need_reference:
            _need_reference(ref)
        if method == "account" and not has_villager:
            raise ValidationError(tr_noop("errors", "Only a villager in the register can buy on account."),
                                  field="villager")
        out.append(Tender(method, amount, ref))
    paid = sum(t.amount_fen for t in out)
    if paid != due_fen:
        raise ValidationError(tr_noop("errors", "The payments add up to {paid}, but {due} is due."),
                              field="amount", paid=str(Money(paid)), due=str(Money(due_fen)))
    return out


def due(total_fen: int, refunded_fen: int, paid_fen: int, on_account_fen: int) -> int:
    return total_fen - refunded_fen - paid_fen - on_account_fen


# refunds --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RefundRequest:
    item_id: object
    quantity: int
    amount_fen: int


@dataclass(frozen=True)
class Allocation:
    """Where a refund goes: less still due, the account reversed, money given back."""

    due_fen: int
    account_fen: int
    money_fen: int


def item_refund_limit(quantity: int, unit_price_fen: int, refunded_fen: int) -> int:
    return line_total(quantity, unit_price_fen) - refunded_fen


def check_refund_line(req: RefundRequest, description: str, quantity: int, unit_price_fen: int,
                      refunded_fen: int, refunded_quantity: int) -> None:
    limit = item_refund_limit(quantity, unit_price_fen, refunded_fen)
    amt = req.amount_fen
    if isinstance(amt, bool) or not isinstance(amt, int) or amt <= 0:
        raise ValidationError(tr_noop("errors", "{item}: the refund must be more than zero."), field="amount", item=description)
    if amt > limit:
        raise ValidationError(tr_noop("errors", "{item}: at most {limit} can still be refunded."),
                              field="amount", item=description, limit=str(Money(limit)))
    if not 0 <= req.quantity <= quantity - refunded_quantity:
        raise ValidationError(tr_noop("errors", "{item}: at most {count} can still be returned."),
                              field="quantity", item=description, count=quantity - refunded_quantity)


def allocate_refund(amount_fen: int, due_fen: int, on_account_fen: int, paid_fen: int) -> Allocation:
    if amount_fen > due_fen + on_account_fen + paid_fen:
        raise DomainError(tr_noop("errors", "The refund is more than the order's open value."))
    to_due = min(amount_fen, max(0, due_fen))
    rest = amount_fen - to_due
    to_account = min(rest, max(0, on_account_fen))
    return Allocation(to_due, to_account, rest - to_account)


# dates ----------------------------------------------------------------------------------------
def expected_date(placed_local: dt.date, days: int) -> dt.date:
    return placed_local + dt.timedelta(days=days)


def is_late(status: str, placed_at: dt.datetime, now: dt.datetime, late_days: int) -> bool:
    """Late: goods not yet arrived ``late_days`` full days (24 h each) after the order was placed."""
    return status in IN_TRANSIT and now - placed_at >= dt.timedelta(days=late_days)
