"""What an assisted-purchase order writes down inside the caller's transaction: its timeline
events, the payments taken for it and the villager's account entries.

Both the order actions (orders, refunds) and the parcel hooks (links) record these; they live
here, below both, so that neither has to import the other for them.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from sqlalchemy.orm import Session

from pos.db.models import Villager
from pos.db.models.payment import AccountEntry, Payment
from pos.db.models.purchase import PurchaseEvent, PurchaseOrder
from pos.domain.purchases import Tender
from pos.domain.users import Operator
from pos.services.shifts.drawer import shift_for_tender


def add_event(session: Session, order: PurchaseOrder, kind: str, operator: Operator | str | None,
              at: dt.datetime, **details) -> None:
    name = operator.name if isinstance(operator, Operator) else (operator or "")
    session.add(PurchaseEvent(order_id=order.id, at=at, kind=kind, operator=name,
                              details=json.dumps(details, ensure_ascii=False, default=str)))


def record_tenders(session: Session, order: PurchaseOrder, tenders: list[Tender], purpose: str,
                   operator: Operator | str, at: dt.datetime, parcel_id: uuid.UUID | None = None,
                   cash_received_fen: int | None = None) -> None:
    """Payment rows for money taken; 'account' tenders also go on the villager's account.
    ``cash_received_fen``: what was handed over for the cash tender, kept in its note as a sale's
    is (tendered_fen, change_fen) for the receipt and its reprint."""
    name = operator.name if isinstance(operator, Operator) else operator
    if tenders:
        shift_for_tender(session)  # deposits, balances at the counter or at pickup: all in a shift
    for t in tenders:
        note = ""
        if t.method == "cash" and cash_received_fen is not None:
            note = json.dumps({"tendered_fen": cash_received_fen, "change_fen": cash_received_fen - t.amount_fen})
            cash_received_fen = None  # one cash tender takes it
        session.add(Payment(at=at, purpose=purpose, method=t.method, amount_fen=t.amount_fen, reference=t.reference,
                            operator=name, receipt_number=order.number, purchase_id=order.id,
                            parcel_id=parcel_id, villager_id=order.villager_id, note=note))
        if t.method == "account":
            assert order.villager_id is not None  # check_tenders refuses the account without a villager
            change_account(session, order.villager_id, t.amount_fen, "purchase", order.number, name, at)
            order.on_account_fen += t.amount_fen
        else:
            order.paid_fen += t.amount_fen


def change_account(session: Session, villager_id: uuid.UUID, amount_fen: int, kind: str, reference: str,
                   operator: str, at: dt.datetime, note: str = "") -> None:
    """An account entry and the villager's balance, always changed together."""
    v = session.get_one(Villager, villager_id, with_for_update=True)
    session.add(AccountEntry(villager_id=villager_id, at=at, amount_fen=amount_fen, kind=kind,
                             reference=reference, operator=operator, note=note))
    v.balance_fen += amount_fen
