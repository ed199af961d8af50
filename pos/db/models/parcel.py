from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime, utcnow

# awaiting_phone: checked in by a batch scan, no recipient yet (not shelved, no code) ·
# in_stock: on the shelf under its pickup code · out_for_delivery: on a delivery run ·
# picked_up: handed over (at the counter or delivered) · returned: given back to the courier
IN_STATION = ("awaiting_phone", "in_stock", "out_for_delivery")
STATUSES = IN_STATION + ("picked_up", "returned")
_IN_STATION_SQL = "status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')"


class Parcel(Base, Record):
    """One stay of a parcel at the station, from check-in until it leaves.

    A waybill checked in again after it left gets a new row; the partial unique indexes keep one
    waybill, and one pickup code, to at most one parcel still in the station.
    """

    __tablename__ = "parcel"
    # No index of checked_in_at or picked_up_at alone: ix_parcel_checked_in_carrier and
    # ix_parcel_picked_up_carrier start with them and serve every range and order by them; none of
    # returned_at alone (ranges on it come with the status: ix_parcel_status_returned_at). Each was
    # one more entry to write at every check-in and handover (migration 0019)
    __table_args__ = (
        Index("uq_parcel_waybill_in_station", "waybill", unique=True,
              sqlite_where=text(_IN_STATION_SQL), postgresql_where=text(_IN_STATION_SQL)),
        Index("uq_parcel_pickup_code_in_station", "pickup_code", unique=True,
              sqlite_where=text(_IN_STATION_SQL + " AND pickup_code != ''"),
              postgresql_where=text(_IN_STATION_SQL + " AND pickup_code != ''")),
        Index("ix_parcel_status_checked_in", "status", "checked_in_at"),
        # the income statement counts a month's check-ins and handovers per carrier from these
        Index("ix_parcel_checked_in_carrier", "checked_in_at", "carrier"),
        Index("ix_parcel_picked_up_carrier", "picked_up_at", "carrier", "status"),
        # handed over / returned in a period (reports): without the status in the key SQLite
        # chose the status index and read every parcel of that status in the history
        Index("ix_parcel_status_picked_up_at", "status", "picked_up_at"),
        # 3 parcels in 100 are returned: only those are in this one (a range on returned_at
        # implies it is not NULL, so SQLite and PostgreSQL both use it): 0.6 MB instead of 20
        Index("ix_parcel_status_returned_at", "status", "returned_at",
              sqlite_where=text("returned_at IS NOT NULL"), postgresql_where=text("returned_at IS NOT NULL")),
        # a code's every stay (about 3 at five years): the check-in's rest check reads whether
        # one is in the station or left within the rest period from this index alone, not from
        # the rows of parcels that left years ago (#20, goal 3a; migration 0018)
        Index("ix_parcel_pickup_code_stay", "pickup_code", "status", "picked_up_at", "returned_at"),
        # the pickup lookup by phone tail only ever looks at parcels still in the station
        Index("ix_parcel_phone_tail_in_station", "phone_tail",
              sqlite_where=text(_IN_STATION_SQL), postgresql_where=text(_IN_STATION_SQL)),
    )

    waybill: Mapped[str] = mapped_column(String(40), index=True)
    # export code: SF, ZTO, ... OTHER. Not indexed: nothing looks parcels up by carrier alone
    carrier: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(20), default="")  # full mobile, or '' when masked
    phone_masked: Mapped[str] = mapped_column(String(20), default="")
    phone_tail: Mapped[str] = mapped_column(String(4), default="", index=True)
    recipient_name: Mapped[str] = mapped_column(String(50), default="")
    villager_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("villager.id"), nullable=True, index=True)
    shelf: Mapped[str] = mapped_column(String(8), default="")
    layer: Mapped[int] = mapped_column(Integer, default=0)
    pickup_code: Mapped[str] = mapped_column(String(20), default="")
    fee_due_fen: Mapped[int] = mapped_column(Integer, default=0)  # storage or delivery fee
    checked_in_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked_in_by: Mapped[str] = mapped_column(String(50), default="")
    picked_up_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    handed_over_by: Mapped[str] = mapped_column(String(50), default="")
    collector_name: Mapped[str] = mapped_column(String(50), default="")  # 代取: who took it
    collector_relation: Mapped[str] = mapped_column(String(30), default="")
    handover_without_scan_reason: Mapped[str] = mapped_column(Text, default="")
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    return_batch_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("return_batch.id"), nullable=True)
    delivery_run_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("delivery_run.id"), nullable=True)
    delivery_requested: Mapped[bool] = mapped_column(default=False)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ParcelEvent(Base, Record):
    """Everything that happened to a parcel, with operator and time: its history."""

    __tablename__ = "parcel_event"

    parcel_id: Mapped[uuid.UUID] = mapped_column(Key, ForeignKey("parcel.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    operator: Mapped[str] = mapped_column(String(50), default="")
    details: Mapped[str] = mapped_column(Text, default="")
    # never read or set: the parcel goes in before its event when both are in one flush, which
    # otherwise orders its INSERTs by class name (see NoticeParcel)
    _parcel: Mapped[Parcel] = relationship(Parcel, lazy="raise")


class ReturnBatch(Base, Record):
    """Overdue parcels handed back to one courier together, on one signed slip."""

    __tablename__ = "return_batch"

    number: Mapped[str] = mapped_column(String(30), unique=True)
    carrier: Mapped[str] = mapped_column(String(12), default="")
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    operator: Mapped[str] = mapped_column(String(50), default="")


class DeliveryRun(Base, Record):
    """A round of door deliveries (送货上门) with its run sheet."""

    __tablename__ = "delivery_run"

    number: Mapped[str] = mapped_column(String(30), unique=True)
    fee_fen: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    operator: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Stocktake(Base, Record):
    """A scan of everything on the shelves, compared with what should be there."""

    __tablename__ = "stocktake"

    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    operator: Mapped[str] = mapped_column(String(50), default="")
    seen: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of normalised waybills
