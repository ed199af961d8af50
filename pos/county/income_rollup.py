"""The per-day income table (income_day) and its monthly sums (income_month), kept equal to
what the records say.

A day's rows are the income_lines of that day's facts, priced with the station's rates: the same
arithmetic as a statement (each fact rounded on its own), so a month's rows add up to the month's
statement. The days a batch can change are those of the income records it touches, before and
after (a parcel handed over, a refund, a purchase collected); they are recomputed in the batch's
transaction. A change of rates or time zone recomputes the station's every day.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Date, cast, delete, func, insert, select, union_all
from sqlalchemy.orm import Session

from pos.county.income import (HANDED_OVER, facts_between, local_day, rates_of, settings_of, zone_of)
from pos.county.models import (IncomeDay, IncomeMonth, Station, SyncedParcel, SyncedPurchase, SyncedRefund,
                               SyncedServicePayment)
from pos.domain.errors import ValidationError
from pos.domain.income import COUNTY_PAID, Fact, Rate, income_lines, month_bounds

log = logging.getLogger("pos.county")

INCOME_KINDS = ("parcel", "purchase", "refund", "service_payment")


def days_touched(session: Session, station_id: uuid.UUID, uuids: dict[str, list[uuid.UUID]],
                 zone: ZoneInfo) -> set[dt.date]:
    """The local days on which the stored records ``uuids`` (kind -> uuids) earn or reverse
    income, with the days of the purchases and refunds that go with them. Called before and
    after a batch's upsert: a moved time frees its old day too."""
    times: list[dt.datetime | None] = []
    sid = station_id
    if uuids.get("parcel"):
        for checked_in, picked_up, status in session.execute(
                select(SyncedParcel.checked_in_at, SyncedParcel.picked_up_at, SyncedParcel.status)
                .where(SyncedParcel.station_id == sid, SyncedParcel.uuid.in_(uuids["parcel"]))):
            times += [checked_in, picked_up if status == HANDED_OVER else None]
    purchases = set(uuids.get("purchase") or ())
    if uuids.get("refund"):
        for at, purchase in session.execute(select(SyncedRefund.at, SyncedRefund.purchase_uuid).where(
                SyncedRefund.station_id == sid, SyncedRefund.uuid.in_(uuids["refund"]))):
            if purchase is not None:
                times.append(at)
                purchases.add(purchase)
    if purchases:
        # a purchase's commission is on its collection day, less the refunds before it; the
        # refunds after it reverse on their own days
        times += session.scalars(select(SyncedPurchase.collected_at).where(
            SyncedPurchase.station_id == sid, SyncedPurchase.uuid.in_(purchases))).all()
        times += session.scalars(select(SyncedRefund.at).where(
            SyncedRefund.station_id == sid, SyncedRefund.purchase_uuid.in_(purchases))).all()
    if uuids.get("service_payment"):
        for paid, refunded in session.execute(
                select(SyncedServicePayment.paid_at, SyncedServicePayment.refunded_at)
                .where(SyncedServicePayment.station_id == sid, SyncedServicePayment.uuid.in_(uuids["service_payment"]))):
            times += [paid, refunded]
    return {local_day(t, zone) for t in times if t is not None}


