"""Receipts of assisted purchases, built on the shared receipt (pos.domain.receipts).

- order receipt: items, service fee, total, what was paid and how, what is due on collection,
  expected arrival, the order number as a QR code (scanned at the counter to open the order),
  the station's phone;
- balance receipt: the rest paid at pickup or at the counter;
- refund receipt: what was refunded per item, where the money went.

The builders take the service's views (duck-typed: OrderView, RefundView) so this module stays
free of storage. ``translate(context, text)`` is QCoreApplication.translate in the app.
"""

from __future__ import annotations

import datetime as dt

from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.receipt import Document
from pos.domain.receipts import (
    ReceiptData,
    ReceiptLine,
    ReceiptOptions,
    ReceiptRow,
    ReceiptTender,
    StationHeader,
    Translate,
    build_receipt,
    no_translation,
)

CONTEXT = "purchase_receipt"
L_ORDER = tr_noop("purchase_receipt", "Order no.")
L_FEE = tr_noop("purchase_receipt", "Service fee")
L_PAID = tr_noop("purchase_receipt", "Paid")
L_ON_ACCOUNT = tr_noop("purchase_receipt", "On account")
L_DUE = tr_noop("purchase_receipt", "Due on collection")
L_REFUNDED = tr_noop("purchase_receipt", "Refunded before")
L_EXPECTED = tr_noop("purchase_receipt", "Expected arrival")
L_PLATFORM = tr_noop("purchase_receipt", "Platform order")
L_KEEP = tr_noop("purchase_receipt", "Keep this slip; show it when you collect your goods.")
L_ORDER_TOTAL = tr_noop("purchase_receipt", "Order total")
L_STILL_DUE = tr_noop("purchase_receipt", "Still due")
L_DUE_CUT = tr_noop("purchase_receipt", "Taken off the amount due")
L_REASON = tr_noop("purchase_receipt", "Reason")
L_APPROVED = tr_noop("purchase_receipt", "Approved by")
L_CANCELLED = tr_noop("purchase_receipt", "Order cancelled")
L_BALANCE_TITLE = tr_noop("purchase_receipt", "Assisted purchase: balance paid")
L_REFUND_TITLE = tr_noop("purchase_receipt", "Assisted purchase refund")
L_RETURNED = tr_noop("purchase_receipt", "returned: {count}")


def _yuan(fen: int) -> str:
    return Money(fen).format("¥")


def order_receipt(order, station: StationHeader, options: ReceiptOptions | None = None,
                  translate: Translate = no_translation, tenders=(), reprint: bool = False,
                  cash_received_fen: int | None = None) -> Document:
    """``tenders``: what was taken when the order was placed (Tender-like: method, amount_fen,
    reference); ``cash_received_fen``: what was handed over for the cash one, printed with the
    change as on a sale's receipt."""
    def t(text: str) -> str:
        return translate(CONTEXT, text)

    # the fee is part of what is paid for: printed with the goods, above the total and the cash
    fee = ((ReceiptLine(t(L_FEE), 1, order.service_fee_fen, order.service_fee_fen),)
           if order.service_fee_fen else ())
    rows = [ReceiptRow(t(L_PLATFORM), p) for p in order.platform_orders]
    if order.refunded_fen:
        rows.append(ReceiptRow(t(L_REFUNDED), _yuan(order.refunded_fen)))
    rows.append(ReceiptRow(t(L_PAID), _yuan(order.paid_fen)))
    if order.on_account_fen:
        rows.append(ReceiptRow(t(L_ON_ACCOUNT), _yuan(order.on_account_fen)))
    rows.append(ReceiptRow(t(L_DUE), _yuan(order.due_fen)))
    if order.expected_on:
        rows.append(ReceiptRow(t(L_EXPECTED), order.expected_on.isoformat()))
    receipt_tenders, change_fen = _with_cash_received(tenders, cash_received_fen)
    data = ReceiptData(
        station=station, number=order.number, at=order.placed_at, operator=order.operator, kind="purchase",
        lines=tuple(ReceiptLine(i.description, i.quantity, i.unit_price_fen, i.line_total_fen)
                    for i in order.items) + fee,
        total_fen=order.total_fen,
        tenders=receipt_tenders, change_fen=change_fen,
        customer=order.customer_name, rows=tuple(rows), notes=(t(L_KEEP),), reprint=reprint,
    )
    return build_receipt(data, _qr(options), translate)


