"""Helpers for the pytest-qt flows of shifts and backups."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pos.devices.fakes import FakeDevices
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.ui.fonts import load_app_font
from pos.wiring import wire_station


def make_ctx(qapp, database, tmp_path) -> AppContext:
    load_app_font(qapp)
    tr = Translations(qapp)
    tr.use("zh_CN")
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    ctx = AppContext(db=database, paths=paths, auth=AuthService(database), translations=tr, wiring=wire_station())
    ctx.devices = FakeDevices()
    return ctx


def when_modal(kind: type, action, tries: int = 500) -> None:
    """Run ``action(dialog)`` once a modal dialog of ``kind`` is showing (dialogs block in exec)."""

    def attempt(left: int) -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, kind):
            try:
                action(w)
            finally:
                if w.isVisible():
                    w.reject()  # never leave a test blocked in exec(); its asserts say what went wrong
        elif left:
            QTimer.singleShot(10, lambda: attempt(left - 1))

    QTimer.singleShot(0, lambda: attempt(tries))
