"""What a villager pays when a parcel leaves: pluggable "amount due" sources.

Pickup and delivery ask every source for lines per parcel, total them, and after the money is
taken ask each source to settle its lines inside the same unit of work. The parcel's own fee and
the station's storage fee are built in; the assisted-purchases feature adds its balance source
(pos.wiring.station_due_sources lists them all; the pickup and delivery
services take the list as a required argument, so no caller can leave one out by omission).

Every fen taken is a row of the drawer ledger (pos.db.models.payment.Payment), the one place
shifts and reports add money up: the station's own fees (the parcel's fee, storage, delivery)
are written here as purpose ``parcel_fee`` with the pickup receipt number; a source with
``records_payment`` (an assisted purchase's balance) writes its own row when settled with the
method, never both.

The owner may let part of what is due go, but only of the station's own fees: a source with
``waivable`` False (the purchase balance, the villager's goods money) must be collected in full,
or settled on its own page first (e.g. put on the villager's account on the Purchases page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, Sequence

from sqlalchemy.orm import Session

from pos.db.models import Parcel
from pos.db.models.payment import Payment as LedgerPayment
from pos.domain.dues import DueLine
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.users import Operator
from pos.services.pickup.settings import PickupSettings, days_in_stock, storage_fee_fen

PAYMENT_METHODS = ("cash", "mobile")
FEE_PURPOSE = "parcel_fee"
DELIVERY_PURPOSE = "delivery"  # the station's fees collected at the door on a delivery run
DELIVERY = "delivery"


@dataclass(frozen=True)
class Payment:
    method: str  # cash | mobile
    amount_fen: int


class DueSource(Protocol):
    def lines(self, session: Session, parcel: Parcel, now: dt.datetime, cfg: PickupSettings) -> Sequence[DueLine]:
        ...

    def settle(self, session: Session, operator: Operator, parcel: Parcel, line: DueLine, now: dt.datetime) -> None:
        """The money for ``line`` was taken (or waived by the owner): mark it paid.

        A source whose class sets ``records_payment = True`` is called with ``method=`` as well
        and writes its own Payment row; ``waivable = False`` means it is never let go."""


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


# the station's own fees only: not the whole list (see station_due_sources)
BUILT_IN_DUE_SOURCES: tuple[DueSource, ...] = (ParcelFeeDue(), StorageFeeDue())


def dues_for(session: Session, parcel: Parcel, now: dt.datetime, cfg: PickupSettings,
             sources: Sequence[DueSource]) -> list[tuple[DueSource, DueLine]]:
    return [(src, line) for src in sources for line in src.lines(session, parcel, now, cfg) if line.amount_fen]


def dues_for_many(session: Session, parcels: Sequence[Parcel], now: dt.datetime, cfg: PickupSettings,
                  sources: Sequence[DueSource]) -> list[list[tuple[DueSource, DueLine]]]:
    """``dues_for`` of each parcel, in order; a source with ``lines_many(session, parcels, now,
    cfg)`` answers for all of them at once (one query instead of some per parcel)."""
    per_source = []
    for src in sources:
        many = getattr(src, "lines_many", None)
        per_source.append(many(session, parcels, now, cfg) if many is not None
                          else [src.lines(session, p, now, cfg) for p in parcels])
    return [[(src, line) for src, lines in zip(sources, per_source) for line in lines[i] if line.amount_fen]
            for i in range(len(parcels))]


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


def delivery_line(fee_fen: int) -> DueLine:
    """The delivery run's fee, once per stop: a station fee like storage."""
    return DueLine(DELIVERY, tr_noop("pickup", "Delivery fee"), fee_fen)


def waivable(source: DueSource | None) -> bool:
    return getattr(source, "waivable", True)


def records_payment(source: DueSource | None) -> bool:
    return getattr(source, "records_payment", False)


Dues = list[tuple[DueSource | None, DueLine]]


def drop_repeats(per_parcel: Sequence[Sequence[tuple[DueSource | None, DueLine]]]) -> list[Dues]:
    """A line owed once for several parcels (an order shipped in two parcels names the same order
    on both) is kept on the first parcel only: the villager is never asked twice."""
    seen: set[tuple[str, str]] = set()
    out: list[Dues] = []
    for dues in per_parcel:
        kept = []
        for src, line in dues:
            key = (line.kind, line.reference)
            if line.reference and key in seen:
                continue
            seen.add(key)
            kept.append((src, line))
        out.append(kept)
    return out


def split_collected(collected_fen: int, lines: Sequence[tuple[DueSource | None, DueLine]]) -> list[int]:
    """What the money taken covers of each line: the lines that cannot be let go in full first,
    then the station's fees in order; what they leave is what the owner let go."""
    must = sum(line.amount_fen for src, line in lines if not waivable(src))
    if collected_fen < must:
        raise ValidationError(tr_noop("errors", "Collect at least {amount}: an assisted purchase balance cannot be "
                                      "let go. Put it on the villager's account on the Purchases page first if "
                                      "they cannot pay now."), field="payment", amount=str(Money(must)))
    left = collected_fen - must
    out = []
    for src, line in lines:
        if not waivable(src):
            out.append(line.amount_fen)
            continue
        take = min(line.amount_fen, left)
        left -= take
        out.append(take)
    return out


def settle_lines(session: Session, operator: Operator, parcel: Parcel, lines: Dues, shares: Sequence[int],
                 method: str, receipt: str, now: dt.datetime, purpose: str = FEE_PURPOSE) -> None:
    """Settle each line of one parcel; the station's fees go into the drawer ledger as ``purpose``
    (parcel_fee at the counter, delivery on a run), so the Z report shows each kind."""
    for (src, line), share in zip(lines, shares):
        if records_payment(src):
            src.settle(session, operator, parcel, line, now, method=method)  # type: ignore[call-arg, union-attr]
            continue
        if src is not None:
            src.settle(session, operator, parcel, line, now)
        if share:
            session.add(LedgerPayment(
                at=now, purpose=purpose, method=method, amount_fen=share, operator=operator.name,
                receipt_number=receipt, parcel_id=parcel.id, villager_id=parcel.villager_id, note=line.kind,
            ))
