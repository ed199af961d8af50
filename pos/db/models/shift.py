from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime, utcnow


class Shift(Base, Record):
    """A cash-drawer shift: opened with a counted float, closed with a count by denomination.

    Its money is every Payment stamped with its id (before counters: every Payment between
    opened_at and closed_at). One drawer per counter, so one open shift per counter.
    """

    __tablename__ = "shift"

    number: Mapped[str] = mapped_column(String(30), unique=True)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    opened_by: Mapped[str] = mapped_column(String(50), default="")
    float_fen: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    closed_by: Mapped[str] = mapped_column(String(50), default="")
    expected_cash_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    counted_cash_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    variance_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    variance_reason: Mapped[str] = mapped_column(Text, default="")
    denominations: Mapped[str] = mapped_column(Text, default="{}")  # JSON {"10000": 3, "50": 2, ...} fen -> count
    # the counter whose drawer this is; None: a shift from before counters
    counter_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("counter.id"), nullable=True, index=True)
