"""Overdue parcels and return batches: the parcels nobody collected go back to their courier.

A batch is opened, overdue parcels of one carrier are scanned into it (they stay in stock until
the courier takes them), and closing it turns them all into "returned" at once, in one unit of
work, with a slip for the courier to sign. One batch is open at a time; it is resumed until closed.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pos.db.models import Parcel, ParcelEvent, ReturnBatch
from pos.domain.errors import DomainError, NotFound, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.users import Operator
from pos.domain.waybill import normalise
from pos.services import audit
from pos.services.clock import Clock
from pos.services.pickup.handover import _phone_display
from pos.services.pickup.numbers import RETURN_BATCH, next_number
from pos.services.pickup.settings import checked_in_before_for_age, days_in_stock, from_session

RETURN_EARLY = "parcel.return_early"
EVENT_ADDED = "return_batch_added"
EVENT_REMOVED = "return_batch_removed"
EVENT_RETURNED = "returned"
SHELF_STATUSES = ("in_stock", "awaiting_phone")


class NotOverdue(DomainError):
    """The parcel is not yet past the return age: returning it early needs a reason."""


@dataclass(frozen=True)
class OverdueRow:
    id: uuid.UUID
    waybill: str
    carrier: str
    pickup_code: str
    recipient_name: str
    phone_masked: str
    checked_in_at: dt.datetime
    days: int
    reminded_at: dt.datetime | None
    stage: str  # remind | return
    in_batch: bool


@dataclass(frozen=True)
class BatchParcel:
    id: uuid.UUID
    waybill: str
    carrier: str
    pickup_code: str
    recipient_name: str
    checked_in_at: dt.datetime
    days: int


@dataclass(frozen=True)
class BatchView:
    id: uuid.UUID
    number: str
    carrier: str
    operator: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
    parcels: tuple[BatchParcel, ...]


def overdue(db, clock: Clock) -> list[OverdueRow]:
    """Parcels on the shelves past the reminder age, oldest first, with what is next for each."""
    now = clock()
    with db.reader() as s:
        cfg = from_session(s)
        cutoff = checked_in_before_for_age(now, cfg.reminder_age_days)
        rows = s.scalars(select(Parcel).where(Parcel.status.in_(SHELF_STATUSES), Parcel.checked_in_at < cutoff)
                         .order_by(Parcel.checked_in_at))
        out = []
        for p in rows:
            days = days_in_stock(p.checked_in_at, now)
            out.append(OverdueRow(p.id, p.waybill, p.carrier, p.pickup_code, p.recipient_name, _phone_display(p),
                                  p.checked_in_at, days, p.reminded_at,
                                  "return" if days >= cfg.return_age_days else "remind", p.return_batch_id is not None))
        return out


def _view(s: Session, batch: ReturnBatch, now: dt.datetime | None = None) -> BatchView:
    rows = s.scalars(select(Parcel).where(Parcel.return_batch_id == batch.id).order_by(Parcel.carrier, Parcel.waybill))
    at = now or batch.closed_at or batch.created_at
    parcels = tuple(BatchParcel(p.id, p.waybill, p.carrier, p.pickup_code, p.recipient_name, p.checked_in_at,
                                days_in_stock(p.checked_in_at, p.returned_at or at)) for p in rows)
    return BatchView(batch.id, batch.number, batch.carrier, batch.operator, batch.created_at, batch.closed_at, parcels)


def _open(s: Session) -> ReturnBatch | None:
    return s.scalar(select(ReturnBatch).where(ReturnBatch.closed_at.is_(None)).order_by(ReturnBatch.created_at).limit(1))


def current_batch(db, clock: Clock | None = None) -> BatchView | None:
    with db.reader() as s:
        b = _open(s)
        return _view(s, b, clock() if clock else None) if b else None


def open_batch(db, operator: Operator, clock: Clock) -> BatchView:
    now = clock()
    with db.unit_of_work() as s:
        b = _open(s)
        if b is None:
            b = ReturnBatch(number=next_number(s, RETURN_BATCH, now), carrier="", operator=operator.name,
                            created_at=now)
            s.add(b)
            s.flush()
        return _view(s, b, now)


def _batch(s: Session, batch_id: uuid.UUID, *, open_only: bool = True) -> ReturnBatch:
    b = s.get(ReturnBatch, batch_id)
    if b is None:
        raise NotFound(tr_noop("errors", "This return batch does not exist."))
    if open_only and b.closed_at is not None:
        raise DomainError(tr_noop("errors", "Return batch {number} is already closed."), number=b.number)
    return b


def scan_into_batch(db, operator: Operator, clock: Clock, batch_id: uuid.UUID, raw: str,
                    early_reason: str = "") -> BatchView:
    number = normalise(raw)
    if not number:
        raise ValidationError(tr_noop("errors", "The waybill number is empty."), field="waybill")
    now = clock()
    with db.unit_of_work() as s:
        b = _batch(s, batch_id)
        cfg = from_session(s)
        p = s.scalar(select(Parcel).where(Parcel.waybill == number, Parcel.status.in_(SHELF_STATUSES)))
        if p is None:
            raise NotFound(tr_noop("errors", "Parcel {waybill} is not on the shelves."), waybill=number[:30])
        if p.return_batch_id == b.id:
            raise DomainError(tr_noop("errors", "Parcel {waybill} is already in this batch."), waybill=number[:30])
        if p.return_batch_id is not None:
            raise DomainError(tr_noop("errors", "Parcel {waybill} is in another return batch."), waybill=number[:30])
        if b.carrier and p.carrier != b.carrier:
            raise DomainError(tr_noop("errors", "Parcel {waybill} is for another courier ({carrier}); this batch is "
                                      "for {batch_carrier}. Close this batch first."),
                              waybill=number[:30], carrier=p.carrier, batch_carrier=b.carrier)
        days = days_in_stock(p.checked_in_at, now)
        reason = " ".join(early_reason.split())[:200]
        if days < cfg.return_age_days:
            if not reason:
                raise NotOverdue(tr_noop("errors", "Parcel {waybill} has been here only {days} day(s); it goes back "
                                         "after {limit}. Give a reason to return it early."),
                                 waybill=number[:30], days=days, limit=cfg.return_age_days)
            audit.record(s, operator, RETURN_EARLY, {"waybill": p.waybill, "batch": b.number, "days": days,
                                                     "reason": reason}, at=now)
        b.carrier = b.carrier or p.carrier
        p.return_batch_id = b.id
        s.add(ParcelEvent(parcel_id=p.id, at=now, kind=EVENT_ADDED, operator=operator.name,
                          details=json.dumps({"batch": b.number, "reason": reason}, ensure_ascii=False)))
        s.flush()
        return _view(s, b, now)


def remove_from_batch(db, operator: Operator, clock: Clock, batch_id: uuid.UUID, parcel_id: uuid.UUID) -> BatchView:
    now = clock()
    with db.unit_of_work() as s:
        b = _batch(s, batch_id)
        p = s.get(Parcel, parcel_id)
        if p is None or p.return_batch_id != b.id:
            raise NotFound(tr_noop("errors", "That parcel is not in this batch."))
        p.return_batch_id = None
        s.add(ParcelEvent(parcel_id=p.id, at=now, kind=EVENT_REMOVED, operator=operator.name,
                          details=json.dumps({"batch": b.number})))
        s.flush()
        if not s.scalar(select(Parcel.id).where(Parcel.return_batch_id == b.id).limit(1)):
            b.carrier = ""
        return _view(s, b, now)


def close_batch(db, operator: Operator, clock: Clock, batch_id: uuid.UUID) -> BatchView:
    """The courier takes the batch: every parcel in it leaves stock as returned."""
    now = clock()
    with db.unit_of_work() as s:
        b = _batch(s, batch_id)
        rows = list(s.scalars(select(Parcel).where(Parcel.return_batch_id == b.id)))
        if not rows:
            raise ValidationError(tr_noop("errors", "Scan the parcels to return first."), field="parcels")
        for p in rows:
            done = s.execute(update(Parcel).where(Parcel.id == p.id, Parcel.status.in_(SHELF_STATUSES))
                             .values(status="returned", returned_at=now, delivery_requested=False)
                             .execution_options(synchronize_session="fetch"))
            if not done.rowcount:
                raise DomainError(tr_noop("errors", "Parcel {waybill} left the station meanwhile; remove it from "
                                          "the batch."), waybill=p.waybill)
            s.add(ParcelEvent(parcel_id=p.id, at=now, kind=EVENT_RETURNED, operator=operator.name,
                              details=json.dumps({"batch": b.number})))
        b.closed_at = now
        b.operator = operator.name
        s.flush()
        return _view(s, b, now)


def batch_view(db, batch_id: uuid.UUID) -> BatchView:
    with db.reader() as s:
        return _view(s, _batch(s, batch_id, open_only=False))


def recent_batches(db, limit: int = 20) -> list[BatchView]:
    with db.reader() as s:
        rows = s.scalars(select(ReturnBatch).where(ReturnBatch.closed_at.is_not(None))
                         .order_by(ReturnBatch.closed_at.desc()).limit(limit))
        return [_view(s, b) for b in rows]
