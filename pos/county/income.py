"""What the county owes its partners, from the synced copies of the stations' records.

The station computes its income from its own records with pos.domain.income; the county turns
the synced copies into the same ``Fact``s with the same record rules (parcel_facts,
purchase_item_facts, service_facts), on the station's local days, and prices them with the same
dated rates (the station settings' "rates", which the county sends down). So a station's
statement and the county's agree to the fen.

A statement is computed from the records; the month's income of every station at once (the
dashboard) is read from the per-month sums pos.county.income_rollup keeps at ingest.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import BigInteger, Date, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from pos.county.models import (IncomeMonth, Station, StationSettings, SyncedParcel, SyncedPurchase, SyncedRefund,
                               SyncedServicePayment)
from pos.domain.errors import ValidationError
from pos.domain.income import (Fact, ItemRefund, Rate, Statement, month_bounds, parcel_facts,
                               parse_rates, purchase_item_facts, service_facts, statement)
from pos.sync.contract import ContractError

RATES_KEY = "rates"
ZONE_KEY = "time_zone"
DEFAULT_ZONE = "Asia/Shanghai"  # every station in China keeps Beijing time
HANDED_OVER = "picked_up"


# --- the station's settings at the county ------------------------------------------------------

def zone_of(values: dict[str, Any] | None) -> ZoneInfo:
    name = (values or {}).get(ZONE_KEY) or DEFAULT_ZONE
    return ZoneInfo(name)


def rates_of(values: dict[str, Any] | None) -> tuple[Rate, ...]:
    raw = (values or {}).get(RATES_KEY)
    return () if raw is None else parse_rates(raw)


def check_settings(values: dict[str, Any]) -> None:
    """Refuse settings whose rates or time zone the county could not use (ContractError names the
    field): what is stored is what every statement is priced with."""
    if RATES_KEY in values:
        try:
            parse_rates(values[RATES_KEY])
        except ValidationError as e:
            raise ContractError(e.field or RATES_KEY, str(e)) from None
    if ZONE_KEY in values:
        name = values[ZONE_KEY]
        try:
            if not isinstance(name, str) or not name:
                raise ValueError(name)
            ZoneInfo(name)
        except (ValueError, ZoneInfoNotFoundError):
            raise ContractError(ZONE_KEY, f"{str(name)[:40]!r} is not a time zone (write it like Asia/Shanghai)") from None


def settings_of(session: Session, station_id: uuid.UUID) -> dict[str, Any]:
    row = session.get(StationSettings, station_id)
    return dict(row.values) if row is not None else {}


def station_zone(session: Session, station_id: uuid.UUID) -> ZoneInfo:
    return zone_of(settings_of(session, station_id))


def station_rates(session: Session, station_id: uuid.UUID) -> tuple[Rate, ...]:
    return rates_of(settings_of(session, station_id))


# --- local days ----------------------------------------------------------------------------------

def local_day(at: dt.datetime, zone: ZoneInfo) -> dt.date:
    return at.astimezone(zone).date()


def day_start(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The station's midnight at the start of ``day``, in UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.timezone.utc)


# --- facts from the synced records ------------------------------------------------------------------

def _between(col, start: dt.datetime, stop: dt.datetime):
    return and_(col >= start, col < stop)


def _local_date(col, zone: ZoneInfo):
    """The station's local date of a stored time, computed by PostgreSQL (same IANA zone)."""
    return cast(func.timezone(zone.key, col), Date)


def times(facts: list[Fact], n: int) -> list[Fact]:
    """The facts of ``n`` records alike. Where pricing is linear (no base for a rate to round, or
    an amount already decided) one fact stands for all ``n``; otherwise each is kept, so every
    fact is still rounded on its own."""
    if n == 1:
        return facts
    out: list[Fact] = []
    for f in facts:
        if f.fixed_fen is not None or f.base_fen == 0:
            out.append(replace(f, count=f.count * n, base_fen=f.base_fen * n,
                               fixed_fen=None if f.fixed_fen is None else f.fixed_fen * n))
        else:
            out += [f] * n
    return out


def facts_between(session: Session, station_id: uuid.UUID, zone: ZoneInfo, first: dt.date,
                  end: dt.date) -> list[Fact]:
    """Every fact of the station on the local days [first, end). Parcels and service payments
    alike are counted together by PostgreSQL (a busy station checks in thousands a month)."""
    start, stop = day_start(first, zone), day_start(end, zone)
    facts: list[Fact] = []
    handed = case((SyncedParcel.status == HANDED_OVER, _local_date(SyncedParcel.picked_up_at, zone)))
    checked = _local_date(SyncedParcel.checked_in_at, zone)
    for carrier, checked_in, handed_over, n in session.execute(
            select(SyncedParcel.carrier, checked, handed, func.count())
            .where(SyncedParcel.station_id == station_id,
                   or_(_between(SyncedParcel.checked_in_at, start, stop),
                       _between(SyncedParcel.picked_up_at, start, stop)))
            .group_by(SyncedParcel.carrier, checked, handed)):
        facts += times(parcel_facts(carrier, checked_in, handed_over), n)
    facts += _purchase_facts(session, station_id, zone, start, stop)
    amount = cast(SyncedServicePayment.data["amount_fen"].astext, BigInteger)
    paid, refunded = (_local_date(SyncedServicePayment.paid_at, zone), _local_date(SyncedServicePayment.refunded_at, zone))
    for kind, commission, paid_day, refunded_day, base, n in session.execute(
            select(SyncedServicePayment.kind, SyncedServicePayment.commission_fen, paid, refunded, amount, func.count())
            .where(SyncedServicePayment.station_id == station_id, SyncedServicePayment.paid_at.is_not(None),
                   or_(_between(SyncedServicePayment.paid_at, start, stop),
                       _between(SyncedServicePayment.refunded_at, start, stop)))
            .group_by(SyncedServicePayment.kind, SyncedServicePayment.commission_fen, paid, refunded, amount)):
        facts += times(service_facts(kind, paid_day, int(base or 0), commission, refunded_day), n)
    return [f for f in facts if first <= f.day < end]


