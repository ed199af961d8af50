"""The services page (F11) by keyboard alone: a phone top-up paid in cash into the shift with its
receipt (the number masked), then refunded from the day's list with the owner's PIN while the
assistant is logged in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from pos.domain.receipt import text_lines
from pos.domain.users import Operator, Role
from pos.services.account_services import payments as svc
from pos.services.shifts import drawer
from pos.services.station.auth import AuthService
from pos.ui.pages.services import ServicesPage
from tests.sales.ui_helpers import ModalDriver

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def active(qtbot, page):
    page.activateWindow()  # the offscreen platform does not give it back after a dialog
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)


def doc_text(doc, cols=32):
    return "\n".join(line for b in doc.blocks for line in text_lines(b, cols))


@pytest.fixture
def helper(ui_ctx, boss):
    view = AuthService(ui_ctx.db).add_assistant(boss, "李芳", "5678")
    return Operator(view.id, view.name, Role.ASSISTANT)


@pytest.fixture
def page_factory(qtbot, ui_ctx, clock):
    def make(operator, **kw):
        ui_ctx.session.set_operator(operator)
        p = ServicesPage(ui_ctx, clock=clock, **kw)
        qtbot.addWidget(p)
        p.show()
        qtbot.waitExposed(p)
        p.activateWindow()
        qtbot.waitUntil(p.isActiveWindow, timeout=2000)  # shortcuts fire only in the active window
        p.activated()
        return p
    return make


def test_top_up_in_cash_then_refund_with_the_owner_pin(page_factory, qtbot, ui_ctx, boss, helper, clock, shift):
    page = page_factory(helper)
    f = page.form
    assert f.kind.currentText() == "话费充值" and page.focusWidget() is f.account
    qtbot.keyClicks(f.account, "13812345678")
    assert f.provider.currentText() == "中国移动" and "号段" in f.account_hint.text()
    qtbot.keyClick(f.account, Qt.Key.Key_3, CTRL)  # the ¥30 preset
    assert f.amount.text() == "30" and page.focusWidget() is f.fee
    qtbot.keyClicks(f.fee, "1")
    assert "¥31.00" in f.total.text()
    drv = ModalDriver()

    def tender(dlg):
        dlg.cash.selectAll()
        qtbot.keyClicks(dlg.cash, "50")
        qtbot.keyClick(dlg.cash, Qt.Key.Key_Return)

    drv.then(tender)
    qtbot.keyClick(f.fee, Qt.Key.Key_Return)  # Enter on the fee takes the payment
    drv.done()
    assert not page.status.refused, page.status.text()
    assert "B20261202-0001" in page.big.text() and "138****5678" in page.big.text() and "¥19.00" in page.big.text()
    kind, ref, doc = ui_ctx.devices.printed[-1]
    assert (kind, ref) == ("receipt", "B20261202-0001")
    text = doc_text(doc)
    assert "便民缴费小票" in text and "138****5678" in text and "13812345678" not in text
    assert "中国移动" in text and "话费充值" in text and "手续费" in text and "李芳" in text
    p = svc.get_payment(ui_ctx.db, "B20261202-0001")
    assert (p.account, p.amount_fen, p.fee_fen, p.operator) == ("13812345678", 3000, 100, "李芳")
    assert f.account.text() == "" and page.focusWidget() is f.account
    # the day's list: Alt+2, the payment is chosen; Alt+X asks why, then the owner's PIN
    active(qtbot, page)
    qtbot.keyClick(f.account, Qt.Key.Key_2, ALT)
    assert page.day_list.table.rowCount() == 1 and page.day_list.selected().number == p.number
    drv = ModalDriver()

    def reason(dlg):
        edit = dlg.findChild(QLineEdit)
        edit.insert("号码充错了")  # Chinese comes from an input method, not key by key
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    def owner_pin(dlg):
        assert "店主" in dlg.windowTitle() or dlg.findChild(QLineEdit) is not None
        qtbot.keyClicks(dlg.pin, "1234")
        qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)

    drv.then(reason).then(owner_pin)
    qtbot.keyClick(page.day_list.table, Qt.Key.Key_X, ALT)
    drv.done()
    assert not page.status.refused, page.status.text()
    r = svc.get_payment(ui_ctx.db, p.number)
    assert (r.status, r.approved_by, r.refund_reason) == ("refunded", "王小明", "号码充错了")
    kind, ref, doc = ui_ctx.devices.printed[-1]
    assert ref == r.refund_number and "便民缴费退款小票" in doc_text(doc) and "138****5678" in doc_text(doc)
    assert "退" in page.day_list.table.item(0, 7).text()
    report = drawer.x_report(ui_ctx.db, clock)
    assert report.totals.by_purpose["service"] == {"cash": 3100}
    assert report.totals.by_purpose["service_refund"] == {"cash": -3100}
    # reprint (Alt+P) prints the refund's receipt again
    active(qtbot, page)
    qtbot.keyClick(page.day_list.table, Qt.Key.Key_P, ALT)
    assert ui_ctx.devices.printed[-1].reference == r.refund_number


def test_bad_input_says_what_and_no_shift_takes_no_money(page_factory, qtbot, ui_ctx, boss):
    asked = []
    page = page_factory(boss, money_gate=lambda parent: asked.append(parent) or False)
    qtbot.keyClicks(page.form.account, "1381234567")
    qtbot.keyClick(page.form.account, Qt.Key.Key_1, CTRL)
    qtbot.keyClick(page.form.fee, Qt.Key.Key_Return, CTRL)
    assert page.status.refused and "11" in page.status.text() and asked == []
    qtbot.keyClicks(page.form.account, "8")
    qtbot.keyClick(page.form.fee, Qt.Key.Key_Return, CTRL)
    assert asked == [page]
    assert svc.day_payments(ui_ctx.db, clock_day(page)) == []


def clock_day(page):
    return page.clock().astimezone().date()


def test_a_scanned_receipt_number_finds_the_payment(page_factory, qtbot, ui_ctx, boss, clock, shift):
    from pos.domain.cart import Tender

    from .conftest import bill

    p = svc.pay_service(ui_ctx.db, boss, clock, bill(), [Tender("cash", 20000)], "电费代缴").payment
    page = page_factory(boss)
    page.handle_scan(p.number.replace("-", ""))
    assert page.tabs.currentIndex() == 1 and page.day_list.selected().number == p.number
    page.handle_scan("0301 2345 678")  # a bill's own barcode goes into the account field
    assert page.tabs.currentIndex() == 0 and page.form.account.text() == "0301 2345 678"
