from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime, utcnow


class Sale(Base, Record):
    """A counter sale. ``number`` is the receipt number (R20261122-0007), printed as a barcode
    so a refund starts with a scan."""

    __tablename__ = "sale"

    number: Mapped[str] = mapped_column(String(30), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="completed")  # completed | partly_refunded | refunded
    operator: Mapped[str] = mapped_column(String(50), default="")
    villager_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("villager.id"), nullable=True, index=True)
    subtotal_fen: Mapped[int] = mapped_column(Integer, default=0)
    discount_fen: Mapped[int] = mapped_column(Integer, default=0)  # whole-sale discount
    total_fen: Mapped[int] = mapped_column(Integer, default=0)
    completed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    note: Mapped[str] = mapped_column(Text, default="")


class SaleLine(Base, Record):
    __tablename__ = "sale_line"

    sale_id: Mapped[uuid.UUID] = mapped_column(Key, ForeignKey("sale.id"), index=True)
    product_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("product.id"), nullable=True, index=True)
    description: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(50), default="")
    unit_price_fen: Mapped[int] = mapped_column(Integer)
    # the product's cost price per unit when it was sold (a later change of cost leaves past
    # margins alone); None: no cost price, the line earns no margin on the income statement
    cost_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quantity: Mapped[int] = mapped_column(Integer)
    discount_fen: Mapped[int] = mapped_column(Integer, default=0)
    total_fen: Mapped[int] = mapped_column(Integer)
    refunded_quantity: Mapped[int] = mapped_column(Integer, default=0)
    # a weighed line (quantity 1): its weight, the unit priced (jin | kg) and the price per unit
    weight_grams: Mapped[int | None] = mapped_column(Integer, nullable=True)
    weight_unit: Mapped[str] = mapped_column(String(8), default="", server_default="")
    price_per_unit_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Refund(Base, Record):
    """Money given back, for a sale or an assisted purchase, with its own receipt number."""

    __tablename__ = "refund"

    number: Mapped[str] = mapped_column(String(30), unique=True)
    sale_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("sale.id"), nullable=True, index=True)
    purchase_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("purchase_order.id"), nullable=True, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    operator: Mapped[str] = mapped_column(String(50), default="")
    approved_by: Mapped[str] = mapped_column(String(50), default="")
    total_fen: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class RefundLine(Base, Record):
    __tablename__ = "refund_line"

    refund_id: Mapped[uuid.UUID] = mapped_column(Key, ForeignKey("refund.id"), index=True)
    sale_line_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("sale_line.id"), nullable=True)
    purchase_item_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("purchase_item.id"), nullable=True)
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    amount_fen: Mapped[int] = mapped_column(Integer)
