"""The pure rules of assisted purchases: totals, payment plans, moves, refunds, lateness."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain import purchases as rules
from pos.domain.errors import DomainError, ValidationError
from pos.domain.purchases import ItemInput, PaymentPlan, RefundRequest, Tender

LIMIT = 2_000_000


def test_totals_are_exact_integer_fen():
    items = [ItemInput("电饭煲", 1, 25900), ItemInput("手机壳", 3, 1333)]
    t = rules.totals(items, 500)
    assert (t.items_fen, t.fee_fen, t.total_fen) == (25900 + 3999, 500, 30399)


@pytest.mark.parametrize("text, fen", [("12", 1200), ("12.5", 1250), ("¥0.01", 1), ("8元", 800)])
def test_prices_parse_to_fen(text, fen):
    assert rules.parse_price(text, LIMIT) == fen


@pytest.mark.parametrize("text", ["0", "0.00", "-5", "abc", "", "12.345", "1e3", "20000.01", "NaN"])
def test_bad_prices_are_refused_not_rounded(text):
    with pytest.raises(ValidationError) as e:
        rules.parse_price(text, LIMIT, row=2)
    assert e.value.field == "unit_price"
    assert e.value.params["row"] == 2


@given(st.text(max_size=12))
def test_any_text_is_a_valid_price_or_a_validation_error(text):
    try:
        fen = rules.parse_price(text, LIMIT)
    except ValidationError:
        return
    assert isinstance(fen, int) and 0 < fen <= LIMIT


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_price_limits(fen):
    if 0 < fen <= LIMIT:
        assert rules.check_price(fen, LIMIT) == fen
    else:
        with pytest.raises(ValidationError):
            rules.check_price(fen, LIMIT)


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "abc", "1000", ""])
def test_bad_quantities(text):
    with pytest.raises(ValidationError):
        rules.parse_quantity(text)


def test_check_item_cleans_and_refuses():
    item = rules.check_item(ItemInput("  儿童  羽绒服 ", 1, 18900, " 巴拉巴拉 "), LIMIT)
    assert item.description == "儿童 羽绒服" and item.shop == "巴拉巴拉"
    with pytest.raises(ValidationError):
        rules.check_item(ItemInput("   ", 1, 100), LIMIT)
    with pytest.raises(ValidationError):
        rules.check_item(ItemInput("化肥", 0, 100), LIMIT)


def test_fee_limits():
    assert rules.check_fee(0) == 0
    with pytest.raises(ValidationError):
        rules.check_fee(-1)
    with pytest.raises(ValidationError):
        rules.check_fee(rules.MAX_FEE_FEN + 1)


def test_platform_numbers_split_and_dedupe():
    assert rules.platform_numbers("123, 456，123\n789；") == ("123", "456", "789")
    assert rules.platform_numbers("") == ()


def test_payment_plans():
    assert rules.plan_tenders(PaymentPlan("cash"), 1000, False) == [Tender("cash", 1000)]
    assert rules.plan_tenders(PaymentPlan("mobile", "4521"), 1000, False) == [Tender("mobile", 1000, "4521")]
    assert rules.plan_tenders(PaymentPlan("account"), 1000, True) == [Tender("account", 1000)]
    assert rules.plan_tenders(PaymentPlan("deposit", deposit_fen=300), 1000, False) == [Tender("cash", 300)]
    assert rules.plan_tenders(PaymentPlan("deposit", "88", 300, "mobile"), 1000, False) == [Tender("mobile", 300, "88")]
    assert rules.plan_tenders(PaymentPlan("deposit", deposit_fen=0), 1000, False) == []


@pytest.mark.parametrize("plan, villager", [
    (PaymentPlan("mobile"), True),  # no reference
    (PaymentPlan("account"), False),  # nobody to owe it
    (PaymentPlan("deposit", deposit_fen=1000), True),  # deposit = total
    (PaymentPlan("deposit", deposit_fen=-1), True),
    (PaymentPlan("deposit", deposit_fen=100, deposit_method="account"), True),
    (PaymentPlan("deposit", deposit_fen=100, deposit_method="mobile"), True),  # no reference
    (PaymentPlan("barter"), True),
])
def test_bad_plans(plan, villager):
    with pytest.raises(ValidationError):
        rules.plan_tenders(plan, 1000, villager)


def test_tenders_must_settle_exactly():
    assert rules.check_tenders([Tender("cash", 600), Tender("account", 400)], 1000, True)
    for bad in ([Tender("cash", 900)], [Tender("cash", 1100)], [Tender("cash", 0), Tender("cash", 1000)],
                [Tender("mobile", 1000)], [Tender("cheque", 1000)]):
        with pytest.raises(ValidationError):
            rules.check_tenders(bad, 1000, True)
    with pytest.raises(ValidationError):
        rules.check_tenders([Tender("account", 1000)], 1000, False)


def test_moves():
    assert rules.can_move("placed", "shipped") and rules.can_move("shipped", "arrived")
    assert rules.can_move("arrived", "collected") and rules.can_move("collected", "refunded")
    assert not rules.can_move("placed", "collected")
    assert not rules.can_move("cancelled", "placed")
    assert not rules.can_move("refunded", "refunded")
    with pytest.raises(DomainError):
        rules.check_move("collected", "cancelled")


@given(amount=st.integers(0, 10_000), due=st.integers(0, 10_000), account=st.integers(0, 10_000),
       paid=st.integers(0, 10_000))
def test_refund_allocation_never_pays_back_what_is_owed(amount, due, account, paid):
    if amount > due + account + paid:
        with pytest.raises(DomainError):
            rules.allocate_refund(amount, due, account, paid)
        return
    a = rules.allocate_refund(amount, due, account, paid)
    assert a.due_fen + a.account_fen + a.money_fen == amount
    assert 0 <= a.due_fen <= due and 0 <= a.account_fen <= account and 0 <= a.money_fen <= paid
    if a.money_fen:
        assert a.due_fen == due and a.account_fen == account
    if a.account_fen:
        assert a.due_fen == due


def test_refund_line_limits():
    ok = RefundRequest("i", 1, 1500)
    rules.check_refund_line(ok, "手机壳", 2, 1500, 0, 0)
    with pytest.raises(ValidationError):
        rules.check_refund_line(RefundRequest("i", 1, 1501), "手机壳", 1, 1500, 0, 0)
    with pytest.raises(ValidationError):
        rules.check_refund_line(RefundRequest("i", 1, 1000), "手机壳", 2, 1500, 2500, 1)
    with pytest.raises(ValidationError):
        rules.check_refund_line(RefundRequest("i", 2, 100), "手机壳", 2, 1500, 0, 1)
    with pytest.raises(ValidationError):
        rules.check_refund_line(RefundRequest("i", 0, 0), "手机壳", 2, 1500, 0, 0)


def test_late_after_full_days_in_transit_only():
    placed = dt.datetime(2026, 11, 1, 10, tzinfo=dt.timezone.utc)
    seven = placed + dt.timedelta(days=7)
    assert rules.is_late("shipped", placed, seven, 7)
    assert not rules.is_late("shipped", placed, seven - dt.timedelta(seconds=1), 7)
    assert rules.is_late("placed", placed, seven, 7)
    assert not rules.is_late("arrived", placed, seven, 7)
    assert rules.expected_date(dt.date(2026, 11, 30), 3) == dt.date(2026, 12, 3)
