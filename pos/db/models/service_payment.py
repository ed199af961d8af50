from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime, utcnow

SERVICE_STATES = ("completed", "refunded")


class ServicePayment(Base, Record):
    """A service paid with an account (便民服务): a phone top-up, an electricity or water bill.

    ``id`` is the record's UUID, the key it is synced by. ``account`` is the whole number or
    account and stays at the station (receipts and the county see it masked). The commission was
    computed from the kind's rule when it was paid and is never recomputed. The money is the
    Payment rows with this ``number`` as their receipt number (purpose ``service``; a refund's
    are ``service_refund`` under ``refund_number``), stamped with the shift they were taken in.
    """

    __tablename__ = "service_payment"

    number: Mapped[str] = mapped_column(String(30), unique=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    kind_name: Mapped[str] = mapped_column(String(30), default="")  # as the kind was named then
    provider: Mapped[str] = mapped_column(String(40), default="")
    account: Mapped[str] = mapped_column(String(30))
    account_masked: Mapped[str] = mapped_column(String(30))
    amount_fen: Mapped[int] = mapped_column(Integer)
    fee_fen: Mapped[int] = mapped_column(Integer, default=0)
    commission_fen: Mapped[int] = mapped_column(Integer, default=0)
    methods: Mapped[str] = mapped_column(String(40), default="")  # "cash", "cash+mobile" ...
    status: Mapped[str] = mapped_column(String(12), default="completed", index=True)
    paid_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    refunded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    refund_number: Mapped[str] = mapped_column(String(30), default="")
    refund_reason: Mapped[str] = mapped_column(Text, default="")
    approved_by: Mapped[str] = mapped_column(String(50), default="")
    operator: Mapped[str] = mapped_column(String(50), default="")
    refunded_by: Mapped[str] = mapped_column(String(50), default="")
    villager_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("villager.id"), nullable=True)
    shift_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("shift.id"), nullable=True, index=True)
    counter_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("counter.id"), nullable=True)
