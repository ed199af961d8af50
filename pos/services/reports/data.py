"""What a report says, as plain numbers: integer fen and counts, no Qt, no SQL, no layout.

pos.services.reports.queries fills these from the database; the PDF renderers (pos.reports), the Reports
page and the printed summary only present them, so all three always agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

DAY, MONTH = "day", "month"
CHART_DAYS = 30  # the daily report's charts: this many days, ending with the report's day

_DAY_TEXT = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_MONTH_TEXT = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_YEARS = (1900, 9998)  # local midnights of far years overflow datetime arithmetic


def local_midnight(day: dt.date) -> dt.datetime:
    """Local midnight at the start of ``day`` as an aware UTC time (moves with DST, if any)."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.timezone.utc)


def local_date(at: dt.datetime) -> dt.date:
    return at.astimezone().date()


@dataclass(frozen=True)
class Period:
    """Local days first..last (inclusive) and their UTC range [start, end)."""

    kind: str  # DAY | MONTH
    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return local_midnight(self.first)

    @property
    def end(self) -> dt.datetime:
        return local_midnight(self.last + dt.timedelta(days=1))

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    @property
    def label(self) -> str:
        return self.first.isoformat() if self.kind == DAY else self.first.strftime("%Y-%m")

    @classmethod
    def day(cls, day: dt.date) -> Period:
        return cls(DAY, day, day)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(MONTH, first, nxt - dt.timedelta(days=1))

    def chart_days(self) -> list[dt.date]:
        """The days the charts show: 30 days up to a daily report's day, or the month's days."""
        if self.kind == MONTH:
            return self.days
        return [self.last - dt.timedelta(days=CHART_DAYS - 1 - i) for i in range(CHART_DAYS)]


def parse_day(text: str) -> dt.date:
    """``2026-11-22`` (what --date takes) or ValidationError saying what is wrong."""
    m = _DAY_TEXT.match(text or "")
    try:
        if not m or not _YEARS[0] <= int(m[1]) <= _YEARS[1]:
            raise ValueError
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValidationError(
            tr_noop("errors", "'{text}' is not a date; write it as YYYY-MM-DD, for example 2026-11-22."),
            field="date", text=(text or "").strip()[:20],
        ) from None


def parse_month(text: str) -> tuple[int, int]:
    """``2026-11`` (what --month takes) as (year, month), or ValidationError."""
    m = _MONTH_TEXT.match(text or "")
    if not m or not 1 <= int(m[2]) <= 12 or not _YEARS[0] <= int(m[1]) <= _YEARS[1]:
        raise ValidationError(
            tr_noop("errors", "'{text}' is not a month; write it as YYYY-MM, for example 2026-11."),
            field="month", text=(text or "").strip()[:20],
        )
    return int(m[1]), int(m[2])


def check_not_future(period: Period, today: dt.date) -> None:
    if period.first > today:
        raise ValidationError(
            tr_noop("errors", "{period} has not begun yet; choose today or an earlier date."),
            field="date", period=period.label,
        )


# report sections ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CarrierCounts:
    carrier: str  # carrier code (SF, ZTO, ... OTHER); "" on the total row
    received: int = 0
    handed_over: int = 0
    returned: int = 0
    in_stock: int = 0  # in the station at the end of the period
    overdue: int = 0  # of those, in stock for at least the reminder age


@dataclass(frozen=True)
class OverdueParcel:
    waybill: str
    carrier: str
    pickup_code: str
    recipient_name: str
    phone_masked: str
    checked_in_at: dt.datetime
    days: int  # calendar days in stock at the end of the period


@dataclass(frozen=True)
class ParcelSection:
    by_carrier: tuple[CarrierCounts, ...]
    total: CarrierCounts
    overdue_after_days: int  # reminder age: overdue from this many days in stock
    return_after_days: int  # return age: due to go back to the courier
    due_for_return: int
    overdue_list: tuple[OverdueParcel, ...]  # oldest first, at most the report's limit


