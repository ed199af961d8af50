import pytest

from pos.domain.station import StationDetails
from pos.domain.users import Operator
from pos.services.station import setup as station
from pos.services.clock import ManualClock
from pos.devices.fakes import FakeDevices

from .factory import NOW


@pytest.fixture
def clock():
    return ManualClock(NOW)


@pytest.fixture(autouse=True)
def shift_open(request):
    """Money is taken only inside an open shift (issue 14): these tests are about parcels."""
    from .factory import open_shift

    for name in ("database", "any_database"):
        if name in request.fixturenames:
            open_shift(request.getfixturevalue(name))


@pytest.fixture
def boss(database) -> Operator:
    return station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")


@pytest.fixture
def helper_op(database, boss) -> Operator:
    from pos.services.station.auth import AuthService

    AuthService(database).add_assistant(boss, "李芳", "5678")
    return AuthService(database).login("5678")


@pytest.fixture
def ctx(qapp, database, tmp_path):
    from pos.i18n import Translations
    from pos.paths import DataPaths
    from pos.services.station.auth import AuthService
    from pos.ui.context import AppContext
    from pos.ui.fonts import load_app_font
    from pos.wiring import wire_station

    load_app_font(qapp)
    tr = Translations(qapp)
    tr.use("zh_CN")
    c = AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                   wiring=wire_station())
    c.devices = FakeDevices()
    yield c
    tr.use("zh_CN")


@pytest.fixture
def logged_in(ctx, boss):
    ctx.session.set_operator(boss)
    return boss
