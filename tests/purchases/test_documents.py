"""Order, balance and refund receipts: what they say, in Chinese, at 32 and 48 columns."""

from dataclasses import replace

import pytest

from pos.devices.escpos_render import render_escpos
from pos.devices.render_common import RenderOptions
from pos.domain.errors import ValidationError
from pos.domain.purchases import PaymentPlan, RefundRequest, Tender
from pos.domain.receipt import QR, text_lines
from pos.domain.station import StationDetails
from pos.services.purchases import receipts
from pos.services.purchases import refunds as purchase_refunds
from pos.services.purchases import orders as purchases
from pos.services.station import setup as station
from tests.purchases.helpers import TOTAL, order_input


def lines(doc, cols=32):
    return [line for b in doc.blocks for line in text_lines(b, cols)]


@pytest.fixture
def placed(database, boss, helper, clock, villager_id):
    station.set_up_station(database, StationDetails("清水村服务站", "清水村村委会旁", "0578-8123456"), "王小明", "1234")
    return purchases.place_order(database, helper, clock, order_input(PaymentPlan("deposit", deposit_fen=10000), villager_id))


def test_order_receipt_has_items_money_qr_expected_and_phone(database, placed, zh):
    doc = receipts.order_document(database, placed.id, zh)
    text = "\n".join(lines(doc))
    for wanted in ("清水村服务站", "0578-8123456", placed.number, "美的电饭煲 4L", "手机壳 OPPO A58", "259.00", "30.00",
                   "服务费", "5.00", "￥294.00", "￥100.00", "￥194.00", "2026-11-25", "3581204467712", "张桂英"):
        assert wanted in text, wanted
    assert "代购" in text and "预计到货" in text and "取货时应付" in text and "已付" in text
    assert text.index("服务费") < text.index("￥294.00")  # with the goods, above the total and what was paid
    assert [b.data for b in doc.blocks if isinstance(b, QR)] == [placed.number]
    for cols in (32, 48):
        from pos.domain.textwidth import width

        assert all(width(line) <= cols for line in lines(doc, cols))


def test_english_receipt_without_translation(database, placed):
    text = "\n".join(lines(receipts.order_document(database, placed.id)))
    assert "Due on collection" in text and "Expected arrival" in text


def test_reprint_is_marked(database, placed, zh):
    text = "\n".join(lines(receipts.order_document(database, placed.id, zh, reprint=True)))
    assert "重印" in text


def test_balance_receipt(database, helper, clock, placed, zh):
    assert receipts.balance_document(database, placed.id, zh) is None
    purchases.pay_balance(database, helper, clock, placed.id, [Tender("mobile", TOTAL - 10000, "4521")])
    text = "\n".join(lines(receipts.balance_document(database, placed.id, zh)))
    assert placed.number in text and "￥194.00" in text and "4521" in text and "尾款收据" in text


def test_refund_receipt(database, boss, clock, placed, zh):
    cases = placed.items[1]
    r = purchase_refunds.refund_items(database, boss, boss, clock, placed.id, [RefundRequest(cases.id, 2, 3000)], 500,
                                      "少发货")
    text = "\n".join(lines(receipts.refund_document(database, r.number, zh)))
    for wanted in (r.number, placed.number, "手机壳 OPPO A58", "￥30.00", "￥5.00", "少发货", "王小明", "退款"):
        assert wanted in text, wanted
    assert "冲减应付" in text  # it all came off what was still due


def test_cash_order_receipt_prints_cash_received_and_change(database, boss, helper, clock, villager_id, zh):
    station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")
    data = replace(order_input(PaymentPlan("cash"), villager_id), cash_received_fen=TOTAL + 600)
    order = purchases.place_order(database, helper, clock, data)

    for doc in (receipts.order_document(database, order.id, zh), receipts.order_document(database, order.id, zh,
                                                                                         reprint=True)):
        text = "\n".join(lines(doc))
        assert "实收现金" in text and "￥300.00" in text, text
        assert "找零" in text and "￥6.00" in text, text
        assert text.index("￥294.00") < text.index("实收现金") < text.index("找零")
        data_58 = render_escpos(doc, RenderOptions(paper_mm=58))
        assert "实收现金".encode("gb18030") in data_58 and "找零".encode("gb18030") in data_58
        assert b"300.00" in data_58 and b"6.00" in data_58


def test_cash_order_with_the_exact_sum_or_without_it_prints_the_cash_only(database, boss, helper, clock, villager_id,
                                                                          zh):
    exact = purchases.place_order(database, helper, clock,
                                  replace(order_input(PaymentPlan("cash"), villager_id), cash_received_fen=TOTAL))
    unknown = purchases.place_order(database, helper, clock, order_input(PaymentPlan("cash"), villager_id,
                                                                         platform="3581204467713"))
    for order in (exact, unknown):
        text = "\n".join(lines(receipts.order_document(database, order.id, zh)))
        assert "找零" not in text and "实收现金" not in text and "￥294.00" in text


def test_less_cash_than_the_order_is_refused(database, boss, helper, clock, villager_id):
    with pytest.raises(ValidationError) as info:
        purchases.place_order(database, helper, clock,
                              replace(order_input(PaymentPlan("cash"), villager_id), cash_received_fen=TOTAL - 100))
    assert info.value.field == "cash" and "1.00" in str(info.value)
