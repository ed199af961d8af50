from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record


class Product(Base, Record):
    """Goods and services sold at the counter. Services (phone top-up, bill payment, parcel
    sending fee) carry no stock."""

    __tablename__ = "product"
    __table_args__ = (
        Index("uq_product_barcode", "barcode", unique=True,
              sqlite_where=text("barcode != ''"), postgresql_where=text("barcode != ''")),
    )

    name: Mapped[str] = mapped_column(String(100), index=True)
    name_initials: Mapped[str] = mapped_column(String(100), default="", index=True)
    barcode: Mapped[str] = mapped_column(String(20), default="")
    price_fen: Mapped[int] = mapped_column(Integer)
    # what the partner paid per unit (piece, jin or kg as ``unit``); None: not known, no margin
    cost_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    low_stock: Mapped[int] = mapped_column(Integer, default=0)  # warn at or below this
    category: Mapped[str] = mapped_column(String(50), default="")
    is_service: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # piece: sold by count; jin or kg: price_fen is per 斤 (500 g) or per kg, weighed at the counter
    unit: Mapped[str] = mapped_column(String(8), default="piece", server_default="piece")
