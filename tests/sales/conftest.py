import datetime as dt
import uuid

import pytest

from pos.db.models import Villager
from pos.domain.station import StationDetails
from pos.domain.users import Operator, Role
from pos.services.sales import products
from pos.services.station import setup as station
from pos.services.station.auth import AuthService
from pos.services.sales.products import ProductInput
from pos.services.clock import ManualClock

CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def clock():
    return ManualClock(dt.datetime(2026, 11, 22, 6, 3, tzinfo=dt.timezone.utc))


def _setup(db):
    owner = station.set_up_station(
        db, StationDetails("清水村电商服务站", "浙江省丽水市遂昌县清水村村委会旁", "0578-8123456"), "王小明", "1234")
    view = AuthService(db).add_assistant(owner, "李芳", "5678")
    return owner, Operator(view.id, view.name, Role.ASSISTANT)


@pytest.fixture
def people(database):
    return _setup(database)


@pytest.fixture(autouse=True)
def shift_open(request):
    """Money is taken only inside an open shift (issue 14): these tests are about sales."""
    from pos.services.shifts import drawer as shifts

    for name in ("database", "any_database"):
        if name in request.fixturenames:
            db = request.getfixturevalue(name)
            opened = request.getfixturevalue("clock")() - dt.timedelta(hours=1)
            shifts.open_shift(db, Operator(uuid.uuid4(), "李芳", Role.ASSISTANT), lambda opened=opened: opened, 20000)


@pytest.fixture
def boss(people):
    return people[0]


@pytest.fixture
def helper(people):
    return people[1]


def add_goods(db, owner):
    water = products.add_product(db, owner, ProductInput("农夫山泉 550ml", 200, "6921168509256", 24, 6, "饮料"))
    noodles = products.add_product(db, owner, ProductInput("康师傅红烧牛肉面", 450, "6920152400777", 3, 5, "食品"))
    topup = products.add_product(db, owner, ProductInput("话费充值", 5000, "", 0, 0, "服务", True))
    return water, noodles, topup


@pytest.fixture
def goods(database, boss):
    return add_goods(database, boss)


@pytest.fixture
def villager(database):
    with database.unit_of_work() as s:
        v = Villager(name="张三", name_initials="zs", phone="13812345678", phone_tail="5678", village_group="二组")
        s.add(v)
        s.flush()
        return v.id


@pytest.fixture(scope="session")
def sales_qm(tmp_path_factory):
    """Our pending Chinese compiled, until the lead merges it into the app's .qm."""
    from .zh_support import compile_qm

    return compile_qm(tmp_path_factory.mktemp("qm"))


# the UI fixtures of tests/ui/conftest.py, for the page tests here
@pytest.fixture
def ctx(qapp, database, tmp_path, sales_qm):
    from pos.i18n import Translations
    from pos.paths import DataPaths
    from pos.ui.context import AppContext
    from pos.ui.fonts import load_app_font
    from pos.wiring import wire_station

    from PySide6.QtCore import QTranslator

    load_app_font(qapp)
    tr = Translations(qapp)
    tr.use("zh_CN")
    ours = QTranslator(qapp)
    assert ours.load(str(sales_qm))
    qapp.installTranslator(ours)
    yield AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                     wiring=wire_station())
    qapp.removeTranslator(ours)
    tr.use("zh_CN")


@pytest.fixture
def owner(ctx):
    return station.set_up_station(ctx.db, StationDetails("清水村服务站"), "王小明", "1234")
