"""The daily report and the monthly statement: numbers read from the models, aggregated in SQL.

Every figure is a COUNT or SUM with GROUP BY over an indexed time range, so the cost follows the
rows of the period, not the size of the history (a station keeps years of parcels). Read-only:
nothing here writes, so no unit of work, audit or operator is involved.

Definitions (the same on screen, in the PDF and on the printed summary):
- received: parcels checked in during the period; handed over: status picked_up with
  picked_up_at in the period (counter or door delivery); returned: status returned with
  returned_at in the period.
- in stock: in the station at ``as_of`` (the period's end, or now for a period still running):
  checked in before it and not yet picked up or returned by then, so a past day's report keeps
  its numbers when parcels leave later.
- overdue: of those, in stock for at least the reminder age (pickup settings); due for return:
  at least the return age. Days are calendar days, as villagers count them.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from pos.db.models import (
    AccountEntry, Counter, Parcel, Payment, PurchaseOrder, Refund, Sale, SaleLine, ServicePayment, Shift, Station,
)
from pos.db.models.parcel import IN_STATION
from pos.db.unit_of_work import Database
from pos.domain.carriers import RuleSet
from pos.services import settings as st
from pos.services.clock import Clock
from pos.services.pickup.settings import REMINDER_AGE_DAYS, RETURN_AGE_DAYS
from pos.services.shifts import tenders
from pos.services.reports.data import (
    CarrierCounts,
    CashSection,
    CategoryRow,
    CountAmount,
    DayPoint,
    MoneyRow,
    OverdueParcel,
    ParcelSection,
    Period,
    PurchaseSection,
    ReportData,
    SalesSection,
    ServiceRow,
    ShiftRow,
    check_not_future,
    local_date,
    local_midnight,
)

OVERDUE_LIST_LIMIT = 50
GONE = ("cancelled", "refunded")
PURPOSE_ORDER = ("sale", "sale_refund", "purchase_deposit", "purchase_balance", "purchase_refund",
                 "parcel_fee", "delivery", "parcel_send", "service", "service_refund", "account_payment", "cash_in",
                 "cash_out")
TENDER_ORDER = ("cash", "mobile", "account")


def daily_report(db: Database, day: dt.date, clock: Clock, rules: RuleSet,
                 *, overdue_limit: int = OVERDUE_LIST_LIMIT) -> ReportData:
    """The report of one local day (ValidationError for a day that has not begun)."""
    return build_report(db, Period.day(day), clock, rules, overdue_limit=overdue_limit)


def monthly_report(db: Database, year: int, month: int, clock: Clock, rules: RuleSet,
                   *, overdue_limit: int = OVERDUE_LIST_LIMIT) -> ReportData:
    """The statement of one local month (ValidationError for a month that has not begun)."""
    return build_report(db, Period.month(year, month), clock, rules, overdue_limit=overdue_limit)


def build_report(db: Database, period: Period, clock: Clock, rules: RuleSet,
                 *, overdue_limit: int = OVERDUE_LIST_LIMIT) -> ReportData:
    """``rules``: the station's carrier rules, for the carriers' names."""
    now = clock()
    check_not_future(period, local_date(now))
    as_of = min(period.end, now)
    with db.reader() as s:
        station = s.scalar(select(Station).order_by(Station.created_at).limit(1))
        return ReportData(
            period=period,
            station_name=station.name if station else "",
            station_address=station.address if station else "",
            station_phone=station.phone if station else "",
            generated_at=now,
            as_of=as_of,
            parcels=parcel_section(s, period, as_of, overdue_limit, now),
            purchases=purchase_section(s, period),
            sales=sales_section(s, period),
            cash=cash_section(s, period, now),
            series=day_series(s, period.chart_days()),
            carrier_names={code: (c.name_zh, c.name_en) for code, c in rules.carriers.items()},
            services=service_rows(s, period),
        )


# parcels --------------------------------------------------------------------------------------
def received_by_carrier(start: dt.datetime, end: dt.datetime):
    return (select(Parcel.carrier, func.count())
            .where(Parcel.checked_in_at >= start, Parcel.checked_in_at < end).group_by(Parcel.carrier))


def left_by_carrier(status: str, start: dt.datetime, end: dt.datetime):
    col = Parcel.picked_up_at if status == "picked_up" else Parcel.returned_at
    return (select(Parcel.carrier, func.count())
            .where(Parcel.status == status, col >= start, col < end).group_by(Parcel.carrier))


def in_station_conditions(as_of: dt.datetime, now: dt.datetime | None = None) -> list[list]:
    """In the station at ``as_of``, as two disjoint conditions: still in the station now
    (ix_parcel_status_checked_in), or checked in before ``as_of`` and picked up or returned
    only after it (fast with indexes on picked_up_at and returned_at)."""
    before = Parcel.checked_in_at < as_of
    left_later = or_(and_(Parcel.status == "picked_up", Parcel.picked_up_at >= as_of),
                     and_(Parcel.status == "returned", Parcel.returned_at >= as_of))
    if now is not None and as_of >= now:  # stock right now (today's report): nothing has left "later"
        return [[Parcel.status.in_(IN_STATION), before]]
    return [[Parcel.status.in_(IN_STATION), before], [left_later, before]]


def _age_threshold(ref_day: dt.date, days: int) -> dt.datetime:
    """Parcels checked in before this UTC time are at least ``days`` calendar days in stock on ref_day."""
    return local_midnight(ref_day - dt.timedelta(days=max(days, 0) - 1))


def parcel_section(s: Session, period: Period, as_of: dt.datetime, overdue_limit: int,
                   now: dt.datetime | None = None) -> ParcelSection:
    reminder_age = _whole(st.get(s, REMINDER_AGE_DAYS), REMINDER_AGE_DAYS.default)
    return_age = _whole(st.get(s, RETURN_AGE_DAYS), RETURN_AGE_DAYS.default)
    ref_day = period.last if as_of >= period.end else local_date(as_of)
    overdue_before = _age_threshold(ref_day, reminder_age)
    return_before = _age_threshold(ref_day, return_age)

    counts: dict[str, dict[str, int]] = {}

    def add(carrier: str, field: str, n: int) -> None:
        counts.setdefault(carrier, {}).setdefault(field, 0)
        counts[carrier][field] += int(n or 0)

    for carrier, n in s.execute(received_by_carrier(period.start, period.end)):
        add(carrier, "received", n)
    for status, field in (("picked_up", "handed_over"), ("returned", "returned")):
        for carrier, n in s.execute(left_by_carrier(status, period.start, period.end)):
            add(carrier, field, n)
    due_for_return = 0
    overdue_rows: list[Parcel] = []
    for where in in_station_conditions(as_of, now):
        stmt = (select(Parcel.carrier, func.count(),
                       func.sum(case((Parcel.checked_in_at < overdue_before, 1), else_=0)),
                       func.sum(case((Parcel.checked_in_at < return_before, 1), else_=0)))
                .where(*where).group_by(Parcel.carrier))
        for carrier, n, overdue, due in s.execute(stmt):
            add(carrier, "in_stock", n)
            add(carrier, "overdue", overdue)
            due_for_return += int(due or 0)
        if overdue_limit > 0:
            overdue_rows += s.scalars(select(Parcel).where(*where, Parcel.checked_in_at < overdue_before)
                                      .order_by(Parcel.checked_in_at).limit(overdue_limit))
    overdue_rows.sort(key=lambda p: (p.checked_in_at, p.waybill))
    rows = tuple(CarrierCounts(c, **counts[c]) for c in sorted(counts, key=_carrier_order))
    total = CarrierCounts("", *(sum(getattr(r, f) for r in rows)
                                for f in ("received", "handed_over", "returned", "in_stock", "overdue")))
    return ParcelSection(
        by_carrier=rows, total=total, overdue_after_days=reminder_age, return_after_days=return_age,
        due_for_return=due_for_return,
        overdue_list=tuple(
            OverdueParcel(p.waybill, p.carrier, p.pickup_code, p.recipient_name, p.phone_masked,
                          p.checked_in_at, (ref_day - local_date(p.checked_in_at)).days)
            for p in overdue_rows[:overdue_limit]
        ),
    )


def _carrier_order(code: str) -> tuple[int, str]:
    from pos.domain.carriers import CARRIER_CODES

    return (CARRIER_CODES.index(code) if code in CARRIER_CODES else len(CARRIER_CODES), code)


def _whole(value, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


# assisted purchases -----------------------------------------------------------------------------
def _count_amount(s: Session, col, start: dt.datetime, end: dt.datetime, *where) -> CountAmount:
    n, fen = s.execute(select(func.count(), func.coalesce(func.sum(PurchaseOrder.total_fen), 0))
                       .where(col >= start, col < end, *where)).one()
    return CountAmount(int(n), int(fen))


def purchase_section(s: Session, period: Period) -> PurchaseSection:
    start, end = period.start, period.end
    kept = s.execute(
        select(func.count(), func.coalesce(func.sum(PurchaseOrder.total_fen), 0),
               func.coalesce(func.sum(PurchaseOrder.items_total_fen), 0),
               func.coalesce(func.sum(PurchaseOrder.service_fee_fen), 0))
        .where(PurchaseOrder.placed_at >= start, PurchaseOrder.placed_at < end,
               PurchaseOrder.status.not_in(GONE))
    ).one()
    money = dict(s.execute(
        select(Payment.purpose, func.sum(Payment.amount_fen))
        .where(Payment.at >= start, Payment.at < end,
               Payment.purpose.in_(("purchase_deposit", "purchase_balance", "purchase_refund")))
        .group_by(Payment.purpose)
    ).all())
    return PurchaseSection(
        placed=_count_amount(s, PurchaseOrder.placed_at, start, end),
        arrived=_count_amount(s, PurchaseOrder.arrived_at, start, end),
        collected=_count_amount(s, PurchaseOrder.collected_at, start, end),
        cancelled=_count_amount(s, PurchaseOrder.cancelled_at, start, end),
        kept=CountAmount(int(kept[0]), int(kept[1])),
        kept_items_fen=int(kept[2]),
        kept_service_fee_fen=int(kept[3]),
        received_fen=int(money.get("purchase_deposit") or 0) + int(money.get("purchase_balance") or 0),
        refunded_fen=-int(money.get("purchase_refund") or 0),
    )


# counter sales ---------------------------------------------------------------------------------
def sales_by_category(start: dt.datetime, end: dt.datetime):
    return (select(SaleLine.category, func.sum(SaleLine.quantity), func.sum(SaleLine.total_fen))
            .join(Sale, Sale.id == SaleLine.sale_id)
            .where(Sale.completed_at >= start, Sale.completed_at < end)
            .group_by(SaleLine.category))


def sales_section(s: Session, period: Period) -> SalesSection:
    start, end = period.start, period.end
    n, subtotal, discount, total = s.execute(
        select(func.count(), func.coalesce(func.sum(Sale.subtotal_fen), 0),
               func.coalesce(func.sum(Sale.discount_fen), 0), func.coalesce(func.sum(Sale.total_fen), 0))
        .where(Sale.completed_at >= start, Sale.completed_at < end)
    ).one()
    refunds, refunded = s.execute(
        select(func.count(), func.coalesce(func.sum(Refund.total_fen), 0))
        .where(Refund.at >= start, Refund.at < end, Refund.sale_id.is_not(None))
    ).one()
    categories = sorted(((c or "", int(q or 0), int(f or 0)) for c, q, f in s.execute(sales_by_category(start, end))),
                        key=lambda r: (-r[2], r[0]))
    tenders = dict(s.execute(
        select(Payment.method, func.sum(Payment.amount_fen))
        .where(Payment.at >= start, Payment.at < end, Payment.purpose.in_(("sale", "sale_refund")))
        .group_by(Payment.method)
    ).all())
    return SalesSection(
        count=int(n), subtotal_fen=int(subtotal), discount_fen=int(discount), total_fen=int(total),
        refund_count=int(refunds), refunded_fen=int(refunded),
        by_category=tuple(CategoryRow(*c) for c in categories),
        by_tender=tuple((m, int(tenders[m] or 0)) for m in _ordered(tenders, TENDER_ORDER)),
    )


def _ordered(keys, order: Sequence[str]) -> list[str]:
    return sorted(keys, key=lambda k: (order.index(k) if k in order else len(order), k))


# money and the drawer --------------------------------------------------------------------------
def cash_section(s: Session, period: Period, now: dt.datetime) -> CashSection:
    start, end = period.start, period.end
    by_purpose: dict[str, dict[str, int]] = {}
    for purpose, method, fen in s.execute(
        select(Payment.purpose, Payment.method, func.sum(Payment.amount_fen))
        .where(Payment.at >= start, Payment.at < end).group_by(Payment.purpose, Payment.method)
    ):
        by_purpose.setdefault(purpose, {})[method] = int(fen or 0)
    rows = tuple(MoneyRow(p, **{f"{m}_fen": v for m, v in by_purpose[p].items() if m in TENDER_ORDER})
                 for p in _ordered(by_purpose, PURPOSE_ORDER))
    total = MoneyRow("", *(sum(getattr(r, f"{m}_fen") for r in rows) for m in TENDER_ORDER))
    charged, settled = s.execute(
        select(func.coalesce(func.sum(case((AccountEntry.amount_fen > 0, AccountEntry.amount_fen), else_=0)), 0),
               func.coalesce(func.sum(case((AccountEntry.amount_fen < 0, -AccountEntry.amount_fen), else_=0)), 0))
        .where(AccountEntry.at >= start, AccountEntry.at < end)
    ).one()
    outstanding = s.scalar(select(func.coalesce(func.sum(AccountEntry.amount_fen), 0)).where(AccountEntry.at < end))
    return CashSection(rows=rows, total=total, shifts=shift_rows(s, start, end, now),
                       account_charged_fen=int(charged), account_settled_fen=int(settled),
                       account_outstanding_fen=int(outstanding or 0))


def service_rows(s: Session, period: Period) -> tuple[ServiceRow, ...]:
    """Services with an account by kind: paid in the period, and refunded in it (a refund counts
    on its own day, as the money left the drawer then)."""
    sp = ServicePayment
    rows: dict[str, dict] = {}
    for kind, name, n, amount, fee, commission in s.execute(
            select(sp.kind, func.max(sp.kind_name), func.count(), func.sum(sp.amount_fen), func.sum(sp.fee_fen),
                   func.sum(sp.commission_fen))
            .where(sp.paid_at >= period.start, sp.paid_at < period.end).group_by(sp.kind)):
        rows[kind] = {"name": name or kind, "count": int(n), "amount_fen": int(amount or 0),
                      "fee_fen": int(fee or 0), "commission_fen": int(commission or 0)}
    for kind, name, n, total in s.execute(
            select(sp.kind, func.max(sp.kind_name), func.count(), func.sum(sp.amount_fen + sp.fee_fen))
            .where(sp.refunded_at >= period.start, sp.refunded_at < period.end).group_by(sp.kind)):
        row = rows.setdefault(kind, {"name": name or kind})
        row.update(refund_count=int(n), refunded_fen=int(total or 0))
    return tuple(ServiceRow(kind, **row) for kind, row in sorted(rows.items()))


def shift_rows(s: Session, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> tuple[ShiftRow, ...]:
    shifts = s.execute(select(Shift, Counter.name).outerjoin(Counter, Counter.id == Shift.counter_id)
                       .where(Shift.opened_at < end, (Shift.closed_at.is_(None)) | (Shift.closed_at >= start))
                       .order_by(Shift.opened_at)).all()
    out = []
    for sh, counter in shifts:
        expected = sh.expected_cash_fen
        if expected is None:  # still open: what the drawer should hold now (its own tenders only:
            # another counter's drawer fills at the same time)
            cash = s.scalar(select(func.coalesce(func.sum(Payment.amount_fen), 0))
                            .where(Payment.method == "cash", tenders.of_shift(sh.id, sh.opened_at), Payment.at <= now))
            expected = sh.float_fen + int(cash or 0)
        out.append(ShiftRow(sh.number, sh.opened_at, sh.opened_by, sh.closed_at, sh.closed_by, sh.float_fen,
                            expected, sh.counted_cash_fen, sh.variance_fen, sh.variance_reason, counter or ""))
    return tuple(out)


# per-day series for the charts ----------------------------------------------------------------
def _bucket(col, bounds: list[dt.datetime], lo: int = 0, hi: int | None = None):
    """Index of the day a time falls in; rows are already limited to [bounds[0], bounds[-1]).
    A CASE over the local midnights (so days follow the local time zone on every backend),
    nested as a binary search: five comparisons a row for 30 days instead of fifteen."""
    hi = len(bounds) - 1 if hi is None else hi
    if hi - lo <= 1:
        return literal(lo)
    mid = (lo + hi) // 2
    return case((col < bounds[mid], _bucket(col, bounds, lo, mid)), else_=_bucket(col, bounds, mid, hi))


def per_day(col, bounds: list[dt.datetime], *where, amount=None):
    """(day index, count, sum of amount) per day; grouped on a subquery's column so PostgreSQL
    accepts it (the CASE's parameters would differ between SELECT and GROUP BY)."""
    inner = (select(_bucket(col, bounds).label("b"), (amount if amount is not None else literal(0)).label("v"))
             .where(col >= bounds[0], col < bounds[-1], *where).subquery())
    value = func.coalesce(func.sum(inner.c.v), 0) if amount is not None else func.count()
    return select(inner.c.b, func.count(), value).group_by(inner.c.b)


def day_series(s: Session, days: list[dt.date]) -> tuple[DayPoint, ...]:
    bounds = [local_midnight(d) for d in days] + [local_midnight(days[-1] + dt.timedelta(days=1))]
    values: list[dict[str, int]] = [{} for _ in days]

    def fill(stmt, count_field: str, sum_field: str | None = None) -> None:
        for b, n, total in s.execute(stmt):
            if 0 <= b < len(days):
                values[b][count_field] = int(n)
                if sum_field:
                    values[b][sum_field] = int(total or 0)

    fill(per_day(Parcel.checked_in_at, bounds), "received")
    fill(per_day(Parcel.picked_up_at, bounds, Parcel.status == "picked_up"), "handed_over")
    fill(per_day(Parcel.returned_at, bounds, Parcel.status == "returned"), "returned")
    fill(per_day(Sale.completed_at, bounds, amount=Sale.total_fen), "sales_count", "sales_fen")
    fill(per_day(PurchaseOrder.placed_at, bounds), "purchases_placed")
    return tuple(DayPoint(d, **v) for d, v in zip(days, values))
