"""Sending a parcel (寄件): quote, take the money into the shift, and follow it to the courier.

``send_parcel`` stores the parcel, its price as quoted and one Payment per tender (purpose
``parcel_send``) in one unit of work, inside the open shift (the guard runs in the same
transaction, as a sale's does). Later the courier's label is scanned (``attach_waybill``), the
courier collects it (pos.services.sending.handover), or it comes back (``mark_returned``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pos.db.models import Payment, SentParcel, Villager
from pos.db.unit_of_work import Database
from pos.domain.cart import CASH, MOBILE, Tender, settle
from pos.domain.errors import NotFound, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.phone import normalise_phone, parse_mobile
from pos.domain.receipt_numbers import SEND
from pos.domain.tariffs import Quote, Size, Tariff, province_of, quote
from pos.domain.users import Operator
from pos.domain.waybill import normalise
from pos.services import audit
from pos.services.clock import Clock
from pos.services.numbering import next_number
from pos.services.shifts.drawer import shift_required

PURPOSE = "parcel_send"
SENT = "sending.sent"
LABELLED = "sending.labelled"
RETURNED = "sending.returned"
_LANDLINE = re.compile(r"^0\d{9,11}$")  # area code and number, separators gone
_WAYBILL = re.compile(r"^[A-Z0-9]{8,22}$")


@dataclass(frozen=True)
class Person:
    name: str
    phone: str


@dataclass(frozen=True)
class Destination:
    province: str
    city: str
    county: str
    address: str


@dataclass(frozen=True)
class SendInput:
    carrier: str
    sender: Person
    recipient: Person
    destination: Destination
    contents: str
    weight_grams: int
    weight_source: str = "typed"  # scale | typed
    size: Size | None = None
    insured_value_fen: int = 0
    sender_villager_id: uuid.UUID | None = None


@dataclass(frozen=True)
class SentView:
    id: uuid.UUID
    number: str
    status: str
    carrier: str
    waybill: str
    sender_name: str
    sender_phone: str
    recipient_name: str
    recipient_phone: str
    province: str
    city: str
    county: str
    address: str
    contents: str
    weight_grams: int
    chargeable_grams: int
    total_fen: int
    accepted_at: dt.datetime
    collected_at: dt.datetime | None
    handover_id: uuid.UUID | None
    note: str


def view(p: SentParcel) -> SentView:
    return SentView(p.id, p.number, p.status, p.carrier, p.waybill, p.sender_name, p.sender_phone,
                    p.recipient_name, p.recipient_phone, p.province, p.city, p.county, p.address, p.contents,
                    p.weight_grams, p.chargeable_grams, p.total_fen, p.accepted_at, p.collected_at,
                    p.handover_id, p.note)


@dataclass(frozen=True)
class SendResult:
    parcel: SentView
    quote: Quote
    change_fen: int
    cash_tendered_fen: int


def _text(value: str, limit: int, field: str, message: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ValidationError(message, field=field)
    if len(text) > limit:
        raise ValidationError(tr_noop("errors", "At most {max} characters."), field=field, max=limit)
    return text


def parse_phone(raw: str, field: str) -> str:
    """A mobile number, or a landline with its area code (0731-84123456)."""
    number = normalise_phone(raw)
    if _LANDLINE.fullmatch(number):
        return number
    return parse_mobile(raw, field=field)


def check_input(inp: SendInput) -> SendInput:
    """The input cleaned, or ValidationError naming the field."""
    sender = Person(_text(inp.sender.name, 50, "sender_name", tr_noop("errors", "Enter the sender's name.")),
                    parse_phone(inp.sender.phone, "sender_phone"))
    recipient = Person(
        _text(inp.recipient.name, 50, "recipient_name", tr_noop("errors", "Enter the recipient's name.")),
        parse_phone(inp.recipient.phone, "recipient_phone"))
    province = province_of(inp.destination.province)
    if province is None:
        raise ValidationError(tr_noop("errors", "'{province}' is not a province of China."), field="province",
                              province=(inp.destination.province or "")[:20])
    dest = Destination(province, " ".join(inp.destination.city.split())[:30],
                       " ".join(inp.destination.county.split())[:30],
                       _text(inp.destination.address, 200, "address",
                             tr_noop("errors", "Enter the recipient's address.")))
    contents = _text(inp.contents, 100, "contents", tr_noop("errors", "Say what is in the parcel."))
    if inp.weight_source not in ("scale", "typed"):
        raise ValueError(f"unknown weight source {inp.weight_source!r}")
    return SendInput(inp.carrier, sender, recipient, dest, contents, inp.weight_grams, inp.weight_source,
                     inp.size, inp.insured_value_fen, inp.sender_villager_id)


def price(tariffs: dict[str, Tariff], inp: SendInput) -> Quote:
    tariff = tariffs.get(inp.carrier)
    if tariff is None:
        raise ValidationError(tr_noop("errors", "There is no tariff for {carrier}: add its tariff file."),
                              field="carrier", carrier=inp.carrier)
    return quote(tariff, inp.destination.province, inp.weight_grams, inp.size, inp.insured_value_fen)


def send_parcel(db: Database, operator: Operator, clock: Clock, tariffs: dict[str, Tariff], inp: SendInput,
                tenders: Iterable[Tender]) -> SendResult:
    """Store the parcel and its payment (cash or mobile) in the open shift."""
    inp = check_input(inp)
    q = price(tariffs, inp)
    tenders = list(tenders)
    if any(t.method not in (CASH, MOBILE) for t in tenders):
        raise ValidationError(tr_noop("errors", "A parcel is paid in cash or by mobile payment."), field="method")
    settlement = settle(q.total_fen, tenders)
    with db.unit_of_work() as s:
        shift_required(s)
        if inp.sender_villager_id is not None:
            v = s.get(Villager, inp.sender_villager_id)
            if v is None or not v.active:
                raise NotFound(tr_noop("errors", "This villager is not in the register."))
        now = clock()
        number = next_number(s, SEND, now)
        size = inp.size
        p = SentParcel(
            number=number, status="accepted", carrier=inp.carrier, waybill="",
            sender_villager_id=inp.sender_villager_id, sender_name=inp.sender.name, sender_phone=inp.sender.phone,
            recipient_name=inp.recipient.name, recipient_phone=inp.recipient.phone,
            province=inp.destination.province, city=inp.destination.city, county=inp.destination.county,
            address=inp.destination.address, contents=inp.contents, weight_grams=q.actual_grams,
            weight_source=inp.weight_source, length_cm=size.length_cm if size else None,
            width_cm=size.width_cm if size else None, height_cm=size.height_cm if size else None,
            volumetric_grams=q.volumetric_grams, chargeable_grams=q.chargeable_grams, zone=q.zone,
            first_fen=q.first_fen, additional_fen=q.additional_fen, insured_value_fen=q.insured_value_fen,
            insurance_fen=q.insurance_fen, total_fen=q.total_fen, operator=operator.name, accepted_at=now,
        )  # fmt: skip
        s.add(p)
        s.flush()
        for t in settlement.payments:
            note = {"tendered_fen": settlement.cash_tendered_fen, "change_fen": settlement.change_fen} \
                if t.method == CASH else {}
            s.add(Payment(at=now, purpose=PURPOSE, method=t.method, amount_fen=t.amount_fen,
                          reference=t.reference[:100], operator=operator.name, receipt_number=number,
                          villager_id=inp.sender_villager_id, note=json.dumps(note) if note else ""))
        audit.record(s, operator, SENT, {"number": number, "carrier": inp.carrier, "total_fen": q.total_fen})
        return SendResult(view(p), q, settlement.change_fen, settlement.cash_tendered_fen)


def _by_number(s: Session, number: str) -> SentParcel:
    p = s.scalar(select(SentParcel).where(SentParcel.number == (number or "").strip().upper()))
    if p is None:
        raise NotFound(tr_noop("errors", "There is no parcel sent with number {number}."), number=number[:30])
    return p


def parse_waybill(raw: str) -> str:
    number = normalise(raw)
    if not _WAYBILL.fullmatch(number):
        raise ValidationError(tr_noop("errors", "'{number}' is not a waybill number."), field="waybill",
                              number=number[:30])
    return number


def attach_waybill(db: Database, operator: Operator, clock: Clock, number: str, waybill: str) -> SentView:
    """The courier's label went on: its waybill number is scanned onto the parcel."""
    code = parse_waybill(waybill)
    with db.unit_of_work() as s:
        p = _by_number(s, number)
        if p.status not in ("accepted", "labelled"):
            raise ValidationError(tr_noop("errors", "Parcel {number} has already left the station."),
                                  field="waybill", number=p.number)
        other = s.scalar(select(SentParcel).where(SentParcel.waybill == code, SentParcel.id != p.id))
        if other is not None:
            raise ValidationError(tr_noop("errors", "Waybill {waybill} is already on parcel {number}."),
                                  field="waybill", waybill=code, number=other.number)
        p.waybill, p.status, p.labelled_at = code, "labelled", clock()
        audit.record(s, operator, LABELLED, {"number": p.number, "waybill": code})
        s.flush()
        return view(p)