def _purchase_facts(session: Session, station_id: uuid.UUID, zone: ZoneInfo, start: dt.datetime,
                    stop: dt.datetime) -> list[Fact]:
    """Commission on the items of the purchases collected in the range, and the reversals of
    refunds made in it after collection: each purchase with all its refunds."""
    refunded_in = select(SyncedRefund.purchase_uuid).where(
        SyncedRefund.station_id == station_id, SyncedRefund.purchase_uuid.is_not(None),
        _between(SyncedRefund.at, start, stop))
    purchases = session.execute(
        select(SyncedPurchase.uuid, SyncedPurchase.collected_at, SyncedPurchase.data)
        .where(SyncedPurchase.station_id == station_id, SyncedPurchase.collected_at.is_not(None),
               or_(_between(SyncedPurchase.collected_at, start, stop), SyncedPurchase.uuid.in_(refunded_in)))).all()
    if not purchases:
        return []
    refunds: dict[str, list[tuple[dt.datetime, int]]] = defaultdict(list)
    for at, lines in session.execute(
            select(SyncedRefund.at, SyncedRefund.data["lines"])
            .where(SyncedRefund.station_id == station_id,
                   SyncedRefund.purchase_uuid.in_([p.uuid for p in purchases]))):
        for line in lines or ():
            if line.get("purchase_item_uuid"):
                refunds[line["purchase_item_uuid"]].append((at, int(line.get("amount_fen") or 0)))
    facts: list[Fact] = []
    for _uid, collected, data in purchases:
        collected_day = local_day(collected, zone)
        for item in data.get("items") or ():
            gross = int(item.get("quantity") or 0) * int(item.get("unit_price_fen") or 0)
            item_refunds = [ItemRefund(local_day(at, zone), amount, after_collection=at >= collected)
                            for at, amount in refunds.get(item["uuid"], ())]
            facts += purchase_item_facts(item.get("category") or "", gross, collected_day, item_refunds)
    return facts


# --- what the web pages and scripts call -----------------------------------------------------------

def station_statement(session: Session, station_id: uuid.UUID, year: int, month: int) -> Statement:
    """The station's statement for the month, from its synced records (LookupError: no such
    station)."""
    station_id = uuid.UUID(str(station_id))
    station = session.get(Station, station_id)
    if station is None:
        raise LookupError(f"no station {station_id}")
    values = settings_of(session, station_id)
    first, nxt = month_bounds(year, month)
    facts = facts_between(session, station_id, zone_of(values), first, nxt)
    return statement(station.name, year, month, facts, rates_of(values))


def month_income(session: Session, year: int, month: int) -> dict[uuid.UUID, int]:
    """Station id -> what the county owes it for the month (fen), every station with any income
    that month: one row each from income_month."""
    rows = session.execute(select(IncomeMonth.station_id, IncomeMonth.county_paid_fen)
                           .where(IncomeMonth.month == dt.date(year, month, 1)))
    return {sid: int(fen) for sid, fen in rows}


def _months_back(today: dt.date, months: int) -> list[tuple[int, int]]:
    y, m = today.year, today.month
    out = []
    for _ in range(months):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def monthly_income(session: Session, station_id: uuid.UUID, months: int = 12,
                   today: dt.date | None = None) -> list[tuple[int, int, int]]:
    """(year, month, fen the county owes) of the last ``months`` months up to the station's
    ``today``, oldest first; months without income are 0."""
    station_id = uuid.UUID(str(station_id))
    if today is None:
        today = dt.datetime.now(dt.timezone.utc).astimezone(station_zone(session, station_id)).date()
    wanted = _months_back(today, months)
    rows = session.execute(select(IncomeMonth.month, IncomeMonth.county_paid_fen)
                           .where(IncomeMonth.station_id == station_id,
                                  IncomeMonth.month >= dt.date(wanted[0][0], wanted[0][1], 1),
                                  IncomeMonth.month <= dt.date(wanted[-1][0], wanted[-1][1], 1)))
    got = {(m.year, m.month): int(fen) for m, fen in rows}
    return [(y, m, got.get((y, m), 0)) for y, m in wanted]
