from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime, utcnow

PURCHASE_STATUSES = ("placed", "shipped", "arrived", "collected", "cancelled", "refunded")


class PurchaseOrder(Base, Record):
    """An assisted purchase (代购): goods the partner orders online for a villager."""

    __tablename__ = "purchase_order"
    # orders cancelled in a report's period; few are ever cancelled, so only those are indexed
    # (a range on cancelled_at implies it is not NULL: SQLite and PostgreSQL both use it)
    __table_args__ = (Index("ix_purchase_order_cancelled_at", "cancelled_at",
                            sqlite_where=text("cancelled_at IS NOT NULL"),
                            postgresql_where=text("cancelled_at IS NOT NULL")),
                      # the order list filtered by status, newest first, read in its order: the
                      # status's orders were sorted (95,000 collected at five years, 60-150 ms)
                      Index("ix_purchase_order_status_placed_at", "status", "placed_at"))

    number: Mapped[str] = mapped_column(String(30), unique=True)  # P20261122-0003
    villager_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("villager.id"), nullable=True, index=True)
    customer_name: Mapped[str] = mapped_column(String(50), default="")
    customer_phone: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(20), default="placed")
    platform_orders: Mapped[str] = mapped_column(Text, default="")  # platform order numbers, one per line
    items_total_fen: Mapped[int] = mapped_column(Integer, default=0)
    service_fee_fen: Mapped[int] = mapped_column(Integer, default=0)
    total_fen: Mapped[int] = mapped_column(Integer, default=0)
    paid_fen: Mapped[int] = mapped_column(Integer, default=0)  # cash/mobile received so far
    on_account_fen: Mapped[int] = mapped_column(Integer, default=0)  # put on the villager's account
    refunded_fen: Mapped[int] = mapped_column(Integer, default=0)
    expected_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    operator: Mapped[str] = mapped_column(String(50), default="")
    placed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    shipped_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    arrived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    collected_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    return_waybill: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class PurchaseItem(Base, Record):
    __tablename__ = "purchase_item"

    order_id: Mapped[uuid.UUID] = mapped_column(Key, ForeignKey("purchase_order.id"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    shop: Mapped[str] = mapped_column(String(100), default="")
    link: Mapped[str] = mapped_column(Text, default="")  # link or item id
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_fen: Mapped[int] = mapped_column(Integer)
    refunded_fen: Mapped[int] = mapped_column(Integer, default=0)
    # the goods category the partner's commission rate is chosen by (家电, 服装, ...)
    category: Mapped[str] = mapped_column(String(50), default="", server_default="")


class PurchaseWaybill(Base, Record):
    """A waybill the order ships under; check-in of that waybill marks the order arrived."""

    __tablename__ = "purchase_waybill"

    order_id: Mapped[uuid.UUID] = mapped_column(Key, ForeignKey("purchase_order.id"), index=True)
    waybill: Mapped[str] = mapped_column(String(40), index=True)  # normalised
    parcel_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("parcel.id"), nullable=True, index=True)


class PurchaseEvent(Base, Record):
    """The order's timeline."""

    __tablename__ = "purchase_event"

    order_id: Mapped[uuid.UUID] = mapped_column(Key, ForeignKey("purchase_order.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    operator: Mapped[str] = mapped_column(String(50), default="")
    details: Mapped[str] = mapped_column(Text, default="")
