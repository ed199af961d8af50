"""Reminder notices for parcels left on the shelf past the reminder age.

Each parcel is reminded once (Parcel.reminded_at) with a ParcelEvent; the messages go into the
Notice table as kind "reminder", one per recipient per local day listing all their overdue
parcels, pending until the partner sends them the same way as arrival notices.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import select

from pos.db.models import Notice, NoticeParcel, Parcel, ParcelEvent
from pos.db.plans import unindexed
from pos.domain.users import Operator
from pos.services.clock import Clock
from pos.services.pickup.settings import (
    PickupSettings, checked_in_before_for_age, days_in_stock, from_session, local_date,
)

REMINDER = "reminder"
EVENT_REMINDED = "reminded"


@dataclass(frozen=True)
class ReminderResult:
    parcels: int
    notices: int


def phone_key(p: Parcel) -> str:
    """The same grouping as arrival notices: the whole number, else the masked form and name."""
    if p.phone:
        return p.phone
    return f"{p.phone_masked}/{p.recipient_name}"[:20]


def render(template: str, station: str, name: str, codes: Sequence[str], days: int, cfg: PickupSettings) -> str:
    values = {"station": station, "name": name, "count": len(codes), "codes": "、".join(codes),
              "days": days, "return_days": cfg.return_age_days}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        from pos.services.pickup.settings import REMINDER_TEMPLATE

        return REMINDER_TEMPLATE.default.format(**values)


def due_for_reminder(session, now: dt.datetime, cfg: PickupSettings) -> list[Parcel]:
    cutoff = checked_in_before_for_age(now, cfg.reminder_age_days)
    rows = session.scalars(select(Parcel).where(
        Parcel.status == "in_stock", Parcel.checked_in_at < cutoff, Parcel.reminded_at.is_(None),
    ).order_by(Parcel.checked_in_at))
    return [p for p in rows if p.phone or p.phone_masked]


def send_reminders(db, operator: Operator, clock: Clock, parcel_ids: Sequence[uuid.UUID] | None = None) -> ReminderResult:
    """Remind every recipient of parcels past the reminder age not yet reminded (or only the
    given ones among them). Returns how many parcels and notices were touched."""
    from pos.services.station.setup import load_station

    now = clock()
    day = local_date(now)
    with db.unit_of_work() as s:
        cfg = from_session(s)
        parcels = due_for_reminder(s, now, cfg)
        if parcel_ids is not None:
            wanted = set(parcel_ids)
            parcels = [p for p in parcels if p.id in wanted]
        station = load_station(s)
        station_name = station.name if station else ""
        by_key: dict[str, list[Parcel]] = {}
        for p in parcels:
            by_key.setdefault(phone_key(p), []).append(p)
        for key, rows in by_key.items():
            notice = s.scalar(select(Notice).where(Notice.phone_key == key, Notice.day == day, Notice.kind == REMINDER))
            if notice is None:
                notice = Notice(phone_key=key, day=day, kind=REMINDER, status="pending", error="", text="")
                s.add(notice)
            first = rows[0]
            notice.phone = first.phone
            notice.recipient_name = first.recipient_name or notice.recipient_name or ""
            notice.villager_id = first.villager_id or notice.villager_id
            if notice.status != "pending":
                notice.status, notice.sent_at, notice.error = "pending", None, ""
            s.flush()
            for p in rows:
                p.reminded_at = now
                s.add(NoticeParcel(notice_id=notice.id, parcel_id=p.id))
                s.add(ParcelEvent(parcel_id=p.id, at=now, kind=EVENT_REMINDED, operator=operator.name,
                                  details=json.dumps({"days": days_in_stock(p.checked_in_at, now)})))
            s.flush()
            listed = list(s.scalars(select(Parcel).join(NoticeParcel, NoticeParcel.parcel_id == Parcel.id).where(
                NoticeParcel.notice_id == notice.id, unindexed(Parcel.status) == "in_stock")  # see notices._views
                .order_by(Parcel.checked_in_at)))
            oldest = max(days_in_stock(p.checked_in_at, now) for p in listed)
            notice.text = render(cfg.reminder_template, station_name, notice.recipient_name,
                                 [p.pickup_code or p.waybill[-4:] for p in listed], oldest, cfg)
    return ReminderResult(len(parcels), len(by_key))
