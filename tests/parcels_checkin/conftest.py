import datetime as dt

import pytest

from pos.db.models import Villager
from pos.devices.fakes import FakeDevices
from pos.domain.carriers import load_rules
from pos.domain.station import StationDetails
from pos.services.station import setup as station
from pos.services.clock import ManualClock
from pos.services.station.auth import AuthService
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.ui.context import AppContext
from pos.ui.pages.checkin import CheckinPage
from pos.wiring import wire_station
from tests.ui_context import shown

NOW = dt.datetime(2026, 11, 20, 3, 30, tzinfo=dt.timezone.utc)

# waybill numbers the shipped rules read without asking
ZTO = "73100118865046"
YTO = "YT1234567890123"
SF = "SF1023574626292"
JT = "JT0019812345678"
YUNDA = "463431409940372"
DEPPON = "DPK300585915441"
AMBIGUOUS = "123456789012"  # 12 digits: old SF, ZTO, JD


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture
def clock():
    return ManualClock(NOW)


@pytest.fixture
def op(database):
    return station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")


# the check-in page as the operator sees it, for the page and the speech tests
@pytest.fixture
def ctx(qapp, database, tmp_path, op):
    tr = Translations(qapp)
    tr.use("zh_CN")
    c = AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                   devices=FakeDevices(database), wiring=wire_station())
    c.session.set_operator(op)
    yield c
    tr.use("zh_CN")


@pytest.fixture
def page(qtbot, ctx, clock):
    return shown(qtbot, CheckinPage(ctx, clock=clock), active=False)


def add_villager(db, name, phone="", masked="", initials="", group=""):
    tail = (phone or masked)[-4:]
    with db.unit_of_work() as s:
        v = Villager(name=name, phone=phone, phone_masked=masked, phone_tail=tail, name_initials=initials,
                     village_group=group)
        s.add(v)
        s.flush()
        return v.id
