"""The courier's collection (揽收): the day's outgoing parcels of one carrier scanned onto a
handover list (L20261202-0001), printed for the courier to sign, then closed.

A parcel goes on a list only with its courier's waybill on it (labelled) and only on a list of
its own carrier; once on a list it is collected.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import ParcelHandover, SentParcel
from pos.db.unit_of_work import Database
from pos.domain.errors import NotFound, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.receipt_numbers import HANDOVER
from pos.domain.users import Operator
from pos.services import audit
from pos.services.clock import Clock
from pos.services.numbering import next_number
from pos.services.sending.parcels import SentView, find_by_code, view

OPENED = "sending.handover_opened"
CLOSED = "sending.handover_closed"


@dataclass(frozen=True)
class HandoverView:
    id: uuid.UUID
    number: str
    carrier: str
    status: str
    operator: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    parcels: tuple[SentView, ...]

    @property
    def total_grams(self) -> int:
        return sum(p.weight_grams for p in self.parcels)


def _view(s: Session, h: ParcelHandover) -> HandoverView:
    rows = s.scalars(select(SentParcel).where(SentParcel.handover_id == h.id)
                     .order_by(SentParcel.collected_at, SentParcel.number)).all()
    return HandoverView(h.id, h.number, h.carrier, h.status, h.operator, h.opened_at, h.closed_at,
                        tuple(view(p) for p in rows))


def _load(s: Session, number: str) -> ParcelHandover:
    h = s.scalar(select(ParcelHandover).where(ParcelHandover.number == number))
    if h is None:
        raise NotFound(tr_noop("errors", "There is no handover list {number}."), number=number[:30])
    return h


def open_handover(db: Database, operator: Operator, clock: Clock, carrier: str) -> HandoverView:
    """The carrier's open list, or a new one: one courier collects at a time."""
    with db.unit_of_work() as s:
        h = s.scalar(select(ParcelHandover).where(ParcelHandover.carrier == carrier,
                                                  ParcelHandover.status == "open"))
        if h is None:
            now = clock()
            h = ParcelHandover(number=next_number(s, HANDOVER, now), carrier=carrier, status="open",
                               operator=operator.name, opened_at=now)
            s.add(h)
            s.flush()
            audit.record(s, operator, OPENED, {"number": h.number, "carrier": carrier})
        return _view(s, h)


def add_to_handover(db: Database, operator: Operator, clock: Clock, number: str, code: str) -> HandoverView:
    """A scanned parcel (its waybill or its J number) goes on the list and counts as collected."""
    with db.unit_of_work() as s:
        h = _load(s, number)
        if h.status != "open":
            raise ValidationError(tr_noop("errors", "Handover list {number} is closed."), field="handover",
                                  number=h.number)
        p = find_by_code(s, code)
        if p is None:
            raise NotFound(tr_noop("errors", "{code} is not a parcel sent from this station."), code=code[:30])
        if p.handover_id == h.id:
            raise ValidationError(tr_noop("errors", "Parcel {number} is already on this list."), field="code",
                                  number=p.number)
        if p.carrier != h.carrier:
            raise ValidationError(tr_noop("errors", "Parcel {number} goes with {carrier}, not with this courier."),
                                  field="code", number=p.number, carrier=p.carrier)
        if p.status == "accepted":
            raise ValidationError(tr_noop("errors", "Parcel {number} has no waybill yet: scan the courier's "
                                          "label onto it first."), field="code", number=p.number)
        if p.status != "labelled":
            raise ValidationError(tr_noop("errors", "Parcel {number} has already left the station."),
                                  field="code", number=p.number)
        p.handover_id, p.status, p.collected_at = h.id, "collected", clock()
        s.flush()
        return _view(s, h)


def close_handover(db: Database, operator: Operator, clock: Clock, number: str) -> HandoverView:
    with db.unit_of_work() as s:
        h = _load(s, number)
        view_now = _view(s, h)
        if not view_now.parcels:
            raise ValidationError(tr_noop("errors", "The handover list is empty: scan the parcels first."),
                                  field="handover")
        if h.status == "open":
            h.status, h.closed_at = "closed", clock()
            audit.record(s, operator, CLOSED, {"number": h.number, "parcels": len(view_now.parcels)})
            s.flush()
        return _view(s, h)


def get_handover(db: Database, number: str) -> HandoverView:
    with db.reader() as s:
        return _view(s, _load(s, number))


def waiting_for_courier(db: Database, carrier: str) -> list[SentView]:
    """Parcels of the carrier still at the station (accepted or labelled), oldest first."""
    with db.reader() as s:
        rows = s.scalars(select(SentParcel).where(SentParcel.carrier == carrier,
                                                  SentParcel.status.in_(("accepted", "labelled")))
                         .order_by(SentParcel.accepted_at))
        return [view(p) for p in rows]
