"""Consent to delivery to the door (送货上门同意记录), as the 2024 delivery rules require: a dated
log per villager of consent given or withdrawn, how (signed paper, in person, by phone), and who
recorded it; every entry is audited and none is ever changed.

The newest entry (by the day the villager gave or withdrew it) is what is in force; a delivery run
takes parcels only for villagers whose consent is in force (pos.services.pickup.delivery).
Villager.delivery_consent and delivery_consent_at keep the state in force for lists and the CSV.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import DeliveryConsent, Villager
from pos.db.unit_of_work import Database
from pos.domain.errors import NotFound, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.users import Operator
from pos.services import audit
from pos.services.clock import Clock, system_clock

CONSENT_GIVEN = "villager.delivery_consent_given"
CONSENT_WITHDRAWN = "villager.delivery_consent_withdrawn"

# how the villager gave or withdrew consent: the partner chooses one of HOW; the others are written
# by the app (the villager card or a CSV import, and the flag kept before the log existed)
HOW = ("paper", "in_person", "phone")
REGISTER = "register"
BEFORE_LOG = "before_log"
HOW_LABELS = {
    "paper": tr_noop("villagers", "Signed paper"),
    "in_person": tr_noop("villagers", "In person"),
    "phone": tr_noop("villagers", "By phone"),
    REGISTER: tr_noop("villagers", "On the villager card or a CSV import"),
    BEFORE_LOG: tr_noop("villagers", "Recorded before the log"),
}
NOTE_MAX = 200


@dataclass(frozen=True)
class ConsentEntry:
    id: uuid.UUID
    villager_id: uuid.UUID
    given: bool
    at: dt.datetime  # when the villager gave or withdrew it
    how: str
    recorded_by: str
    recorded_at: dt.datetime
    note: str


def _entry(row: DeliveryConsent) -> ConsentEntry:
    return ConsentEntry(row.id, row.villager_id, row.given, row.at, row.how, row.recorded_by, row.created_at, row.note)


def _newest_first(query):
    return query.order_by(DeliveryConsent.at.desc(), DeliveryConsent.created_at.desc())


def add_entry(session: Session, operator: Operator | None, villager: Villager, given: bool, how: str,
              at: dt.datetime, now: dt.datetime, note: str = "", audited: bool = True) -> DeliveryConsent:
    """Write one entry and its audit line in the caller's unit of work; keeps the villager's
    consent fields on the entry now in force. ``audited`` False: the caller's own audit entry
    names it (a CSV import audits the file once)."""
    row = DeliveryConsent(villager_id=villager.id, given=given, at=at, how=how,
                          recorded_by=operator.name if operator else "", note=note)  # created_at: the real
    # moment of recording, so of two entries for the same day the one recorded later is in force
    session.add(row)
    session.flush()
    newest = session.scalar(_newest_first(select(DeliveryConsent).where(DeliveryConsent.villager_id == villager.id))
                            .limit(1))
    villager.delivery_consent = bool(newest and newest.given)
    villager.delivery_consent_at = newest.at if newest and newest.given else None
    if audited:
        audit.record(session, operator, CONSENT_GIVEN if given else CONSENT_WITHDRAWN, {
            "villager": str(villager.id), "name": villager.name, "at": at.isoformat(), "how": how, "note": note,
        }, at=now)
    return row


def record(db: Database, operator: Operator, villager_id: uuid.UUID, given: bool, how: str,
           at: dt.datetime | None = None, note: str = "", clock: Clock = system_clock) -> ConsentEntry:
    """Log that the villager gave (``given``) or withdrew consent on ``at`` (default now)."""
    if how not in HOW:
        raise ValidationError(tr_noop("errors", "Choose how the villager gave or withdrew consent."), field="how")
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise ValidationError(tr_noop("errors", "This is too long ({length} characters; {max} at most)."),
                              field="note", length=len(note), max=NOTE_MAX)
    now = clock()
    at = at or now
    if at.tzinfo is None:
        raise ValueError("the consent time must be an aware datetime")
    if at.astimezone().date() > now.astimezone().date():
        raise ValidationError(tr_noop("errors", "The consent date {date} is in the future."), field="at",
                              date=at.astimezone().date().isoformat())
    with db.unit_of_work() as s:
        v = s.get(Villager, villager_id)
        if v is None:
            raise NotFound(tr_noop("errors", "That villager is not in the register."))
        return _entry(add_entry(s, operator, v, given, how, at, now, note))


def history(db: Database, villager_id: uuid.UUID) -> list[ConsentEntry]:
    """The villager's consent log, newest first."""
    with db.reader() as s:
        rows = s.scalars(_newest_first(select(DeliveryConsent).where(DeliveryConsent.villager_id == villager_id)))
        return [_entry(r) for r in rows]


def in_force(session: Session, villager_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, ConsentEntry | None]:
    """Each villager's newest entry (None: never recorded), read from the log itself."""
    ids = list(set(villager_ids))
    out: dict[uuid.UUID, ConsentEntry | None] = dict.fromkeys(ids)
    if not ids:
        return out
    for row in session.scalars(_newest_first(select(DeliveryConsent).where(DeliveryConsent.villager_id.in_(ids)))):
        if out[row.villager_id] is None:
            out[row.villager_id] = _entry(row)
    return out
