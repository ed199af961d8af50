import datetime as dt

import pytest

from pos.db.models import Villager
from pos.domain.station import StationDetails
from pos.services.account_services.payments import PayInput
from pos.services.clock import ManualClock
from pos.services.shifts import drawer
from pos.services.station import setup as station

START = dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def clock():
    return ManualClock(START)


@pytest.fixture
def boss(database):
    return station.set_up_station(database, StationDetails("清水村服务站", phone="0731-84123456"), "王小明", "1234")


@pytest.fixture
def shift(database, boss, clock):
    return drawer.open_shift(database, boss, clock, 20000)


@pytest.fixture
def villager(database):
    with database.unit_of_work() as s:
        v = Villager(name="张三", name_initials="zs", phone="13812345678", phone_tail="5678", village_group="二组")
        s.add(v)
        s.flush()
        return v.id


def topup(**changes) -> PayInput:
    base = dict(kind="phone_topup", account="138 1234 5678", provider="中国移动", amount_fen=5000, fee_fen=0)
    base.update(changes)
    return PayInput(**base)


def bill(**changes) -> PayInput:
    base = dict(kind="electricity", account="0301 2345 678", provider="国网湖南省电力", amount_fen=12345, fee_fen=200)
    base.update(changes)
    return PayInput(**base)


# the UI fixtures, as tests/sending has them
@pytest.fixture
def ui_ctx(qapp, database, tmp_path):
    from pos.devices.fakes import FakeDevices
    from pos.i18n import Translations
    from pos.paths import DataPaths
    from pos.services.station.auth import AuthService
    from pos.ui.context import AppContext
    from pos.ui.fonts import load_app_font
    from pos.wiring import wire_station

    load_app_font(qapp)
    tr = Translations(qapp)
    tr.use("zh_CN")
    ctx = AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                     wiring=wire_station())
    ctx.devices = FakeDevices()
    yield ctx
    tr.use("zh_CN")


# the county's fixtures (tests/county, tests/sync), for the ingest and the end-to-end sync
from tests.county.conftest import client, county_engine, county_url  # noqa: E402,F401
