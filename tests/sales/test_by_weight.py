"""Produce sold by weight: price per 斤 or kg × the weight, half a fen up; the sale line and the
receipt keep weight, unit and unit price; no piece count is taken from stock."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from pos.db.models import Product, SaleLine
from pos.domain.by_weight import (
    measure_text,
    parse_typed_weight,
    quantity_text,
    weighed_amount_fen,
    weighed_cart_line,
)
from pos.domain.cart import Cart, CartLine, Tender
from pos.domain.errors import ValidationError
from pos.services.sales import checkout, products
from pos.services.sales.products import ProductInput
from pos.services.sales.receipts import receipt_document


def test_amount_half_a_fen_up():
    assert weighed_amount_fen(600, 1234, "jin") == 1481  # 6.00/斤 × 2.468 斤 = 14.808
    assert weighed_amount_fen(1000, 1235, "kg") == 1235
    assert weighed_amount_fen(333, 1500, "kg") == 500  # 499.5 fen → 500
    assert weighed_amount_fen(333, 1499, "kg") == 499  # 499.167


@given(price=st.integers(1, 100_000), grams=st.integers(1, 100_000), unit=st.sampled_from(["jin", "kg"]))
def test_amount_is_within_half_a_fen(price, grams, unit):
    per = 500 if unit == "jin" else 1000
    amount = weighed_amount_fen(price, grams, unit)
    assert -per < 2 * (amount * per - price * grams) <= per  # half a fen, and the half goes up


def test_texts():
    assert quantity_text(1234, "kg") == "1.234kg"
    assert quantity_text(1234, "jin") == "2.47斤"
    assert measure_text(1234, "jin", 600) == "2.47斤 x 6.00/斤"


@pytest.mark.parametrize(("text", "unit", "grams"), [("1.25", "kg", 1250), ("2.5", "jin", 1250), ("3", "jin", 1500),
                                                     ("0.001", "kg", 1), (".5", "kg", 500)])
def test_typed_weights(text, unit, grams):
    assert parse_typed_weight(text, unit) == grams


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "0", "-1", "1.2345", "101"])
def test_bad_typed_weights(text):
    with pytest.raises(ValidationError):
        parse_typed_weight(text, "kg")


def test_weighed_lines_never_merge_and_keep_quantity_one():
    cart = Cart()
    cart.add(weighed_cart_line("p", "土豆", "蔬菜", 300, "jin", 1000))
    cart.add(weighed_cart_line("p", "土豆", "蔬菜", 300, "jin", 1000))
    assert len(cart.lines) == 2 and cart.total_fen == 1200
    with pytest.raises(ValidationError, match="weigh it again"):
        cart.set_quantity(0, 2)


def test_product_unit_stored_and_kept_by_csv_style_updates(database, boss):
    p = products.add_product(database, boss, ProductInput("散装大米", 300, unit="jin"))
    assert p.unit == "jin" and p.weighed and not p.is_low
    p2 = products.update_product(database, boss, p.id, ProductInput("散装大米", 320))  # says nothing of unit
    assert p2.unit == "jin" and p2.price_fen == 320
    with pytest.raises(ValidationError):
        products.add_product(database, boss, ProductInput("鸡蛋", 100, unit="dozen"))
    assert products.get_product(database, p.id).unit == "jin"
    assert p.id not in {x.id for x in products.low_stock(database)}


def test_weighed_sale_stores_weight_and_prints_it(database, boss, clock):
    rice = products.add_product(database, boss, ProductInput("散装大米", 300, unit="jin"))
    water = products.add_product(database, boss, ProductInput("矿泉水", 200, stock=5))
    cart = Cart()
    cart.add(weighed_cart_line(rice.id, rice.name, rice.category, rice.price_fen, rice.unit, 2345))
    cart.add(CartLine(water.id, water.name, water.price_fen, 1, stock=5))
    assert cart.lines[0].unit_price_fen == 1407  # 3.00 × 4.69 斤
    r = checkout.complete_sale(database, boss, clock, cart, [Tender("cash", 2000)])
    with database.reader() as s:
        line = s.scalars(select(SaleLine).where(SaleLine.product_id == rice.id)).one()
        assert (line.weight_grams, line.weight_unit, line.price_per_unit_fen, line.quantity, line.total_fen) == \
            (2345, "jin", 300, 1, 1407)
        assert s.get(Product, rice.id).stock == 0  # no pieces taken
        assert s.get(Product, water.id).stock == 4
    text = "\n".join(str(b) for b in receipt_document(database, r.number).blocks)
    assert "4.69斤 x 3.00/斤" in text and "散装大米" in text


@pytest.mark.parametrize("columns", [32, 48])
def test_receipt_lines_show_weight_unit_and_unit_price_on_both_papers(columns):
    import datetime as dt

    from pos.domain.receipt import text_lines
    from pos.domain.receipts import ReceiptData, ReceiptLine, ReceiptOptions, StationHeader, build_receipt

    data = ReceiptData(StationHeader("清水村服务站"), "R20261122-0001",
                       dt.datetime(2026, 11, 22, 6, 3, tzinfo=dt.timezone.utc), "王小明",
                       lines=(ReceiptLine("散装大米", 1, 1407, 1407, measure=measure_text(2345, "jin", 300)),),
                       total_fen=1407)
    doc = build_receipt(data, ReceiptOptions(columns=columns))
    lines = [line for b in doc.blocks for line in text_lines(b, columns)]
    assert any("4.69斤 x 3.00/斤" in line for line in lines)
    assert any("散装大米" in line and "14.07" in line for line in lines) or \
        any("4.69斤 x 3.00/斤" in line and "14.07" in line for line in lines)


def test_price_text():
    from pos.domain.by_weight import price_text

    assert price_text(300, "jin") == "3.00/斤" and price_text(1600, "kg") == "16.00/kg" and price_text(200, "piece") == "2.00"
