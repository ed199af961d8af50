"""Scans reach the page on screen; elsewhere the partner sees and hears that nothing happened."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from pos.devices.hub import DeviceHub
from pos.services.hardware import device_settings
from pos.ui.main_window import MainWindow
from pos.ui.pages.settings_page import SettingsPage


class ScanPage(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.codes = []
        QVBoxLayout(self).addWidget(QLabel("scan page"))

    def handle_scan(self, code):
        self.codes.append(code)


def login(qtbot, w):
    qtbot.keyClicks(w.current_screen().pin, "1234")
    qtbot.keyClick(w.current_screen().pin, Qt.Key.Key_Return)


def make(qtbot, ctx, monkeypatch):
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    hub = DeviceHub(ctx.db, ctx.paths, load_config=device_settings.loader(ctx.db))
    ctx.devices = hub
    w = MainWindow(ctx, {"checkin": ScanPage, "settings": SettingsPage})
    qtbot.addWidget(w)
    w.show()
    return w, hub, beeps


def test_scan_goes_to_the_page_that_takes_scans(qtbot, ctx, owner, monkeypatch):
    w, hub, beeps = make(qtbot, ctx, monkeypatch)
    login(qtbot, w)
    hub.scanned.emit("YT7512345678901")
    assert w.workspace.pages["checkin"].codes == ["YT7512345678901"]
    assert beeps == []


def test_page_without_scans_says_so_and_beeps(qtbot, ctx, owner, monkeypatch):
    w, hub, beeps = make(qtbot, ctx, monkeypatch)
    login(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_F8)  # a page that takes no scans
    hub.scanned.emit("6901234567892")
    assert beeps == [1]
    assert "6901234567892" in w.status.currentMessage()
    assert "F2" in w.status.currentMessage()
    assert w.workspace.pages["checkin"].codes == []


def test_scan_at_login_is_not_acted_on(qtbot, ctx, owner, monkeypatch):
    w, hub, beeps = make(qtbot, ctx, monkeypatch)
    hub.scanned.emit("YT7512345678901")
    assert beeps == [1]
    assert "登录" in w.status.currentMessage()
    login(qtbot, w)
    assert w.workspace.pages["checkin"].codes == []


def test_device_status_reaches_the_status_bar(qtbot, ctx, owner, monkeypatch):
    w, hub, _ = make(qtbot, ctx, monkeypatch)
    hub.printer_status.emit("离线")
    hub.scanner_status.emit("已连接")
    assert "离线" in w.status.printer.line()
    assert "已连接" in w.status.scanner.line()


def test_settings_has_the_device_panel(qtbot, ctx, owner, monkeypatch):
    w, hub, _ = make(qtbot, ctx, monkeypatch)
    login(qtbot, w)
    page = w.workspace.pages["settings"]
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "打印机和扫码枪" in titles
