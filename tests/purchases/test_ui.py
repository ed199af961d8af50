"""pytest-qt flows on the purchases page (F4), keyboard first, over a real database."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from pos.domain.purchases import PaymentPlan
from pos.domain.receipt import QR
from pos.services.purchases import orders as purchases
from pos.services import settings
from pos.services.purchases.settings import DEFAULT_FEE_FEN, LATE_DAYS, MAX_UNIT_PRICE_FEN
from pos.services.purchases.views import OrderFilter, get_order, list_orders
from pos.ui.pages.purchases import PurchasesPage
from pos.ui.pages.purchases.cash_received import CashReceivedDialog
from pos.ui.pages.purchases.new_order_dialog import NewOrderDialog
from pos.ui.pages.purchases.payment_dialog import PaymentDialog
from pos.ui.pages.purchases.refund_dialog import RefundDialog
from pos.ui.pages.settings.purchases_tab import PurchasesTab
from tests.purchases.conftest import add_villager, drive, printed
from tests.purchases.helpers import TOTAL, audit_actions, order_input, payments


@pytest.fixture
def page(qtbot, ctx, owner, hub, clock):
    p = PurchasesPage(ctx, clock)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    p.activated()
    return p


def fill_order(qtbot, dlg, plan_index=0):
    qtbot.keyClicks(dlg.picker.search, "zgy")
    assert dlg.picker.matches.count() == 1
    qtbot.keyClick(dlg.picker.search, Qt.Key.Key_Return)
    assert dlg.picker.villager is not None and dlg.name.text() == "张桂英"
    focus = dlg.focusWidget()
    assert focus is dlg.items or dlg.items.isAncestorOf(focus)  # typing goes into the first cell
    dlg.items.set_row(0, "美的电饭煲 4L", "1", "259", "美的官方旗舰店")
    qtbot.keyClick(dlg.items, Qt.Key.Key_Insert)
    assert dlg.items.rowCount() == 2
    dlg.items.set_row(1, "手机壳", "2", "15")
    dlg.platform.insert("3581204467712")
    dlg.fee.setText("5")
    dlg.plan.setCurrentIndex(plan_index)
    assert "294.00" in dlg.total.text()


def test_new_order_from_the_keyboard_prints_its_receipt(qtbot, monkeypatch, page, ctx, villager_id):
    def steps(dlg):
        fill_order(qtbot, dlg, plan_index=3)  # deposit now, the rest on collection
        assert dlg.deposit.isVisible() and not dlg.reference.isVisible()
        dlg.deposit.setText("100")
        qtbot.keyClick(dlg.deposit, Qt.Key.Key_Return)  # Enter walks on, it does not place
        assert dlg.isVisible() and dlg.order is None
        qtbot.keyClick(dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    drive(monkeypatch, NewOrderDialog, steps)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [o] = list_orders(ctx.db, OrderFilter(), page.clock())
    assert (o.total_fen, o.paid_fen, o.due_fen, o.customer_name) == (TOTAL, 10000, TOTAL - 10000, "张桂英")
    assert [i.shop for i in o.items] == ["美的官方旗舰店", ""]
    [(ref, doc)] = printed(ctx.db)
    assert ref == o.number and any(isinstance(b, QR) and b.data == o.number for b in doc.blocks)
    assert page.detail.order.number == o.number and o.number in page.message.text()
    assert page.focusWidget() is page.detail.waybill  # next: the waybill when it ships


def test_bad_price_keeps_the_dialog_open_with_a_message(qtbot, monkeypatch, page, ctx, villager_id):
    seen = {}

    def steps(dlg):
        fill_order(qtbot, dlg)
        dlg.items.set_row(1, "手机壳", "2", "0")
        dlg.submit()
        seen["error"] = dlg.error.text()
        seen["open"] = dlg.isVisible()
        dlg.reject()

    drive(monkeypatch, NewOrderDialog, steps)
    page.new_order()
    assert seen["open"] and "2" in seen["error"] and seen["error"]
    assert list_orders(ctx.db, OrderFilter(), page.clock()) == [] and printed(ctx.db) == []


def test_mobile_plan_needs_its_reference(qtbot, monkeypatch, page, ctx, villager_id):
    def steps(dlg):
        fill_order(qtbot, dlg, plan_index=1)
        assert dlg.reference.isVisible()
        dlg.submit()
        assert dlg.error.isVisible()
        dlg.reference.insert("微信 4521")
        dlg.submit()

    drive(monkeypatch, NewOrderDialog, steps)
    page.new_order()
    assert payments(ctx.db) == [("purchase_deposit", "mobile", TOTAL)]


def test_duplicate_platform_order_asks_first(qtbot, monkeypatch, page, ctx, owner, clock, villager_id):
    purchases.place_order(ctx.db, owner, clock, order_input(villager_id=villager_id))
    answers = [False, True]
    monkeypatch.setattr(NewOrderDialog, "_confirm_duplicate", lambda self, err: answers.pop(0))
    monkeypatch.setattr(CashReceivedDialog, "exec", lambda self: (self.confirm(), self.result())[1])

    def steps(dlg):
        fill_order(qtbot, dlg)
        dlg.submit()
        assert dlg.isVisible() and dlg.focusWidget() is dlg.platform
        dlg.submit()

    drive(monkeypatch, NewOrderDialog, steps)
    page.new_order()
    assert len(list_orders(ctx.db, OrderFilter(), clock())) == 2


def test_scanning_a_waybill_ships_the_open_order_and_an_order_number_opens_it(qtbot, page, ctx, owner, clock,
                                                                              villager_id):
    o = purchases.place_order(ctx.db, owner, clock, order_input(villager_id=villager_id))
    page.handle_scan(o.number.replace("-", ""))  # the receipt's code
    assert page.detail.order.number == o.number
    page.handle_scan("73100118865046")
    assert get_order(ctx.db, o.id).status == "shipped"
    assert page.list.orders[0].status == "shipped"
    assert "73100118865046" in page.detail.waybills.text()
    page.handle_scan("JDVA12345678901")
    assert len(get_order(ctx.db, o.id).waybills) == 2
    page.detail.order = None
    page.handle_scan("YT0000000000000")
    assert "YT0000000000000" in page.message.text()


def test_typing_a_waybill_and_filters(qtbot, page, ctx, owner, clock, villager_id):
    other = add_villager(ctx.db, "李建国", "13905781234", "ljg")
    old = purchases.place_order(ctx.db, owner, clock, order_input(villager_id=villager_id, platform="1"))
    clock.advance(days=8)
    purchases.place_order(ctx.db, owner, clock, order_input(villager_id=other, platform="2"))
    page.activated()
    assert page.list.table.rowCount() == 2
    page.list.late_only.setChecked(True)
    assert [o.number for o in page.list.orders] == [old.number] and page.list.orders[0].late
    assert "超期" in page.list.table.item(0, 6).text()
    page.list.late_only.setChecked(False)
    page.list.search.insert("李建国")
    assert [o.customer_name for o in page.list.orders] == ["李建国"]
    page.list.search.clear()
    page.list.status.setCurrentIndex(page.list.status.findData("placed"))
    assert page.list.table.rowCount() == 2
    qtbot.keyClick(page.list.search, Qt.Key.Key_Return)  # Enter: into the list, first order chosen
    assert page.detail.order is not None
    page.list.select(old.id)
    page.detail.waybill.insert("7310 0118 8650 46")
    qtbot.keyClick(page.detail.waybill, Qt.Key.Key_Return)
    assert get_order(ctx.db, old.id).status == "shipped"
    assert page.detail.events.count() == 2


def test_refund_by_an_assistant_needs_the_owner(qtbot, monkeypatch, ctx, hub, clock, owner, assistant, villager_id):
    page = PurchasesPage(ctx, clock)
    qtbot.addWidget(page)
    o = purchases.place_order(ctx.db, assistant, clock, order_input(villager_id=villager_id))
    page.open_order(o.id)
    asked = []
    monkeypatch.setattr("pos.ui.pages.purchases.refund_dialog.require_owner",
                        lambda c, parent, text, key: asked.append(key) or owner)

    def steps(dlg):
        dlg.submit()
        assert "原因" in dlg.error.text() or dlg.error.isVisible()
        dlg.qty[1].setValue(1)
        assert dlg.amounts[1].text() == "15.00"
        dlg.reason.insert("少发一个")
        qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)

    drive(monkeypatch, RefundDialog, steps)
    page.detail.refund_button.click()
    assert asked == ["purchase.refund"]
    o = get_order(ctx.db, o.id)
    assert o.refunded_fen == 1500 and o.status == "placed"
    ref, doc = printed(ctx.db)[-1]
    assert ref.startswith("F")
    assert "purchase.refunded" in audit_actions(ctx.db)


def test_refusing_approval_changes_nothing(qtbot, monkeypatch, ctx, hub, clock, owner, assistant, villager_id):
    page = PurchasesPage(ctx, clock)
    qtbot.addWidget(page)
    o = purchases.place_order(ctx.db, assistant, clock, order_input(villager_id=villager_id))
    page.open_order(o.id)
    monkeypatch.setattr("pos.ui.pages.purchases.refund_dialog.require_owner", lambda *a: None)

    def steps(dlg):
        dlg.reason.insert("缺货")
        dlg.submit()
        dlg.reject()

    drive(monkeypatch, RefundDialog, steps)
    page.detail.cancel_button.click()
    assert get_order(ctx.db, o.id).status == "placed" and printed(ctx.db) == []


def test_cancel_and_take_payment(qtbot, monkeypatch, page, ctx, owner, clock, villager_id):
    a = purchases.place_order(ctx.db, owner, clock, order_input(PaymentPlan("deposit", deposit_fen=5000), villager_id,
                                                                platform="1"))
    page.open_order(a.id)
    assert page.detail.pay_button.isEnabled()

    def pay(dlg):
        dlg.method.setCurrentIndex(dlg.method.findData("account"))
        qtbot.keyClick(dlg.reference, Qt.Key.Key_Return)

    drive(monkeypatch, PaymentDialog, pay)
    page.detail.pay_button.click()
    a = get_order(ctx.db, a.id)
    assert a.due_fen == 0 and a.on_account_fen == TOTAL - 5000
    assert not page.detail.pay_button.isEnabled()

    def cancel(dlg):
        assert dlg.amounts[0].isReadOnly() and dlg.fee.text() == "5.00"
        dlg.reason.insert("平台缺货")
        dlg.submit()

    drive(monkeypatch, RefundDialog, cancel)
    page.detail.cancel_button.click()
    a = get_order(ctx.db, a.id)
    assert a.status == "cancelled" and a.on_account_fen == 0 and a.paid_fen == 0
    assert not page.detail.cancel_button.isEnabled() and not page.detail.refund_button.isEnabled()
    assert [ref[:1] for ref, _ in printed(ctx.db)] == ["P", "F"]


def test_settings_tab(qtbot, ctx, owner):
    tab = PurchasesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.late.setValue(10)
    tab.max_price.setText("abc")
    tab.submit()
    assert tab.error.isVisible()
    tab.max_price.setText("5000")
    tab.fee.setText("3")
    qtbot.keyClick(tab.fee, Qt.Key.Key_Return)
    assert settings.read(ctx.db, LATE_DAYS) == 10
    assert settings.read(ctx.db, MAX_UNIT_PRICE_FEN) == 500000
    assert settings.read(ctx.db, DEFAULT_FEE_FEN) == 300
    tab.expected.setValue(12)
    tab.submit()
    assert tab.error.isVisible()  # late before expected


def test_down_from_the_search_box_enters_the_order_list_and_the_filter_only_opens(qtbot, page, ctx, owner, clock,
                                                                                  villager_id):
    purchases.place_order(ctx.db, owner, clock, order_input(villager_id=villager_id))
    page.list.refresh()
    page.list.search.setFocus()
    qtbot.keyClick(page.list.search, Qt.Key.Key_Down)
    assert page.list.table.hasFocus() and page.list.current_id() is not None
    qtbot.keyClick(page.list.table, Qt.Key.Key_Up)  # from the first row back to the search box
    assert page.list.search.hasFocus()
    status = page.list.status
    before = status.currentIndex()
    status.setFocus()
    qtbot.keyClick(status, Qt.Key.Key_Down)
    assert status.currentIndex() == before  # opened for a choice, not changed behind the partner's back
    assert status.view().isVisible()
    status.hidePopup()


def test_tab_from_the_last_cell_of_the_goods_leaves_for_the_goods_category(qtbot, monkeypatch, page, villager_id):
    seen = {}

    def steps(dlg):
        qtbot.keyClicks(dlg.picker.search, "zgy")
        qtbot.keyClick(dlg.picker.search, Qt.Key.Key_Return)
        table = dlg.items
        table.setCurrentCell(0, 0)
        for text in ("cooker", "midea", "", "1", "259"):  # goods, shop, link, qty, unit price (QTest types ASCII only)
            if text:
                table.editItem(table.currentItem())
                editor = QApplication.focusWidget()
                editor.selectAll()
                qtbot.keyClicks(editor, text)
                qtbot.keyClick(editor, Qt.Key.Key_Tab)
            else:
                qtbot.keyClick(table, Qt.Key.Key_Tab)
        seen["focus"] = QApplication.focusWidget() is dlg.category  # the category, then the platform order
        qtbot.keyClick(dlg.category, Qt.Key.Key_Tab)
        seen["then"] = QApplication.focusWidget() is dlg.platform
        seen["rows"] = table.rowCount()
        seen["price"] = table.item(0, 4).text()
        seen["hint"] = any("平台订单号" in lbl.text() for lbl in dlg.findChildren(QLabel))
        dlg.reject()

    drive(monkeypatch, NewOrderDialog, steps)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == {"focus": True, "then": True, "rows": 1, "price": "259", "hint": True}


def test_cash_now_takes_the_cash_and_gives_change_and_the_fee_prints_with_the_goods(qtbot, monkeypatch, page, ctx,
                                                                                     villager_id):
    seen = {}

    def cash_step(self):
        self.show()
        seen["to pay"] = self.total_fen
        self.cash.selectAll()
        qtbot.keyClicks(self.cash, "250")
        qtbot.keyClick(self.cash, Qt.Key.Key_Return)  # not enough: refused, stays
        seen["short"] = self.error.text()
        self.cash.selectAll()
        qtbot.keyClicks(self.cash, "300")
        seen["change"] = self.change.text()
        qtbot.keyClick(self.cash, Qt.Key.Key_Return)
        return self.result()

    monkeypatch.setattr(CashReceivedDialog, "exec", cash_step)

    def steps(dlg):
        fill_order(qtbot, dlg, plan_index=0)  # cash now
        qtbot.keyClick(dlg, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    drive(monkeypatch, NewOrderDialog, steps)
    page.new_order()
    assert seen["to pay"] == TOTAL and "44.00" in seen["short"] and "找零" in seen["change"] and "6.00" in seen["change"]
    assert "6.00" in page.message.text()
    assert payments(ctx.db) == [("purchase_deposit", "cash", TOTAL)]
    from pos.domain.receipt import text_lines

    ref, doc = printed(ctx.db)[-1]
    text = "\n".join(line for b in doc.blocks for line in text_lines(b, 32))
    assert text.index("服务费") < text.index("现金"), text
    # what was handed over and the change, as on a sale's receipt
    assert "实收现金" in text and "￥300.00" in text and "找零" in text and "￥6.00" in text, text
