import pytest
from PySide6.QtCore import Qt

from pos.domain.station import StationDetails
from pos.domain.users import Operator
from pos.services.station import setup as station
from pos.services.clock import ManualClock
from pos.ui.pages.pickup.pickup_page import PickupPage

from tests.ui_context import shown, station_ui_context

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
    yield from station_ui_context(qapp, database, tmp_path)


@pytest.fixture
def logged_in(ctx, boss):
    ctx.session.set_operator(boss)
    return boss


# the pickup page as the operator sees it, for the page and the speech tests
@pytest.fixture
def page(qtbot, ctx, logged_in, clock):
    return shown(qtbot, PickupPage(ctx, clock=clock))


def type_query(qtbot, page, text):
    page.query.setFocus()
    qtbot.keyClicks(page.query, text)
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
