"""The station's side of the county link: its sync state, the outbox of changes still to send,
and the manifest lines the county dispatched to it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import UTCDateTime


class SyncState(Base):
    """One row (id 1): the link to the county centre. The station key itself is not here but in
    a file of the data folder only the station's user may read (``key_file`` names it), so a
    copied backup does not carry it."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    county_url: Mapped[str] = mapped_column(String(300), default="")  # '' = not linked
    station_id: Mapped[str] = mapped_column(String(36), default="")  # the county's id of this station
    station_name: Mapped[str] = mapped_column(String(100), default="")
    key_file: Mapped[str] = mapped_column(String(100), default="")
    # renewed by every restore of a backup: the county then learns what this copy lacks
    db_generation: Mapped[str] = mapped_column(String(36), default="")
    next_seq: Mapped[int] = mapped_column(Integer, default=1)  # the next outbox seq to hand out
    high_water: Mapped[int] = mapped_column(Integer, default=0)  # the county holds every seq up to it
    manifest_cursor: Mapped[int] = mapped_column(Integer, default=0)
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    revoked: Mapped[bool] = mapped_column(default=False)
    settings_version: Mapped[int] = mapped_column(Integer, default=0)
    settings_json: Mapped[str] = mapped_column(Text, default="{}")  # what the county set, applied


class OutboxEntry(Base):
    """One change still to send: which record (kind and key) changed, under which seq. The record
    is read as it is when it is sent, so several changes of one record go up as one."""

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(40), index=True)  # a record's UUID; a local day for counts
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ManifestLine(Base, Record):
    """A waybill the county dispatched to this station, with the recipient it knows."""

    __tablename__ = "manifest_line"

    manifest_uuid: Mapped[str] = mapped_column(String(36), index=True)
    truck: Mapped[str] = mapped_column(String(50), default="")
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    waybill: Mapped[str] = mapped_column(String(40), index=True)  # normalised
    carrier: Mapped[str] = mapped_column(String(12), default="")
    recipient_phone: Mapped[str] = mapped_column(String(20), default="")
    recipient_name: Mapped[str] = mapped_column(String(50), default="")
