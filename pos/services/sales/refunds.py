"""Refunds of counter sales, whole or per line, approved by the owner.

One unit of work writes the Refund and its lines, puts the goods back in stock, gives the money
back through the sale's own tenders (account first, then mobile, then cash: see
pos.domain.cart.REFUND_ORDER) as negative Payment rows, and lowers the villager's balance for
the part that was on account.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select, update

from pos.db.models import Payment, Product, Refund, RefundLine, SaleLine, Villager
from pos.db.unit_of_work import Database
from pos.domain.cart import ACCOUNT, CASH, refund_amount, refund_split
from pos.domain.errors import PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.receipt_numbers import REFUND
from pos.domain.users import Operator
from pos.services import audit
from pos.services.clock import Clock
from pos.services.numbering import next_number
from pos.services.sales.checkout import ShiftGuard, load_sale, post_to_account, sale_view
from pos.services.shifts.drawer import shift_required

REFUND_ISSUED = "sale.refunded"
ACTION_REFUND = "sale.refund"


@dataclass(frozen=True)
class RefundResult:
    id: uuid.UUID
    number: str
    sale_number: str
    total_fen: int
    parts: tuple[tuple[str, int], ...]  # (method, amount given back)
    cash_fen: int  # out of the drawer
    balance_fen: int | None


def refund_sale(db: Database, operator: Operator, clock: Clock, sale_number: str,
                quantities: dict[uuid.UUID, int] | None, reason: str, approved_by: Operator | None,
                *, shift_guard: ShiftGuard = shift_required) -> RefundResult:
    """Refund ``quantities`` (sale line id -> units), or everything still refundable when None."""
    if approved_by is None or not approved_by.is_owner:
        raise PermissionDenied(tr_noop("errors", "A refund needs the owner's approval."))
    reason = " ".join((reason or "").split())[:500]
    with db.unit_of_work() as s:
        shift_guard(s)
        sale = load_sale(s, sale_number)
        current = sale_view(s, sale)
        if quantities is None:
            quantities = {line.id: line.refundable_quantity for line in current.lines if line.refundable_quantity}
        quantities = {k: v for k, v in quantities.items() if v}
        by_id = {line.id: line for line in current.lines}
        unknown = [k for k in quantities if k not in by_id]
        if unknown:
            raise ValueError(f"sale {sale.number} has no line {unknown[0]}")
        if not quantities:
            raise ValidationError(
                tr_noop("errors", "Nothing is left to refund on receipt {number}."), field="quantity",
                number=sale.number,
            )
        now = clock()
        number = next_number(s, REFUND, now)
        refund = Refund(number=number, sale_id=sale.id, reason=reason, operator=operator.name,
                        approved_by=approved_by.name, total_fen=0, at=now)
        s.add(refund)
        s.flush()
        total = 0
        for line in current.lines:  # in the sale's order, so the receipt reads the same way
            k = quantities.get(line.id)
            if not k:
                continue
            amount = refund_amount(line.net_fen, line.quantity, line.refunded_quantity, k)
            total += amount
            s.add(RefundLine(refund_id=refund.id, sale_line_id=line.id, quantity=k, amount_fen=amount))
            s.execute(update(SaleLine).where(SaleLine.id == line.id)
                      .values(refunded_quantity=SaleLine.refunded_quantity + k))
            if line.product_id is not None:
                s.execute(update(Product).where(Product.id == line.product_id, Product.is_service.is_(False))
                          .values(stock=Product.stock + k))
        refund.total_fen = total
        villager = s.get(Villager, sale.villager_id) if sale.villager_id else None
        parts, balance = [], None
        for key, method, amount in refund_split(total, _refundable(s, sale.id)):
            reference = key[1] if key else ""
            note = ""
            if method == ACCOUNT and villager is not None:
                balance = post_to_account(s, villager, -amount, "refund", number, operator.name, now)
                note = json.dumps({"balance_after_fen": balance})
            s.add(Payment(at=now, purpose="sale_refund", method=method, amount_fen=-amount, reference=reference,
                          operator=operator.name, receipt_number=number, sale_id=sale.id,
                          villager_id=sale.villager_id, note=note))
            parts.append((method, amount))
        s.flush()
        left = s.scalar(select(func.sum(SaleLine.quantity - SaleLine.refunded_quantity))
                        .where(SaleLine.sale_id == sale.id)) or 0
        sale.status = "refunded" if left == 0 else "partly_refunded"
        audit.record(s, approved_by, REFUND_ISSUED, {
            "refund": number, "sale": sale.number, "total_fen": total, "operator": operator.name,
            "reason": reason, "parts": parts,
        })
        cash = sum(a for m, a in parts if m == CASH)
        return RefundResult(refund.id, number, sale.number, total, tuple(parts), cash, balance)


def _refundable(s, sale_id: uuid.UUID) -> list[tuple[tuple[str, str], str, int]]:
    """(method, reference) -> what the sale took that way minus what earlier refunds gave back."""
    room: dict[tuple[str, str], int] = defaultdict(int)
    for p in s.scalars(select(Payment).where(Payment.sale_id == sale_id).order_by(Payment.created_at)):
        room[(p.method, p.reference)] += p.amount_fen
    return [(key, key[0], amount) for key, amount in room.items() if amount > 0]
