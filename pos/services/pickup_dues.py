"""What a villager pays when a parcel leaves: pluggable "amount due" sources.

Pickup and delivery ask every source for lines per parcel, total them, and after the money is
taken ask each source to settle its lines inside the same unit of work. The parcel's own fee and
the station's storage fee are built in; the assisted-purchases feature adds its balance source
(pass ``DEFAULT_DUE_SOURCES + (its_source,)`` to the pickup page and services).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Protocol, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import Parcel, ParcelEvent
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.users import Operator
from pos.services.pickup_settings import PickupSettings, days_in_stock, storage_fee_fen

PAYMENT_METHODS = ("cash", "mobile")


@dataclass(frozen=True)
class DueLine:
    """One amount owed on one parcel. ``label`` is English marked with tr_noop("pickup", ...)
    and formatted with ``params``; the screen and the receipt translate it."""

    kind: str
    label: str
    amount_fen: int
    params: tuple[tuple[str, Any], ...] = ()
    reference: str = ""  # the source's own key (e.g. a purchase order number)

    def text(self, translate=None) -> str:
        template = translate("pickup", self.label) if translate else self.label
        try:
            return template.format(**dict(self.params))
        except (KeyError, IndexError, ValueError):
            return template


@dataclass(frozen=True)
class Payment:
    method: str  # cash | mobile
    amount_fen: int


class DueSource(Protocol):
    def lines(self, session: Session, parcel: Parcel, now: dt.datetime, cfg: PickupSettings) -> Sequence[DueLine]:
        ...

    def settle(self, session: Session, operator: Operator, parcel: Parcel, line: DueLine, now: dt.datetime) -> None:
        """The money for ``line`` was taken (or waived by the owner): mark it paid."""


class ParcelFeeDue:
    """The fee stored on the parcel itself (set at check-in, e.g. a fee the courier collects)."""

    def lines(self, session, parcel, now, cfg):
        if parcel.fee_due_fen > 0:
            return [DueLine("fee", tr_noop("pickup", "Fee on the parcel"), parcel.fee_due_fen)]
        return []

    def settle(self, session, operator, parcel, line, now):
        parcel.fee_due_fen = 0


class StorageFeeDue:
    """The station's storage fee: so many fen a day after the free days."""

    def lines(self, session, parcel, now, cfg):
        fee = storage_fee_fen(parcel.checked_in_at, now, cfg)
        if fee <= 0:
            return []
        days = days_in_stock(parcel.checked_in_at, now) - cfg.storage_free_days
        return [DueLine("storage", tr_noop("pickup", "Storage fee, {days} day(s)"), fee, (("days", days),))]

    def settle(self, session, operator, parcel, line, now):
        pass  # computed from the dates; the event records that it was paid


DEFAULT_DUE_SOURCES: tuple[DueSource, ...] = (ParcelFeeDue(), StorageFeeDue())


def dues_for(session: Session, parcel: Parcel, now: dt.datetime, cfg: PickupSettings,
             sources: Sequence[DueSource]) -> list[tuple[DueSource, DueLine]]:
    return [(src, line) for src in sources for line in src.lines(session, parcel, now, cfg) if line.amount_fen]


def allocate(amount_fen: int, dues: Sequence[int]) -> list[int]:
    """Spread a collected amount over parcels in order, each up to what it owes."""
    out = []
    left = amount_fen
    for due in dues:
        take = min(max(due, 0), left)
        out.append(take)
        left -= take
    return out


def check_method(method: str) -> str:
    if method not in PAYMENT_METHODS:
        raise ValidationError(tr_noop("errors", "Choose cash or mobile payment."), field="method")
    return method


def settle_payment(due: int, payment: Payment | None, waived_by: Operator | None) -> tuple[int, int, str]:
    if due <= 0:
        return 0, 0, ""
    if payment is None:
        if waived_by is None:
            raise ValidationError(tr_noop("errors", "Collect {amount} before handing over."), field="payment",
                                  amount=str(Money(due)))
        payment = Payment("cash", 0)
    method = check_method(payment.method)
    amount = payment.amount_fen
    if not isinstance(amount, int) or amount < 0:
        raise ValidationError(tr_noop("errors", "The amount collected cannot be negative."), field="payment")
    if amount > due:
        raise ValidationError(tr_noop("errors", "Collect {amount} exactly; give the rest back as change."),
                              field="payment", amount=str(Money(due)))
    waived = due - amount
    if waived and (waived_by is None or not waived_by.is_owner):
        raise ValidationError(tr_noop("errors", "Collect {amount} before handing over, or ask the owner to let "
                                      "it go."), field="payment", amount=str(Money(due)))
    return amount, waived, method if amount else ""


# money taken, for the shift and cash feature -------------------------------------------------
@dataclass(frozen=True)
class Collection:
    receipt: str
    at: dt.datetime
    operator: str
    method: str
    amount_fen: int


def collected_between(db, start: dt.datetime, end: dt.datetime) -> list[Collection]:
    """Money taken for parcels (counter pickups and door deliveries) in [start, end), per receipt."""
    totals: dict[tuple[str, str], Collection] = {}
    with db.reader() as s:
        events = s.scalars(select(ParcelEvent).where(
            ParcelEvent.kind.in_(("picked_up", "delivered")), ParcelEvent.at >= start, ParcelEvent.at < end,
        ).order_by(ParcelEvent.at))
        for e in events:
            try:
                d = json.loads(e.details or "{}")
            except ValueError:
                continue
            fen = d.get("collected_fen") or 0
            if not fen:
                continue
            key = (d.get("receipt", ""), d.get("method", ""))
            old = totals.get(key)
            totals[key] = Collection(key[0], e.at, e.operator, key[1], fen + (old.amount_fen if old else 0))
    return list(totals.values())
