"""Parcel check-in: read a scan, shelve the parcel under a pickup code, queue its notice.

One unit of work per action, and only indexed look-ups (waybill, pickup code, status, check-in
time, villager phone): a scan must be recorded and shown in well under 50 ms with a million
parcels in the history.

    read_scan      what a scanned number is: new, already here, or back after it left
    check_in       a parcel with its recipient: shelf place, pickup code, notice, label job
    check_in_batch a parcel scanned now whose phone is entered later ("awaiting phone")
    complete       the phone for an awaiting parcel: then as check_in
    undo           take back the last check-in (wrong scan, wrong phone)
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, inspect, select
from sqlalchemy.orm import Session

from pos.db import direct, manifests, print_jobs
from pos.db.keys import new_key
from pos.db.models import Parcel, ParcelEvent
from pos.db.models.parcel import IN_STATION
from pos.db.unit_of_work import Database
from pos.domain.carriers import RuleSet
from pos.domain.event_details import details_json
from pos.domain.errors import DomainError, NotFound, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.phone import mask_mobile
from pos.domain.receipt import Document
from pos.domain.users import Operator
from pos.domain.waybill import Recognition, recognise
from pos.services import audit
from pos.services.parcels import notices, sms_notices
from pos.services.parcels.labels import LabelWording, shelf_label
from pos.services.parcels import pickup_codes
from pos.services.purchases import links as purchase_links
from pos.services.parcels import recipients
from pos.services.parcels import shelves
from pos.services import settings as st
from pos.services.clock import Clock
from pos.services.local_days import day_bounds, local_day
from pos.services.parcels.settings import (
    CARRIER_PREFERENCES, CODE_REST_DAYS, NOTICE_TEMPLATE, SHELVES, STATION_SHORT_NAME, clean_preferences,
    layout_or_default,
)
from pos.services.parcels.recipients import PhoneInput

NEW, IN_STATION_NOW, LEFT_BEFORE = "new", "in_station", "left_before"
CHECKIN_UNDONE = "parcel.checkin_undone"
# events a check-in writes itself; a parcel with any other event has moved on and cannot be undone
_OWN_EVENTS = {"checked_in", "label_printed", "notice_queued", "phone_added", "carrier_remembered"}
RECENT = 10
HISTORY_LIMIT = 20


@dataclass(frozen=True)
class ParcelView:
    id: uuid.UUID
    waybill: str
    carrier: str
    status: str
    pickup_code: str
    phone: str
    phone_display: str  # 138****5678
    phone_tail: str
    recipient_name: str
    villager_id: uuid.UUID | None
    checked_in_at: dt.datetime
    checked_in_by: str
    picked_up_at: dt.datetime | None
    returned_at: dt.datetime | None


@dataclass(frozen=True)
class EventView:
    at: dt.datetime
    kind: str
    operator: str
    details: str


@dataclass(frozen=True)
class Stay:
    parcel: ParcelView
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class ScanOutcome:
    kind: str  # NEW, IN_STATION_NOW, LEFT_BEFORE
    recognition: Recognition
    here: ParcelView | None  # the stay still in the station (IN_STATION_NOW)
    history: tuple[Stay, ...]  # earlier stays, newest first
    # the recipient the county's manifest names for a new parcel: check-in is one scan and Enter
    manifest: Recipient | None = None

    @property
    def number(self) -> str:
        return self.recognition.number


@dataclass(frozen=True)
class CheckinResult:
    parcel: ParcelView
    notice_id: uuid.UUID
    notice_text: str
    slots: tuple[shelves.SlotView, ...]  # every layer with this parcel counted: no second query to show them
    purchase_order: str = ""  # the assisted purchase this parcel brings (marked arrived), if any
    station_name: str | None = None  # the short name the label shows, read in the same unit of work
    label: Document | None = None  # the shelf label, when the caller asked for it to be queued
    label_job: uuid.UUID | None = None  # its print job, stored in the check-in's own transaction


@dataclass(frozen=True)
class LabelJob:
    label: Document
    job: uuid.UUID


@dataclass(frozen=True)
class Recipient:
    """The recipient as typed: a whole, masked or last-four phone, and the name; or a villager
    the partner picked from the register (the typed phone still wins when it is whole)."""

    phone: str = ""
    name: str = ""
    villager_id: uuid.UUID | None = None


class AlreadyInStation(DomainError):
    pass


def view(p: Parcel) -> ParcelView:
    shown = mask_mobile(p.phone) if p.phone else p.phone_masked
    return ParcelView(p.id, p.waybill, p.carrier, p.status, p.pickup_code, p.phone, shown, p.phone_tail,
                      p.recipient_name, p.villager_id, p.checked_in_at, p.checked_in_by, p.picked_up_at,
                      p.returned_at)


def _event(s: Session, parcel: Parcel, kind: str, operator: Operator, at: dt.datetime, **details: Any) -> None:
    # stored at once: the parcel's row is in the database by now (pos.db.direct.insert)
    direct.insert(s, ParcelEvent(parcel_id=parcel.id, at=at, kind=kind, operator=operator.name,
                                 details=details_json(details)))


@dataclass
class _Step:
    """The one event a check-in writes: ``checked_in`` (or ``phone_added`` when a parcel waiting
    for its phone is completed), written last with what the shelving added to it (its notice,
    its label's job). One row instead of three: a parcel's events were the largest table of a
    five-year station (BENCHMARKS.md, goal 4), and the notice is linked by notice_parcel anyway."""

    kind: str
    details: dict[str, Any]

    def write(self, s: Session, parcel: Parcel, operator: Operator, at: dt.datetime) -> None:
        _event(s, parcel, self.kind, operator, at, **self.details)


# the check-in's statements are built once, with their values bound at each run: building a
# statement (and its cache key) took longer than SQLite took to run it (#20, goal 2)
_STAYS = (select(Parcel).where(Parcel.waybill == bindparam("waybill"))
          .order_by(Parcel.checked_in_at.desc()).limit(HISTORY_LIMIT))


def _stays(s: Session, waybill: str) -> list[Parcel]:
    return list(s.scalars(_STAYS, {"waybill": waybill}))


# what a check-in needs of the waybill's stays: whether one is here (and its code for the
# message), whether there were any; read past the ORM (pos.db.direct): mostly there are none
_STAY_STATES = select(Parcel.status, Parcel.waybill, Parcel.pickup_code).where(Parcel.waybill == bindparam("waybill"))


def _history(s: Session, parcels: list[Parcel]) -> tuple[Stay, ...]:
    out = []
    for p in parcels:
        events = s.scalars(select(ParcelEvent).where(ParcelEvent.parcel_id == p.id).order_by(ParcelEvent.at))
        out.append(Stay(view(p), tuple(EventView(e.at, e.kind, e.operator, e.details) for e in events)))
    return tuple(out)


def preferences(db: Database) -> dict[str, str]:
    return clean_preferences(st.read(db, CARRIER_PREFERENCES))


def read_scan(db: Database, rules: RuleSet, raw: str, *, need_place: bool = True) -> ScanOutcome:
    """Recognise a scan and say whether the parcel is new, here already, or was here before.

    Records nothing. Raises ValidationError for what is not a waybill number, and ShelfFull for a
    new parcel when ``need_place`` and no layer has room (before the partner types anything).
    """
    with db.reader() as s:
        st.prefetch(s, CARRIER_PREFERENCES, SHELVES)
        prefs = clean_preferences(st.get(s, CARRIER_PREFERENCES))
        rec = recognise(raw, rules, prefs)
        stays = _stays(s, rec.number)
        here = next((p for p in stays if p.status in IN_STATION), None)
        if here is not None:
            return ScanOutcome(IN_STATION_NOW, rec, view(here), _history(s, [p for p in stays if p is not here]))
        if need_place:
            shelves.ensure_room(s, layout_or_default(st.get(s, SHELVES)))
        line = manifests.recipient_for(s, rec.number)
        sent = Recipient(phone=line.recipient_phone, name=line.recipient_name) if line is not None else None
        return ScanOutcome(LEFT_BEFORE if stays else NEW, rec, None, _history(s, stays), sent)


def _start(s: Session, operator: Operator, at: dt.datetime, rules: RuleSet, waybill: str, carrier: str,
           again: bool, remember: bool) -> tuple[Parcel, _Step]:
    rec = recognise(waybill, rules, {})
    if carrier not in rules.carriers:
        raise ValidationError(tr_noop("errors", "Choose the carrier of this parcel."), field="carrier")
    stays = direct.run(s, _STAY_STATES, {"waybill": rec.number}).all()
    here = next((p for p in stays if p.status in IN_STATION), None)
    if here is not None:
        raise _already(here)
    if stays and not again:
        raise DomainError(tr_noop("errors", "Parcel {waybill} was at the station before; confirm to "
                                  "check it in again."), waybill=rec.number)
    if remember:
        prefs = clean_preferences(st.get(s, CARRIER_PREFERENCES))
        prefs[rec.preference_key] = carrier
        st.put(s, CARRIER_PREFERENCES, prefs)
    # not added to the session: stored by one INSERT once it is complete (_store)
    parcel = Parcel(id=new_key(), waybill=rec.number, carrier=carrier, status="awaiting_phone",
                    checked_in_at=at, checked_in_by=operator.name)
    return parcel, _Step("checked_in", {"carrier": carrier, "again": again,
                                        **({"carrier_remembered_for": rec.preference_key} if remember else {})})


def _already(p: Parcel | Any) -> AlreadyInStation:  # a Parcel, or a row of its status, waybill and code
    if p.status == "awaiting_phone":
        return AlreadyInStation(tr_noop("errors", "Parcel {waybill} is already checked in and waits "
                                        "for its phone number."), waybill=p.waybill)
    if p.status == "out_for_delivery":
        return AlreadyInStation(tr_noop("errors", "Parcel {waybill} is out for delivery (code {code})."),
                                waybill=p.waybill, code=p.pickup_code)
    return AlreadyInStation(tr_noop("errors", "Parcel {waybill} is already on the shelf: {code}."),
                            waybill=p.waybill, code=p.pickup_code)


def _set_recipient(s: Session, parcel: Parcel, recipient: Recipient) -> None:
    name = recipients.clean_name(recipient.name)
    typed: PhoneInput | None = None
    if recipient.phone.strip():
        typed = recipients.read_phone(recipient.phone)
    villager = recipients.load(s, recipient.villager_id) if recipient.villager_id else None
    if villager is None and typed is None:
        raise ValidationError(tr_noop("errors", "Type the recipient's mobile number, or the last four "
                                      "digits and the name."), field="phone")
    if villager is None and typed.full:  # type: ignore[union-attr]
        found = recipients.active_with_phone(s, typed.full)  # type: ignore[union-attr]
        if len(found) == 1:
            villager = found[0]
    full = typed.full if typed and typed.full else (villager.phone if villager else "")
    if villager is not None:
        name = villager.name
    if not full and not name:
        raise ValidationError(tr_noop("errors", "Type the recipient's name as well: the label shows only "
                                      "part of the phone number."), field="name")
    parcel.villager_id = villager.id if villager else None
    parcel.recipient_name = name
    if full:
        parcel.phone, parcel.phone_masked, parcel.phone_tail = full, "", full[7:]
    else:
        masked = typed.masked if typed and typed.masked else None
        shown = masked.display() if masked else villager.phone_masked  # type: ignore[union-attr]
        if villager is not None and villager.phone_masked and (not masked or not masked.head):
            shown = villager.phone_masked  # the register shows more digits than "5678" alone
        parcel.phone, parcel.phone_masked = "", shown
        parcel.phone_tail = masked.last_four if masked else villager.phone_tail  # type: ignore[union-attr]


def _store(s: Session, parcel: Parcel) -> None:
    """A new parcel's row by one INSERT (pos.db.direct); an awaiting one is already stored, and
    the commit's flush writes what changed on it."""
    if inspect(parcel).transient:
        direct.insert(s, parcel)


@dataclass(frozen=True)
class _Shelved:
    notice: notices.Notice
    slots: tuple[shelves.SlotView, ...]
    order_number: str
    station_name: str


def _shelve(s: Session, parcel: Parcel, operator: Operator, at: dt.datetime, rules: RuleSet,
            slot: tuple[str, int] | None, step: _Step) -> _Shelved:
    # the queries below would otherwise write the half-made parcel before each of them: one
    # INSERT (or UPDATE) of the finished row instead of an INSERT and three UPDATEs. None of them
    # reads what this check-in adds, so the commit's flush is the only one (a flush is the
    # costliest step of a check-in's Python; #20, goal 2)
    with s.no_autoflush:
        layout = layout_or_default(st.get(s, SHELVES))
        views = shelves.slots(s, layout)
        place = shelves.choose_slot(s, layout, slot or shelves.family_slot(s, parcel, views), views)
        parcel.shelf, parcel.layer = place.shelf, place.layer
        parcel.pickup_code = pickup_codes.allocate(s, place.shelf, place.layer, at)
        parcel.status = "in_stock"
        _store(s, parcel)  # complete now; the purchase link and the notice's link point at its row
        # an assisted purchase shipped under this waybill has arrived: same unit of work, so the
        # order and the parcel are saved together or not at all; the notice then names the order
        order = purchase_links.on_parcel_checked_in(s, parcel, operator, lambda: at)
        names = {code: c.name_zh for code, c in rules.carriers.items()}
        notice = notices.attach(s, parcel, at, names, brings=order.number if order else "")
    step.details["notice"] = str(notice.id)
    sms_notices.after_checkin(s, notice)
    return _Shelved(notice, tuple(v.plus_one() if v is place else v for v in views), order.number if order else "",
                    notices.station_short_name(s))


# what a check-in reads: the carrier choices (remember), the shelves, the pickup codes' rest
# period, and for the notice and the label its template and the station's short name, and
# whether the notice goes out by SMS
_CHECKIN_SETTINGS = (CARRIER_PREFERENCES, SHELVES, NOTICE_TEMPLATE, STATION_SHORT_NAME, CODE_REST_DAYS,
                     sms_notices.MODEM_SPEC, sms_notices.SMS_AUTO)


def _result(s: Session, parcel: Parcel, shelved: _Shelved, operator: Operator, at: dt.datetime,
            rules: RuleSet, label: LabelWording | None, step: _Step) -> CheckinResult:
    shown = view(parcel)
    doc = job = None
    if label is not None:
        # the label's job in the check-in's own transaction: one commit (one fsync) for both,
        # and no parcel is ever stored without its label queued. The queue's rule holds: the
        # job is in the database before anything is sent (the worker only sees committed jobs).
        queued = _queue_label(s, parcel, shown, shelved.station_name, operator, at, rules, label, step)
        doc, job = queued.label, queued.job
    step.write(s, parcel, operator, at)
    return CheckinResult(shown, shelved.notice.id, shelved.notice.text, shelved.slots, shelved.order_number,
                         shelved.station_name, doc, job)


def _queue_label(s: Session, parcel: Parcel, shown: ParcelView, station: str, operator: Operator,
                 at: dt.datetime, rules: RuleSet, wording: LabelWording, step: _Step | None = None) -> LabelJob:
    """The label's print job; its record is ``step``'s (at check-in) or a label_printed event."""
    doc = shelf_label(rules, wording, pickup_code=shown.pickup_code, phone_display=shown.phone_display,
                      recipient_name=shown.recipient_name, carrier=shown.carrier,
                      checked_in_at=shown.checked_in_at, waybill=shown.waybill, station=station)
    job = print_jobs.enqueue(s, doc, "shelf_label", shown.pickup_code, at_once=True)
    if step is not None:
        step.details["label_job"] = str(job)
    else:
        _event(s, parcel, "label_printed", operator, at, job=str(job))
    return LabelJob(doc, job)


def check_in(db: Database, operator: Operator, clock: Clock, rules: RuleSet, *, waybill: str, carrier: str,
             recipient: Recipient, slot: tuple[str, int] | None = None, again: bool = False,
             remember: bool = False, label: LabelWording | None = None) -> CheckinResult:
    """Check a parcel in with its recipient. ``again`` confirms a parcel that was here before;
    ``remember`` stores ``carrier`` as the station's choice for numbers like this one.

    With ``label`` (how it is worded) the shelf label is queued for printing (a pending print
    job, named in the checked_in event) in the same transaction. Whoever sends the queue
    must then be woken (pos.services.ports.Devices.queued)."""
    at = clock()
    with db.unit_of_work() as s:
        st.prefetch(s, *_CHECKIN_SETTINGS)
        parcel, step = _start(s, operator, at, rules, waybill, carrier, again, remember)
        with s.no_autoflush:  # see _shelve
            _set_recipient(s, parcel, recipient)
        return _result(s, parcel, _shelve(s, parcel, operator, at, rules, slot, step), operator, at, rules, label,
                       step)


def check_in_batch(db: Database, operator: Operator, clock: Clock, rules: RuleSet, *, waybill: str,
                   carrier: str, again: bool = False, remember: bool = False) -> ParcelView:
    """Record a scanned parcel now, its phone later: status awaiting_phone, no place, no code."""
    at = clock()
    with db.unit_of_work() as s:
        parcel, step = _start(s, operator, at, rules, waybill, carrier, again, remember)
        _store(s, parcel)
        step.write(s, parcel, operator, at)
        return view(parcel)


def complete(db: Database, operator: Operator, clock: Clock, rules: RuleSet, *, parcel_id: uuid.UUID,
             recipient: Recipient, slot: tuple[str, int] | None = None,
             label: LabelWording | None = None) -> CheckinResult:
    """Give an awaiting parcel its recipient, then shelve it and queue its notice (and its
    label, as check_in)."""
    at = clock()
    with db.unit_of_work() as s:
        st.prefetch(s, *_CHECKIN_SETTINGS)
        parcel = s.get(Parcel, parcel_id)
        if parcel is None:
            raise NotFound(tr_noop("errors", "This parcel is no longer recorded."))
        if parcel.status != "awaiting_phone":
            raise _already(parcel)
        with s.no_autoflush:  # see _shelve
            _set_recipient(s, parcel, recipient)
        step = _Step("phone_added", {"phone_tail": parcel.phone_tail})
        return _result(s, parcel, _shelve(s, parcel, operator, at, rules, slot, step), operator, at, rules, label,
                       step)


def print_label(db: Database, operator: Operator, clock: Clock, rules: RuleSet, parcel_id: uuid.UUID,
                wording: LabelWording) -> LabelJob:
    """The shelf label again (lost, torn): its print job and the parcel's label_printed event in
    one transaction, built from what was stored as at check-in. Then wake the queue."""
    with db.unit_of_work() as s:
        parcel = s.get(Parcel, parcel_id)
        if parcel is None:
            raise NotFound(tr_noop("errors", "This parcel is no longer recorded."))
        return _queue_label(s, parcel, view(parcel), notices.station_short_name(s), operator, clock(), rules,
                            wording)


def undo(db: Database, operator: Operator, clock: Clock, rules: RuleSet, parcel_id: uuid.UUID) -> ParcelView:
    """Take back a check-in that nothing has happened to since (wrong scan, wrong phone).

    The parcel row and its check-in events go (no status means "never here"), its notice is
    rewritten or dropped, an assisted purchase it brought waits for its parcel again, and the
    audit log keeps what was undone.
    """
    at = clock()
    with db.unit_of_work() as s:
        parcel = s.get(Parcel, parcel_id)
        if parcel is None:
            raise NotFound(tr_noop("errors", "This check-in was already undone."))
        kinds = set(s.scalars(select(ParcelEvent.kind).where(ParcelEvent.parcel_id == parcel.id)))
        if parcel.status not in ("in_stock", "awaiting_phone") or not kinds <= _OWN_EVENTS:
            raise DomainError(tr_noop("errors", "Parcel {waybill} has moved on since its check-in; it "
                                      "cannot be undone."), waybill=parcel.waybill)
        shown = view(parcel)
        order = purchase_links.on_parcel_checkin_undone(s, parcel, operator, lambda: at)
        names = {code: c.name_zh for code, c in rules.carriers.items()}
        notices.detach(s, parcel, names)
        s.execute(delete(ParcelEvent).where(ParcelEvent.parcel_id == parcel.id))
        s.delete(parcel)
        audit.record(s, operator, CHECKIN_UNDONE, {
            "waybill": shown.waybill, "carrier": shown.carrier, "pickup_code": shown.pickup_code,
            "phone_tail": shown.phone_tail, "checked_in_at": shown.checked_in_at.isoformat(),
            **({"purchase_order": order.number} if order is not None else {}),
        }, at=at)
        return shown


# what the page shows ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class TodayView:
    day: dt.date
    count: int
    awaiting: int
    recent: tuple[ParcelView, ...]


def today(db: Database, clock: Clock, limit: int = RECENT) -> TodayView:
    day = local_day(clock())
    start, end = day_bounds(day)
    with db.reader() as s:
        count = s.scalar(select(func.count()).select_from(Parcel)
                         .where(Parcel.checked_in_at >= start, Parcel.checked_in_at < end))
        awaiting = s.scalar(select(func.count()).select_from(Parcel).where(Parcel.status == "awaiting_phone"))
        recent = s.scalars(select(Parcel).where(Parcel.checked_in_at >= start, Parcel.checked_in_at < end)
                           .order_by(Parcel.checked_in_at.desc()).limit(limit))
        return TodayView(day, count or 0, awaiting or 0, tuple(view(p) for p in recent))


def awaiting(db: Database, limit: int = 500) -> list[ParcelView]:
    with db.reader() as s:
        rows = s.scalars(select(Parcel).where(Parcel.status == "awaiting_phone")
                         .order_by(Parcel.checked_in_at).limit(limit))
        return [view(p) for p in rows]


def get(db: Database, parcel_id: uuid.UUID) -> ParcelView:
    with db.reader() as s:
        p = s.get(Parcel, parcel_id)
        if p is None:
            raise NotFound(tr_noop("errors", "This parcel is no longer recorded."))
        return view(p)


def find_villagers(db: Database, phone_text: str, name: str) -> list[recipients.VillagerMatch]:
    """Villagers the typed phone (whole, masked or last four) and name may stand for."""
    phone = recipients.read_phone(phone_text)
    with db.reader() as s:
        return recipients.find(s, phone, recipients.clean_name(name))


def slot_views(db: Database) -> list[shelves.SlotView]:
    with db.reader() as s:
        return shelves.slots(s, layout_or_default(st.get(s, SHELVES)))
