"""The drawer arithmetic, pure: counts, expected against counted, variance."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain import cash
from pos.domain.errors import ValidationError

movements = st.lists(st.builds(
    cash.Movement,
    purpose=st.sampled_from(cash.PURPOSES),
    method=st.sampled_from(cash.METHODS),
    amount_fen=st.integers(-1_000_000, 1_000_000),
), max_size=60)
count_maps = st.dictionaries(st.sampled_from(cash.DENOMINATIONS), st.integers(0, cash.MAX_PIECES))


@given(st.integers(0, cash.MAX_FLOAT_FEN), movements)
def test_expected_is_float_plus_every_cash_movement(float_fen, mvs):
    totals = cash.summarise(mvs)
    assert cash.expected_cash(float_fen, mvs) == float_fen + sum(m.amount_fen for m in mvs if m.method == "cash")
    assert totals.total_fen == sum(m.amount_fen for m in mvs)
    assert sum(totals.purpose_total(p) for p in totals.by_purpose) == totals.total_fen
    assert sum(totals.counts.values()) == len(mvs)
    assert totals.refunds_fen == sum(m.amount_fen for m in mvs if m.purpose in cash.REFUND_PURPOSES)


@given(movements, movements)
def test_totals_do_not_depend_on_order_or_split(a, b):
    whole = cash.summarise(a + b)
    assert whole == cash.summarise(b + a)
    assert whole.by_method["cash"] == cash.summarise(a).by_method["cash"] + cash.summarise(b).by_method["cash"]


@given(count_maps)
def test_counted_total_is_value_times_pieces(counts):
    assert cash.counted_total(counts) == sum(d * n for d, n in counts.items())
    assert cash.counts_from_json(cash.counts_to_json(counts)) == cash.check_counts(counts)


@given(st.integers(-10**7, 10**7), st.integers(-10**7, 10**7), st.integers(0, 10**6))
def test_variance_reason_and_owner_rules(expected, counted, limit):
    v = cash.variance(expected, counted)
    assert expected + v == counted
    assert cash.needs_reason(v) == (counted != expected)
    assert cash.needs_owner(v, limit) == (abs(counted - expected) > limit)
    if cash.needs_owner(v, limit):
        assert cash.needs_reason(v)


@given(st.text(max_size=12))
def test_typed_piece_counts_are_numbers_or_refused(text):
    try:
        n = cash.parse_pieces(text)
    except ValidationError:
        return
    assert 0 <= n <= cash.MAX_PIECES


def test_notes_and_coins_add_up_in_one_field():
    assert cash.parse_pieces("12+30") == 42
    assert cash.parse_pieces(" 7 ") == 7
    assert cash.parse_pieces("") == 0
    for bad in ("-1", "1.5", "abc", "1e3", "100000"):
        with pytest.raises(ValidationError):
            cash.parse_pieces(bad)


def test_counts_refuse_unknown_denominations_and_bad_numbers():
    with pytest.raises(ValidationError):
        cash.check_counts({200: 1})  # there is no 2-yuan piece
    with pytest.raises(ValidationError):
        cash.check_counts({100: -1})
    with pytest.raises(ValidationError):
        cash.check_counts({100: True})
    assert cash.check_counts({"10000": 2})[10000] == 2


def test_float_movement_and_reason_checks():
    assert cash.check_float(0) == 0
    for bad in (-1, cash.MAX_FLOAT_FEN + 1, 1.5, True):
        with pytest.raises(ValidationError):
            cash.check_float(bad)
    with pytest.raises(ValidationError):
        cash.check_movement(0)
    assert cash.clean_reason("  找零  用 ") == "找零 用"
    with pytest.raises(ValidationError):
        cash.clean_reason("   ")
    assert cash.clean_reason("", required=False) == ""
    with pytest.raises(ValidationError):
        cash.clean_reason("长" * 201)
