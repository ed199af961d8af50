"""Receipts of assisted purchases from what is stored: a reprint is the same call."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import Villager
from pos.db.models.payment import Payment
from pos.db.plans import unindexed
from pos.domain import purchase_documents as docs
from pos.domain.purchases import Tender
from pos.domain.receipt import Document
from pos.domain.receipts import StationHeader, Translate, no_translation
from pos.services.station import receipt_settings
from pos.services.purchases.refunds import get_refund
from pos.services.purchases.views import load_order, order_view
from pos.services.station.setup import load_station


def _header(s: Session) -> StationHeader:
    st = load_station(s)
    return StationHeader(st.name, st.address, st.phone) if st else StationHeader("")


def _balance(s: Session, villager_id: uuid.UUID | None) -> int | None:
    v = s.get(Villager, villager_id) if villager_id else None
    return v.balance_fen if v else None


def _tenders(s: Session, order_id: uuid.UUID, purpose: str) -> list[Payment]:
    return list(s.scalars(select(Payment).where(Payment.purchase_id == order_id, unindexed(Payment.purpose) == purpose)
                          .order_by(Payment.at, Payment.created_at)))


def order_document(db, order_id: uuid.UUID | str, translate: Translate = no_translation, reprint: bool = False) -> Document:
    with db.reader() as s:
        order = order_view(s, load_order(s, order_id))
        rows = _tenders(s, order.id, "purchase_deposit")
        paid = [Tender(p.method, p.amount_fen, p.reference) for p in rows]
        return docs.order_receipt(order, _header(s), receipt_settings.options_in(s, kick_drawer=not reprint),
                                  translate, paid, reprint, cash_received_fen=_cash_received(rows))


def _cash_received(rows: list[Payment]) -> int | None:
    """What the villager handed over for the cash tender (None: not recorded, as before it was)."""
    for p in rows:
        if p.method == "cash" and p.note:
            try:
                tendered = json.loads(p.note).get("tendered_fen")
            except (ValueError, AttributeError):
                return None
            return int(tendered) if isinstance(tendered, int) else None
    return None


def balance_document(db, order_id: uuid.UUID | str, translate: Translate = no_translation) -> Document | None:
    """The latest balance payment of the order (None when it has none)."""
    with db.reader() as s:
        order = order_view(s, load_order(s, order_id))
        rows = _tenders(s, order.id, "purchase_balance")
        if not rows:
            return None
        last = rows[-1].at
        taken = [Tender(p.method, p.amount_fen, p.reference) for p in rows if p.at == last]
        return docs.balance_receipt(order, taken, last, rows[-1].operator, _header(s),
                                    receipt_settings.options_in(s), translate, _balance(s, order.villager_id))


def refund_document(db, number: str, translate: Translate = no_translation, reprint: bool = False) -> Document:
    refund = get_refund(db, number)
    with db.reader() as s:
        order = load_order(s, refund.order_number)
        return docs.refund_receipt(refund, _header(s), receipt_settings.options_in(s, kick_drawer=not reprint),
                                   translate, _balance(s, order.villager_id), reprint)
