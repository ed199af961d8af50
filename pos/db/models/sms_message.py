from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime

# pending: waiting (first time or after a failure worth retrying) · sending: handed to the modem,
# no answer yet · sent: the modem gave message references · failed: the network or the modem
# refused it for good (wrong number, barred), or retries ran out · uncertain: was "sending" when
# the app stopped, so nobody knows whether the villager got it; never resent by itself.
SMS_STATUSES = ("pending", "sending", "sent", "failed", "uncertain")


class SmsMessage(Base, Record):
    """One SMS of a parcel notice, stored before the modem is asked, sent by the SMS queue."""

    __tablename__ = "sms_message"

    notice_id: Mapped[uuid.UUID | None] = mapped_column(Key, ForeignKey("notice.id"), nullable=True, index=True)
    phone: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")  # the modem's or network's, as text
    refs: Mapped[str] = mapped_column(String(100), default="")  # the modem's message references
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
