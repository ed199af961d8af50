"""The counter cart and its arithmetic: lines, discounts, totals, tenders, change, refunds.

Every amount is integer fen and every rounding rule is written out here:
- a percentage discount is ``base * percent / 100`` rounded half up to the fen;
- a whole-sale discount is spread over the lines in proportion to their totals (floors, then
  the left-over fen to the largest remainders, earlier lines first on a tie), which is how a
  per-line refund knows its share;
- refunding k of a line's q units gives back floor(net * (done + k) / q) - floor(net * done / q),
  so the refunds of a whole line always add up to exactly what was paid for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money

MAX_QUANTITY = 9999
CASH, MOBILE, ACCOUNT = "cash", "mobile", "account"
METHODS = (CASH, MOBILE, ACCOUNT)
# refunds go back to the tenders in this order: first lower what the villager owes, then the
# mobile payment, and only then cash out of the drawer
REFUND_ORDER = (ACCOUNT, MOBILE, CASH)


def percent_half_up(base_fen: int, percent: int) -> int:
    """``percent`` % of ``base_fen``, rounded half up to the fen (both non-negative)."""
    if base_fen < 0 or percent < 0:
        raise ValueError("percent_half_up takes non-negative numbers")
    return (base_fen * percent + 50) // 100


def validate_price(fen: int, max_fen: int, field_name: str = "price") -> int:
    if fen <= 0:
        raise ValidationError(tr_noop("errors", "A price must be more than zero."), field=field_name)
    if fen > max_fen:
        raise ValidationError(
            tr_noop("errors", "A price above {limit} is not accepted; check the amount."),
            field=field_name, limit=str(Money(max_fen)),
        )
    return fen


def parse_price(text: str, max_fen: int, field_name: str = "price") -> int:
    try:
        fen = Money.parse(text).fen
    except ValidationError as e:
        raise ValidationError(e.message, field=field_name, **e.params) from None
    return validate_price(fen, max_fen, field_name)


def validate_quantity(quantity: int) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError(
            tr_noop("errors", "A quantity is a whole number from 1 to {max}."),
            field="quantity", max=MAX_QUANTITY,
        )
    return quantity


@dataclass(frozen=True)
class Discount:
    """A fixed amount off (fen) or a whole percentage off (1..100)."""

    kind: str  # "amount" | "percent"
    value: int

    @classmethod
    def amount(cls, fen: int) -> Discount:
        if fen <= 0:
            raise ValidationError(tr_noop("errors", "A discount must be more than zero."), field="discount")
        return cls("amount", fen)

    @classmethod
    def percent(cls, percent: int) -> Discount:
        if not 1 <= percent <= 100:
            raise ValidationError(
                tr_noop("errors", "A percentage discount is from 1 to 100."), field="discount"
            )
        return cls("percent", percent)

    def fen_off(self, base_fen: int) -> int:
        if self.kind == "percent":
            return percent_half_up(base_fen, self.value)
        if self.value > base_fen:
            raise ValidationError(
                tr_noop("errors", "The discount {discount} is more than the amount {amount}."),
                field="discount", discount=str(Money(self.value)), amount=str(Money(base_fen)),
            )
        return self.value


def exceeds_limit(base_fen: int, off_fen: int, limit_percent: int) -> bool:
    """True when ``off_fen`` is more than ``limit_percent`` % of ``base_fen`` (needs the owner)."""
    return off_fen * 100 > base_fen * limit_percent


@dataclass
class CartLine:
    product_id: Any
    description: str
    unit_price_fen: int
    quantity: int = 1
    category: str = ""
    is_service: bool = False
    stock: int | None = None  # stock when the line was added, for the "not enough" warning
    discount: Discount | None = None
    # a weighed line (produce by weight): quantity 1, unit_price_fen is price × weight
    weight_grams: int | None = None
    weight_unit: str = ""  # jin | kg
    price_per_unit_fen: int | None = None

    @property
    def weighed(self) -> bool:
        return self.weight_grams is not None

    @property
    def gross_fen(self) -> int:
        return self.unit_price_fen * self.quantity

    @property
    def discount_fen(self) -> int:
        return self.discount.fen_off(self.gross_fen) if self.discount else 0

    @property
    def total_fen(self) -> int:
        return self.gross_fen - self.discount_fen

    @property
    def short_of_stock(self) -> bool:
        return not self.is_service and self.stock is not None and self.quantity > self.stock


@dataclass
class Cart:
    lines: list[CartLine] = field(default_factory=list)
    total_discount: Discount | None = None

    def add(self, line: CartLine) -> int:
        """Add a line, or raise the quantity of the same product at the same price; returns
        the line's index."""
        validate_quantity(line.quantity)
        for i, old in enumerate(self.lines):
            if line.weighed or old.weighed:
                continue  # each weighing is its own line
            if (line.product_id is not None and old.product_id == line.product_id
                    and old.unit_price_fen == line.unit_price_fen):
                self.set_quantity(i, old.quantity + line.quantity)
                return i
        self.lines.append(line)
        self._recheck()
        return len(self.lines) - 1

    def set_quantity(self, index: int, quantity: int) -> None:
        validate_quantity(quantity)
        line = self.lines[index]
        if line.weighed and quantity != 1:
            raise ValidationError(tr_noop("errors", "A weighed item is sold by its weight: weigh it again "
                                          "instead of changing the quantity."), field="quantity")
        old = line.quantity
        line.quantity = quantity
        try:
            self._recheck()
        except ValidationError:
            line.quantity = old
            raise

    def change_quantity(self, index: int, delta: int) -> None:
        self.set_quantity(index, self.lines[index].quantity + delta)

    def remove(self, index: int) -> CartLine:
        line = self.lines.pop(index)
        if not self.lines:
            self.total_discount = None
        self._recheck_lenient()
        return line

    def set_line_discount(self, index: int, discount: Discount | None) -> None:
        line = self.lines[index]
        old = line.discount
        line.discount = discount
        try:
            self._recheck()
        except ValidationError:
            line.discount = old
            raise

    def set_total_discount(self, discount: Discount | None) -> None:
        old = self.total_discount
        self.total_discount = discount
        try:
            self._recheck()
        except ValidationError:
            self.total_discount = old
            raise

    def clear(self) -> None:
        self.lines.clear()
        self.total_discount = None

    def _recheck(self) -> None:
        for line in self.lines:
            line.discount_fen  # noqa: B018 - raises when a fixed discount no longer fits
        self.total_discount_fen  # noqa: B018

    def _recheck_lenient(self) -> None:
        # removing a line may leave a fixed whole-sale discount bigger than what is left
        try:
            self._recheck()
        except ValidationError:
            self.total_discount = None

    @property
    def subtotal_fen(self) -> int:
        return sum(line.total_fen for line in self.lines)

    @property
    def total_discount_fen(self) -> int:
        return self.total_discount.fen_off(self.subtotal_fen) if self.total_discount else 0

    @property
    def total_fen(self) -> int:
        return self.subtotal_fen - self.total_discount_fen

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def is_empty(self) -> bool:
        return not self.lines