def mark_returned(db: Database, operator: Operator, clock: Clock, number: str, reason: str) -> SentView:
    """Refused by the courier or sent back: the parcel is at the station again."""
    why = _text(reason, 200, "reason", tr_noop("errors", "Say why the parcel came back."))
    with db.unit_of_work() as s:
        p = _by_number(s, number)
        if p.status == "returned":
            raise ValidationError(tr_noop("errors", "Parcel {number} is already marked as returned."),
                                  field="status", number=p.number)
        p.status, p.returned_at, p.note = "returned", clock(), why
        audit.record(s, operator, RETURNED, {"number": p.number, "reason": why})
        s.flush()
        return view(p)


def find_by_code(s: Session, code: str) -> SentParcel | None:
    """A parcel by its receipt number (J...) or its waybill, as scanned."""
    text = (code or "").strip().upper().replace("-", "")
    if not text:
        return None
    for p in s.scalars(select(SentParcel).where(or_(SentParcel.waybill == normalise(code),
                                                    SentParcel.number.like(f"{text[:9]}%")))):
        if p.waybill == normalise(code) or p.number.replace("-", "") == text:
            return p
    return None


def get_sent(db: Database, code: str) -> SentView:
    with db.reader() as s:
        p = find_by_code(s, code)
        if p is None:
            raise NotFound(tr_noop("errors", "There is no parcel sent with number {number}."), number=code[:30])
        return view(p)


