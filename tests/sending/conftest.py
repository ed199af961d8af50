import datetime as dt

import pytest

from pos.domain.station import StationDetails
from pos.domain.tariffs import parse_tariff
from pos.services.clock import ManualClock
from pos.services.sending.parcels import Destination, Person, SendInput
from pos.services.shifts import drawer
from pos.services.station import setup as station
from tests.parcels_pickup.factory import make_villager
from tests.ui_context import station_ui_context

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
    return make_villager(database, name="张三", phone="13812345678", group="二组", initials="zs", consent=False)


def parcel_input(**changes) -> SendInput:
    base = dict(carrier="ZTO", sender=Person("张三", "13812345678"), recipient=Person("李四", "139 0000 1111"),
                destination=Destination("广东省", "广州市", "天河区", "体育西路1号"), contents="土鸡蛋",
                weight_grams=2300, weight_source="scale")
    base.update(changes)
    return SendInput(**base)


# the UI fixtures, as the pickup tests have them
@pytest.fixture
def ui_ctx(qapp, database, tmp_path):
    yield from station_ui_context(qapp, database, tmp_path)


@pytest.fixture
def fake_scale(ui_ctx):
    """The scale as the device hub will carry it (``devices.scale``, helper w1-devices-ui)."""
    from pos.devices.scale import FakeScale

    scale = FakeScale()
    scale.start()
    ui_ctx.devices.scale = scale
    return scale
