from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import UTCDateTime


class Counter(Base, Record):
    """One PC of the station (收银台): its printer, its print queue and its cash drawer.

    ``seen_at`` is the heartbeat each running counter writes, so the others can tell it is on.
    """

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(40), unique=True)
    hostname: Mapped[str] = mapped_column(String(100), default="")
    seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
