"""Settings → 多柜台: start/stop the main PC's database server and show a pairing code (owner only)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pos.domain.users import Operator, Role
from pos.server.station_server import ServerConfig, ServerStatus
from pos.services.station.auth import AuthService
from pos.ui.owner_approval import OwnerPinDialog
from pos.ui.pages.settings.server_tab import ServerTab
from pos.ui.pages.settings_page import SettingsPage
from tests.shifts.ui_helpers import when_modal


class FakeServer:
    """StationServer's surface without a real PostgreSQL (tests/server starts the real one)."""

    def __init__(self) -> None:
        self.initialised = False
        self.is_running = False
        self.cfg = ServerConfig(5433, "su", "app")
        self.calls: list[str] = []

    def status(self) -> ServerStatus:
        return ServerStatus(self.initialised, self.is_running, 5433 if self.initialised else None, "192.168.1.10")

    def config(self) -> ServerConfig:
        return self.cfg

    def start(self) -> None:
        self.calls.append("start")
        self.initialised = self.is_running = True

    def stop(self) -> None:
        self.calls.append("stop")
        self.is_running = False

    def new_pairing_code(self) -> str:
        self.calls.append("code")
        return "K7QM-4XPA"

    def set_autostart(self, on: bool) -> None:
        self.cfg.autostart = on


def _tab(qtbot, ctx) -> tuple[ServerTab, FakeServer]:
    tab = ServerTab(ctx)
    qtbot.addWidget(tab)
    tab.server = FakeServer()
    tab.load()
    return tab, tab.server


def test_the_owner_starts_the_server_and_shows_a_code(qtbot, ctx, owner):
    ctx.session.set_operator(owner)
    tab, server = _tab(qtbot, ctx)
    assert tab.start_button.isEnabled() and not tab.pair_button.isEnabled()
    job = tab.start_server()
    qtbot.waitUntil(lambda: job.done)
    assert server.calls == ["start"]
    assert "192.168.1.10:5433" in tab.state.text()
    assert tab.pair_button.isEnabled() and tab.stop_button.isEnabled() and not tab.start_button.isEnabled()
    job = tab.show_code()
    qtbot.waitUntil(lambda: job.done)
    assert "village-pos pair 192.168.1.10:5433 K7QM-4XPA" in tab.code.text()
    tab.autostart.click()
    assert server.cfg.autostart
    job = tab.stop_server()
    qtbot.waitUntil(lambda: job.done)
    assert server.calls[-1] == "stop" and tab.start_button.isEnabled()


def test_an_assistant_needs_the_owner_pin(qtbot, ctx, owner):
    view = AuthService(ctx.db).add_assistant(owner, "李芳", "5678")
    ctx.session.set_operator(Operator(view.id, view.name, Role.ASSISTANT))
    tab, server = _tab(qtbot, ctx)
    when_modal(OwnerPinDialog, lambda d: d.reject())
    assert tab.start_server() is None
    assert server.calls == []


def test_the_tab_is_in_settings_and_says_which_database_this_counter_uses(qtbot, ctx, owner):
    ctx.session.set_operator(owner)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "多柜台" in titles
    assert "这台收银机使用自己的数据文件" in page.server_tab.using.text()
    for b in (page.server_tab.start_button, page.server_tab.stop_button, page.server_tab.pair_button):
        assert "&" in b.text()  # Alt+letter reaches it
    page.tabs.setCurrentWidget(page.server_tab)
    page.server_tab.start_button.setFocus()
    assert page.server_tab.start_button.focusPolicy() & Qt.FocusPolicy.TabFocus