# tenders -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tender:
    method: str
    amount_fen: int
    reference: str = ""


@dataclass(frozen=True)
class Settlement:
    """What the sale keeps per tender (cash net of change), what was handed over, the change."""

    payments: tuple[Tender, ...]
    cash_tendered_fen: int
    change_fen: int

    def amount(self, method: str) -> int:
        return sum(p.amount_fen for p in self.payments if p.method == method)


def settle(total_fen: int, tenders: Iterable[Tender], has_villager: bool = False,
           reference_from_fen: int = 0) -> Settlement:
    """Check the tenders against the total and work out the change.

    A mobile payment of ``reference_from_fen`` or more needs its transaction number (the owner's
    setting: nobody reads one off a phone for ¥3); 0 asks for it always.

    Only cash can be more than what is due (the change comes out of the drawer); mobile and
    on-account amounts must fit inside the total. Zero amounts are ignored.
    """
    tenders = [t for t in tenders if t.amount_fen != 0]
    for t in tenders:
        if t.method not in METHODS:
            raise ValueError(f"unknown tender {t.method!r}")
        if t.amount_fen < 0:
            raise ValidationError(tr_noop("errors", "A payment amount cannot be negative."), field=t.method)
        if t.method == MOBILE and not t.reference.strip() and t.amount_fen >= reference_from_fen:
            raise ValidationError(
                tr_noop("errors", "Enter the mobile payment's reference number."), field="reference"
            )
        if t.method == ACCOUNT and not has_villager:
            raise ValidationError(
                tr_noop("errors", "Choose the villager whose account this goes on."), field="villager"
            )
    non_cash = sum(t.amount_fen for t in tenders if t.method != CASH)
    if non_cash > total_fen:
        raise ValidationError(
            tr_noop("errors", "Mobile and on-account payments ({paid}) are more than the total {total}."),
            field="mobile", paid=str(Money(non_cash)), total=str(Money(total_fen)),
        )
    cash = sum(t.amount_fen for t in tenders if t.method == CASH)
    cash_due = total_fen - non_cash
    if cash < cash_due:
        raise ValidationError(
            tr_noop("errors", "{short} is still to be paid."), field="cash", short=str(Money(cash_due - cash))
        )
    payments = [Tender(t.method, t.amount_fen, t.reference.strip()) for t in tenders if t.method != CASH]
    if cash_due > 0:
        payments.insert(0, Tender(CASH, cash_due))
    return Settlement(tuple(payments), cash, cash - cash_due)