def _with_cash_received(tenders, cash_received_fen: int | None) -> tuple[tuple[ReceiptTender, ...], int]:
    """The receipt's tenders, the cash one with what was handed over, and the change."""
    out, change, taken = [], 0, False
    for x in tenders:
        tendered = None
        if x.method == "cash" and cash_received_fen is not None and not taken:
            taken = True
            tendered, change = cash_received_fen, max(cash_received_fen - x.amount_fen, 0)
        out.append(ReceiptTender(x.method, x.amount_fen, x.reference, tendered))
    return tuple(out), change


def balance_receipt(order, tenders, at: dt.datetime, operator: str, station: StationHeader,
                    options: ReceiptOptions | None = None, translate: Translate = no_translation,
                    balance_fen: int | None = None) -> Document:
    """The balance of an order paid (at pickup or at the counter); numbered by the order."""
    def t(text: str) -> str:
        return translate(CONTEXT, text)

    paid = sum(x.amount_fen for x in tenders)
    data = ReceiptData(
        station=station, number=order.number, at=at, operator=operator, kind="payment",
        total_fen=paid, tenders=tuple(ReceiptTender(x.method, x.amount_fen, x.reference) for x in tenders),
        customer=order.customer_name, title=t(L_BALANCE_TITLE),
        rows=(ReceiptRow(t(L_ORDER_TOTAL), _yuan(order.total_fen - order.refunded_fen)),
              ReceiptRow(t(L_STILL_DUE), _yuan(order.due_fen))),
        balance_fen=balance_fen if any(x.method == "account" for x in tenders) else None,
    )
    return build_receipt(data, _qr(options), translate)


def refund_receipt(refund, station: StationHeader, options: ReceiptOptions | None = None,
                   translate: Translate = no_translation, balance_fen: int | None = None,
                   reprint: bool = False) -> Document:
    def t(text: str) -> str:
        return translate(CONTEXT, text)

    rows = []
    for line in refund.lines:
        label = line.description
        if line.quantity:
            label += " " + t(L_RETURNED).format(count=line.quantity)
        rows.append(ReceiptRow(label, _yuan(line.amount_fen)))
    if refund.fee_fen:
        rows.append(ReceiptRow(t(L_FEE), _yuan(refund.fee_fen)))
    if refund.due_fen:
        rows.append(ReceiptRow(t(L_DUE_CUT), _yuan(refund.due_fen)))
    rows.append(ReceiptRow(t(L_REASON), refund.reason))
    if refund.approved_by:
        rows.append(ReceiptRow(t(L_APPROVED), refund.approved_by))
    tenders = []
    if refund.account_fen:
        tenders.append(ReceiptTender("account", -refund.account_fen))
    if refund.money_fen:
        tenders.append(ReceiptTender(refund.method or "cash", -refund.money_fen))
    data = ReceiptData(
        station=station, number=refund.number, at=refund.at, operator=refund.operator, kind="refund",
        total_fen=refund.total_fen, tenders=tuple(tenders), customer=refund.customer_name,
        original_number=refund.order_number, title=t(L_REFUND_TITLE), rows=tuple(rows),
        notes=(t(L_CANCELLED),) if refund.cancelled else (),
        balance_fen=balance_fen if refund.account_fen else None, reprint=reprint,
    )
    return build_receipt(data, options or ReceiptOptions(), translate)


def _qr(options: ReceiptOptions | None) -> ReceiptOptions:
    # the order number as a QR code: the issue asks for it, and a phone can read it too
    from dataclasses import replace

    return replace(options or ReceiptOptions(), code="qr")
