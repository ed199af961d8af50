"""Paying a service with an account (a phone top-up, a bill) and refunding it.

``pay_service`` stores the payment, its commission (from the kind's rule in force now, kept on
the record) and one Payment per tender (purpose ``service``) in one unit of work inside the open
shift, as a sale does. ``refund_service`` needs the owner: it gives the money back through the
same tenders (negative Payments, purpose ``service_refund``, under a refund number F...) in the
shift open now, and the record goes from completed to refunded.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pos.db.models import Payment, ServicePayment, Villager
from pos.db.unit_of_work import Database, session_counter
from pos.db.plans import unindexed
from pos.domain.account_services import (
    MAX_PROVIDER, check_amount, check_fee, commission, mask_account, parse_account,
)
from pos.domain.cart import ACCOUNT, CASH, Tender, refund_split, settle
from pos.domain.cash import clean_reason
from pos.domain.errors import NotFound, PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.receipt_numbers import REFUND, SERVICE
from pos.domain.users import Operator
from pos.services import audit
from pos.services.account_services.kinds import kinds_in, require_kind
from pos.services.clock import Clock
from pos.services.local_days import day_bounds
from pos.services.numbering import next_number
from pos.services.sales import settings as sales_settings
from pos.services.sales.checkout import post_to_account
from pos.services.shifts.drawer import shift_for_tender

PURPOSE = "service"
REFUND_PURPOSE = "service_refund"
PAID = "service.paid"
REFUNDED = "service.refunded"
ACTION_REFUND = "service.refund"


@dataclass(frozen=True)
class PayInput:
    kind: str  # the kind's code
    account: str  # as typed or scanned
    provider: str
    amount_fen: int
    fee_fen: int
    villager_id: uuid.UUID | None = None  # needed for a tender on account


@dataclass(frozen=True)
class PaymentView:
    id: uuid.UUID
    number: str
    kind: str
    kind_name: str
    provider: str
    account: str
    account_masked: str
    amount_fen: int
    fee_fen: int
    commission_fen: int
    methods: str
    status: str
    paid_at: dt.datetime
    operator: str
    refunded_at: dt.datetime | None
    refund_number: str
    refund_reason: str
    approved_by: str

    @property
    def total_fen(self) -> int:
        return self.amount_fen + self.fee_fen


def view(p: ServicePayment) -> PaymentView:
    return PaymentView(p.id, p.number, p.kind, p.kind_name, p.provider, p.account, p.account_masked, p.amount_fen,
                       p.fee_fen, p.commission_fen, p.methods, p.status, p.paid_at, p.operator, p.refunded_at,
                       p.refund_number, p.refund_reason, p.approved_by)


@dataclass(frozen=True)
class PayResult:
    payment: PaymentView
    change_fen: int
    cash_tendered_fen: int
    balance_fen: int | None


@dataclass(frozen=True)
class RefundResult:
    payment: PaymentView
    parts: tuple[tuple[str, int], ...]  # (method, amount given back)
    cash_fen: int  # out of the drawer


def _provider(text: str) -> str:
    provider = " ".join((text or "").split())
    if not provider:
        raise ValidationError(tr_noop("errors", "Choose or type the provider (operator, power company ...)."),
                              field="provider")
    if len(provider) > MAX_PROVIDER:
        raise ValidationError(tr_noop("errors", "At most {max} characters."), field="provider", max=MAX_PROVIDER)
    return provider


def pay_service(db: Database, operator: Operator, clock: Clock, inp: PayInput, tenders: Iterable[Tender],
                kind_name: str = "") -> PayResult:
    """Store the payment in the open shift (NoOpenShift otherwise). ``kind_name``: the kind's name
    as shown to the partner, kept on the record for the receipt and the day's list."""
    tenders = list(tenders)
    amount = check_amount(inp.amount_fen)
    fee = check_fee(inp.fee_fen)
    provider = _provider(inp.provider)
    with db.unit_of_work() as s:
        shift = shift_for_tender(s)
        kind = require_kind(kinds_in(s), inp.kind)
        account = parse_account(kind, inp.account)
        villager = None
        if inp.villager_id is not None:
            villager = s.get(Villager, inp.villager_id)
            if villager is None or not villager.active:
                raise NotFound(tr_noop("errors", "This villager is not in the register."))
        total = amount + fee
        settlement = settle(total, tenders, has_villager=villager is not None,
                            reference_from_fen=sales_settings.load_in(s).mobile_reference_from_fen)
        now = clock()
        number = next_number(s, SERVICE, now)
        p = ServicePayment(
            number=number, kind=kind.code, kind_name=(kind_name or kind.name or kind.code)[:30], provider=provider,
            account=account, account_masked=mask_account(kind.account, account), amount_fen=amount, fee_fen=fee,
            commission_fen=commission(kind, amount), methods="+".join(t.method for t in settlement.payments)[:40],
            status="completed", paid_at=now, operator=operator.name, villager_id=villager.id if villager else None,
            shift_id=shift.id, counter_id=session_counter(s),
        )  # fmt: skip
        s.add(p)
        s.flush()
        balance = None
        for t in settlement.payments:
            note: dict = {}
            if t.method == CASH:
                note = {"tendered_fen": settlement.cash_tendered_fen, "change_fen": settlement.change_fen}
            if t.method == ACCOUNT:
                assert villager is not None  # settle refuses the account without a villager
                balance = post_to_account(s, villager, t.amount_fen, "service", number, operator.name, now)
                note = {"balance_after_fen": balance}
            s.add(Payment(at=now, purpose=PURPOSE, method=t.method, amount_fen=t.amount_fen,
                          reference=t.reference[:100], operator=operator.name, receipt_number=number,
                          villager_id=villager.id if villager else None, note=json.dumps(note) if note else ""))
        audit.record(s, operator, PAID, {"number": number, "kind": kind.code, "account": p.account_masked,
                                         "amount_fen": amount, "fee_fen": fee, "commission_fen": p.commission_fen})
        return PayResult(view(p), settlement.change_fen, settlement.cash_tendered_fen, balance)


