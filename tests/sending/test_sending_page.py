"""The sending page (F10) by keyboard alone: a parcel weighed on the (fake) scale, priced from the
tariff, paid into the shift and its receipt printed; the courier's waybill scanned onto it; the
courier's collection printed; the outgoing list with states."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos.domain.receipt import text_lines
from pos.services.sending import parcels as sp
from pos.services.shifts import drawer
from pos.ui.pages.sending import SendingPage
from tests.sales.ui_helpers import ModalDriver

from .conftest import TARIFF

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def doc_text(doc):
    return "\n".join(line for b in doc.blocks for line in text_lines(b, 32))


@pytest.fixture
def page_factory(qtbot, ui_ctx, boss, clock, tmp_path):
    (tmp_path / "tariffs").mkdir()
    (tmp_path / "tariffs" / "ZTO.toml").write_text(TARIFF.format(code="ZTO"), encoding="utf-8")
    ui_ctx.session.set_operator(boss)

    def make(**kw):
        p = SendingPage(ui_ctx, clock=clock, **kw)
        qtbot.addWidget(p)
        p.show()
        qtbot.waitExposed(p)
        p.activateWindow()
        qtbot.waitUntil(p.isActiveWindow, timeout=2000)  # shortcuts fire only in the active window
        p.activated()
        return p
    return make


def ime(edit, text):
    """Chinese comes from an input method, not key by key (QTest types ASCII only)."""
    edit.setFocus()
    edit.insert(text)


def fill(qtbot, page, weigh=True):
    f = page.form
    qtbot.keyClicks(f.sender_find, "zs")
    assert f.matches.isVisible() and f.matches.count() == 1
    qtbot.keyClick(f.sender_find, Qt.Key.Key_Return)
    assert (f.sender_name.text(), f.sender_phone.text()) == ("张三", "13812345678")
    qtbot.waitUntil(lambda: page.focusWidget() is f.recipient_name, timeout=1000)
    ime(f.recipient_name, "李四")
    qtbot.keyClicks(f.recipient_phone, "13900001111")
    ime(f.province.lineEdit(), "广东省")
    ime(f.city, "广州市")
    ime(f.address, "天河区体育西路1号")
    ime(f.contents, "土鸡蛋")
    f.carrier.setCurrentIndex(f.carrier.findData("ZTO"))  # the shipped examples are listed too
    if weigh:
        qtbot.keyClick(f.contents, Qt.Key.Key_W, ALT)
    else:
        qtbot.keyClicks(f.weight, "2.3")


def test_send_weighed_on_the_scale_paid_in_cash(page_factory, qtbot, ui_ctx, boss, clock, shift, villager,
                                                fake_scale):
    page = page_factory()
    assert "ZTO" in [page.form.carrier.itemData(i) for i in range(page.form.carrier.count())]
    fake_scale.put_steady(2300)
    assert "2.300 kg" in page.form.live.text()
    fill(qtbot, page)
    assert page.form.weight.text() == "2.300", page.status.text()
    assert "¥19.00" in page.form.total.text() and "首重" in page.form.quote_label.text()
    drv = ModalDriver()

    def tender(dlg):
        assert not dlg.account.isEnabled()
        dlg.cash.selectAll()
        qtbot.keyClicks(dlg.cash, "20")
        qtbot.keyClick(dlg.cash, Qt.Key.Key_Return)

    drv.then(tender)
    qtbot.keyClick(page.form.address, Qt.Key.Key_Return, CTRL)
    drv.done()
    assert "J20261202-0001" in page.big.text() and "¥1.00" in page.big.text()
    kind, ref, doc = ui_ctx.devices.printed[-1]
    assert (kind, ref) == ("receipt", "J20261202-0001")
    text = doc_text(doc)
    assert "寄件小票" in text and "计费重量" in text and "2.500 kg" in text
    sent = sp.get_sent(ui_ctx.db, "J20261202-0001")
    assert sent.sender_name == "张三" and sent.status == "accepted"
    qtbot.waitUntil(lambda: page.focusWidget() is page.form.sender_find, timeout=2000)
    assert page.form.weight.text() == ""
    # the courier's label goes on: its waybill is scanned straight after
    page.handle_scan("ZT750012345678")
    assert sp.get_sent(ui_ctx.db, "J20261202-0001").waybill == "ZT750012345678"
    assert "ZT750012345678" in page.status.text() and not page.status.refused


def test_unsteady_scale_is_refused_and_typed_weight_counts(page_factory, qtbot, shift, villager, fake_scale):
    from pos.domain.scale_protocols import Weight

    page = page_factory()
    fake_scale.put(Weight(1200, stable=False))
    qtbot.keyClick(page.form.sender_find, Qt.Key.Key_W, ALT)
    assert page.status.refused and "稳定" in page.status.text()
    fill(qtbot, page, weigh=False)
    assert page.form.weight_grams() == (2300, "typed")


def test_no_shift_no_money(page_factory, qtbot, ui_ctx, villager):
    asked = []
    page = page_factory(money_gate=lambda parent: asked.append(parent) or False)
    fill(qtbot, page, weigh=False)
    qtbot.keyClick(page.form.address, Qt.Key.Key_Return, CTRL)
    assert asked == [page]
    assert sp.search_sent(ui_ctx.db) == []


def test_missing_fields_say_what_is_missing(page_factory, qtbot, shift):
    page = page_factory()
    qtbot.keyClicks(page.form.weight, "1")
    qtbot.keyClick(page.form.weight, Qt.Key.Key_Return, CTRL)
    assert page.status.refused and "寄件人" in page.status.text()


def test_waybill_scan_needs_a_parcel_first(page_factory, qtbot):
    page = page_factory()
    page.handle_scan("ZT750012345678")
    assert page.status.refused and "J" in page.status.text()


def test_collection_search_and_return(page_factory, qtbot, ui_ctx, boss, clock, shift, tariffs):
    from pos.domain.cart import Tender
    from tests.sending.conftest import parcel_input

    a = sp.send_parcel(ui_ctx.db, boss, clock, tariffs, parcel_input(), [Tender("cash", 5000)]).parcel
    b = sp.send_parcel(ui_ctx.db, boss, clock, tariffs, parcel_input(), [Tender("cash", 5000)]).parcel
    page = page_factory()
    page.handle_scan(a.number.replace("-", ""))  # the J number picks the parcel, the waybill follows
    page.handle_scan("ZT750012345678")
    assert sp.get_sent(ui_ctx.db, a.number).status == "labelled"
    page.collection.carrier.setCurrentIndex(page.collection.carrier.findData("ZTO"))
    qtbot.keyClick(page.form.sender_find, Qt.Key.Key_O, ALT)
    assert page.tabs.currentIndex() == 1 and page.collection.handover.number == "L20261202-0001"
    page.handle_scan("ZT750012345678")
    assert page.collection.on_list.rowCount() == 1 and page.collection.waiting.rowCount() == 1
    page.handle_scan(b.number)
    assert page.status.refused and "运单号" in page.status.text()
    qtbot.keyClick(page.collection.carrier, Qt.Key.Key_S, ALT)
    kind, ref, doc = ui_ctx.devices.printed[-1]
    assert (kind, ref) == ("handover", "L20261202-0001")
    assert "揽收交接单" in doc_text(doc) and "快递员签字" in doc_text(doc)
    assert page.collection.handover is None
    # the outgoing list with states, and a parcel that came back
    qtbot.keyClick(page.collection.carrier, Qt.Key.Key_3, ALT)
    assert page.search.table.rowCount() == 2
    qtbot.keyClicks(page.search.text, b.number)
    qtbot.keyClick(page.search.text, Qt.Key.Key_Return)
    assert page.search.table.rowCount() == 1
    drv = ModalDriver()

    def reason(dlg):
        from PySide6.QtWidgets import QLineEdit

        edit = dlg.findChild(QLineEdit)
        ime(edit, "收件人拒收")
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    drv.then(reason)
    qtbot.keyClick(page.search.text, Qt.Key.Key_X, ALT)
    drv.done()
    assert sp.get_sent(ui_ctx.db, b.number).status == "returned"
    page.search.state.setCurrentIndex(page.search.state.findData("returned"))
    assert page.search.table.rowCount() == 1 and page.search.table.item(0, 1).text() == "拒收/退回"
    page.activateWindow()  # the offscreen platform does not give it back after the question
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    qtbot.keyClick(page.search.text, Qt.Key.Key_P, ALT)
    assert ui_ctx.devices.printed[-1].reference == b.number
    assert drawer.x_report(ui_ctx.db, clock).totals.by_purpose["parcel_send"]["cash"] == 2 * 1900


def test_a_broken_tariff_file_is_named_on_the_page(page_factory, tmp_path):
    (tmp_path / "tariffs" / "SF.toml").write_text("version = 1\ncarrier = \"SF\"\n", encoding="utf-8")
    page = page_factory()
    assert page.status.refused and "SF.toml" in page.status.text()
