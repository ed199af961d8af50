"""The AppContext a page test runs in: the station's database, fake devices, Chinese on."""

from __future__ import annotations

from collections.abc import Iterator


def station_ui_context(qapp, database, tmp_path) -> Iterator:
    """Yield an AppContext over ``database`` with FakeDevices, in Chinese with the app's font; the
    translation is put back after the test (a test may switch to English)."""
    from pos.devices.fakes import FakeDevices
    from pos.i18n import Translations
    from pos.paths import DataPaths
    from pos.services.station.auth import AuthService
    from pos.ui.context import AppContext
    from pos.ui.fonts import load_app_font
    from pos.wiring import wire_station

    load_app_font(qapp)
    tr = Translations(qapp)
    tr.use("zh_CN")
    ctx = AppContext(db=database, paths=DataPaths(tmp_path), auth=AuthService(database), translations=tr,
                     wiring=wire_station())
    ctx.devices = FakeDevices()
    yield ctx
    tr.use("zh_CN")


def shown(qtbot, page, *, active: bool = True):
    """``page`` on screen and told it is the page in front, as the workspace does; ``active``
    also makes its window the active one (keys and shortcuts go there)."""
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    if active:
        page.activateWindow()
    page.activated()
    return page
