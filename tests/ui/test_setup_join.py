"""First start on a second counter: the set-up page offers joining the station on the main PC
beside creating one (Alt+J); a main PC that does not answer or a malformed code is said in the
dialog, and Esc leaves this PC as it was. Pairing against a real server: tests/server."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos.server.saved_url import read_url
from pos.ui.join_station_dialog import JoinStationDialog
from pos.ui.setup_page import SetupPage
from pos.ui.style import apply_style
from tests.sales.ui_helpers import ModalDriver
from tests.ui.layout_check import problems


def try_to_join(qtbot, page, address, code, seen):
    def answer(dlg):
        assert isinstance(dlg, JoinStationDialog)
        qtbot.keyClicks(dlg.address, address)
        qtbot.keyClick(dlg.address, Qt.Key.Key_Return)  # on to the code
        qtbot.keyClicks(dlg.code, code)
        qtbot.keyClick(dlg.code, Qt.Key.Key_Return)
        qtbot.waitUntil(dlg.error.isVisible, timeout=30000)
        seen["error"] = dlg.error.text()
        seen["inputs enabled"] = dlg.address.isEnabled() and dlg.code.isEnabled()
        qtbot.keyClick(dlg, Qt.Key.Key_Escape)

    drv = ModalDriver().then(answer)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window(), timeout=5000)  # keys go there
    qtbot.keyClick(page.name, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    # a mnemonic clicks the button a moment later (animateClick): wait for the dialog to be answered
    qtbot.waitUntil(lambda: not drv.handlers and QApplication.activeModalWidget() is None, timeout=40000)
    drv.done()


def test_the_setup_page_offers_joining_beside_creating(make_window, qtbot, ctx):
    w = make_window()
    page = w.current_screen()
    assert isinstance(page, SetupPage)
    assert page.join.isVisibleTo(page) and page.create.isVisibleTo(page)
    assert "第二台" in page.join.text() or "second counter" in page.join.text()


def test_a_main_pc_that_does_not_answer_is_said_and_esc_leaves_nothing(make_window, qtbot, ctx):
    w = make_window()
    page = w.current_screen()
    seen = {}
    try_to_join(qtbot, page, "127.0.0.1:1", "k7qm 4xpa", seen)
    assert "127.0.0.1:1" in seen["error"] and seen["inputs enabled"]
    assert read_url(ctx.paths.root) is None
    assert isinstance(w.current_screen(), SetupPage)


def test_a_malformed_code_is_refused(make_window, qtbot, ctx):
    w = make_window()
    seen = {}
    try_to_join(qtbot, w.current_screen(), "192.168.1.10", "1234", seen)
    assert "K7QM-4XPA" in seen["error"]
    assert read_url(ctx.paths.root) is None


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_setup_page_fits_1024_with_both_choices(make_window, qtbot, qapp, ctx, lang, request):
    apply_style(qapp)  # the app's padding is part of what must fit
    request.addfinalizer(lambda: qapp.setStyleSheet(""))
    ctx.translations.use(lang)
    request.addfinalizer(lambda: ctx.translations.use("zh_CN"))
    w = make_window()
    w.resize(1024, 768 - 40 - 30)
    QTest.qWait(20)
    assert isinstance(w.current_screen(), SetupPage)
    assert not problems(w), problems(w)
