"""What the partner sees of counters: which counter this is, the others, the lost-server banner,
the first-start question, and where a reprint of another counter's job goes."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pos.db import print_jobs
from pos.db.models import PrintJob
from pos.db.unit_of_work import ConnectionLost, Database
from pos.devices.fakes import FakeDevices
from pos.domain.receipt import Document
from pos.domain.station import StationDetails
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services.clock import ManualClock
from pos.services.station import counters
from pos.services.station import setup as station
from pos.services.station.auth import AuthService
from pos.ui.connection_watch import ConnectionWatch
from pos.ui.context import AppContext
from pos.ui.counter_dialog import CounterNameDialog
from pos.ui.device_settings_panel import DeviceSettingsPanel
from pos.ui.main_window import MainWindow
from pos.wiring import wire_station
from tests.shifts.ui_helpers import when_modal


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def here(database, clock):
    station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")
    me = counters.register(database, "收银台1", clock)
    counters.register(database, "收银台2", clock)
    database.counter_id = me.id
    return me


@pytest.fixture
def ctx(qapp, database, tmp_path, here):
    tr = Translations(qapp)
    tr.use("en")
    return AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                      wiring=wire_station(), counter=here)


def test_the_status_bar_names_this_counter_and_the_others(qtbot, ctx):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    assert "收银台1" in w.status.counter.text()
    w.watch.beat_now()
    others = w.status.others.text()
    assert "收银台2" in others and "off" in others and "收银台1" not in others
    w.watch.stop()


def test_a_lost_server_puts_up_the_banner_and_holds_recording_until_it_is_back(qtbot, ctx, here, monkeypatch):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    real = counters.heartbeat

    def down(*_a, **_k):
        raise ConnectionLost("lost")

    monkeypatch.setattr(counters, "heartbeat", down)
    w.watch.beat_now()
    assert w.banner.isVisible() and "lost" in w.banner.text() and ctx.db.held
    with pytest.raises(ConnectionLost):
        with ctx.db.unit_of_work():
            pass
    monkeypatch.setattr(counters, "heartbeat", real)
    w.watch.beat_now()
    assert not w.banner.isVisible() and not ctx.db.held
    w.watch.stop()


def test_a_unit_of_work_that_loses_the_server_raises_the_banner_at_once(qtbot, ctx):
    watch = ConnectionWatch(ctx)
    seen = []
    watch.lost.connect(lambda: seen.append("lost"))
    ctx.db.on_connection_lost()  # what unit_of_work calls on an OperationalError from the server
    qtbot.waitUntil(lambda: seen == ["lost"], timeout=2000)
    assert ctx.db.held
    watch.stop()
    ctx.db.held = False


def test_the_first_start_asks_the_counter_name_keyboard_only(qtbot, database, clock, tmp_path):
    path = tmp_path / "counter.json"
    dialog = CounterNameDialog("pc-back", lambda name: counters.resolve(database, path, clock, name))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.name.text() == "pc-back"
    dialog.name.clear()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.text()  # an empty name is refused in place
    dialog.name.setText("收银台2")  # QTest types Latin-1 only; the Enter below is the keyboard path
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.counter.name == "收银台2"
    assert counters.read_identity(path).name == "收银台2"


def test_a_reprint_of_another_counters_job_asks_where(qtbot, database, here, clock):
    other = counters.register(database, "收银台2", clock)
    with Database(database.engine, counter_id=other.id).unit_of_work() as s:
        job = print_jobs.enqueue(s, Document().text("小票"), reference="R-9")
    hub = FakeDevices(database)
    panel = DeviceSettingsPanel(database, hub, lambda r: None, lambda a, d: None)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh_jobs()
    panel.jobs.selectRow(0)
    assert panel.jobs.item(0, 6).text() == "收银台2"
    when_modal(QMessageBox, lambda box: next(b for b in box.buttons() if "收银台2" in b.text()).click())
    panel.reprint_selected()
    panel.ask_where = lambda name: False  # the partner chose "here" this time
    panel.jobs.selectRow(panel.jobs.rowCount() - 1)
    panel.reprint_selected()
    with database.reader() as s:
        copies = s.query(PrintJob).filter(PrintJob.reprint_of == str(job)).all()
    assert sorted(c.counter_id == other.id for c in copies) == [False, True]
