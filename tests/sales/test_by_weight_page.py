"""Produce by weight at the sales page: scanning a product sold per 斤 or kg weighs it (the fake
scale's steady weight, or a typed weight without a scale); the cart shows weight and unit price."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from pos.devices.fakes import FakeDevices
from pos.devices.scale import FakeScale
from pos.domain.scale_protocols import Weight
from pos.services.clock import ManualClock
from pos.services.sales import products
from pos.services.sales.products import ProductInput
from pos.ui.pages.sales.sales_page import SalesPage
from pos.ui.weighing import WeighDialog
from tests.ui_context import shown

from .ui_helpers import ModalDriver


@pytest.fixture
def page(qtbot, ctx, owner):
    ctx.devices = FakeDevices()
    ctx.session.set_operator(owner)
    products.add_product(ctx.db, owner, ProductInput("散装大米", 300, "6901234567892", unit="jin"))
    products.add_product(ctx.db, owner, ProductInput("土鸡蛋", 1600, "6901234567885", unit="kg"))
    return shown(qtbot, SalesPage(ctx, clock=ManualClock(dt.datetime(2026, 11, 22, 6, 3, tzinfo=dt.timezone.utc))))


def test_scanned_produce_takes_the_steady_weight(page, qtbot, ctx):
    scale = FakeScale()
    scale.start()
    ctx.devices.scale = scale
    drv = ModalDriver()

    def weigh(dlg):
        assert isinstance(dlg, WeighDialog) and not dlg.typed.isVisible()
        scale.put(Weight(2000, stable=False))
        qtbot.keyClick(dlg, Qt.Key.Key_Return)  # moving: refused, the dialog stays
        assert dlg.isVisible() and "稳定" in dlg.error.text()
        scale.put_steady(2345)
        assert "4.69斤" in dlg.amount.text() and "¥14.07" in dlg.amount.text()
        qtbot.keyClick(dlg, Qt.Key.Key_Return)

    drv.then(weigh)
    page.handle_scan("6901234567892")
    drv.done()
    line = page.cart.lines[0]
    assert (line.weight_grams, line.weight_unit, line.total_fen) == (2345, "jin", 1407)
    assert page.table.item(0, 1).text() == "3.00/斤" and page.table.item(0, 2).text() == "4.69斤"


def test_without_a_scale_the_weight_is_typed(page, qtbot, ctx):
    ctx.devices.scale = None  # the one fake comes with a scale of its own
    drv = ModalDriver()

    def weigh(dlg):
        assert dlg.typed.isVisible()
        qtbot.keyClicks(dlg.typed, "1.5")
        assert "¥24.00" in dlg.amount.text()
        qtbot.keyClick(dlg.typed, Qt.Key.Key_Return)

    drv.then(weigh)
    page.handle_scan("6901234567885")
    drv.done()
    assert page.cart.total_fen == 2400 and page.cart.lines[0].weight_unit == "kg"


def test_going_back_adds_nothing(page, qtbot):
    drv = ModalDriver()
    drv.then(lambda dlg: qtbot.keyClick(dlg, Qt.Key.Key_Escape))  # the typed field is hidden with a scale
    page.handle_scan("6901234567885")
    drv.done()
    assert page.cart.is_empty()
