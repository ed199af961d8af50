from PySide6.QtCore import Qt

from pos.services.station import setup as station
from pos.services.station.auth import MAX_FAILURES
from pos.ui.login_page import LoginPage
from pos.ui.setup_page import SetupPage
from pos.ui.workspace import Workspace


def type_and_enter(qtbot, widget, text):
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_first_start_opens_the_setup_wizard(make_window, qtbot, ctx):
    w = make_window()
    page = w.current_screen()
    assert isinstance(page, SetupPage)
    page.name.insert("清水村服务站")
    page.address.insert("村委会旁")
    qtbot.keyClicks(page.phone, "0578-8123456")
    page.owner.insert("王小明")
    qtbot.keyClicks(page.pin, "1234")
    type_and_enter(qtbot, page.pin_again, "1234")
    assert isinstance(w.current_screen(), Workspace)
    assert ctx.operator.name == "王小明" and ctx.operator.is_owner
    assert station.get_station(ctx.db).address == "村委会旁"
    assert "清水村服务站" in w.status.station.text()


def test_wizard_refuses_bad_input_and_records_nothing(make_window, qtbot, ctx):
    w = make_window()
    page = w.current_screen()
    page.owner.insert("王小明")
    qtbot.keyClicks(page.pin, "1234")
    type_and_enter(qtbot, page.pin_again, "1234")
    assert isinstance(w.current_screen(), SetupPage)
    assert page.error.isVisibleTo(page) and "站点名称" in page.error.text()
    page.name.insert("清水村服务站")
    page.pin_again.clear()
    type_and_enter(qtbot, page.pin_again, "9999")
    assert "两次输入的密码不一致" in page.error.text()
    assert not station.has_station(ctx.db)
    page.pin.clear()
    page.pin_again.clear()
    qtbot.keyClicks(page.pin, "12")
    type_and_enter(qtbot, page.pin_again, "12")
    assert "4 到 8 位数字" in page.error.text()
    assert not station.has_station(ctx.db)


def test_login_focus_in_pin_and_enter_logs_in(make_window, qtbot, owner, ctx):
    w = make_window()
    page = w.current_screen()
    assert isinstance(page, LoginPage)
    qtbot.waitUntil(page.pin.hasFocus, timeout=2000)
    assert page.station_label.text() == "清水村服务站"
    type_and_enter(qtbot, page.pin, "1234")
    assert isinstance(w.current_screen(), Workspace)
    assert "王小明" in w.status.operator.text()


def test_wrong_pins_then_lockout(make_window, qtbot, owner, ctx):
    w = make_window()
    page = w.current_screen()
    type_and_enter(qtbot, page.pin, "0000")
    assert "密码错误" in page.error.text()
    assert page.pin.text() == ""
    for _ in range(MAX_FAILURES - 1):
        type_and_enter(qtbot, page.pin, "0000")
    assert not page.pin.isEnabled()
    assert "请等待" in page.error.text()
    assert isinstance(w.current_screen(), LoginPage)


def test_logout_with_ctrl_l_returns_to_login(make_window, qtbot, owner, ctx):
    w = make_window()
    type_and_enter(qtbot, w.current_screen().pin, "1234")
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(w.current_screen(), LoginPage)
    assert ctx.operator is None
    assert "未登录" in w.status.operator.text()
