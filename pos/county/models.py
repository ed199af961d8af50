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
                      Index("ix_synced_parcel_station_status", "station_id", "status"))

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

    number: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    total_fen: Mapped[int] = mapped_column(BigInteger)
    placed_at: Mapped[dt.datetime] = mapped_column(Time)


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

    number: Mapped[str] = mapped_column(String(30))
    total_fen: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[dt.datetime] = mapped_column(Time)


class SyncedShift(_Synced, Base):
    __tablename__ = "synced_shift"

    number: Mapped[str] = mapped_column(String(30))
    opened_at: Mapped[dt.datetime] = mapped_column(Time)
    closed_at: Mapped[dt.datetime | None] = mapped_column(Time, nullable=True)
    variance_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


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
}


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

