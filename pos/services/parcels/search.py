"""Finding any parcel, in the station or long gone, and reading its history."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from pos.db.models import Parcel, ParcelEvent, Villager
from pos.db.models.parcel import STATUSES
from pos.domain.carriers import CARRIER_CODES
from pos.domain.errors import NotFound, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.phone import normalise_phone
from pos.domain.waybill import normalise
from pos.services.pickup.handover import _phone_display, classify
from pos.services.pickup.settings import local_day_start

LIMIT = 300


@dataclass(frozen=True)
class SearchCriteria:
    text: str = ""
    first_day: dt.date | None = None  # local check-in days, both ends included
    last_day: dt.date | None = None
    carrier: str = ""
    status: str = ""
    limit: int = LIMIT


@dataclass(frozen=True)
class ParcelRow:
    id: uuid.UUID
    waybill: str
    carrier: str
    status: str
    pickup_code: str
    recipient_name: str
    phone_masked: str
    checked_in_at: dt.datetime
    left_at: dt.datetime | None  # picked up, delivered or returned


@dataclass(frozen=True)
class EventRow:
    at: dt.datetime
    kind: str
    operator: str
    details: dict


@dataclass(frozen=True)
class ParcelHistory:
    parcel: ParcelRow
    collector_name: str
    collector_relation: str
    handed_over_by: str
    no_scan_reason: str
    events: tuple[EventRow, ...]


def _row(p: Parcel) -> ParcelRow:
    return ParcelRow(p.id, p.waybill, p.carrier, p.status, p.pickup_code, p.recipient_name, _phone_display(p),
                     p.checked_in_at, p.picked_up_at or p.returned_at)


def _starts_with(s: Session, column, prefix: str):
    """``column`` starting with ``prefix`` (a normalised waybill: no case to fold). SQLite takes no
    index for LIKE on a column of its default collation, and walked every parcel (0.3 s at five
    years for any waybill); a range of the bytes it compares is the same set, through the index.
    PostgreSQL compares by the database's collation, where that range is not a prefix: LIKE."""
    if s.get_bind().dialect.name == "sqlite":
        return and_(column >= prefix, column < prefix + "\U0010ffff")
    return column.startswith(prefix, autoescape=True)


def _text_condition(s: Session, text: str):
    kind, value = classify(text)
    if kind == "waybill":
        return _starts_with(s, Parcel.waybill, value)
    if kind == "code":
        return or_(Parcel.pickup_code == value, Parcel.pickup_code.like(f"%-{value}"), Parcel.waybill == normalise(value))
    if kind == "tail":
        return or_(Parcel.phone_tail == value, Parcel.pickup_code.like(f"%-{value}"), Parcel.waybill.like(f"%{value}"))
    if kind == "phone":
        ids = select(Villager.id).where(Villager.phone == value)
        return or_(Parcel.phone == value, Parcel.villager_id.in_(ids),
                   (Parcel.phone == "") & (Parcel.phone_tail == value[7:]))
    if kind == "masked":
        digits = normalise_phone(value).replace("＊", "*")
        return Parcel.phone_tail == digits[-4:]
    like = value.replace("%", "").replace("_", "") + "%"
    ids = select(Villager.id).where(or_(Villager.name.like(like), Villager.name_initials.like(like.lower())))
    return or_(Parcel.recipient_name.like(like), Parcel.villager_id.in_(ids))


def search(db, criteria: SearchCriteria) -> list[ParcelRow]:
    """Newest first. ``text`` is read like the pickup lookup (waybill, code, phone, tail, name)."""
    if criteria.carrier and criteria.carrier not in CARRIER_CODES:
        raise ValidationError(tr_noop("errors", "Unknown carrier {carrier}."), field="carrier", carrier=criteria.carrier)
    if criteria.status and criteria.status not in STATUSES:
        raise ValidationError(tr_noop("errors", "Unknown parcel status {status}."), field="status",
                              status=criteria.status)
    if criteria.first_day and criteria.last_day and criteria.last_day < criteria.first_day:
        raise ValidationError(tr_noop("errors", "The last day is before the first day."), field="last_day")
    q = select(Parcel)
    with db.reader() as s:
        if criteria.text.strip():
            q = q.where(_text_condition(s, criteria.text))
        if criteria.first_day:
            q = q.where(Parcel.checked_in_at >= local_day_start(criteria.first_day))
        if criteria.last_day:
            q = q.where(Parcel.checked_in_at < local_day_start(criteria.last_day + dt.timedelta(days=1)))
        if criteria.carrier:
            q = q.where(Parcel.carrier == criteria.carrier)
        if criteria.status:
            q = q.where(Parcel.status == criteria.status)
        rows = s.scalars(q.order_by(Parcel.checked_in_at.desc()).limit(max(1, min(criteria.limit, 2000))))
        return [_row(p) for p in rows]


def _details(text: str) -> dict:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {"text": text}
    return data if isinstance(data, dict) else {"text": str(data)}


def history(db, parcel_id: uuid.UUID) -> ParcelHistory:
    """The parcel and every event that happened to it, oldest first, with operator and time."""
    with db.reader() as s:
        p = s.get(Parcel, parcel_id)
        if p is None:
            raise NotFound(tr_noop("errors", "This parcel does not exist."))
        events = s.scalars(select(ParcelEvent).where(ParcelEvent.parcel_id == p.id)
                           .order_by(ParcelEvent.at, ParcelEvent.created_at))
        return ParcelHistory(_row(p), p.collector_name, p.collector_relation, p.handed_over_by,
                             p.handover_without_scan_reason,
                             tuple(EventRow(e.at, e.kind, e.operator, _details(e.details)) for e in events))