def search_sent(db: Database, text: str = "", status: str = "", carrier: str = "",
                since: dt.datetime | None = None, limit: int = 200) -> list[SentView]:
    """Outgoing parcels, newest first: by number, waybill, names or phone digits; by state."""
    q = select(SentParcel).order_by(SentParcel.accepted_at.desc()).limit(limit)
    t = " ".join((text or "").split())
    if t:
        like = f"%{t}%"
        q = q.where(or_(SentParcel.number.ilike(like), SentParcel.waybill.ilike(f"%{t.upper()}%"),
                        SentParcel.sender_name.like(like), SentParcel.recipient_name.like(like),
                        SentParcel.sender_phone.like(like), SentParcel.recipient_phone.like(like)))
    if status:
        q = q.where(SentParcel.status == status)
    if carrier:
        q = q.where(SentParcel.carrier == carrier)
    if since is not None:
        q = q.where(SentParcel.accepted_at >= since)
    with db.reader() as s:
        return [view(p) for p in s.scalars(q)]


def sender_phone_of(db: Database, villager_id: uuid.UUID) -> tuple[str, str]:
    """The name and phone of a villager picked as the sender."""
    with db.reader() as s:
        v = s.get(Villager, villager_id)
        if v is None or not v.active:
            raise NotFound(tr_noop("errors", "This villager is not in the register."))
        return v.name, v.phone or ""
