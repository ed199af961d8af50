import pytest
from PySide6.QtWidgets import QApplication

from pos.domain.station import StationDetails
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services.station import setup as station
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.ui.fonts import load_app_font
from pos.ui.main_window import MainWindow
from pos.wiring import wire_station


@pytest.fixture
def ctx(qapp, database, tmp_path):
    load_app_font(qapp)
    tr = Translations(qapp)
    tr.use("zh_CN")
    return AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                      wiring=wire_station())


@pytest.fixture
def owner(ctx):
    return station.set_up_station(ctx.db, StationDetails("清水村服务站"), "王小明", "1234")


@pytest.fixture
def make_window(qtbot, ctx):
    def make() -> MainWindow:
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        return w

    return make


def focus_widget():
    return QApplication.focusWidget()
