"""A second counter joins from the first-start page with the code the main PC shows (a real
PostgreSQL server from the wheel): the address is saved in this PC's data folder, the app says
so and closes, and the next start opens the main PC's station database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import upgrade
from pos.db.unit_of_work import Database
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.server.saved_url import read_url
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.ui.join_station_dialog import JoinStationDialog
from pos.ui.main_window import MainWindow
from pos.ui.setup_page import SetupPage
from pos.wiring import wire_station
from tests.sales.ui_helpers import ModalDriver


def test_a_counter_joins_the_main_pc_from_the_setup_page(qtbot, qapp, tmp_path, wheel_server, monkeypatch):
    quits = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    eng = make_engine(sqlite_url(tmp_path / "counter2" / "station.sqlite3"))
    (tmp_path / "counter2").mkdir()
    upgrade(eng, "head")
    db = Database(eng)
    tr = Translations(qapp)
    tr.use("en")
    ctx = AppContext(db=db, paths=DataPaths(tmp_path / "counter2"), auth=AuthService(db), translations=tr,
                     wiring=wire_station())
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    page = w.current_screen()
    assert isinstance(page, SetupPage)
    code = wheel_server.new_pairing_code()
    address = f"127.0.0.1:{wheel_server.config().port}"
    seen = {}

    def join(dlg):
        assert isinstance(dlg, JoinStationDialog)
        qtbot.keyClicks(dlg.address, address)
        qtbot.keyClick(dlg.address, Qt.Key.Key_Return)
        qtbot.keyClicks(dlg.code, code)
        qtbot.keyClick(dlg.code, Qt.Key.Key_Return)  # the dialog closes once the main PC answered

    def told(box):
        assert isinstance(box, QMessageBox)
        seen["told"] = box.text()
        box.accept()

    drv = ModalDriver().then(join).then(told)
    page.join.click()
    drv.done()
    try:
        assert "counter of the station on the main PC" in seen["told"]
        assert quits == [True] and not w.isVisible()
        url = read_url(tmp_path / "counter2")
        assert url is not None and url.startswith("postgresql+psycopg://pos:") and f":{wheel_server.config().port}/" in url
    finally:
        eng.dispose()
        tr.use("zh_CN")
