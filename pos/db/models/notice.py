from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime

if TYPE_CHECKING:
    from pos.db.models.parcel import Parcel

NOTICE_STATUSES = ("pending", "sent", "failed")


class Notice(Base, Record):
    """One message to one villager for one local day and kind, listing all their parcels."""

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("phone_key", "day", "kind"),
        # the Notices page's lists, each in its order, and their counts: read from here, not sorted
        # from the status's every notice (the sent list took 0.3 s to sort at five years)
        Index("ix_notice_status_day", "status", "day", "created_at"),
    )

    phone_key: Mapped[str] = mapped_column(String(20))  # full phone, or masked form, or villager id
    phone: Mapped[str] = mapped_column(String(20), default="")
    recipient_name: Mapped[str] = mapped_column(String(50), default="")
    villager_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("villager.id"), nullable=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)  # the station's local date
    kind: Mapped[str] = mapped_column(String(20), default="arrival")  # arrival | reminder
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="pending")
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")


class NoticeParcel(Base, Record):
    __tablename__ = "notice_parcel"
    __table_args__ = (UniqueConstraint("notice_id", "parcel_id"),)

    # no index of its own: the unique (notice_id, parcel_id) index serves look-ups by notice
    notice_id: Mapped[uuid.UUID] = mapped_column(Key, ForeignKey("notice.id"))
    parcel_id: Mapped[uuid.UUID] = mapped_column(Key, ForeignKey("parcel.id"), index=True)
    # never read or set: it tells the unit of work that a parcel goes in before its link, so a
    # check-in's parcel, notice and link are written by one flush, at the commit (without it the
    # flush orders them by class name, and the link came before its parcel)
    _parcel: Mapped[Parcel] = relationship("Parcel", lazy="raise")
