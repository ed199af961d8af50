from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from pos.services import settings as st
from pos.services.station import setup as station
from pos.ui.idle_watch import IdleWatch
from pos.ui.login_page import LoginPage
from pos.ui.owner_approval import OwnerPinDialog
from pos.ui.pages.pending_page import PendingPage
from pos.ui.workspace import Workspace

FKEYS = {
    Qt.Key.Key_F2: "checkin", Qt.Key.Key_F3: "pickup", Qt.Key.Key_F4: "purchases", Qt.Key.Key_F5: "sales",
    Qt.Key.Key_F6: "shift", Qt.Key.Key_F7: "reports", Qt.Key.Key_F8: "villagers", Qt.Key.Key_F9: "settings",
    Qt.Key.Key_F10: "sending", Qt.Key.Key_F11: "services",
}


def login(qtbot, w, pin="1234"):
    qtbot.keyClicks(w.current_screen().pin, pin)
    qtbot.keyClick(w.current_screen().pin, Qt.Key.Key_Return)
    assert isinstance(w.current_screen(), Workspace)


def test_function_keys_switch_pages(make_window, qtbot, owner):
    w = make_window()
    qtbot.keyClick(w, Qt.Key.Key_F9)  # before login: nothing happens
    assert isinstance(w.current_screen(), LoginPage)
    login(qtbot, w)
    for key, page in FKEYS.items():
        qtbot.keyClick(QApplication.focusWidget() or w, key)
        assert w.workspace.current_key() == page
        assert w.workspace.buttons[page].isChecked()


def test_nav_buttons_show_chinese_titles_and_keys(make_window, qtbot, owner):
    w = make_window()
    login(qtbot, w)
    texts = [b.text() for b in w.workspace.buttons.values()]
    assert texts == ["包裹入库\nF2", "取件\nF3", "代购\nF4", "收银\nF5", "交班\nF6", "报表\nF7", "村民\nF8", "设置\nF9",
                     "寄件\nF10", "便民服务\nF11"]


def test_pending_pages_say_so_and_have_no_buttons(make_window, qtbot, owner):
    w = make_window()
    login(qtbot, w)
    for key, page in w.workspace.pages.items():
        if isinstance(page, PendingPage):
            assert page.findChildren(QPushButton) == []
            w.workspace.show_page(key)
            grab = page.grab()
            assert grab.width() > 0


def test_language_switch_to_english_and_back(make_window, qtbot, owner, ctx):
    w = make_window()
    login(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_F9)
    tab = w.workspace.pages["settings"].general_tab
    tab.language.setCurrentIndex(tab.language.findData("en"))
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    assert st.read(ctx.db, st.LANGUAGE) == "en"
    assert w.workspace.buttons["settings"].text() == "Settings\nF9"
    assert w.workspace.current_key() == "settings"
    assert w.windowTitle() == "清水村服务站 — Village Station POS"  # the station in the title bar, not the status bar
    assert ctx.operator is not None  # still logged in
    tab = w.workspace.pages["settings"].general_tab
    tab.language.setCurrentIndex(tab.language.findData("zh_CN"))
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    assert w.workspace.buttons["settings"].text() == "设置\nF9"


def test_idle_lock_returns_to_login(make_window, qtbot, owner, ctx):
    w = make_window()
    login(qtbot, w)
    fake = [1000.0]
    w.idle._clock = lambda: fake[0]
    w.idle.arm()
    w.idle.set_minutes(5)
    fake[0] += 4 * 60
    w.idle.check()
    assert isinstance(w.current_screen(), Workspace)
    fake[0] += 61
    w.idle.check()
    assert isinstance(w.current_screen(), LoginPage)
    assert ctx.operator is None


def test_idle_watch_activity_resets_timer(qtbot):
    now = [0.0]
    watch = IdleWatch(1, clock=lambda: now[0])
    fired = []
    watch.idle.connect(lambda: fired.append(1))
    watch.arm()
    now[0] = 50
    watch.touch()
    now[0] = 100
    watch.check()
    assert not fired
    now[0] = 111
    watch.check()
    assert fired == [1]
    watch.set_minutes(0)  # 0 = never


def _answer_owner_dialog(qtbot, pin):
    def answer():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, OwnerPinDialog)
        qtbot.keyClicks(dlg.pin, pin)
        qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)
        if dlg.isVisible():  # wrong PIN: the dialog stays; cancel it
            dlg.reject()

    QTimer.singleShot(50, answer)


def test_assistant_needs_owner_pin_to_change_station(make_window, qtbot, owner, ctx):
    ctx.auth.add_assistant(owner, "李芳", "5678")
    w = make_window()
    login(qtbot, w, "5678")
    qtbot.keyClick(w, Qt.Key.Key_F9)
    tab = w.workspace.pages["settings"].station_tab
    tab.name.setText("清水村电商服务站")
    _answer_owner_dialog(qtbot, "5678")  # the assistant's own PIN is refused
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    assert station.get_station(ctx.db).name == "清水村服务站"
    _answer_owner_dialog(qtbot, "1234")
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    assert station.get_station(ctx.db).name == "清水村电商服务站"
    assert "清水村电商服务站" in w.status.station.text()


def test_owner_adds_an_assistant_who_can_log_in(make_window, qtbot, owner, ctx):
    w = make_window()
    login(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_F9)
    users = w.workspace.pages["settings"].users_tab

    def fill():
        dlg = QApplication.activeModalWidget()
        dlg.name.insert("李芳")
        qtbot.keyClicks(dlg.pin, "5678")
        qtbot.keyClicks(dlg.pin_again, "5678")
        dlg._check()

    QTimer.singleShot(50, fill)
    qtbot.mouseClick(users.add, Qt.MouseButton.LeftButton)
    assert [u.name for u in ctx.auth.users()] == ["王小明", "李芳"]
    assert users.table.rowCount() == 2
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    login(qtbot, w, "5678")
    assert ctx.operator.name == "李芳"