def _runs(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sorted days as [first, end) runs of consecutive days."""
    runs: list[tuple[dt.date, dt.date]] = []
    for d in sorted(set(days)):
        if runs and runs[-1][1] == d:
            runs[-1] = (runs[-1][0], d + dt.timedelta(days=1))
        else:
            runs.append((d, d + dt.timedelta(days=1)))
    return runs


def _rows(station_id: uuid.UUID, facts: list[Fact], rates: tuple[Rate, ...]) -> list[dict]:
    by_day: dict[dt.date, list[Fact]] = defaultdict(list)
    for f in facts:
        by_day[f.day].append(f)
    return [{"station_id": station_id, "day": day, "source": ln.source, "key": ln.key, "event": ln.event,
             "count": ln.count, "base_fen": ln.base_fen, "income_fen": ln.income_fen}
            for day, fs in by_day.items() for ln in income_lines(fs, rates)]


def _refresh_range(session: Session, station_id: uuid.UUID, first: dt.date, end: dt.date, zone: ZoneInfo,
                   rates: tuple[Rate, ...]) -> None:
    session.execute(delete(IncomeDay).where(IncomeDay.station_id == station_id, IncomeDay.day >= first,
                                            IncomeDay.day < end))
    rows = _rows(station_id, facts_between(session, station_id, zone, first, end), rates)
    if rows:
        session.execute(insert(IncomeDay.__table__), rows)


def _firsts(first: dt.date, end: dt.date) -> set[dt.date]:
    """The first days of the months [first, end) reaches into."""
    out, m = set(), first.replace(day=1)
    while m < end:
        out.add(m)
        m = month_bounds(m.year, m.month)[1]
    return out


def _sum_months(session: Session, station_id: uuid.UUID, first: dt.date, end: dt.date) -> None:
    """income_month of the months [first, end) reaches into, summed again from income_day."""
    lo = first.replace(day=1)
    hi = month_bounds((end - dt.timedelta(days=1)).year, (end - dt.timedelta(days=1)).month)[1]
    session.execute(delete(IncomeMonth).where(IncomeMonth.station_id == station_id, IncomeMonth.month >= lo,
                                              IncomeMonth.month < hi))
    month = cast(func.date_trunc("month", IncomeDay.day), Date)
    paid = func.coalesce(func.sum(IncomeDay.income_fen).filter(IncomeDay.source.in_(sorted(COUNTY_PAID))), 0)
    session.execute(insert(IncomeMonth.__table__).from_select(
        ["station_id", "month", "county_paid_fen", "total_fen"],
        select(IncomeDay.station_id, month, paid, func.sum(IncomeDay.income_fen))
        .where(IncomeDay.station_id == station_id, IncomeDay.day >= lo, IncomeDay.day < hi)
        .group_by(IncomeDay.station_id, month)))


def refresh_days(session: Session, station_id: uuid.UUID, days: Iterable[dt.date], *,
                 zone: ZoneInfo | None = None, rates: tuple[Rate, ...] | None = None) -> None:
    """Recompute the station's rows of ``days`` from its records."""
    runs = _runs(days)
    if not runs:
        return
    if zone is None or rates is None:
        values = settings_of(session, station_id)
        zone, rates = zone_of(values), rates_of(values)
    months: set[dt.date] = set()
    for first, end in runs:
        _refresh_range(session, station_id, first, end, zone, rates)
        months |= _firsts(first, end)
    for m in sorted(months):
        _sum_months(session, station_id, m, month_bounds(m.year, m.month)[1])


def _span(session: Session, station_id: uuid.UUID) -> tuple[dt.datetime, dt.datetime] | None:
    """The first and last time the station's records earn anything."""
    times = union_all(*(select(func.min(c).label("lo"), func.max(c).label("hi")).where(model.station_id == station_id)
                        for model, c in ((SyncedParcel, SyncedParcel.checked_in_at),
                                         (SyncedParcel, SyncedParcel.picked_up_at),
                                         (SyncedPurchase, SyncedPurchase.collected_at),
                                         (SyncedRefund, SyncedRefund.at),
                                         (SyncedServicePayment, SyncedServicePayment.paid_at),
                                         (SyncedServicePayment, SyncedServicePayment.refunded_at)))).subquery()
    lo, hi = session.execute(select(func.min(times.c.lo), func.max(times.c.hi))).one()
    return None if lo is None else (lo, hi)


def rebuild_station(session: Session, station_id: uuid.UUID) -> None:
    """Every day of the station again (its rates or time zone changed), a month at a time."""
    values = settings_of(session, station_id)
    zone, rates = zone_of(values), rates_of(values)
    session.execute(delete(IncomeDay).where(IncomeDay.station_id == station_id))
    session.execute(delete(IncomeMonth).where(IncomeMonth.station_id == station_id))
    span = _span(session, station_id)
    if span is None:
        return
    first, last = local_day(span[0], zone), local_day(span[1], zone)
    y, m = first.year, first.month
    while dt.date(y, m, 1) <= last:
        lo, nxt = month_bounds(y, m)
        _refresh_range(session, station_id, lo, nxt, zone, rates)
        _sum_months(session, station_id, lo, nxt)
        y, m = nxt.year, nxt.month


def rebuild_all(session: Session) -> None:
    for station_id in session.scalars(select(Station.id)).all():
        try:
            rebuild_station(session, station_id)
        except (ValidationError, ValueError, ZoneInfoNotFoundError) as e:
            log.warning("station %s: its rates or time zone cannot be used (%s); income not computed", station_id, e)
    session.flush()


class BatchDays:
    """The income days of one batch: taken before its upsert, refreshed after it."""

    def __init__(self, session: Session, station_id: uuid.UUID, uuids: dict[str, list[uuid.UUID]]) -> None:
        self.session, self.station_id = session, station_id
        self.uuids = {k: v for k, v in uuids.items() if k in INCOME_KINDS and v}
        self.days: set[dt.date] = set()
        if not self.uuids:
            return
        values = settings_of(session, station_id)
        try:
            self.zone, self.rates = zone_of(values), rates_of(values)
        except (ValidationError, ValueError, ZoneInfoNotFoundError) as e:
            # stored before the county checked settings: the batch is applied all the same, and
            # the days are recomputed when the settings are put right
            log.warning("station %s: its rates or time zone cannot be used (%s); income not updated", station_id, e)
            self.uuids = {}
            return
        self.days = days_touched(session, station_id, self.uuids, self.zone)

    def refresh(self) -> None:
        if self.uuids:
            days = self.days | days_touched(self.session, self.station_id, self.uuids, self.zone)
            refresh_days(self.session, self.station_id, days, zone=self.zone, rates=self.rates)
