"""Delivery to the door (送货上门): mark parcels, send them out on a run with a sheet grouped by
village group, and record each stop on return: delivered (to whom, what was collected) or not
at home (back on the shelf, still marked for the next run).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pos.db.models import DeliveryRun, Parcel, ParcelEvent, Villager
from pos.domain.errors import DomainError, NotFound, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.users import Operator
from pos.domain.waybill import normalise
from pos.services import audit
from pos.services.purchases import links as purchase_links
from pos.services.clock import Clock
from pos.services.pickup.handover import FEE_WAIVED, _phone_display, group_key
from pos.services.pickup.dues import (
    DELIVERY_PURPOSE, DueLine, DueSource, Payment, delivery_line, drop_repeats, dues_for, settle_lines, settle_payment,
    split_collected,
)
from pos.services.pickup.numbers import DELIVERY_RUN, PICKUP, next_number
from pos.services.pickup.settings import from_session
from pos.services.shifts.drawer import shift_for_tender
from pos.services.villagers import consent as villager_consent

EVENT_REQUESTED = "delivery_requested"
EVENT_CANCELLED = "delivery_cancelled"
EVENT_OUT = "out_for_delivery"
EVENT_DELIVERED = "delivered"
EVENT_NOT_HOME = "not_at_home"


@dataclass(frozen=True)
class DeliveryParcel:
    id: uuid.UUID
    waybill: str
    carrier: str
    pickup_code: str
    status: str
    dues: tuple[DueLine, ...]

    @property
    def due_fen(self) -> int:
        return sum(d.amount_fen for d in self.dues)


@dataclass(frozen=True)
class Stop:
    key: str
    recipient_name: str
    phone_masked: str
    village_group: str
    address: str
    parcels: tuple[DeliveryParcel, ...]
    fee_fen: int
    outcome: str  # waiting | out | delivered | not_home

    @property
    def due_fen(self) -> int:
        return self.fee_fen + sum(p.due_fen for p in self.parcels)


@dataclass(frozen=True)
class RunSheet:
    id: uuid.UUID | None
    number: str
    operator: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
    fee_fen: int
    stops: tuple[Stop, ...]  # sorted by village group, then name

    def groups(self) -> list[tuple[str, list[Stop]]]:
        out: dict[str, list[Stop]] = {}
        for stop in self.stops:
            out.setdefault(stop.village_group, []).append(stop)
        return list(out.items())

    @property
    def due_fen(self) -> int:
        return sum(s.due_fen for s in self.stops if s.outcome in ("waiting", "out"))


def _find_in_stock(s: Session, query: str) -> Parcel:
    text = " ".join((query or "").split()).upper()
    if not text:
        raise ValidationError(tr_noop("errors", "Scan the parcel or type its pickup code."), field="query")
    p = s.scalar(select(Parcel).where(Parcel.status == "in_stock", Parcel.pickup_code == text))
    if p is None:
        p = s.scalar(select(Parcel).where(Parcel.status == "in_stock", Parcel.waybill == normalise(text)))
    if p is None:
        raise NotFound(tr_noop("errors", "No parcel in stock has the code or waybill {query}."), query=text[:30])
    return p


class NoDeliveryConsent(DomainError):
    """The 2024 delivery rules: no delivery to the door without the villager's consent in force."""


def refuse_without_consent(s: Session, parcels: Sequence[Parcel]) -> None:
    """NoDeliveryConsent naming whose consent is missing or withdrawn (the first few)."""
    ids = {p.villager_id for p in parcels if p.villager_id}
    entries = villager_consent.in_force(s, ids)
    names = {v.id: v.name for v in s.scalars(select(Villager).where(Villager.id.in_(ids)))} if ids else {}
    unregistered = sorted({p.recipient_name or p.pickup_code or p.waybill for p in parcels if not p.villager_id})
    if unregistered:
        raise NoDeliveryConsent(tr_noop("errors", "No delivery to the door for {names}: not in the villager "
                                        "register, so no consent is recorded. Register them and record their "
                                        "consent first."), names="、".join(unregistered[:5]))
    withdrawn = sorted(names[i] for i, e in entries.items() if e is not None and not e.given)
    if withdrawn:
        raise NoDeliveryConsent(tr_noop("errors", "No delivery to the door for {names}: consent was withdrawn "
                                        "(see the villager's consent log)."), names="、".join(withdrawn[:5]))
    missing = sorted(names[i] for i, e in entries.items() if e is None)
    if missing:
        raise NoDeliveryConsent(tr_noop("errors", "No delivery to the door for {names}: no consent is recorded. "
                                        "Record it on the Villagers page (F8) first."), names="、".join(missing[:5]))


