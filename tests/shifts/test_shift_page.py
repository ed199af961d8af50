"""The shift page from the keyboard: open, cash in/out, X report, close with a count, Z report."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from pos.db.models import Payment
from pos.domain.users import Operator, Role
from pos.services.station import backups
from pos.services.shifts import drawer as shifts
from pos.services.station.auth import AuthService
from pos.ui.owner_approval import OwnerPinDialog
from pos.ui.pages.shift.cash_dialog import CashMoveDialog
from pos.ui.pages.shift.close_dialog import CloseShiftDialog
from pos.ui.pages.shift.open_dialog import OpenShiftDialog
from pos.ui.pages.shift.shift_page import ShiftPage
from tests.shifts.conftest import pay
from tests.shifts.ui_helpers import when_modal
from tests.ui_context import shown


def focused(widget) -> bool:
    """The widget has the keyboard focus of its window (offscreen windows are not always active)."""
    return widget.window().focusWidget() is widget


def make_page(qtbot, ctx, clock):
    return shown(qtbot, ShiftPage(ctx, clock=clock))


def open_with_keyboard(qtbot, page, amount="200"):
    def fill(dlg):
        qtbot.keyClicks(dlg.amount, amount)
        qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)

    when_modal(OpenShiftDialog, fill)
    qtbot.keyClick(page.open_button, Qt.Key.Key_Return)


def test_open_cash_in_out_x_and_close_from_the_keyboard(qtbot, ctx, boss, clock):
    ctx.session.set_operator(boss)
    page = make_page(qtbot, ctx, clock)
    assert page.open_button.isEnabled() and not page.close_button.isEnabled()
    assert page.focusWidget() is page.open_button
    open_with_keyboard(qtbot, page)
    current = shifts.current_shift(ctx.db)
    assert current is not None and current.float_fen == 20000
    assert ctx.devices.kinds() == ["drawer"]  # the float goes into the drawer
    assert page.focusWidget() is page.close_button

    def cash_in(dlg):
        qtbot.keyClicks(dlg.amount, "50")
        qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)
        assert focused(dlg.reason)  # Enter moved on, it did not submit half a form
        dlg.reason.insert("银行换零钱")
        qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)

    when_modal(CashMoveDialog, cash_in)
    page.cash_in_button.click()

    def cash_out_without_reason_then_with(dlg):
        qtbot.keyClicks(dlg.amount, "30")
        qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)
        qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)
        assert dlg.isVisible() and dlg.error.isVisible()  # a reason is required
        dlg.reason.insert("付快递员")
        qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)

    when_modal(CashMoveDialog, cash_out_without_reason_then_with)
    page.cash_out_button.click()
    with ctx.db.reader() as s:
        rows = s.scalars(select(Payment).order_by(Payment.at)).all()
    assert [(p.purpose, p.amount_fen, p.note) for p in rows] == [("cash_in", 5000, "银行换零钱"), ("cash_out", -3000, "付快递员")]
    assert ctx.devices.kinds()[-2:] == ["cash_move", "cash_move"]

    pay(ctx.db, clock.advance(1), "sale", "cash", 1250)
    page.x_button.click()
    assert ctx.devices.kinds()[-1] == "shift_report"
    assert "232.50" in page.report.toPlainText()  # expected: 200 + 50 - 30 + 12.50
    assert shifts.current_shift(ctx.db) is not None

    def count(dlg):
        assert dlg.figures.expected_cash_fen == 23250
        qtbot.keyClicks(dlg.fields[10000], "2")
        qtbot.keyClick(dlg.fields[10000], Qt.Key.Key_Tab)
        assert focused(dlg.fields[5000])
        qtbot.keyClick(dlg.fields[5000], Qt.Key.Key_Tab)
        qtbot.keyClicks(dlg.fields[2000], "1")
        qtbot.keyClick(dlg.fields[2000], Qt.Key.Key_Return)  # Enter walks down like Tab
        assert focused(dlg.fields[1000])
        qtbot.keyClicks(dlg.fields[1000], "1")
        dlg.fields[100].setFocus()
        qtbot.keyClicks(dlg.fields[100], "1+1")  # a note and a coin
        dlg.fields[50].setFocus()
        qtbot.keyClicks(dlg.fields[50], "1")
        assert dlg.variance_fen == 0 and "232.50" in dlg.counted_label.text()
        dlg.fields[10].setFocus()
        qtbot.keyClick(dlg.fields[10], Qt.Key.Key_Return)  # past the last count: the Close button
        assert focused(dlg.close_button)
        qtbot.keyClick(dlg.close_button, Qt.Key.Key_Return)

    when_modal(CloseShiftDialog, count)
    page.close_button.click()
    assert shifts.current_shift(ctx.db) is None
    assert ctx.devices.kinds()[-2:] == ["drawer", "shift_report"]  # drawer opened to count, then Z
    z = page.shown
    assert z.closed and z.variance_fen == 0 and z.counts[100] == 2
    assert page.open_button.isEnabled() and page.history.count() == 1
    qtbot.waitUntil(lambda: page.backup_job.done)
    assert [i.kind for i in backups.list_backups(ctx.paths.backups)] == ["shift"]
    assert z.number in page.backup_status.text()


def test_assistant_with_a_large_variance_needs_the_owners_pin(qtbot, ctx, boss, clock):
    view = AuthService(ctx.db).add_assistant(boss, "李芳", "5678")
    ctx.session.set_operator(Operator(view.id, view.name, Role.ASSISTANT))
    page = make_page(qtbot, ctx, clock)
    open_with_keyboard(qtbot, page, "100")

    def count(dlg):
        qtbot.keyClicks(dlg.fields[5000], "1")  # 50 of 100: -50.00
        assert dlg.approval_note.text()
        qtbot.keyClick(dlg.close_button, Qt.Key.Key_Return)
        assert focused(dlg.reason) and dlg.isVisible()  # the variance needs a reason first
        dlg.reason.insert("少了五十元")

        def approve(pin_dlg):
            qtbot.keyClicks(pin_dlg.pin, "1234")
            qtbot.keyClick(pin_dlg.pin, Qt.Key.Key_Return)

        when_modal(OwnerPinDialog, approve)
        qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)

    when_modal(CloseShiftDialog, count)
    page.close_button.click()
    z = page.shown
    assert z.closed and z.variance_fen == -5000 and z.approved_by == "王小明" and z.closed_by == "李芳"
    assert "少了五十元" in page.report.toPlainText()
    qtbot.waitUntil(lambda: page.backup_job.done)


def test_close_cancelled_leaves_the_shift_open(qtbot, ctx, boss, clock):
    ctx.session.set_operator(boss)
    page = make_page(qtbot, ctx, clock)
    open_with_keyboard(qtbot, page, "0")
    when_modal(CloseShiftDialog, lambda dlg: qtbot.keyClick(dlg.fields[10000], Qt.Key.Key_Escape))
    page.close_button.click()
    assert shifts.current_shift(ctx.db) is not None
    assert focused(page.close_button)


def test_history_shows_an_old_z_report_and_prints_it_again(qtbot, ctx, boss, clock):
    ctx.session.set_operator(boss)
    shifts.open_shift(ctx.db, boss, clock, 1000)
    clock.advance(5)
    shifts.close_shift(ctx.db, boss, clock, {1000: 1})
    page = make_page(qtbot, ctx, clock)
    page.history.setFocus()
    page.history.setCurrentRow(0)
    qtbot.keyClick(page.history, Qt.Key.Key_Return)
    assert page.shown.closed and "10.00" in page.report.toPlainText()
    page.reprint_button.click()
    assert ctx.devices.kinds() == ["shift_report"]
