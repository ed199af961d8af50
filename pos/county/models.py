"""The county centre's tables, on PostgreSQL only (JSONB, ON CONFLICT, sequences).

Its own metadata and Alembic environment (pos/county/migrations): a county database never holds
station tables and a station's migrations never touch it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer,
                        MetaData, Sequence, String, UniqueConstraint, Uuid, func)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Time = DateTime(timezone=True)



class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# One counter for every row a station pulls (manifests, settings): the cursor of GET /api/manifests.
change_id_seq = Sequence("county_change_id_seq", metadata=Base.metadata)


class Station(Base):
    __tablename__ = "station"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)
    # where the station's uploads stand: the last seq the county has, under which db_generation
    generation: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    high_water: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)


class StationGeneration(Base):
    """Each database a station has synced from: a restore from a backup starts a new one, and an
    old one may not come back (two PCs syncing as one station would interleave their seqs)."""

    __tablename__ = "station_generation"

    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"), primary_key=True)
    generation: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    first_seq: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())


class EnrolmentCode(Base):
    """A one-time code county staff give a station to link it (only its SHA-256 is kept)."""

    __tablename__ = "enrolment_code"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())
    expires_at: Mapped[dt.datetime] = mapped_column(Time)
    used_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)


class StationKey(Base):
    """The bearer key a station signs its requests with (only its SHA-256 is kept)."""

    __tablename__ = "station_key"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)


class StaffToken(Base):
    """A bearer token for county staff scripts (manifests, the stations list)."""

    __tablename__ = "staff_token"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)


class ReceivedBatch(Base):
    """Every batch the county applied, with its answer: a replay gets that answer again."""

    __tablename__ = "received_batch"

    batch_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"), index=True)
    db_generation: Mapped[uuid.UUID] = mapped_column(Uuid)
    seq_from: Mapped[int] = mapped_column(BigInteger)
    seq_to: Mapped[int] = mapped_column(BigInteger)
    records: Mapped[int] = mapped_column(Integer)
    body_sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())
    response: Mapped[dict] = mapped_column(JSONB)


class _Synced:
    """A station's record as last sent: keyed (station_id, uuid), the highest version wins.

    ``data`` holds the record as the contract defines it; the columns beside it are the ones the
    county filters and counts on."""

    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"), primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    seq: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[dt.datetime] = mapped_column(Time)  # station clock
    received_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())  # county clock
    batch_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    data: Mapped[dict] = mapped_column(JSONB)


class SyncedParcel(_Synced, Base):
    __tablename__ = "synced_parcel"
    __table_args__ = (Index("ix_synced_parcel_station_waybill", "station_id", "waybill"),
                      Index("ix_synced_parcel_station_status", "station_id", "status"),
                      # a day's parcel fees: check-ins and handovers by time (pos.county.income)
                      Index("ix_synced_parcel_station_checked_in_at", "station_id", "checked_in_at"),
                      Index("ix_synced_parcel_station_picked_up_at", "station_id", "picked_up_at"))

    waybill: Mapped[str] = mapped_column(String(40))
    carrier: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(20))
    checked_in_at: Mapped[dt.datetime] = mapped_column(Time)
    picked_up_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)


class SyncedParcelEvent(_Synced, Base):
    __tablename__ = "synced_parcel_event"

    parcel_uuid: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    at: Mapped[dt.datetime] = mapped_column(Time)
    kind: Mapped[str] = mapped_column(String(30))


class SyncedPurchase(_Synced, Base):
    __tablename__ = "synced_purchase"
    __table_args__ = (Index("ix_synced_purchase_station_collected_at", "station_id", "collected_at"),)

    number: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    total_fen: Mapped[int] = mapped_column(BigInteger)
    placed_at: Mapped[dt.datetime] = mapped_column(Time)
    # commission is earned on collection (pos.domain.income.purchase_item_facts)
    collected_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)


class SyncedPurchaseEvent(_Synced, Base):
    __tablename__ = "synced_purchase_event"

    purchase_uuid: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    at: Mapped[dt.datetime] = mapped_column(Time)
    kind: Mapped[str] = mapped_column(String(30))


class SyncedSale(_Synced, Base):
    """A sale with its lines (in ``data``): lines change only with their sale."""

    __tablename__ = "synced_sale"

    number: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    total_fen: Mapped[int] = mapped_column(BigInteger)
    completed_at: Mapped[dt.datetime] = mapped_column(Time)


class SyncedRefund(_Synced, Base):
    __tablename__ = "synced_refund"
    __table_args__ = (Index("ix_synced_refund_station_purchase_uuid", "station_id", "purchase_uuid"),
                      Index("ix_synced_refund_station_at", "station_id", "at"))

    number: Mapped[str] = mapped_column(String(30))
    total_fen: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[dt.datetime] = mapped_column(Time)
    purchase_uuid: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # a purchase's refund


class SyncedShift(_Synced, Base):
    __tablename__ = "synced_shift"

    number: Mapped[str] = mapped_column(String(30))
    opened_at: Mapped[dt.datetime] = mapped_column(Time)
    closed_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)
    variance_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class SyncedServicePayment(_Synced, Base):
    """A phone top-up or bill payment, its account masked; its commission as fixed when paid."""

    __tablename__ = "synced_service_payment"
    __table_args__ = (Index("ix_synced_service_payment_station_paid_at", "station_id", "paid_at"),
                      Index("ix_synced_service_payment_station_refunded_at", "station_id", "refunded_at"))

    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    commission_fen: Mapped[int] = mapped_column(BigInteger)
    paid_at: Mapped[dt.datetime] = mapped_column(Time)
    refunded_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)


class SyncedCounts(_Synced, Base):
    __tablename__ = "synced_counts"

    day: Mapped[dt.date] = mapped_column(Date)


SYNCED_TABLES: dict[str, type[_Synced]] = {
    "parcel": SyncedParcel,
    "parcel_event": SyncedParcelEvent,
    "purchase": SyncedPurchase,
    "purchase_event": SyncedPurchaseEvent,
    "sale": SyncedSale,
    "refund": SyncedRefund,
    "shift": SyncedShift,
    "counts": SyncedCounts,
    "service_payment": SyncedServicePayment,
}


class IncomeDay(Base):
    """A station's income for one local day, by source and key, priced with its rates: kept up to
    date at every batch and rate change (pos.county.income_rollup) so that a month's income of
    every station is one grouped sum. The statement itself is computed from the records."""

    __tablename__ = "income_day"

    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    source: Mapped[str] = mapped_column(String(30), primary_key=True)
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    event: Mapped[str] = mapped_column(String(12), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    base_fen: Mapped[int] = mapped_column(BigInteger)
    income_fen: Mapped[int] = mapped_column(BigInteger)


class IncomeMonth(Base):
    """A station's month: the sum of its income_day rows, kept with them, so that every station's
    month is read as one row each (the dashboard)."""

    __tablename__ = "income_month"
    __table_args__ = (Index("ix_income_month_month", "month"),)

    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # its first day
    county_paid_fen: Mapped[int] = mapped_column(BigInteger)  # what the county owes for it
    total_fen: Mapped[int] = mapped_column(BigInteger)


class Manifest(Base):
    """A truck's load for one station. ``change_id`` is renewed at every change, so a station
    pulling ``after=<its cursor>`` gets it (again) in its newest form."""

    __tablename__ = "manifest"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"), index=True)
    truck: Mapped[str] = mapped_column(String(50), default="", server_default="")
    dispatched_at: Mapped[dt.datetime] = mapped_column(Time)
    created_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())
    change_id: Mapped[int] = mapped_column(BigInteger, unique=True)


class ManifestLine(Base):
    __tablename__ = "manifest_line"
    __table_args__ = (
        UniqueConstraint("manifest_id", "waybill"),
        CheckConstraint("status IN ('dispatched', 'arrived', 'missing')", name="status"),
        Index("ix_manifest_line_station_waybill", "station_id", "waybill"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    manifest_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("manifest.id"), index=True)
    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"))
    waybill: Mapped[str] = mapped_column(String(40))
    carrier: Mapped[str] = mapped_column(String(12), default="", server_default="")
    recipient_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    recipient_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    status: Mapped[str] = mapped_column(String(12), default="dispatched", server_default="dispatched")
    arrived_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)  # station's check-in time
    parcel_uuid: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)


class StationSettings(Base):
    """Settings the county sets for a station and the station may not change (notice wording,
    commission rates). The whole set travels each time; ``version`` counts the changes."""

    __tablename__ = "station_settings"

    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict] = mapped_column(JSONB)
    updated_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())
    change_id: Mapped[int] = mapped_column(BigInteger, unique=True)



class StaffUser(Base):
    """A person of the county centre who logs in to the web pages. ``password_hash`` is scrypt
    (pos.domain.pins format); five wrong passwords lock the account for a while."""

    __tablename__ = "staff_user"
    __table_args__ = (CheckConstraint("role IN ('administrator', 'viewer')", name="role"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())
    last_login_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)


class WebSession(Base):
    """A logged-in browser: only the SHA-256 of its cookie is kept; ``csrf`` goes into every form."""

    __tablename__ = "web_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Time, server_default=func.now())
    last_seen_at: Mapped[dt.datetime] = mapped_column(Time)


class StationDay(Base):
    """Per station and local day (Asia/Shanghai): what the dashboard's lists and charts add up.
    Recomputed at ingest for the days a batch touches (pos.county.rollup), so a page reads a
    few thousand rows instead of millions of records."""

    __tablename__ = "station_day"

    station_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("station.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    checkins: Mapped[int] = mapped_column(Integer, default=0)
    purchases: Mapped[int] = mapped_column(Integer, default=0)
    purchases_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    sales: Mapped[int] = mapped_column(Integer, default=0)
    sales_fen: Mapped[int] = mapped_column(BigInteger, default=0)


Index("ix_station_day_day", StationDay.day)
# the rollup recomputes a station's days from these; the dashboard counts open manifest lines
Index("ix_synced_parcel_station_checked_in", SyncedParcel.station_id, SyncedParcel.checked_in_at)
Index("ix_synced_purchase_station_placed", SyncedPurchase.station_id, SyncedPurchase.placed_at)
Index("ix_synced_sale_station_completed", SyncedSale.station_id, SyncedSale.completed_at)
Index("ix_manifest_line_open", ManifestLine.station_id, postgresql_where=ManifestLine.status != "arrived")
# the parcels still at a station: a few per cent of a year's, read by every dashboard
Index("ix_synced_parcel_in_stock", SyncedParcel.station_id, SyncedParcel.checked_in_at,
      postgresql_where=SyncedParcel.status.in_(("awaiting_phone", "in_stock", "out_for_delivery")))