def mark_for_delivery(db, operator: Operator, clock: Clock, query: str) -> str:
    """Mark the in-stock parcel with this pickup code or waybill; returns its pickup code.
    NoDeliveryConsent when its villager has no consent to delivery in force."""
    now = clock()
    with db.unit_of_work() as s:
        p = _find_in_stock(s, query)
        refuse_without_consent(s, [p])
        if not p.delivery_requested:
            p.delivery_requested = True
            s.add(ParcelEvent(parcel_id=p.id, at=now, kind=EVENT_REQUESTED, operator=operator.name, details="{}"))
        return p.pickup_code or p.waybill


def unmark(db, operator: Operator, clock: Clock, parcel_id: uuid.UUID) -> None:
    with db.unit_of_work() as s:
        p = s.get(Parcel, parcel_id)
        if p is None or p.status != "in_stock" or not p.delivery_requested:
            raise NotFound(tr_noop("errors", "That parcel is not waiting for delivery."))
        p.delivery_requested = False
        s.add(ParcelEvent(parcel_id=p.id, at=clock(), kind=EVENT_CANCELLED, operator=operator.name, details="{}"))


def _stops(s: Session, parcels: Sequence[Parcel], now: dt.datetime, fee: int, sources, run_id=None) -> tuple[Stop, ...]:
    cfg = from_session(s)
    ids = {p.villager_id for p in parcels if p.villager_id}
    villagers: dict[uuid.UUID | None, Villager] = {v.id: v for v in s.scalars(select(Villager).where(Villager.id.in_(ids)))} if ids else {}
    by_key: dict[str, list[Parcel]] = {}
    for p in sorted(parcels, key=lambda p: p.pickup_code):
        by_key.setdefault(group_key(p), []).append(p)
    stops = []
    for key, rows in by_key.items():
        v = villagers.get(rows[0].villager_id)
        dues = drop_repeats([dues_for(s, p, now, cfg, sources) if p.status in ("in_stock", "out_for_delivery")
                             else [] for p in rows])
        items = tuple(DeliveryParcel(p.id, p.waybill, p.carrier, p.pickup_code, p.status,
                                     tuple(line for _, line in d)) for p, d in zip(rows, dues))
        statuses = {p.status for p in rows}
        if "out_for_delivery" in statuses:
            outcome = "out"
        elif statuses == {"picked_up"}:
            outcome = "delivered"
        elif run_id is not None:
            outcome = "not_home"
        else:
            outcome = "waiting"
        stops.append(Stop(key, (v.name if v else "") or rows[0].recipient_name, _phone_display(rows[0]),
                          v.village_group if v else "", v.address if v else "", items,
                          fee if outcome in ("waiting", "out") else 0, outcome))
    stops.sort(key=lambda x: (x.village_group == "", x.village_group, x.recipient_name))
    return tuple(stops)


def waiting(db, clock: Clock, sources: Sequence[DueSource]) -> RunSheet:
    """What the next run would take: parcels in stock marked for delivery (no number yet)."""
    now = clock()
    with db.reader() as s:
        fee = from_session(s).delivery_fee_fen
        rows = list(s.scalars(select(Parcel).where(Parcel.status == "in_stock", Parcel.delivery_requested.is_(True))))
        return RunSheet(None, "", "", now, None, fee, _stops(s, rows, now, fee, sources))


def start_run(db, operator: Operator, clock: Clock, sources: Sequence[DueSource]) -> RunSheet:
    """Every marked parcel in stock goes out on a new run."""
    now = clock()
    with db.unit_of_work() as s:
        fee = from_session(s).delivery_fee_fen
        rows = list(s.scalars(select(Parcel).where(Parcel.status == "in_stock", Parcel.delivery_requested.is_(True))))
        if not rows:
            raise ValidationError(tr_noop("errors", "No parcel is marked for delivery."), field="parcels")
        refuse_without_consent(s, rows)  # consent may have been withdrawn since the parcel was marked
        run = DeliveryRun(number=next_number(s, DELIVERY_RUN, now), fee_fen=fee, operator=operator.name,
                          created_at=now, notes="")
        s.add(run)
        s.flush()
        for p in rows:
            p.status = "out_for_delivery"
            p.delivery_run_id = run.id
            s.add(ParcelEvent(parcel_id=p.id, at=now, kind=EVENT_OUT, operator=operator.name,
                              details=json.dumps({"run": run.number})))
        s.flush()
        return RunSheet(run.id, run.number, run.operator, now, None, fee, _stops(s, rows, now, fee, sources, run.id))


def _run(s: Session, run_id: uuid.UUID) -> DeliveryRun:
    run = s.get(DeliveryRun, run_id)
    if run is None:
        raise NotFound(tr_noop("errors", "This delivery run does not exist."))
    return run


