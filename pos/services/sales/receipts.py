"""Receipts of sales and refunds, rebuilt from what was stored: printing and reprinting are the
same call (a reprint says so on the paper and never opens the drawer)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import Payment, Refund, RefundLine, Sale, SaleLine, Villager
from pos.db.unit_of_work import Database
from pos.db.plans import unindexed
from pos.domain.by_weight import is_weighed, measure_text
from pos.domain.errors import NotFound
from pos.domain.i18n import tr_noop
from pos.domain.receipt import Document
from pos.domain.receipt_numbers import REFUND, SALE, require_number
from pos.domain.receipts import (
    ReceiptData,
    ReceiptLine,
    ReceiptTender,
    StationHeader,
    Translate,
    build_receipt,
    no_translation,
)
from pos.domain.users import Operator
from pos.services import audit
from pos.services.station import receipt_settings
from pos.services.sales.checkout import _note, load_sale
from pos.services.station.setup import load_station

RECEIPT_REPRINTED = "receipt.reprinted"


def station_header(s: Session) -> StationHeader:
    st = load_station(s)
    return StationHeader(st.name, st.address, st.phone) if st else StationHeader("")


def sale_receipt_data(s: Session, sale: Sale, reprint: bool = False) -> ReceiptData:
    rows = s.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.created_at)).all()
    pays = s.scalars(select(Payment).where(Payment.sale_id == sale.id, unindexed(Payment.purpose) == "sale")
                     .order_by(Payment.created_at)).all()
    tenders, change, balance = [], 0, None
    for p in pays:
        note = _note(p.note)
        tendered = note.get("tendered_fen")
        if p.method == "cash":
            change = int(note.get("change_fen", 0))
        if p.method == "account":
            balance = note.get("balance_after_fen")
        tenders.append(ReceiptTender(p.method, p.amount_fen, p.reference,
                                     int(tendered) if tendered is not None else None))
    villager = s.get(Villager, sale.villager_id) if sale.villager_id else None
    return ReceiptData(
        station=station_header(s), number=sale.number, at=sale.completed_at, operator=sale.operator,
        kind="sale",
        lines=tuple(ReceiptLine(r.description, r.quantity, r.unit_price_fen, r.total_fen, r.discount_fen,
                                _measure(r)) for r in rows),
        total_fen=sale.total_fen, discount_fen=sale.discount_fen, tenders=tuple(tenders), change_fen=change,
        customer=villager.name if villager else "", balance_fen=balance, reprint=reprint,
    )


def _measure(r: SaleLine) -> str:
    if r.weight_grams is None or r.price_per_unit_fen is None or not is_weighed(r.weight_unit):
        return ""
    return measure_text(r.weight_grams, r.weight_unit, r.price_per_unit_fen)


def refund_receipt_data(s: Session, refund: Refund, reprint: bool = False) -> ReceiptData:
    sale = s.get(Sale, refund.sale_id)
    rows = s.execute(select(RefundLine, SaleLine).join(SaleLine, RefundLine.sale_line_id == SaleLine.id)
                     .where(RefundLine.refund_id == refund.id).order_by(SaleLine.created_at)).all()
    pays = s.scalars(select(Payment).where(Payment.receipt_number == refund.number)
                     .order_by(Payment.created_at)).all()
    balance = None
    for p in pays:
        if p.method == "account":
            balance = _note(p.note).get("balance_after_fen")
    villager = s.get(Villager, sale.villager_id) if sale and sale.villager_id else None
    notes = (refund.reason,) if refund.reason else ()
    return ReceiptData(
        station=station_header(s), number=refund.number, at=refund.at, operator=refund.operator,
        kind="refund",
        # the sale's unit price, and what the refund gives back less than that as the discount
        lines=tuple(ReceiptLine(sl.description, rl.quantity, sl.unit_price_fen, rl.amount_fen,
                                max(0, sl.unit_price_fen * rl.quantity - rl.amount_fen)) for rl, sl in rows),
        total_fen=refund.total_fen,
        tenders=tuple(ReceiptTender(p.method, -p.amount_fen, p.reference) for p in pays),
        customer=villager.name if villager else "", balance_fen=balance,
        original_number=sale.number if sale else "", notes=notes, reprint=reprint,
    )


def receipt_document(db: Database, number: str, translate: Translate = no_translation, *,
                     reprint: bool = False) -> Document:
    """The printable receipt of a sale (R...) or a refund (F...)."""
    parsed = require_number(number)
    with db.reader() as s:
        options = receipt_settings.options_in(s, kick_drawer=not reprint)
        if parsed.prefix == SALE:
            data = sale_receipt_data(s, load_sale(s, number), reprint)
        elif parsed.prefix == REFUND:
            refund = s.scalar(select(Refund).where(Refund.number == str(parsed), Refund.sale_id.is_not(None)))
            if refund is None:
                raise NotFound(tr_noop("errors", "There is no refund with number {number}."), number=str(parsed))
            data = refund_receipt_data(s, refund, reprint)
        else:
            raise NotFound(tr_noop("errors", "Receipt {number} is not a counter sale or refund."),
                           number=str(parsed))
    return build_receipt(data, options, translate)


def reprint_document(db: Database, operator: Operator, number: str,
                     translate: Translate = no_translation) -> Document:
    """The same receipt marked as a reprint; the reprint is written to the audit log."""
    doc = receipt_document(db, number, translate, reprint=True)
    with db.unit_of_work() as s:
        audit.record(s, operator, RECEIPT_REPRINTED, {"number": str(require_number(number))})
    return doc
