"""The receipts of a service payment and of its refund, rebuilt from what was stored (printing
and reprinting are one call). The account shows masked (138****1234, ****5678): a receipt is
left on the counter and taken home."""

from __future__ import annotations

from sqlalchemy import select

from pos.db.models import Payment, ServicePayment
from pos.db.unit_of_work import Database
from pos.db.plans import unindexed
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.receipt import Document
from pos.domain.receipts import (
    ReceiptData, ReceiptRow, ReceiptTender, Translate, build_receipt, no_translation,
)
from pos.services.account_services.payments import PURPOSE, REFUND_PURPOSE, _by_number
from pos.services.sales.checkout import _note
from pos.services.sales.receipts import station_header
from pos.services.station import receipt_settings

CONTEXT = "account_services"
L_SERVICE = tr_noop("account_services", "Service")
L_AMOUNT = tr_noop("account_services", "Amount paid in")
L_FEE = tr_noop("account_services", "Handling fee")
L_PROVIDER = tr_noop("account_services", "Provider")
L_ACCOUNT = tr_noop("account_services", "Number / account")
L_PAID_AT = tr_noop("account_services", "Paid at")
L_REASON = tr_noop("account_services", "Reason")
L_APPROVED = tr_noop("account_services", "Approved by")
L_KEEP = tr_noop("account_services", "Keep this receipt until the money has arrived.")


def _tenders(s, number: str, purpose: str) -> tuple[tuple[ReceiptTender, ...], int, int | None]:
    tenders, change, balance = [], 0, None
    for pay in s.scalars(select(Payment).where(Payment.receipt_number == number, unindexed(Payment.purpose) == purpose)
                         .order_by(Payment.created_at)):
        note = _note(pay.note)
        if pay.method == "cash":
            change = int(note.get("change_fen", 0))
        if "balance_after_fen" in note:
            balance = int(note["balance_after_fen"])
        tendered = note.get("tendered_fen")
        tenders.append(ReceiptTender(pay.method, pay.amount_fen, pay.reference,
                                     int(tendered) if tendered is not None else None))
    return tuple(tenders), change, balance


def _head(p: ServicePayment, t) -> tuple[ReceiptRow, ...]:
    """What was paid into and how much, under the receipt's number: the villager checks these."""
    return (ReceiptRow(t(L_SERVICE), p.kind_name), ReceiptRow(t(L_PROVIDER), p.provider),
            ReceiptRow(t(L_ACCOUNT), p.account_masked), ReceiptRow(t(L_AMOUNT), _yuan(p.amount_fen)),
            ReceiptRow(t(L_FEE), _yuan(p.fee_fen)))


def _yuan(fen: int) -> str:
    return Money(fen).format("¥")


def payment_receipt_document(db: Database, number: str, translate: Translate = no_translation, *,
                             reprint: bool = False) -> Document:
    def t(text: str) -> str:
        return translate(CONTEXT, text)

    with db.reader() as s:
        p = _by_number(s, number)
        options = receipt_settings.options_in(s, kick_drawer=not reprint)
        tenders, change, balance = _tenders(s, p.number, PURPOSE)
        data = ReceiptData(
            station=station_header(s), number=p.number, at=p.paid_at, operator=p.operator, kind="service",
            head_rows=_head(p, t), total_fen=p.amount_fen + p.fee_fen, tenders=tenders, change_fen=change,
            balance_fen=balance, notes=(t(L_KEEP),), reprint=reprint,
        )
    return build_receipt(data, options, translate)


def refund_receipt_document(db: Database, number: str, translate: Translate = no_translation, *,
                            reprint: bool = False) -> Document:
    """``number``: the payment's or its refund's number."""
    def t(text: str) -> str:
        return translate(CONTEXT, text)

    with db.reader() as s:
        p = _by_number(s, number)
        if not p.refund_number:
            raise ValueError(f"service payment {p.number} has no refund")
        options = receipt_settings.options_in(s, kick_drawer=not reprint)
        tenders, _change, balance = _tenders(s, p.refund_number, REFUND_PURPOSE)
        local = p.paid_at.astimezone().strftime("%Y-%m-%d %H:%M")
        data = ReceiptData(
            station=station_header(s), number=p.refund_number, at=p.refunded_at or p.paid_at,
            operator=p.refunded_by or p.operator, kind="service_refund", original_number=p.number,
            head_rows=(*_head(p, t), ReceiptRow(t(L_PAID_AT), local)), total_fen=p.amount_fen + p.fee_fen,
            tenders=tenders, balance_fen=balance,
            rows=(ReceiptRow(t(L_REASON), p.refund_reason), ReceiptRow(t(L_APPROVED), p.approved_by)),
            reprint=reprint,
        )
    return build_receipt(data, options, translate)