@dataclass(frozen=True)
class CountAmount:
    count: int = 0
    amount_fen: int = 0


@dataclass(frozen=True)
class PurchaseSection:
    placed: CountAmount  # orders placed in the period, at their order total
    arrived: CountAmount
    collected: CountAmount
    cancelled: CountAmount  # cancelled or refunded in the period
    kept: CountAmount  # placed in the period and not cancelled/refunded: the commission base
    kept_items_fen: int  # goods value of the kept orders (platform commission is on goods)
    kept_service_fee_fen: int
    received_fen: int  # deposits and balances taken at the counter (all tenders)
    refunded_fen: int  # money given back (a positive number)


@dataclass(frozen=True)
class CategoryRow:
    category: str  # "" for goods without a category
    quantity: int
    amount_fen: int


@dataclass(frozen=True)
class SalesSection:
    count: int
    subtotal_fen: int  # sum of line totals
    discount_fen: int  # whole-sale discounts (positive)
    total_fen: int  # what the sales came to
    refund_count: int
    refunded_fen: int  # positive
    by_category: tuple[CategoryRow, ...]
    by_tender: tuple[tuple[str, int], ...]  # (method, net fen) of sale and sale_refund payments

    @property
    def net_fen(self) -> int:
        return self.total_fen - self.refunded_fen


@dataclass(frozen=True)
class MoneyRow:
    purpose: str  # Payment.purpose
    cash_fen: int = 0
    mobile_fen: int = 0
    account_fen: int = 0

    @property
    def total_fen(self) -> int:
        return self.cash_fen + self.mobile_fen + self.account_fen


@dataclass(frozen=True)
class ShiftRow:
    number: str
    opened_at: dt.datetime
    opened_by: str
    closed_at: dt.datetime | None
    closed_by: str
    float_fen: int
    expected_fen: int  # stored at close; for an open shift: float + cash so far
    counted_fen: int | None
    variance_fen: int | None
    variance_reason: str
    counter: str = ""  # the counter (PC) whose drawer it is, on a station with counters

    @property
    def label(self) -> str:
        """The shift as the report names it: its number, and its counter when there is one."""
        return f"{self.number} {self.counter}" if self.counter else self.number


@dataclass(frozen=True)
class ServiceRow:
    """One service kind in the period: payments made (amount, fees, commission) and refunds."""

    kind: str
    name: str  # as the kind was named when paid
    count: int = 0
    amount_fen: int = 0
    fee_fen: int = 0
    commission_fen: int = 0
    refund_count: int = 0
    refunded_fen: int = 0  # amount and fee given back


@dataclass(frozen=True)
class CashSection:
    rows: tuple[MoneyRow, ...]  # one per payment purpose that moved money
    total: MoneyRow  # purpose ""
    shifts: tuple[ShiftRow, ...]
    account_charged_fen: int  # put on villagers' accounts in the period
    account_settled_fen: int  # paid off or reversed (positive)
    account_outstanding_fen: int  # all villagers owe at the end of the period


@dataclass(frozen=True)
class DayPoint:
    day: dt.date
    received: int = 0
    handed_over: int = 0
    returned: int = 0
    sales_count: int = 0
    sales_fen: int = 0
    purchases_placed: int = 0


@dataclass(frozen=True)
class ReportData:
    period: Period
    station_name: str
    station_address: str
    station_phone: str
    generated_at: dt.datetime  # UTC
    as_of: dt.datetime  # stock counts hold at this time: the period's end, or now if sooner
    parcels: ParcelSection
    purchases: PurchaseSection
    sales: SalesSection
    cash: CashSection
    series: tuple[DayPoint, ...]  # the chart days (see Period.chart_days)
    carrier_names: Mapping[str, tuple[str, str]]  # code -> (Chinese, English), from the carrier rules
    services: tuple[ServiceRow, ...] = ()  # phone top-ups and bills by kind
