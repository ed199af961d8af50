"""The pure cart arithmetic: totals, discounts (explicit rounding), tenders, change, refunds."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.cart import (
    Cart, CartLine, Discount, Tender, allocate, exceeds_limit, line_nets, parse_price, percent_half_up,
    refund_amount, refund_split, settle, validate_quantity,
)
from pos.domain.errors import ValidationError


def ln(price, qty=1, pid=None, discount=None, service=False, stock=None):
    return CartLine(pid, f"item{pid}", price, qty, "", service, stock, discount)


def test_percent_rounds_half_up_to_the_fen():
    assert percent_half_up(250, 10) == 25
    assert percent_half_up(5, 10) == 1  # 0.5 fen -> 1
    assert percent_half_up(4, 10) == 0  # 0.4 fen -> 0
    assert percent_half_up(15, 10) == 2  # 1.5 -> 2
    assert percent_half_up(999, 15) == 150  # 149.85 -> 150


def test_totals_with_line_and_total_discounts():
    c = Cart()
    c.add(ln(199, 3, pid=1, discount=Discount.percent(10)))  # 597 - 60 (59.7 -> 60)
    c.add(ln(1250, 1, pid=2, discount=Discount.amount(50)))  # 1200
    assert c.lines[0].discount_fen == 60
    assert c.subtotal_fen == 537 + 1200
    c.set_total_discount(Discount.percent(5))  # 86.85 -> 87
    assert c.total_discount_fen == 87
    assert c.total_fen == 1737 - 87
    assert c.item_count == 4


def test_same_product_adds_up_and_quantities_are_checked():
    c = Cart()
    assert c.add(ln(200, 1, pid=1)) == 0
    assert c.add(ln(200, 2, pid=1)) == 0
    assert c.lines[0].quantity == 3
    assert c.add(ln(250, 1, pid=1)) == 1  # another price: its own line
    c.change_quantity(0, -1)
    assert c.lines[0].quantity == 2
    with pytest.raises(ValidationError):
        c.change_quantity(0, -2)
    with pytest.raises(ValidationError):
        c.set_quantity(0, 10000)
    assert c.lines[0].quantity == 2
    with pytest.raises(ValidationError):
        validate_quantity(True)


def test_fixed_discount_cannot_exceed_and_is_dropped_when_the_cart_shrinks():
    c = Cart()
    c.add(ln(500, 1, pid=1))
    with pytest.raises(ValidationError):
        c.set_line_discount(0, Discount.amount(600))
    assert c.lines[0].discount is None
    c.add(ln(500, 1, pid=2))
    c.set_total_discount(Discount.amount(800))
    c.remove(1)
    assert c.total_discount is None and c.total_fen == 500
    with pytest.raises(ValidationError):
        c.set_quantity(0, 1) or c.set_line_discount(0, Discount.amount(501))
    with pytest.raises(ValidationError):
        Discount.percent(0)
    with pytest.raises(ValidationError):
        Discount.amount(0)


def test_discount_limit():
    assert not exceeds_limit(1000, 100, 10)
    assert exceeds_limit(1000, 101, 10)
    assert exceeds_limit(1000, 1, 0)


def test_stock_warning_flag():
    assert ln(100, 3, pid=1, stock=2).short_of_stock
    assert not ln(100, 3, pid=1, stock=3).short_of_stock
    assert not ln(100, 3, pid=1, stock=0, service=True).short_of_stock


def test_cash_change():
    s = settle(1730, [Tender("cash", 2000)])
    assert (s.change_fen, s.cash_tendered_fen, s.amount("cash")) == (270, 2000, 1730)


def test_mixed_tenders():
    s = settle(6000, [Tender("mobile", 3000, " 42 "), Tender("account", 2000), Tender("cash", 1500)], has_villager=True)
    assert s.change_fen == 500
    assert [(p.method, p.amount_fen, p.reference) for p in s.payments] == [
        ("cash", 1000, ""), ("mobile", 3000, "42"), ("account", 2000, "")]


def test_tender_errors():
    with pytest.raises(ValidationError) as e:
        settle(1000, [Tender("cash", 900)])
    assert e.value.params["short"] == "¥1.00"
    with pytest.raises(ValidationError) as e:
        settle(1000, [Tender("mobile", 1100, "x")])
    assert e.value.field == "mobile"
    with pytest.raises(ValidationError) as e:
        settle(1000, [Tender("mobile", 1000, " ")])
    assert e.value.field == "reference"
    with pytest.raises(ValidationError):
        settle(1000, [Tender("account", 1000)])
    with pytest.raises(ValidationError):
        settle(1000, [Tender("cash", -5), Tender("cash", 1005)])
    assert settle(0, []).payments == ()


@given(total=st.integers(0, 10**7), paid=st.lists(st.tuples(st.sampled_from(["cash", "mobile", "account"]),
                                                                st.integers(0, 10**7)), max_size=4))
def test_settlement_balances_or_refuses(total, paid):
    tenders = [Tender(m, a, "r") for m, a in paid]
    try:
        s = settle(total, tenders, has_villager=True)
    except ValidationError:
        return
    assert sum(p.amount_fen for p in s.payments) == total
    assert s.change_fen >= 0 and s.change_fen <= s.cash_tendered_fen


def test_allocate_largest_remainder():
    assert allocate(100, [600, 450]) == [57, 43]
    assert allocate(1, [1, 1]) == [1, 0]  # a tie goes to the earlier line
    assert allocate(0, [5, 5]) == [0, 0]
    assert line_nets([600, 450], 100) == [543, 407]


@given(amount=st.integers(0, 10**6), weights=st.lists(st.integers(0, 10**6), min_size=1, max_size=8))
def test_allocation_adds_up(amount, weights):
    parts = allocate(amount, weights)
    if sum(weights):
        assert sum(parts) == amount and all(p >= 0 for p in parts)


@given(net=st.integers(0, 10**6), qty=st.integers(1, 50), data=st.data())
def test_refunds_of_a_line_add_up_to_its_net(net, qty, data):
    done, total = 0, 0
    while done < qty:
        k = data.draw(st.integers(1, qty - done))
        total += refund_amount(net, qty, done, k)
        done += k
    assert total == net


def test_refund_quantity_checked():
    with pytest.raises(ValidationError):
        refund_amount(500, 2, 1, 2)
    with pytest.raises(ValidationError):
        refund_amount(500, 2, 0, 0)


def test_refund_split_order_account_mobile_cash():
    avail = [(("cash", ""), "cash", 1000), (("mobile", "R1"), "mobile", 500), (("account", ""), "account", 300)]
    assert refund_split(1200, avail) == [(("account", ""), "account", 300), (("mobile", "R1"), "mobile", 500),
                                         (("cash", ""), "cash", 400)]
    assert refund_split(100, []) == [(None, "cash", 100)]


def test_parse_price():
    assert parse_price("12.5", 100000) == 1250
    for bad in ("0", "-1", "abc", "1e3", "12.345", "2000.01"):
        with pytest.raises(ValidationError):
            parse_price(bad, 200000)


@given(st.text(max_size=12))
def test_parse_price_never_crashes(text):
    try:
        fen = parse_price(text, 500000)
    except ValidationError:
        return
    assert 0 < fen <= 500000
