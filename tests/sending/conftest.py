import datetime as dt

import pytest

from pos.db.models import Villager
from pos.domain.station import StationDetails
from pos.domain.tariffs import parse_tariff
from pos.services.clock import ManualClock
from pos.services.sending.parcels import Destination, Person, SendInput
from pos.services.shifts import drawer
from pos.services.station import setup as station

START = dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.timezone.utc)

TARIFF = """
version = 1
carrier = "{code}"
volumetric_divisor = 8000
rounding_step_kg = 0.5
[insurance]
rate_percent = 0.5
minimum = 1
[[zones]]
name = "省内"
provinces = ["湖南"]
first_weight_kg = 1
first_price = 5
additional_kg_price = 2
[[zones]]
name = "其他"
others = true
first_weight_kg = 1
first_price = 10
additional_kg_price = 6
"""


@pytest.fixture
def clock():
    return ManualClock(START)


@pytest.fixture
def boss(database):
    return station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")


@pytest.fixture
def shift(database, boss, clock):
    return drawer.open_shift(database, boss, clock, 20000)


@pytest.fixture
def tariffs():
    return {code: parse_tariff(TARIFF.format(code=code), f"{code}.toml", code) for code in ("ZTO", "SF")}


@pytest.fixture
def villager(database):
    with database.unit_of_work() as s:
        v = Villager(name="张三", name_initials="zs", phone="13812345678", phone_tail="5678", village_group="二组")
        s.add(v)
        s.flush()
        return v.id


def parcel_input(**changes) -> SendInput:
    base = dict(carrier="ZTO", sender=Person("张三", "13812345678"), recipient=Person("李四", "139 0000 1111"),
                destination=Destination("广东省", "广州市", "天河区", "体育西路1号"), contents="土鸡蛋",
                weight_grams=2300, weight_source="scale")
    base.update(changes)
    return SendInput(**base)


# the UI fixtures, as tests/sales has them
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


@pytest.fixture
def fake_scale(ui_ctx):
    """The scale as the device hub will carry it (``devices.scale``, helper w1-devices-ui)."""
    from pos.devices.scale import FakeScale

    scale = FakeScale()
    scale.start()
    ui_ctx.devices.scale = scale
    return scale
