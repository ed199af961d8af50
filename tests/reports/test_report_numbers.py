"""Report numbers on the hand-made dataset (tests/reports/dataset.py), figure by figure."""

import datetime as dt

import pytest

from pos.domain.errors import ValidationError
from pos.services.reports import queries as reports
from pos.services.reports.data import CarrierCounts, CountAmount, MoneyRow, Period, parse_day, parse_month
from pos.wiring import wire_station
from tests.reports import dataset
from tests.reports.dataset import DAY, L

RULES = wire_station().rules  # the carriers' names, as pos.app reads them


@pytest.fixture
def daily(report_db):
    return reports.daily_report(report_db, DAY, dataset.clock, RULES)


def test_period_is_local_days_in_utc(shanghai):
    p = Period.day(DAY)
    assert p.start == dt.datetime(2026, 11, 19, 16, tzinfo=dt.timezone.utc)
    assert p.end == dt.datetime(2026, 11, 20, 16, tzinfo=dt.timezone.utc)
    m = Period.month(2026, 12)
    assert (m.first, m.last) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert m.end == dt.datetime(2026, 12, 31, 16, tzinfo=dt.timezone.utc)
    assert len(p.chart_days()) == 30 and p.chart_days()[-1] == DAY
    assert Period.month(2026, 2).chart_days()[-1] == dt.date(2026, 2, 28)


def test_parcels_per_carrier_at_the_end_of_the_day(daily):
    by = {r.carrier: r for r in daily.parcels.by_carrier}
    assert list(by) == ["SF", "ZTO", "YTO", "JT"]  # carrier order of the rule file; EMS came later
    assert by["SF"] == CarrierCounts("SF", received=3, handed_over=1, returned=0, in_stock=2, overdue=0)
    # checked in 23:30 the evening before (same UTC day as parcel 2): not received on D, still in stock
    assert by["ZTO"] == CarrierCounts("ZTO", received=0, handed_over=0, returned=1, in_stock=1, overdue=0)
    # parcel 9 handed over one second before local midnight counts for D
    assert by["YTO"] == CarrierCounts("YTO", received=0, handed_over=1, returned=0, in_stock=1, overdue=1)
    # picked up the day after D: in stock (8 days, overdue and due for return) in D's report
    assert by["JT"] == CarrierCounts("JT", received=0, handed_over=0, returned=0, in_stock=1, overdue=1)
    assert daily.parcels.total == CarrierCounts("", 3, 2, 1, 5, 2)
    assert daily.parcels.due_for_return == 1
    assert (daily.parcels.overdue_after_days, daily.parcels.return_after_days) == (3, 7)
    assert [(p.waybill, p.carrier, p.days) for p in daily.parcels.overdue_list] == [
        ("WB0000000006", "JT", 8), ("WB0000000005", "YTO", 5)]
    assert daily.as_of == daily.period.end


def test_overdue_list_is_limited(report_db):
    data = reports.daily_report(report_db, DAY, dataset.clock, RULES, overdue_limit=1)
    assert [p.waybill for p in data.parcels.overdue_list] == ["WB0000000006"]
    assert data.parcels.total.overdue == 2


def test_purchases(daily):
    p = daily.purchases
    assert p.placed == CountAmount(2, 18000)
    assert p.arrived == CountAmount(1, 20000)
    assert p.collected == CountAmount(1, 5000)
    assert p.cancelled == CountAmount(1, 8000)
    assert p.kept == CountAmount(1, 10000)
    assert (p.kept_items_fen, p.kept_service_fee_fen) == (9500, 500)
    assert (p.received_fen, p.refunded_fen) == (6000, 1000)


def test_sales_by_category_and_tender(daily):
    s = daily.sales
    assert (s.count, s.subtotal_fen, s.discount_fen, s.total_fen) == (3, 8150, 50, 8100)
    assert (s.refund_count, s.refunded_fen, s.net_fen) == (1, 200, 7900)
    assert [(c.category, c.quantity, c.amount_fen) for c in s.by_category] == [
        ("服务", 1, 5000), ("日用品", 1, 1550), ("调料", 1, 1200), ("饮料", 2, 400)]
    assert s.by_tender == (("cash", 1700), ("mobile", 5000), ("account", 1200))