# refunds -------------------------------------------------------------------------------------
def allocate(amount_fen: int, weights: Sequence[int]) -> list[int]:
    """Split ``amount_fen`` over ``weights`` in proportion: floors first, then one fen each to
    the largest remainders (the earlier index wins a tie). The parts add up to the amount."""
    total = sum(weights)
    if amount_fen == 0 or total == 0:
        return [0] * len(weights)
    parts = [amount_fen * w // total for w in weights]
    remainders = [(amount_fen * w % total, -i) for i, w in enumerate(weights)]
    left = amount_fen - sum(parts)
    for _, neg_i in sorted(remainders, reverse=True)[:left]:
        parts[-neg_i] += 1
    return parts


def line_nets(line_totals: Sequence[int], sale_discount_fen: int) -> list[int]:
    """What each line really cost after its share of the whole-sale discount."""
    shares = allocate(sale_discount_fen, line_totals)
    return [t - s for t, s in zip(line_totals, shares)]


def refund_amount(net_fen: int, quantity: int, refunded_before: int, refund_quantity: int) -> int:
    if not (0 <= refunded_before and 1 <= refund_quantity and refunded_before + refund_quantity <= quantity):
        raise ValidationError(
            tr_noop("errors", "Only {left} of this line can still be refunded."),
            field="quantity", left=max(0, quantity - refunded_before),
        )
    return net_fen * (refunded_before + refund_quantity) // quantity - net_fen * refunded_before // quantity


def refund_split(amount_fen: int, available: Sequence[tuple[Any, str, int]]) -> list[tuple[Any, str, int]]:
    """Give ``amount_fen`` back over the tenders that paid: ``available`` is (key, method,
    still refundable) in the order they were taken; REFUND_ORDER decides which goes first."""
    order = sorted(available, key=lambda a: REFUND_ORDER.index(a[1]))
    out, left = [], amount_fen
    for key, method, room in order:
        take = min(left, max(0, room))
        if take:
            out.append((key, method, take))
            left -= take
    if left:
        # the stored payments are short of the sale (hand-edited data): it comes out in cash
        out.append((None, CASH, left))
    return out


def parse_discount(text: str) -> Discount | None:
    """What the partner types for a discount: ``10%`` (percent off), ``5`` or ``5.50`` (yuan
    off); empty removes the discount."""
    t = (text or "").strip().replace("％", "%")
    if not t:
        return None
    if t.endswith("%"):
        body = t[:-1].strip()
        if not body.isdecimal():  # not isdigit(): '²' is a digit int() refuses
            raise ValidationError(
                tr_noop("errors", "A percentage discount is from 1 to 100."), field="discount"
            )
        return Discount.percent(int(body))
    fen = Money.parse(t).fen
    return Discount.amount(fen)
