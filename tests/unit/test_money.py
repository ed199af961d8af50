"""Money: integer fen, exact arithmetic, ¥ formatting, and a parser for what partners type."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pos.domain.errors import ValidationError
from pos.domain.money import Money

MAX_FEN = 999_999_999_99  # the parser takes up to 9 digits of yuan and 2 of fen
fen_in_range = st.integers(min_value=-MAX_FEN, max_value=MAX_FEN)


# --- construction ----------------------------------------------------------------------------


def test_construction():
    assert Money(1230).fen == 1230
    assert Money().fen == 0
    assert Money.zero() == Money(0)
    assert Money.from_yuan(12) == Money(1200)
    assert Money.from_yuan(-3) == Money(-300)


@pytest.mark.parametrize("bad", [1.5, 12.0, 0.0, True, False, "12", None, 1j])
def test_money_refuses_anything_but_int_fen(bad):
    with pytest.raises(TypeError):
        Money(bad)


@pytest.mark.parametrize("bad", [1.5, 12.0, True, "12", None])
def test_from_yuan_refuses_anything_but_int(bad):
    with pytest.raises(TypeError):
        Money.from_yuan(bad)


def test_money_is_immutable_and_hashable():
    m = Money(5)
    with pytest.raises(AttributeError):
        m.fen = 6  # type: ignore[misc]
    assert {Money(5), Money(5), Money(6)} == {Money(5), Money(6)}


# --- arithmetic ------------------------------------------------------------------------------


def test_arithmetic():
    assert Money(1230) + Money(70) == Money(1300)
    assert Money(100) - Money(105) == Money(-5)
    assert -Money(5) == Money(-5)
    assert Money(250) * 3 == Money(750)
    assert 3 * Money(250) == Money(750)
    assert Money(250) * 0 == Money(0)
    assert Money(250) * -2 == Money(-500)
    assert sum([Money(1), Money(2), Money(3)]) == Money(6)
    assert sum([], Money.zero()) == Money(0)


def test_comparison_and_truth():
    assert Money(1) < Money(2) <= Money(2) < Money(10)
    assert max(Money(3), Money(-7), Money(5)) == Money(5)
    assert sorted([Money(3), Money(-7), Money(0)]) == [Money(-7), Money(0), Money(3)]
    assert not Money(0)
    assert Money(-1) and Money(1)
    assert Money(-1).is_negative() and not Money(0).is_negative() and not Money(1).is_negative()
    assert Money(100) != 100  # money is not a number


@pytest.mark.parametrize("other", [1, 1.5, 0.0, True, "1", None])
def test_money_does_not_add_or_subtract_plain_values(other):
    with pytest.raises(TypeError):
        Money(100) + other
    with pytest.raises(TypeError):
        Money(100) - other
    with pytest.raises(TypeError):
        other - Money(100)


@pytest.mark.parametrize("start", [1, 0.0, False, 1.5])
def test_sum_starts_only_from_int_zero_or_money(start):
    with pytest.raises(TypeError):
        sum([Money(1), Money(2)], start)


@pytest.mark.parametrize("factor", [1.5, 2.0, True, False, Money(2), "2", None])
def test_money_multiplies_only_by_int_quantities(factor):
    with pytest.raises(TypeError):
        Money(100) * factor
    with pytest.raises(TypeError):
        factor * Money(100)


def test_money_does_not_compare_with_numbers():
    with pytest.raises(TypeError):
        Money(1) < 2  # noqa: B015


@given(fen_in_range, fen_in_range, st.integers(min_value=-1000, max_value=1000))
def test_arithmetic_is_exact_integer_arithmetic(a, b, q):
    assert (Money(a) + Money(b)).fen == a + b
    assert (Money(a) - Money(b)).fen == a - b
    assert (Money(a) * q).fen == a * q
    assert Money(a) + Money(b) - Money(b) == Money(a)
    assert -Money(-a) == Money(a)


# --- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "formatted", "yuan"),
    [
        (1230, "¥12.30", "12.30"),
        (-5, "-¥0.05", "-0.05"),
        (0, "¥0.00", "0.00"),
        (1, "¥0.01", "0.01"),
        (-100, "-¥1.00", "-1.00"),
        (1_000_000_00, "¥1000000.00", "1000000.00"),  # no thousands separators
        (-1_234_567_89, "-¥1234567.89", "-1234567.89"),
    ],
)
def test_format(fen, formatted, yuan):
    assert Money(fen).format() == formatted
    assert str(Money(fen)) == formatted
    assert Money(fen).yuan_text() == yuan


def test_format_with_other_symbol():
    assert Money(1230).format(symbol="￥") == "￥12.30"
    assert Money(-5).format(symbol="") == "-0.05"


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("12", 1200),
        ("12.3", 1230),
        ("12.30", 1230),
        ("12.05", 1205),
        ("0.5", 50),
        ("0.05", 5),
        ("0", 0),
        ("007", 700),
        ("¥12.30", 1230),
        ("￥12.30", 1230),  # full-width yen sign, as Chinese input methods type it
        ("¥ 12.30", 1230),
        ("8元", 800),
        ("8.5 元", 850),
        ("-5", -500),
        ("-¥0.05", -5),
        ("- ¥0.05", -5),
        ("+3", 300),
        ("  12.5  ", 1250),
        ("\t12\n", 1200),
        ("\u300012\u3000", 1200),  # ideographic space
        ("-0", 0),
        ("999999999.99", MAX_FEN),
        ("-999999999.99", -MAX_FEN),
    ],
)
def test_parse_accepts_what_partners_type(typed, fen):
    assert Money.parse(typed) == Money(fen)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        " ",
        "abc",
        "12.345",  # fractions of a fen
        "12.",
        ".5",
        "1,000",
        "1 000",
        "12.3.4",
        "--5",
        "+-5",
        "¥",
        "元",
        "¥¥5",
        "5¥",
        "1e3",
        "0x10",
        "nan",
        "inf",
        "12 元 元",
        "十二",
        "1000000000",  # a billion yuan: more than 9 digits is a typo, not a sale
        "12.30\x00",
    ],
)
def test_parse_rejects_bad_input(typed):
    with pytest.raises(ValidationError) as info:
        Money.parse(typed)
    assert info.value.field == "amount"


def test_parse_error_names_the_field_and_the_text():
    with pytest.raises(ValidationError) as info:
        Money.parse("  abc  ")
    assert info.value.field == "amount"
    assert info.value.params["text"] == "abc"
    assert "abc" in str(info.value)


def test_parse_of_nothing_is_a_validation_error():
    with pytest.raises(ValidationError):
        Money.parse(None)  # type: ignore[arg-type]  # an empty Qt field may give None


@pytest.mark.parametrize("bad", [12, 0, 1.5, 0.0, True, False, b"12"])
def test_parse_refuses_non_text(bad):
    """A number handed to parse() is a programming error, not something a partner typed."""
    with pytest.raises(TypeError):
        Money.parse(bad)  # type: ignore[arg-type]


@given(st.text())
@example("")
@example("¥")
@example("-")
@example("１２")  # full-width digits
@example("٣")  # another script's digit
@example("12\n")
def test_parse_any_text_gives_money_or_validation_error(typed):
    try:
        result = Money.parse(typed)
    except ValidationError:
        return
    assert isinstance(result, Money)
    assert abs(result.fen) <= MAX_FEN


AMOUNT_ALPHABET = st.sampled_from(list("0123456789.,-+ ¥￥元\t\u3000eE"))


@given(st.text(AMOUNT_ALPHABET, max_size=16))
def test_parse_amount_like_text_gives_money_or_validation_error(typed):
    try:
        result = Money.parse(typed)
    except ValidationError:
        return
    assert isinstance(result, Money)


@given(fen_in_range)
@example(0)
@example(-1)
@example(MAX_FEN)
@example(-MAX_FEN)
def test_parse_of_format_round_trips(fen):
    m = Money(fen)
    assert Money.parse(m.format()) == m
    assert Money.parse(m.format(symbol="￥")) == m
    assert Money.parse(m.yuan_text()) == m
    assert Money.parse(m.yuan_text() + "元") == m
