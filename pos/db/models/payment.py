from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime, utcnow

METHODS = ("cash", "mobile", "account")
# what the money was for; shift totals and reports group by these
PURPOSES = ("sale", "sale_refund", "purchase_deposit", "purchase_balance", "purchase_refund",
            "parcel_fee", "delivery", "parcel_send", "service", "service_refund", "account_payment",
            "cash_in", "cash_out")


class Payment(Base, Record):
    """Every movement of money at the counter, one row per tender: the cash drawer's ledger.

    ``amount_fen`` is positive when money comes in, negative when it goes out (refunds, cash out).
    ``method`` 'account' means nothing changed hands: it went on the villager's account.
    """

    __tablename__ = "payment"
    # a report's "sales by tender" (purpose IN ..., at in the day): purpose alone read every
    # sale payment of the history
    __table_args__ = (Index("ix_payment_purpose_at", "purpose", "at"),)

    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    purpose: Mapped[str] = mapped_column(String(30))  # ix_payment_purpose_at
    method: Mapped[str] = mapped_column(String(12))
    amount_fen: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(100), default="")  # mobile payment reference
    operator: Mapped[str] = mapped_column(String(50), default="")
    receipt_number: Mapped[str] = mapped_column(String(30), default="", index=True)
    sale_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("sale.id"), nullable=True, index=True)
    purchase_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("purchase_order.id"), nullable=True, index=True)
    parcel_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("parcel.id"), nullable=True)
    villager_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("villager.id"), nullable=True, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # the shift (so the counter's drawer) it was taken in; None: before counters, or no shift needed
    shift_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("shift.id"), nullable=True, index=True)


class AccountEntry(Base, Record):
    """One change of a villager's balance on account (赊账); Villager.balance_fen is their sum.

    Positive: the villager owes more (a sale or purchase on account); negative: they paid, or a
    refund or an owner's adjustment lowered it.
    """

    __tablename__ = "account_entry"
    # the outstanding balance at a report's end sums every entry before it: the amount in the
    # index answers that from the index alone
    __table_args__ = (Index("ix_account_entry_at_amount", "at", "amount_fen"),)

    villager_id: Mapped[uuid.UUID] = mapped_column(Key, ForeignKey("villager.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)  # ix_account_entry_at_amount
    amount_fen: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))  # sale | purchase | payment | refund | adjustment | import
    reference: Mapped[str] = mapped_column(String(30), default="")  # receipt or order number
    operator: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")
