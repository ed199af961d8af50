"""The sales page from the keyboard (pytest-qt, offscreen, Chinese)."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from pos.db.models import Villager
from pos.domain.cart import Tender
from pos.domain.receipt import text_lines
from pos.domain.users import Operator, Role
from pos.services.sales import products
from pos.services.station.auth import AuthService
from pos.ui.owner_approval import OwnerPinDialog
from pos.ui.pages.sales.product_dialog import ProductDialog
from pos.ui.pages.sales.refund_dialog import RefundDialog
from pos.ui.pages.sales.sales_page import SalesPage
from pos.ui.pages.sales.tender_dialog import TenderDialog
from pos.services.clock import ManualClock

from .conftest import add_goods
from pos.devices.fakes import FakeDevices

from .ui_helpers import ModalDriver


@pytest.fixture
def page(qtbot, ctx, owner):
    ctx.devices = FakeDevices()
    ctx.session.set_operator(owner)
    goods = add_goods(ctx.db, owner)
    clock = ManualClock(dt.datetime(2026, 11, 22, 6, 3, tzinfo=dt.timezone.utc))
    p = SalesPage(ctx, clock=clock)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    p.activated()
    p.goods = goods
    return p


def key(qtbot, w, k, mod=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(w, k, mod)


def doc_text(doc):
    return "\n".join(line for b in doc.blocks for line in text_lines(b, 32))


def test_scan_plus_minus_delete(page, qtbot):
    page.handle_scan("6921168509256")
    page.handle_scan("6921168509256")
    assert page.cart.lines[0].quantity == 2
    assert page.total.text() == "合计 ¥4.00"
    key(qtbot, page.scan, Qt.Key.Key_Plus)
    assert page.cart.lines[0].quantity == 3
    key(qtbot, page.scan, Qt.Key.Key_Minus)
    assert page.cart.lines[0].quantity == 2
    page.handle_scan("6920152400777")
    key(qtbot, page.scan, Qt.Key.Key_Delete)
    assert [ln.description for ln in page.cart.lines] == ["农夫山泉 550ml"]
    assert page.scan.hasFocus()


def test_pinyin_search_and_enter(page, qtbot):
    qtbot.keyClicks(page.scan, "ksf")
    assert page.suggestions.isVisible() and page.suggestions.count() == 1
    key(qtbot, page.scan, Qt.Key.Key_Return)
    assert page.cart.lines[0].description == "康师傅红烧牛肉面"
    assert page.scan.text() == "" and not page.suggestions.isVisible()


def test_cash_sale_prints_with_drawer_kick(page, qtbot, ctx):
    page.handle_scan("6921168509256")
    drv = ModalDriver()

    def tender(dlg):
        assert isinstance(dlg, TenderDialog)
        assert dlg.cash.text() == "2.00" and dlg.cash.hasFocus()
        dlg.cash.selectAll()
        qtbot.keyClicks(dlg.cash, "10")
        assert "找零" in dlg.status.text() and "8.00" in dlg.status.text()
        key(qtbot, dlg.cash, Qt.Key.Key_Return)

    drv.then(tender)
    key(qtbot, page.scan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    drv.done()
    assert page.cart.is_empty()
    assert "R20261122-0001" in page.last.text() and "找零 ¥8.00" in page.last.text()
    kind, ref, doc = ctx.devices.printed[-1]
    assert (kind, ref) == ("receipt", "R20261122-0001")
    assert doc.has_drawer_kick()
    assert "销售小票" in doc_text(doc) and "实收现金" in doc_text(doc)


def test_a_receipt_that_fails_after_the_sale_leaves_it_sold_once(page, qtbot, ctx):
    """The sale committed, then its receipt could not be queued (the database server's line went,
    the disk filled): the cart is empty, the sale shown, and the message says it is recorded and
    paid, not "not saved", which would invite selling it again."""
    from pos.db.models import Sale
    from pos.db.unit_of_work import LOST, ConnectionLost

    def lost(*_a, **_k):
        raise ConnectionLost(LOST)

    ctx.devices.print_document = lost
    page.handle_scan("6921168509256")
    drv = ModalDriver()
    drv.then(lambda dlg: key(qtbot, dlg.cash, Qt.Key.Key_Return))

    def told(box):
        assert isinstance(box, QMessageBox)
        assert "R20261122-0001" in box.text() and "已收款" in box.text() and "Alt+P" in box.text()
        key(qtbot, box, Qt.Key.Key_Return)

    drv.then(told)
    page.pay()
    drv.done()
    assert page.cart.is_empty() and "R20261122-0001" in page.last.text()
    with ctx.db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 1
    assert page.focusWidget() is page.scan  # the next scan goes to the next sale


def test_mobile_payment_with_alt_m(page, qtbot, ctx, owner):
    from pos.services import settings as st
    from pos.services.sales.settings import MOBILE_REFERENCE_FROM_FEN

    st.save(ctx.db, owner, {MOBILE_REFERENCE_FROM_FEN: 300})  # ¥3 and more need the number
    page.handle_scan("6920152400777")
    drv = ModalDriver()

    def tender(dlg):
        key(qtbot, dlg.cash, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
        assert dlg.mobile.text() == "4.50" and dlg.cash.text() == ""
        assert dlg.reference.hasFocus()
        key(qtbot, dlg.reference, Qt.Key.Key_Return)  # no reference yet: refused
        assert dlg.isVisible() and dlg.error.isVisible()
        qtbot.keyClicks(dlg.reference, "4200001234")
        key(qtbot, dlg.reference, Qt.Key.Key_Return)

    drv.then(tender)
    page.pay()
    drv.done()
    doc = ctx.devices.printed[-1].doc
    assert not doc.has_drawer_kick()
    assert "4200001234" in doc_text(doc)


def test_on_account_with_villager_search(page, qtbot, ctx):
    with ctx.db.unit_of_work() as s:
        s.add(Villager(name="张三", name_initials="zs", phone="13812345678", phone_tail="5678"))
    page.handle_scan("6921168509256")
    drv = ModalDriver()

    def tender(dlg):
        key(qtbot, dlg.cash, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
        assert dlg.villager_search.hasFocus()
        qtbot.keyClicks(dlg.villager_search, "zs")
        assert dlg.villagers.count() == 1
        key(qtbot, dlg.villager_search, Qt.Key.Key_Return)

    drv.then(tender)
    page.pay()
    drv.done()
    assert "张三" in page.last.text() and "¥2.00" in page.last.text()
    with ctx.db.reader() as s:
        assert s.scalar(select(Villager.balance_fen)) == 200
    assert "账户欠款" in doc_text(ctx.devices.printed[-1].doc)


def test_unknown_barcode_offers_to_add(page, qtbot, ctx):
    drv = ModalDriver()

    def confirm(box):
        assert isinstance(box, QMessageBox) and "6901028075831" in box.text()
        key(qtbot, box, Qt.Key.Key_Return)

    def fill(dlg):
        assert isinstance(dlg, ProductDialog) and dlg.barcode.text() == "6901028075831"
        dlg.name.insert("中华铅笔 HB")
        dlg.price.insert("1.50")
        dlg.stock.setValue(20)
        key(qtbot, dlg.price, Qt.Key.Key_Return)

    drv.then(confirm).then(fill)
    page.handle_scan("6901028075831")
    drv.done()
    assert page.cart.lines[0].description == "中华铅笔 HB"
    assert products.by_barcode(ctx.db, "6901028075831").stock == 20


def test_bad_barcode_says_why(page):
    page.handle_scan("6901028075832")
    assert page.error.isVisible() and "6901028075832" in page.error.text()


def test_refund_by_scanning_the_receipt(page, qtbot, ctx, owner):
    page.handle_scan("6921168509256")
    page.handle_scan("6921168509256")
    res = page.complete([Tender("cash", 400)])
    assert res is not None
    drv = ModalDriver()

    def refund(dlg):
        assert isinstance(dlg, RefundDialog)
        assert "¥4.00" in dlg.amount.text()
        dlg.reason.insert("买错了")
        key(qtbot, dlg.reason, Qt.Key.Key_Return)

    drv.then(refund)
    page.handle_scan("R202611220001")  # the barcode form, no hyphen
    drv.done()
    assert "F20261122-0001" in page.last.text()
    doc = ctx.devices.printed[-1].doc
    assert "退款单" in doc_text(doc) and "买错了" in doc_text(doc) and doc.has_drawer_kick()
    assert products.by_barcode(ctx.db, "6921168509256").stock == 24


def test_assistant_discount_above_limit_asks_owner_pin(page, qtbot, ctx):
    view = AuthService(ctx.db).add_assistant(ctx.operator, "李芳", "5678")
    ctx.session.set_operator(Operator(view.id, view.name, Role.ASSISTANT))
    page.handle_scan("6921168509256")
    drv = ModalDriver()

    def discount(dlg):
        dlg.findChild(type(page.scan)).insert("50%")
        key(qtbot, dlg, Qt.Key.Key_Return)

    def pin(dlg):
        assert isinstance(dlg, OwnerPinDialog)
        qtbot.keyClicks(dlg.pin, "1234")
        key(qtbot, dlg.pin, Qt.Key.Key_Return)

    drv.then(discount).then(pin)
    key(qtbot, page.scan, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    drv.done()
    assert page.cart.total_fen == 100 and page.approver.is_owner
    assert page.complete([Tender("cash", 100)]).total_fen == 100


def test_negative_stock_warns_and_owner_allows(page, qtbot, ctx):
    for _ in range(4):
        page.handle_scan("6920152400777")  # 3 in stock
    assert "库存不足" in page.info.text()
    drv = ModalDriver()

    def warn(box):
        assert isinstance(box, QMessageBox) and "库存不足" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    drv.then(warn)
    res = page.complete([Tender("cash", 1800)])
    drv.done()
    assert res is not None
    assert products.by_barcode(ctx.db, "6920152400777").stock == -1


def test_low_stock_dialog_lists_short_goods(page, qtbot):
    assert "(1)" in page.buttons["low"].text()  # the noodles: 3 in stock, warn at 5
    drv = ModalDriver()

    def check(dlg):
        assert dlg.low_only.isChecked() and [p.name for p in dlg.rows] == ["康师傅红烧牛肉面"]
        dlg.reject()

    drv.then(check)
    key(qtbot, page.scan, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    drv.done()


def test_settings_tab_saves(qtbot, ctx, owner):
    from pos.services.station import receipt_settings
    from pos.services.sales import settings as sales_settings
    from pos.ui.pages.settings.sales_tab import SalesTab

    ctx.session.set_operator(owner)
    tab = SalesTab(ctx)
    qtbot.addWidget(tab)
    tab.footer.setPlainText("本站代收快递\n营业时间 8:00-20:00")
    tab.limit.setValue(15)
    tab.max_price.setText("2000")
    assert tab.reference_from.text() == "50.00"  # the default
    tab.reference_from.setText("20")
    tab.code.setCurrentIndex(1)
    tab.submit()
    assert tab.saved.text() == "已保存。"
    assert receipt_settings.load(ctx.db).footer == "本站代收快递\n营业时间 8:00-20:00"
    assert receipt_settings.load(ctx.db).code == "qr"
    assert sales_settings.load(ctx.db) == sales_settings.SalesSettings(15, 200000, 2000)
    tab.max_price.setText("0")
    tab.submit()
    assert not tab.error.isHidden() and "最高价格" in tab.error.text()


def test_page_in_the_workspace_keeps_function_keys(qtbot, ctx, owner):
    from pos.ui.main_window import MainWindow
    from pos.ui.pages.settings_page import SettingsPage

    w = MainWindow(ctx, {"settings": SettingsPage, "sales": SalesPage})
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.keyClicks(w.current_screen().pin, "1234")
    key(qtbot, w.current_screen().pin, Qt.Key.Key_Return)
    key(qtbot, w.focusWidget() or w, Qt.Key.Key_F5)
    page = w.workspace.current_page()
    assert isinstance(page, SalesPage)
    qtbot.waitUntil(page.scan.hasFocus)
    key(qtbot, page.scan, Qt.Key.Key_F9)
    assert w.workspace.current_key() == "settings"


def test_mistyped_pinyin_says_not_found_and_offers_the_nearest(page, qtbot):
    qtbot.keyClicks(page.scan, "ksfhb")
    assert not page.suggestions.isVisible()  # nothing contains it
    key(qtbot, page.scan, Qt.Key.Key_Return)
    text = page.error.text()
    assert page.error.isVisible() and "找不到商品" in text and "康师傅红烧牛肉面" in text
    assert "字符" not in text  # not the barcode's complaint about letters
    assert page.cart.is_empty()
    key(qtbot, page.scan, Qt.Key.Key_Return)  # Enter alone adds no guess
    assert page.cart.is_empty()
    key(qtbot, page.scan, Qt.Key.Key_Down)
    key(qtbot, page.scan, Qt.Key.Key_Return)
    assert page.cart.lines[0].description == "康师傅红烧牛肉面"
    assert not page.error.isVisible()  # the next thing done clears the old message


def test_old_results_go_when_the_next_customer_starts(page, qtbot, ctx):
    qtbot.keyClicks(page.scan, "zzqq")
    key(qtbot, page.scan, Qt.Key.Key_Return)
    assert page.error.isVisible()
    page.scan.clear()
    page.handle_scan("6921168509256")
    assert not page.error.isVisible()
    drv = ModalDriver()

    def tender(dlg):
        dlg.cash.selectAll()
        qtbot.keyClicks(dlg.cash, "10")
        key(qtbot, dlg.cash, Qt.Key.Key_Return)

    drv.then(tender)
    key(qtbot, page.scan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    drv.done()
    assert "找零" in page.last.text()
    page.handle_scan("6920152400777")  # the next customer
    assert page.last.text() == ""


def test_products_list_calls_its_column_product_name_and_counts_items_in_both_languages(page, qtbot, ctx):
    from pos.ui.pages.sales.products_dialog import ProductsDialog

    dlg = ProductsDialog(ctx, parent=page)
    assert dlg.table.horizontalHeaderItem(0).text() == "商品名称"  # not a person's 姓名
    dlg.deleteLater()
    page.handle_scan("6921168509256")
    assert "共 1 件" in page.detail.text()  # the English is "Items: 1", never "1 items"


def test_a_small_mobile_payment_needs_no_transaction_number(page, qtbot, ctx):
    page.handle_scan("6921168509256")  # ¥2.00, below the default ¥50
    drv = ModalDriver()

    def tender(dlg):
        assert "50.00" in dlg.reference.placeholderText()
        key(qtbot, dlg.cash, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
        key(qtbot, dlg.reference, Qt.Key.Key_Return)

    drv.then(tender)
    page.pay()
    drv.done()
    assert page.cart.is_empty() and "R20261122-0001" in page.last.text()


def test_settle_asks_for_the_number_only_from_the_amount_set():
    from pos.domain.cart import MOBILE, Tender, settle
    from pos.domain.errors import ValidationError

    assert settle(300, [Tender(MOBILE, 300)], reference_from_fen=5000).amount(MOBILE) == 300
    with pytest.raises(ValidationError):
        settle(5000, [Tender(MOBILE, 5000)], reference_from_fen=5000)
    with pytest.raises(ValidationError):
        settle(300, [Tender(MOBILE, 300)])  # 0: always asked
