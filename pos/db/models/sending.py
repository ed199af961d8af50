from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime, utcnow

# accepted: paid at the counter; labelled: the courier's waybill is on it; collected: the courier
# took it (揽收); returned: refused or sent back to the station
SENT_STATES = ("accepted", "labelled", "collected", "returned")


class SentParcel(Base, Record):
    """A parcel a villager sends (寄件). ``number`` is its receipt number (J20261202-0003); the
    price and how it was reached are stored as quoted, so a receipt reprints what was paid."""

    __tablename__ = "sent_parcel"
    __table_args__ = (
        Index("uq_sent_parcel_waybill", "waybill", unique=True,
              sqlite_where=text("waybill != ''"), postgresql_where=text("waybill != ''")),
    )

    number: Mapped[str] = mapped_column(String(30), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="accepted", index=True)
    carrier: Mapped[str] = mapped_column(String(12), index=True)
    waybill: Mapped[str] = mapped_column(String(40), default="")
    sender_villager_id: Mapped[uuid.UUID | None] = mapped_column(
        Key, ForeignKey("villager.id"), nullable=True, index=True)
    sender_name: Mapped[str] = mapped_column(String(50))
    sender_phone: Mapped[str] = mapped_column(String(20), default="")
    recipient_name: Mapped[str] = mapped_column(String(50))
    recipient_phone: Mapped[str] = mapped_column(String(20))
    province: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(30), default="")
    county: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200))
    contents: Mapped[str] = mapped_column(String(100))
    weight_grams: Mapped[int] = mapped_column(Integer)
    weight_source: Mapped[str] = mapped_column(String(8), default="typed")  # scale | typed
    length_cm: Mapped[int | None] = mapped_column(Integer, nullable=True)
    width_cm: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height_cm: Mapped[int | None] = mapped_column(Integer, nullable=True)
    volumetric_grams: Mapped[int] = mapped_column(Integer, default=0)
    chargeable_grams: Mapped[int] = mapped_column(Integer)
    zone: Mapped[str] = mapped_column(String(50), default="")
    first_fen: Mapped[int] = mapped_column(Integer)
    additional_fen: Mapped[int] = mapped_column(Integer, default=0)
    insured_value_fen: Mapped[int] = mapped_column(Integer, default=0)
    insurance_fen: Mapped[int] = mapped_column(Integer, default=0)
    total_fen: Mapped[int] = mapped_column(Integer)
    operator: Mapped[str] = mapped_column(String(50), default="")
    accepted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    labelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    collected_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    handover_id: Mapped[uuid.UUID | None] = mapped_column(
        Key, ForeignKey("parcel_handover.id"), nullable=True, index=True)
    note: Mapped[str] = mapped_column(Text, default="")


class ParcelHandover(Base, Record):
    """One courier collection (揽收): the parcels one carrier's courier took, signed for on paper."""

    __tablename__ = "parcel_handover"

    number: Mapped[str] = mapped_column(String(30), unique=True)
    carrier: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | closed
    operator: Mapped[str] = mapped_column(String(50), default="")
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
