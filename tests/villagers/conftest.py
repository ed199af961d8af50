"""Fixtures for the villager register: a station with its owner and an assistant, a fixed clock,
and the UI context (as tests/ui/conftest.py builds it)."""

import datetime as dt

import pytest

from pos.domain.station import StationDetails
from pos.domain.users import Operator
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services.station import setup as station
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.ui.fonts import load_app_font
from pos.services.clock import ManualClock
from pos.wiring import wire_station

NOW = dt.datetime(2026, 11, 20, 2, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def pending_chinese(qapp):
    from . import pending_zh

    tr = pending_zh.install(qapp)
    yield
    if tr is not None:
        qapp.removeTranslator(tr)


@pytest.fixture
def clock():
    return ManualClock(NOW)


def _people(db):
    owner = station.set_up_station(db, StationDetails("清水村服务站"), "王小明", "1234")
    view = AuthService(db).add_assistant(owner, "李芳", "5678")
    return owner, Operator(view.id, view.name, view.role)


@pytest.fixture
def people(database) -> tuple[Operator, Operator]:
    return _people(database)


@pytest.fixture
def any_people(any_database) -> tuple[Operator, Operator]:
    return _people(any_database)


@pytest.fixture
def ctx(qapp, database, tmp_path):
    load_app_font(qapp)
    tr = Translations(qapp)
    tr.use("zh_CN")
    yield AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                     wiring=wire_station())
    tr.use("zh_CN")


@pytest.fixture
def staff(ctx):
    """(owner, assistant) of the UI context's station; nobody logged in yet."""
    return _people(ctx.db)
