import datetime as dt

import pytest

from pos.db.unit_of_work import Database
from pos.domain.station import StationDetails
from pos.services.clock import ManualClock
from pos.services.station import counters
from pos.services.station import setup as station

START = dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def clock():
    return ManualClock(START)


@pytest.fixture
def boss(any_database):
    return station.set_up_station(any_database, StationDetails("清水村服务站"), "王小明", "1234")


@pytest.fixture
def two_counters(any_database, boss, clock):
    """Two PCs on one database: each its own Database (as each process has), same server."""
    front = counters.register(any_database, "收银台1", clock, hostname="pc-front")
    back = counters.register(any_database, "收银台2", clock, hostname="pc-back")
    return (Database(any_database.engine, counter_id=front.id), Database(any_database.engine, counter_id=back.id),
            front, back)