def _by_number(s: Session, number: str) -> ServicePayment:
    text = (number or "").strip().upper()
    p = s.scalar(select(ServicePayment).where(or_(ServicePayment.number == text,
                                                  ServicePayment.refund_number == text)))
    if p is None and len(text) > 9 and "-" not in text:  # the barcode leaves the hyphen out
        p = s.scalar(select(ServicePayment).where(ServicePayment.number == f"{text[:9]}-{text[9:]}"))
    if p is None:
        raise NotFound(tr_noop("errors", "There is no service payment with number {number}."), number=text[:30])
    return p


def refund_service(db: Database, operator: Operator, clock: Clock, number: str, reason: str,
                   approved_by: Operator | None) -> RefundResult:
    """Give the whole payment back (amount and fee) through the tenders that paid it, in the shift
    open now; audited under the owner who approved it."""
    if approved_by is None or not approved_by.is_owner:
        raise PermissionDenied(tr_noop("errors", "A refund needs the owner's approval."))
    why = clean_reason(reason)
    with db.unit_of_work() as s:
        shift_for_tender(s)
        p = _by_number(s, number)
        if p.status == "refunded":
            raise ValidationError(tr_noop("errors", "Service payment {number} was refunded already."),
                                  field="number", number=p.number)
        now = clock()
        refund_number = next_number(s, REFUND, now)
        villager = s.get(Villager, p.villager_id) if p.villager_id else None
        room: dict[tuple[str, str], int] = defaultdict(int)
        for pay in s.scalars(select(Payment).where(Payment.receipt_number == p.number, unindexed(Payment.purpose) == PURPOSE)
                             .order_by(Payment.created_at)):
            room[(pay.method, pay.reference)] += pay.amount_fen
        parts = []
        for key, method, amount in refund_split(p.amount_fen + p.fee_fen,
                                                [(k, k[0], v) for k, v in room.items() if v > 0]):
            note = ""
            if method == ACCOUNT and villager is not None:
                balance = post_to_account(s, villager, -amount, "refund", refund_number, operator.name, now)
                note = json.dumps({"balance_after_fen": balance})
            s.add(Payment(at=now, purpose=REFUND_PURPOSE, method=method, amount_fen=-amount,
                          reference=key[1] if key else "", operator=operator.name, receipt_number=refund_number,
                          villager_id=p.villager_id, note=note))
            parts.append((method, amount))
        p.status, p.refunded_at, p.refund_number = "refunded", now, refund_number
        p.refund_reason, p.approved_by, p.refunded_by = why, approved_by.name, operator.name
        s.flush()
        audit.record(s, approved_by, REFUNDED, {"number": p.number, "refund": refund_number, "kind": p.kind,
                                                "account": p.account_masked, "total_fen": p.amount_fen + p.fee_fen,
                                                "operator": operator.name, "reason": why, "parts": parts})
        return RefundResult(view(p), tuple(parts), sum(a for m, a in parts if m == CASH))


def get_payment(db: Database, number: str) -> PaymentView:
    with db.reader() as s:
        return view(_by_number(s, number))


def find_by_code(db: Database, code: str) -> PaymentView | None:
    """A payment by its number or its refund's number as scanned, or None."""
    try:
        return get_payment(db, code)
    except NotFound:
        return None


def day_payments(db: Database, day: dt.date) -> list[PaymentView]:
    """The payments of a local day and those refunded on it, newest first."""
    start, end = day_bounds(day)
    with db.reader() as s:
        rows = s.scalars(select(ServicePayment).where(or_(
            (ServicePayment.paid_at >= start) & (ServicePayment.paid_at < end),
            (ServicePayment.refunded_at >= start) & (ServicePayment.refunded_at < end),
        )).order_by(ServicePayment.paid_at.desc(), ServicePayment.number.desc()))
        return [view(p) for p in rows]
