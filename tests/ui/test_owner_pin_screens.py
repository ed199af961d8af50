"""Issue 14, item 2 and 3 on screen: the owner is told of wrong owner PINs at the next login, the
approval dialog stops taking PINs once locked, and the owner's PIN forms suggest 6 digits."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from pos.domain.errors import PermissionDenied
from pos.services.station.auth import MAX_FAILURES, OwnerApprovalLocked
from pos.ui.owner_approval import OwnerPinDialog
from pos.ui.pages.settings.user_dialog import UserDialog
from pos.ui.setup_page import SetupPage


def type_and_enter(qtbot, widget, text):
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_the_owner_is_told_of_wrong_owner_pins_at_login(make_window, qtbot, owner, ctx):
    ctx.auth.add_assistant(owner, "李芳", "5678")
    assistant = ctx.auth.login("5678")
    for _ in range(2):
        try:
            ctx.auth.approve_as_owner(assistant, "0000", "drawer.open")
        except PermissionDenied:
            pass
    w = make_window()
    page = w.current_screen()
    type_and_enter(qtbot, page.pin, "1234")
    box = page.approval_notice
    assert box is not None and box.isVisible()
    assert "李芳" in box.text() and "2" in box.text()
    box.close()
    w.lock()
    type_and_enter(qtbot, w.current_screen().pin, "1234")
    assert w.current_screen() is not page and page.approval_notice is box  # told once, no new box


def test_the_approval_dialog_stops_at_the_lock(qtbot, owner, ctx):
    ctx.auth.add_assistant(owner, "李芳", "5678")
    ctx.session.set_operator(ctx.auth.login("5678"))
    dlg = OwnerPinDialog(ctx, "打开钱箱", "drawer.open")
    qtbot.addWidget(dlg)
    dlg.show()
    for _ in range(MAX_FAILURES):
        dlg.pin.setText("0000")
        dlg._try()
    dlg.pin.setText("1234")
    dlg._try()  # the right PIN, too late
    assert dlg.approved is None and dlg.result() != QDialog.DialogCode.Accepted
    assert "锁定" in dlg.error.text()
    try:
        ctx.auth.approve_as_owner(ctx.operator, "1234", "drawer.open")
    except OwnerApprovalLocked:
        pass
    else:
        raise AssertionError("approval was not locked")


def test_owner_pin_forms_suggest_six_digits(make_window, qtbot, ctx):
    w = make_window()
    page = w.current_screen()
    assert isinstance(page, SetupPage) and "6" in page.pin.placeholderText()
    dlg = UserDialog("x", name="王小明", owner=True)
    qtbot.addWidget(dlg)
    assert "6" in dlg.pin.placeholderText()
    assistant = UserDialog("x")
    qtbot.addWidget(assistant)
    assert "6" not in assistant.pin.placeholderText()
    page.name.insert("清水村服务站")
    page.owner.insert("王小明")
    qtbot.keyClicks(page.pin, "123456")
    type_and_enter(qtbot, page.pin_again, "123456")
    assert ctx.operator is not None and ctx.operator.is_owner
