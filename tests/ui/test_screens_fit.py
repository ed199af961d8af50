"""Every page and dialog fits a 1024x768 and a 1366x768 screen, in Chinese and in English, with the
demo station's data: no label, button, header or table cell cut, no field squashed, nothing
outside the window, no dialog taller than the screen less its task bar (issue 15)."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableWidget

from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import upgrade
from pos.db.unit_of_work import Database
from pos.demo.build import DEMO_ASSISTANT_PIN, DEMO_OWNER_PIN, create_demo
from pos.devices.hub import DeviceHub
from pos.domain.errors import DomainError
from pos.i18n import Translations
from pos.paths import DataPaths
from pos.services.hardware import device_settings
from pos.services.station.auth import AuthService
from pos.ui.context import AppContext
from pos.ui.fonts import load_app_font
from pos.ui.main_window import MainWindow
from pos.ui.style import apply_style
from tests.ui.layout_check import problems
from tests.ui.test_scans_behind_dialogs import FACTORIES

SCREEN_H = 768
TASK_BAR = 40
TITLE_BAR = 30  # a maximised window's own title bar, which offscreen Qt does not draw
SIZES = [(1024, SCREEN_H), (1366, SCREEN_H)]
LANGS = ["zh_CN", "en"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    eng = make_engine(sqlite_url(root / "station.sqlite3"))
    upgrade(eng, "head")
    db = Database(eng)
    from pos.wiring import wire_station

    wiring = wire_station()
    create_demo(db, wiring.rules)
    yield db, DataPaths(root), wiring
    eng.dispose()


@pytest.fixture
def window(qtbot, qapp, demo, request):
    lang, (width, height), *more = request.param
    pin = more[0] if more else DEMO_OWNER_PIN
    devices = more[1] if len(more) > 1 else {}
    db, paths, wiring = demo
    load_app_font(qapp)
    apply_style(qapp)  # the app's padding is part of what must fit
    request.addfinalizer(lambda: qapp.setStyleSheet(""))
    tr = Translations(qapp)
    tr.use(lang)
    hub = DeviceHub(db, paths, load_config=device_settings.loader(db), **devices)
    ctx = AppContext(db=db, paths=paths, auth=AuthService(db), translations=tr, devices=hub, wiring=wiring)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    if devices:  # as the app does: the window listens, then the devices start
        hub.start()
        request.addfinalizer(hub.stop)
    w.resize(width, height - TASK_BAR - TITLE_BAR)
    w.show()
    qtbot.waitExposed(w)
    QTest.keyClicks(w.login_page.pin, pin)
    QTest.keyClick(w.login_page.pin, Qt.Key.Key_Return)
    assert w.is_logged_in()
    return w


def _open_something(key: str, page) -> None:
    """A page as the partner works in it: an order or a villager open beside its list."""
    if key in ("purchases", "villagers"):
        table = page.findChild(QTableWidget)
        table.selectRow(0)


CASES = [(lang, size) for lang in LANGS for size in SIZES]


@pytest.mark.parametrize("window", CASES, indirect=True, ids=[f"{lang}-{w}" for lang, (w, _h) in CASES])
def test_every_page_fits(window):
    window._show_preview(Image.new("L", (384, 900), 255))  # the preview printer's receipt beside the pages
    found = []
    for key, page in window.workspace.pages.items():
        window.workspace.show_page(key)
        QTest.qWait(10)
        _open_something(key, page)
        QTest.qWait(10)
        found += [f"{key}: {p}" for p in problems(window)]
    settings = window.workspace.pages["settings"]
    for i in range(settings.tabs.count()):
        window.workspace.show_page("settings")
        settings.tabs.setCurrentIndex(i)
        QTest.qWait(10)
        found += [f"settings tab {i} ({settings.tabs.tabText(i)}): {p}" for p in problems(window)]
    assert not found, "\n".join(found)


DIALOG_CASES = [(lang, SIZES[0]) for lang in LANGS]


@pytest.mark.parametrize("window", DIALOG_CASES, indirect=True, ids=LANGS)
def test_every_dialog_fits(qtbot, window):
    found = []
    for cls, (make, _takes) in FACTORIES.items():
        try:
            dlg = make(window.ctx, window)
        except DomainError:  # the demo already has what the factory sets up (an open shift)
            make_again = {k: v for k, v in FACTORIES.items() if k is cls}
            dlg = _without_setup(cls, window, make_again)
        qtbot.addWidget(dlg)
        dlg.show()
        QTest.qWait(10)
        name = cls.__name__
        if dlg.height() > SCREEN_H - TASK_BAR:
            found.append(f"{name}: {dlg.height()}px high, more than {SCREEN_H - TASK_BAR}")
        if dlg.width() > SIZES[0][0]:  # the Notices window's seven buttons in a row: 1,413-1,618 px
            found.append(f"{name}: {dlg.width()}px wide, more than {SIZES[0][0]}")
        found += [f"{name}: {p}" for p in problems(dlg)]
        dlg.done(0)  # qtbot closes and frees it at teardown (deleting it here too freed it twice)
    assert not found, "\n".join(found)


def _without_setup(cls, window, _factories):
    return cls(window.ctx, "cash_in", window) if cls.__name__ == "CashMoveDialog" else cls(window.ctx, window)


@pytest.mark.parametrize("window", [("zh_CN", SIZES[0], DEMO_ASSISTANT_PIN)], indirect=True, ids=["assistant"])
def test_the_assistant_sees_each_phone_tail_whole(window):
    window.workspace.show_page("villagers")
    page = window.workspace.pages["villagers"]
    QTest.qWait(10)
    phones = [page.table.item(r, 3).text() for r in range(page.table.rowCount())]
    masked = [p for p in phones if p]
    assert masked and all(p[:3].isdigit() and p[3:7] == "****" and p[-4:].isdigit() for p in masked)
    assert not problems(window), problems(window)


def test_a_long_receipt_preview_keeps_its_close_button_on_screen(qtbot, qapp):
    from pos.ui.receipt_preview import ReceiptPreviewDialog

    dlg = ReceiptPreviewDialog(Image.new("L", (384, 3000), 255))
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.height() <= SCREEN_H - TASK_BAR
    assert not problems(dlg), problems(dlg)


# every device a station may have, each with a long line: a serial scanner behind a long by-id
# name that is not plugged in, a printer that cannot be opened, the scale and the modem
EVERY_DEVICE = {
    "scanner_spec": "serial:/dev/serial/by-id/usb-Newland_NLS-HR22_Barcode_Scanner_0123456789-if00",
    "printer_spec": "file:/nonexistent/village-pos/usb/lp0",
    "scale_spec": "fake",
    "modem_spec": "fake",
}
DEVICE_CASES = [(lang, SIZES[0], DEMO_OWNER_PIN, EVERY_DEVICE) for lang in LANGS]


@pytest.mark.parametrize("window", DEVICE_CASES, indirect=True, ids=LANGS)
def test_every_device_and_the_clock_fit_1024(qtbot, window):
    bar = window.status
    chips = (bar.printer, bar.scanner, bar.scale, bar.modem)
    qtbot.waitUntil(lambda: bar.scale.line() != "" and bar.modem.line() != "", timeout=5000)
    qtbot.waitUntil(lambda: "Newland" in bar.scanner.line(), timeout=5000)
    QTest.qWait(50)
    assert all(chip.isVisibleTo(window) for chip in chips)
    # a shortened chip keeps its whole line on hover
    assert bar.scanner.text() != bar.scanner.line() and bar.scanner.toolTip() == bar.scanner.line()
    clock = bar.clock
    assert clock.isVisibleTo(window) and clock.text()
    assert clock.width() >= clock.fontMetrics().horizontalAdvance(clock.text())
    assert window.rect().contains(QRect(clock.mapTo(window, QPoint(0, 0)), clock.size()))
    assert bar.operator.width() >= bar.operator.fontMetrics().horizontalAdvance(bar.operator.text())
    found = []
    for key in ("checkin", "sales"):
        window.workspace.show_page(key)
        QTest.qWait(10)
        found += [f"{key}: {p}" for p in problems(window)]
    assert not found, "\n".join(found)