def test_cash_reconciliation(daily):
    c = daily.cash
    assert c.rows == (
        MoneyRow("sale", 1900, 5000, 1200),
        MoneyRow("sale_refund", -200),
        MoneyRow("purchase_deposit", 4000),
        MoneyRow("purchase_balance", 0, 2000),
        MoneyRow("purchase_refund", -1000),
        MoneyRow("parcel_fee", 100),
        MoneyRow("account_payment", 500),
        MoneyRow("cash_out", -2000),
    )
    assert c.total == MoneyRow("", 3300, 7000, 1200)
    assert [(sh.number, sh.expected_fen, sh.counted_fen, sh.variance_fen) for sh in c.shifts] == [
        ("S1", 25300, 25200, -100)]
    assert (c.account_charged_fen, c.account_settled_fen, c.account_outstanding_fen) == (1200, 500, 1500)


def test_thirty_day_series(daily):
    series = {p.day: p for p in daily.series}
    assert len(daily.series) == 30 and daily.series[0].day == dt.date(2026, 10, 22)
    d = series[DAY]
    assert (d.received, d.handed_over, d.returned, d.sales_count, d.sales_fen, d.purchases_placed) == (3, 2, 1, 3, 8100, 2)
    assert (series[dt.date(2026, 11, 19)].received, series[dt.date(2026, 11, 19)].sales_fen) == (1, 300)
    assert sum(p.received for p in daily.series) == 8  # parcel 8 came after D
    assert daily.station_name == "清水村电商服务站"


def test_monthly_statement_runs_until_now(report_db):
    m = reports.monthly_report(report_db, 2026, 11, dataset.clock, RULES)
    assert m.as_of == dataset.clock()  # the month is not over: stock as it is now
    assert m.parcels.total.received == 9
    assert m.parcels.total.in_stock == 4  # parcels 2, 5, 7 and 8
    assert {r.carrier: r.handed_over for r in m.parcels.by_carrier} == {"SF": 1, "ZTO": 1, "YTO": 1, "JT": 1, "EMS": 0}
    assert (m.sales.count, m.sales.total_fen) == (4, 8400)
    assert m.purchases.placed == CountAmount(4, 43000)
    assert m.purchases.kept == CountAmount(3, 35000)
    assert (m.purchases.kept_items_fen, m.purchases.kept_service_fee_fen) == (33300, 1700)
    assert [sh.number for sh in m.cash.shifts] == ["S0", "S1", "S2"]
    assert m.cash.shifts[2].expected_fen == 15000 and m.cash.shifts[2].closed_at is None
    assert len(m.series) == 30 and m.series[-1].day == dt.date(2026, 11, 30)
    assert sum(p.sales_fen for p in m.series) == 8400


def test_empty_day_has_zero_rows(report_db):
    data = reports.daily_report(report_db, dt.date(2026, 10, 1), dataset.clock, RULES)
    assert data.parcels.by_carrier == () and data.parcels.total == CarrierCounts("")
    assert data.sales.count == 0 and data.cash.total == MoneyRow("")


def test_a_day_that_has_not_begun_is_refused(report_db):
    with pytest.raises(ValidationError) as e:
        reports.daily_report(report_db, dt.date(2026, 11, 23), dataset.clock, RULES)
    assert "2026-11-23" in str(e.value)
    with pytest.raises(ValidationError):
        reports.monthly_report(report_db, 2026, 12, dataset.clock, RULES)


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "20261122", "", "yesterday", "2026/11/22"])
def test_bad_dates(text):
    with pytest.raises(ValidationError):
        parse_day(text)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026", "11-2026", "2026-11-01"])
def test_bad_months(text):
    with pytest.raises(ValidationError):
        parse_month(text)


def test_good_dates():
    assert parse_day(" 2026-1-5 ") == dt.date(2026, 1, 5)
    assert parse_month("2026-02") == (2026, 2)


def test_dataset_local_time_helper(shanghai):
    assert L(11, 20, 0, 30).astimezone(dt.timezone.utc).day == 19


def test_same_numbers_on_every_backend(any_database, shanghai):
    """SQLite and PostgreSQL give the same report."""
    dataset.build(any_database)
    d = reports.daily_report(any_database, DAY, dataset.clock, RULES)
    assert d.parcels.total == CarrierCounts("", 3, 2, 1, 5, 2)
    assert d.parcels.due_for_return == 1
    assert d.sales.by_tender == (("cash", 1700), ("mobile", 5000), ("account", 1200))
    assert d.cash.total == MoneyRow("", 3300, 7000, 1200)
    assert d.purchases.kept == CountAmount(1, 10000)
    point = d.series[-1]
    assert (point.received, point.handed_over, point.returned, point.sales_fen) == (3, 2, 1, 8100)
    m = reports.monthly_report(any_database, 2026, 11, dataset.clock, RULES)
    assert sum(p.received for p in m.series) == 9 and m.parcels.total.in_stock == 4
