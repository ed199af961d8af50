from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import UTCDateTime, utcnow


class AuditEntry(Base, Record):
    """One line of the append-only audit log. Database triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"

    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    operator: Mapped[str] = mapped_column(String(50), default="")  # name at the time: users get renamed
    operator_id: Mapped[str] = mapped_column(String(36), default="")
    action: Mapped[str] = mapped_column(String(50), index=True)
    details: Mapped[str] = mapped_column(Text, default="")
