"""Shifts on SQLite and PostgreSQL: one open shift even when two terminals open at once."""

import threading

import pytest

from pos.domain.station import StationDetails
from pos.services.shifts import drawer as shifts
from pos.services.station import setup as station
from pos.services.clock import ManualClock
from tests.shifts.conftest import START, pay


@pytest.fixture
def owner_any(any_database):
    return station.set_up_station(any_database, StationDetails("清水村服务站"), "王小明", "1234")


def test_open_pay_close_on_every_backend(any_database, owner_any):
    clock = ManualClock(START)
    shifts.open_shift(any_database, owner_any, clock, 10000)
    pay(any_database, clock.advance(1), "sale", "cash", 500)
    pay(any_database, clock.now, "parcel_fee", "mobile", 200)
    shifts.cash_out(any_database, owner_any, clock, 300, "付快递员")
    z = shifts.close_shift(any_database, owner_any, clock, {10000: 1, 100: 2}, expected_seen_fen=10200)
    assert (z.expected_cash_fen, z.variance_fen, z.totals.by_method["mobile"]) == (10200, 0, 200)
    assert shifts.current_shift(any_database) is None


def test_concurrent_opens_leave_one_open_shift(any_database, owner_any):
    clock = ManualClock(START)
    results = []

    def go():
        try:
            results.append(shifts.open_shift(any_database, owner_any, clock, 0).number)
        except shifts.ShiftAlreadyOpen:
            results.append("refused")

    threads = [threading.Thread(target=go) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["S20261122-01"] + ["refused"] * 4
