import datetime as dt
import uuid

import pytest

from pos.db.models import Payment
from pos.domain.station import StationDetails
from pos.domain.users import Operator, Role
from pos.services.station import setup as station
from pos.services.station.auth import AuthService
from pos.services.clock import ManualClock

START = dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def clock():
    return ManualClock(START)


@pytest.fixture
def boss(database):
    return station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")


@pytest.fixture
def helper(database, boss):
    view = AuthService(database).add_assistant(boss, "李芳", "5678")
    return Operator(view.id, view.name, Role.ASSISTANT)


def pay(db, at, purpose, method, fen, note=""):
    """A Payment row as the sales, purchases and pickup services write them."""
    with db.unit_of_work() as s:
        s.add(Payment(id=uuid.uuid4(), at=at, purpose=purpose, method=method, amount_fen=fen, operator="测试", note=note))


@pytest.fixture
def ctx(qapp, database, tmp_path):
    from tests.shifts.ui_helpers import make_ctx

    return make_ctx(qapp, database, tmp_path)
