"""The app started as a partner starts it (pos.cli.main -> pos.app.run_gui), with the event loop
replaced by the test's script and the printer by a fake the test switches on and off."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication

from pos import app as app_module
from pos.cli import main
from pos.db.unit_of_work import Database
from pos.devices.fakes import OK, RAISE, FakePrinter
from pos.devices.hub import DeviceHub
from pos.services.hardware import device_settings
from pos.ui.main_window import MainWindow

from .helpers import PIN, init_station


class Heartbeat:
    """A 10 ms timer on the GUI thread; the longest gap between two ticks is how long the UI
    was frozen.

    ``with heartbeat.action("name"):`` brackets something the partner does that runs on the GUI
    thread by design (a check-in is a database use case: its speed is the benchmarks' business).
    Its wall time goes to ``actions`` instead of ``gaps``, so the gaps measure only the waiting:
    the printer and scanner threads and the signals they send.
    """

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.gaps: list[int] = []
        self.actions: dict[str, int] = {}
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self._last = 0

    def start(self) -> None:
        self.clock.start()
        self._last = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.gaps.append(now - self._last)
        self._last = now

    @contextmanager
    def action(self, name: str):
        self.timer.stop()
        t0 = self.clock.elapsed()
        try:
            yield
        finally:
            self.actions[name] = self.clock.elapsed() - t0
            self._last = self.clock.elapsed()
            self.timer.start()

    def stop(self) -> int:
        self.timer.stop()
        return max(self.gaps, default=0)


@dataclass
class RunningApp:
    qtbot: object
    printer: FakePrinter
    window: MainWindow | None = None
    hub: DeviceHub | None = None
    db: Database | None = None
    scanner_spec: str = "wedge"
    extra: dict = field(default_factory=dict)
    # every scanner status the hub sent, from its start (it starts before the script runs)
    scanner_texts: list[str] = field(default_factory=list)

    def login(self) -> None:
        login = self.window.current_screen()
        self.qtbot.keyClicks(login.pin, PIN)
        self.qtbot.keyClick(login.pin, Qt.Key.Key_Return)
        assert self.window.is_logged_in()

    def page(self, key: str):
        self.window.workspace.show_page(key)
        return self.window.workspace.current_page()


@pytest.fixture
def run_app(qtbot, tmp_path, monkeypatch):
    """``run_app(script, scanner_spec=...)`` starts the app on a new station (English, so the
    status texts can be asserted) and runs ``script(app)`` in place of the event loop."""
    ran = []

    def run(script: Callable[[RunningApp], None], *, scanner_spec: str = "wedge", data_dir=None) -> RunningApp:
        paths = init_station(data_dir or tmp_path / f"data{len(ran)}")
        app = RunningApp(qtbot, FakePrinter(OK), scanner_spec=scanner_spec)
        ran.append(app)

        def make_hub(db, paths, args):
            app.db = db
            app.hub = DeviceHub(db, paths, load_config=device_settings.loader(db), scanner_spec=scanner_spec, printer_spec="net:10.0.0.9",
                                transport_factory=lambda spec, cfg: app.printer, send_timeout=0.3)
            app.hub.scanner_status.connect(app.scanner_texts.append)
            return app.hub

        def scripted_exec():
            app.window = next(w for w in QApplication.topLevelWidgets()
                              if isinstance(w, MainWindow) and w.isVisible())
            # the login screen is up before the station's records are open (pos.app)
            qtbot.waitUntil(lambda: app.window.ctx is not None, timeout=30_000)
            try:
                script(app)
            finally:
                if app.printer.hanging.is_set():
                    app.printer.release(RAISE)
                app.window.close()
            return 0

        monkeypatch.setattr(app_module, "make_device_hub", make_hub)
        monkeypatch.setattr(QApplication, "exec", staticmethod(scripted_exec))
        try:
            assert main(["--data-dir", str(paths.root), "--lang", "en"]) == 0
        finally:
            gc.unfreeze()  # run_gui froze the start-up heap; the test process goes on
        return app

    return run


@pytest.fixture
def heartbeat(qapp):
    return Heartbeat()