def run_sheet(db, clock: Clock, run_id: uuid.UUID, sources: Sequence[DueSource]) -> RunSheet:
    now = clock()
    with db.reader() as s:
        run = _run(s, run_id)
        rows = list(s.scalars(select(Parcel).where(Parcel.delivery_run_id == run.id)))
        return RunSheet(run.id, run.number, run.operator, run.created_at, run.closed_at, run.fee_fen,
                        _stops(s, rows, now, run.fee_fen, sources, run.id))


def open_runs(db) -> list[tuple[uuid.UUID, str]]:
    with db.reader() as s:
        return [(r.id, r.number) for r in s.scalars(select(DeliveryRun).where(DeliveryRun.closed_at.is_(None))
                                                     .order_by(DeliveryRun.created_at))]


def _stop_parcels(s: Session, run: DeliveryRun, stop_key: str) -> list[Parcel]:
    rows = [p for p in s.scalars(select(Parcel).where(Parcel.delivery_run_id == run.id,
                                                       Parcel.status == "out_for_delivery")) if group_key(p) == stop_key]
    if not rows:
        raise DomainError(tr_noop("errors", "This stop is already recorded."))
    return rows


def _close_if_done(s: Session, run: DeliveryRun, now: dt.datetime) -> None:
    s.flush()
    left = s.scalar(select(Parcel.id).where(Parcel.delivery_run_id == run.id, Parcel.status == "out_for_delivery").limit(1))
    if left is None:
        run.closed_at = now


def record_delivered(db, operator: Operator, clock: Clock, run_id: uuid.UUID, stop_key: str, received_by: str,
                     payment: Payment | None = None, waived_by: Operator | None = None, *,
                     sources: Sequence[DueSource]) -> str:
    """The stop's parcels were handed to ``received_by`` at the door; returns the receipt number."""
    received_by = " ".join((received_by or "").split())[:50]
    if not received_by:
        raise ValidationError(tr_noop("errors", "Enter who took the parcels."), field="received_by")
    now = clock()
    with db.unit_of_work() as s:
        run = _run(s, run_id)
        cfg = from_session(s)
        rows = _stop_parcels(s, run, stop_key)
        dues = drop_repeats([dues_for(s, p, now, cfg, sources) for p in rows])
        if run.fee_fen > 0:  # one trip to the door, one fee: on the stop's first parcel
            dues[0] = [*dues[0], (None, delivery_line(run.fee_fen))]
        owed = [sum(line.amount_fen for _, line in d) for d in dues]
        due = sum(owed)
        collected, waived, method = settle_payment(due, payment, waived_by)
        if collected:
            shift_for_tender(s)  # money collected at the door comes back to the open shift's drawer
        covered = iter(split_collected(collected, [item for d in dues for item in d]))
        shares = [[next(covered) for _ in d] for d in dues]
        number = next_number(s, PICKUP, now)
        for i, (p, d, line_shares) in enumerate(zip(rows, dues, shares)):
            s.execute(update(Parcel).where(Parcel.id == p.id).values(
                status="picked_up", picked_up_at=now, handed_over_by=operator.name, collector_name=received_by,
                delivery_requested=False).execution_options(synchronize_session="fetch"))
            settle_lines(s, operator, p, d, line_shares, method, number, now, DELIVERY_PURPOSE)
            purchase_links.on_parcel_handed_over(s, p, operator, [], lambda: now)
            share = sum(line_shares)
            s.add(ParcelEvent(parcel_id=p.id, at=now, kind=EVENT_DELIVERED, operator=operator.name, details=json.dumps({
                "receipt": number, "run": run.number, "received_by": received_by,
                "delivery_fee_fen": run.fee_fen if i == 0 else 0,
                "dues": [{"kind": line.kind, "amount_fen": line.amount_fen, "reference": line.reference}
                         for src, line in d if src is not None],
                "due_fen": owed[i], "collected_fen": share, "method": method if share else "",
            }, ensure_ascii=False)))
        if waived:
            audit.record(s, waived_by, FEE_WAIVED, {"receipt": number, "run": run.number, "due_fen": due,
                                                    "collected_fen": collected, "waived_fen": waived,
                                                    "operator": operator.name}, at=now)
        _close_if_done(s, run, now)
        return number


def record_not_home(db, operator: Operator, clock: Clock, run_id: uuid.UUID, stop_key: str) -> None:
    """Nobody was home: the parcels go back on their shelf, still marked for the next run."""
    now = clock()
    with db.unit_of_work() as s:
        run = _run(s, run_id)
        for p in _stop_parcels(s, run, stop_key):
            p.status = "in_stock"
            s.add(ParcelEvent(parcel_id=p.id, at=now, kind=EVENT_NOT_HOME, operator=operator.name,
                              details=json.dumps({"run": run.number})))
        _close_if_done(s, run, now)
