"""A station whose records need an upgrade: the login screen says so and keeps painting while the
upgrade runs on a worker thread (0017 takes minutes once on a five-year station)."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pos import app as app_module
from pos.cli import main
from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import current_revision, downgrade, head_revision
from pos.paths import DataPaths
from pos.ui.login_page import LoginPage
from pos.ui.workspace import Workspace

from tests.e2e.test_startup import init_station, scripted_exec


@pytest.fixture(autouse=True)
def _qt(qapp):
    return qapp


def test_work_runs_off_the_gui_thread_while_events_are_handled(qtbot):
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    seen: dict[str, object] = {}

    def work() -> str:
        seen["thread"] = threading.current_thread()
        time.sleep(0.3)
        return "done"

    assert app_module.run_painting(work) == "done"
    timer.stop()
    assert seen["thread"] is not threading.main_thread()
    assert len(ticks) >= 3, "the GUI thread handled no timer while the work ran"


def test_an_error_of_the_work_is_raised_on_the_gui_thread():
    def work() -> None:
        raise ValueError("disk gone")

    with pytest.raises(ValueError, match="disk gone"):
        app_module.run_painting(work)


def test_starting_an_old_station_tells_the_partner_and_upgrades_it(tmp_path, qtbot, monkeypatch):
    d = tmp_path / "data"
    init_station(d)
    database = DataPaths(d).database
    engine = make_engine(sqlite_url(database))
    downgrade(engine, "0016_report_speed")
    engine.dispose()

    told: list[tuple[threading.Thread, str]] = []
    original = LoginPage.show_upgrading

    def show_upgrading(self: LoginPage) -> None:
        original(self)
        told.append((threading.current_thread(), self.prompt.text()))

    monkeypatch.setattr(LoginPage, "show_upgrading", show_upgrading)
    def script(window):
        login = window.current_screen()
        qtbot.keyClicks(login.pin, "1234")
        qtbot.keyClick(login.pin, Qt.Key.Key_Return)
        assert isinstance(window.current_screen(), Workspace)

    fake_exec, _seen = scripted_exec(qtbot, script)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert main(["--data-dir", str(d), "--lang", "en"]) == 0
    assert len(told) == 1
    thread, text = told[0]
    assert thread is threading.main_thread()
    assert "do not close" in text
    engine = make_engine(sqlite_url(database))
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert any("before-upgrade-0016" in p.name for p in DataPaths(d).backups.rglob("*"))
