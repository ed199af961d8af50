"""The ¥6.50 sale: a scan while the payment dialog showed ¥2.00 went to the cart behind it."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select

from pos.db.models import Sale
from pos.ui.pages.sales.sales_page import SalesPage
from pos.ui.pages.sales.tender_dialog import TenderDialog
from pos.ui.scan_router import REFUSAL_LINE, ScanRouter

from pos.devices.fakes import FakeDevices
from pos.services.clock import ManualClock

from .conftest import add_goods
from .ui_helpers import ModalDriver


def test_a_scan_while_paying_is_refused_in_the_dialog_and_the_sale_is_what_it_showed(qtbot, ctx, owner, monkeypatch):
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    ctx.devices = FakeDevices()
    ctx.session.set_operator(owner)
    add_goods(ctx.db, owner)
    page = SalesPage(ctx, clock=ManualClock(dt.datetime(2026, 11, 22, 6, 3, tzinfo=dt.timezone.utc)))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.activated()
    router = ScanRouter(lambda: page)  # as the main window routes the scanner's reads
    router.route("6921168509256")  # ¥2.00
    assert page.cart.total_fen == 200
    drv = ModalDriver()

    def tender(dlg):
        assert isinstance(dlg, TenderDialog) and dlg.cash.text() == "2.00"
        assert router.route("6920152400777") is False  # ¥4.50, scanned while the dialog is up
        assert page.cart.total_fen == 200
        line = dlg.findChild(QLabel, REFUSAL_LINE)
        assert line is not None and "6920152400777" in line.text()
        qtbot.keyClick(dlg.cash, Qt.Key.Key_Return)

    drv.then(tender)
    page.pay()
    drv.done()
    assert beeps == [1]
    with ctx.db.reader() as s:
        assert [x.total_fen for x in s.scalars(select(Sale))] == [200]
