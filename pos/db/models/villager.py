from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models.base import Base, Record
from pos.db.types import Key, UTCDateTime


class Villager(Base, Record):
    """A villager the station serves: parcels, assisted purchases, sales on account.

    ``phone`` holds the full mobile number when known; ``phone_masked`` the form printed on a
    waybill (``138****5678``) when only that is known; ``phone_tail`` the last four digits of
    either, indexed for the pickup lookup. ``balance_fen`` is what the villager owes the station
    (赊账); negative means the station holds the villager's money.
    """

    __tablename__ = "villager"

    name: Mapped[str] = mapped_column(String(50), index=True)
    name_initials: Mapped[str] = mapped_column(String(50), default="", index=True)  # pinyin: 张三 -> zs
    phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    phone_masked: Mapped[str] = mapped_column(String(20), default="")
    phone_tail: Mapped[str] = mapped_column(String(4), default="", index=True)
    village_group: Mapped[str] = mapped_column(String(50), default="")  # 组
    household: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    delivery_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    delivery_consent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    no_sms: Mapped[bool] = mapped_column(Boolean, default=False)  # asked not to get SMS notices
    balance_fen: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DeliveryConsent(Base, Record):
    """One entry of a villager's consent log for delivery to the door (the 2024 delivery rules):
    consent given or withdrawn, on which day, how, and who recorded it. Entries are never changed;
    the newest by ``at`` is what is in force (Villager.delivery_consent keeps it for lists).
    """

    __tablename__ = "delivery_consent"

    villager_id: Mapped[uuid.UUID] = mapped_column(Key, ForeignKey("villager.id"), index=True)
    given: Mapped[bool] = mapped_column(Boolean)  # False: withdrawn
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)  # when the villager gave or withdrew it
    how: Mapped[str] = mapped_column(String(20))  # paper | in_person | phone | register | before_log
    recorded_by: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")
