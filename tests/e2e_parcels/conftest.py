"""The whole app for the parcels issue: a station made by `village-pos init`, the real main window
with the real page factories, a real DeviceHub reading a serial scanner on a pty and printing to a
``file:`` printer whose every job's bytes are kept."""

from __future__ import annotations

import os
import sys
import threading
import tty
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from pos.cli import main
from pos.db.engine import sqlite_url
from pos.db.models import PrintJob
from pos.db.opening import open_database
from pos.devices.hub import DeviceHub
from pos.services.hardware import device_settings
from pos.devices.transports import AppendFileTransport
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.ui.main_window import MainWindow
from pos.ui.page_factories import page_factories
from pos.wiring import wire_station

pty_only = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty (POSIX)")


class CapturingFile(AppendFileTransport):
    """The ``file:`` printer, also keeping each job's bytes apart for the test to decode."""

    def __init__(self, path: Path, jobs: list[bytes], lock: threading.Lock) -> None:
        super().__init__(path)
        self._jobs, self._lock = jobs, lock

    def send(self, data: bytes) -> None:
        super().send(data)
        with self._lock:
            self._jobs.append(bytes(data))


class PtyScanner:
    """A serial barcode scanner: the app reads the pty's slave end; the test writes the master."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)

    def scan(self, code: str, end: bytes = b"\r") -> None:
        os.write(self.master, code.encode("ascii") + end)

    def close(self) -> None:
        os.close(self.master)
        os.close(self.slave)


@dataclass
class Station:
    data_dir: Path
    window: MainWindow
    ctx: AppContext
    hub: DeviceHub
    scanner: PtyScanner
    printer_file: Path
    jobs: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def job_bytes(self) -> list[bytes]:
        with self.lock:
            return list(self.jobs)

    def print_jobs(self) -> list[tuple[str, str, str]]:
        with self.ctx.db.reader() as s:
            return [(j.kind, j.reference, j.status) for j in s.scalars(select(PrintJob).order_by(PrintJob.created_at))]

    def page(self):
        return self.window.workspace.current_page()


def text_of(data: bytes) -> str:
    """What an ESC/POS job prints, as text: GB18030 decoded, commands left as stray characters."""
    return data.decode("gb18030", errors="replace")


def press(qtbot, window, key: Qt.Key) -> None:
    target = window.focusWidget() or window
    qtbot.keyClick(target, key)


@pytest.fixture
def station(qapp, qtbot, tmp_path):
    data_dir = tmp_path / "data"
    assert main(["--data-dir", str(data_dir), "init", "--station-name", "清水村服务站", "--owner-name", "王小明",
                 "--owner-pin", "1234"]) == 0
    paths = DataPaths(data_dir)
    db = open_database(sqlite_url(paths.database), paths.backups)
    translations = Translations(qapp)
    translations.use("zh_CN")
    scanner = PtyScanner()
    printer_file = tmp_path / "printer.bin"
    jobs: list[bytes] = []
    lock = threading.Lock()
    hub = DeviceHub(db, paths, load_config=device_settings.loader(db), scanner_spec=f"serial:{scanner.path}", printer_spec=f"file:{printer_file}",
                    transport_factory=lambda spec, cfg: CapturingFile(Path(spec.target), jobs, lock))
    ctx = AppContext(db=db, paths=paths, auth=AuthService(db), translations=translations, devices=hub,
                     wiring=wire_station())
    window = MainWindow(ctx, page_factories())
    qtbot.addWidget(window)
    hub.start()
    window.show()
    qtbot.waitExposed(window)
    st = Station(data_dir, window, ctx, hub, scanner, printer_file, jobs, lock)
    try:
        yield st
    finally:
        hub.stop()
        window.close()
        scanner.close()
        db.dispose()
        translations.use("zh_CN")


def log_in(qtbot, station: Station, pin: str = "1234") -> None:
    login = station.window.login_page
    qtbot.keyClicks(login.pin, pin)
    qtbot.keyClick(login.pin, Qt.Key.Key_Return)
    assert station.window.is_logged_in()
