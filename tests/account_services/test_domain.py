"""The rules of services with an account: accounts, amounts, commission, masking, the kinds'
settings shape and the operator guessed from a mobile number."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain import account_services as a
from pos.domain.errors import ValidationError

TOPUP = a.ServiceKind(a.PHONE_TOPUP, account=a.MOBILE_ACCOUNT, commission_bp=50)
POWER = a.ServiceKind(a.ELECTRICITY, commission_bp=30, commission_fen=100, default_fee_fen=200)


def test_a_phone_top_up_needs_a_mainland_mobile():
    assert a.parse_account(TOPUP, "+86 138-1234-5678") == "13812345678"
    assert a.parse_account(TOPUP, "１３８１２３４５６７８") == "13812345678"  # full-width from an IME
    for bad in ("", "1381234567", "12812345678", "0731-84123456", "abc"):
        with pytest.raises(ValidationError) as e:
            a.parse_account(TOPUP, bad)
        assert e.value.field == "account"


def test_a_bill_account_is_digits_and_letters_of_sane_length():
    assert a.parse_account(POWER, " 0301 2345 678 ") == "03012345678"
    assert a.parse_account(POWER, "hn-00012ab") == "HN-00012AB"
    for bad in ("", "123", "1" * 31, "12#45", "王小明1234", "1234-", "-1234"):
        with pytest.raises(ValidationError) as e:
            a.parse_account(POWER, bad)
        assert e.value.field == "account"


@given(st.text(max_size=40))
def test_bill_accounts_never_crash_and_stay_in_shape(raw):
    try:
        acc = a.parse_bill_account(raw)
    except ValidationError:
        return
    assert a.ACCOUNT_MIN <= len(acc) <= a.ACCOUNT_MAX and acc.isascii() and acc == acc.upper()


def test_amounts_and_fees():
    assert a.check_amount(1) == 1 and a.check_amount(a.MAX_AMOUNT_FEN) == a.MAX_AMOUNT_FEN
    for bad in (0, -100, a.MAX_AMOUNT_FEN + 1, True, 1.5):
        with pytest.raises(ValidationError):
            a.check_amount(bad)
    assert a.check_fee(0) == 0
    for bad in (-1, a.MAX_FEE_FEN + 1):
        with pytest.raises(ValidationError):
            a.check_fee(bad)
    assert a.parse_yuan("49.5", "amount") == 4950 and a.parse_yuan("¥100", "amount") == 10000
    with pytest.raises(ValidationError) as e:
        a.parse_yuan("fifty", "amount")
    assert e.value.field == "amount"


def test_commission_is_basis_points_half_up_plus_fixed_fen():
    assert a.commission(TOPUP, 5000) == 25  # 0.5 % of ¥50
    assert a.commission(TOPUP, 4999) == 25  # 24.995 fen rounds half up
    assert a.commission(TOPUP, 4899) == 24  # 24.495
    assert a.commission(POWER, 12345) == 37 + 100  # 0.3 % = 37.035, + ¥1.00 a payment
    assert a.commission(a.ServiceKind("x", "X"), 99999) == 0


def test_masking_keeps_head_and_tail_of_a_mobile_and_four_of_an_account():
    assert a.mask_account(a.MOBILE_ACCOUNT, "13812341234") == "138****1234"
    assert a.mask_account(a.BILL_ACCOUNT, "03012345678") == "****5678"
    assert a.mask_account(a.BILL_ACCOUNT, "HN-00012AB") == "****12AB"
    assert a.mask_account(a.BILL_ACCOUNT, "1234") == "****"


def test_the_operator_is_guessed_from_the_segment():
    assert a.guess_operator("13812345678") == a.CHINA_MOBILE
    assert a.guess_operator("13412345678") == a.CHINA_MOBILE
    assert a.guess_operator("13492345678") == a.CHINA_TELECOM  # 1349 was the satellite segment
    assert a.guess_operator("18612345678") == a.CHINA_UNICOM
    assert a.guess_operator("19912345678") == a.CHINA_TELECOM
    assert a.guess_operator("19212345678") == a.CHINA_BROADNET
    assert a.guess_operator("17051234567") == a.CHINA_MOBILE and a.guess_operator("17091234567") == a.CHINA_UNICOM
    assert a.guess_operator("12345") == "" and a.guess_operator("") == ""


def test_percent_text_and_back():
    assert a.parse_percent("0.5") == 50 and a.parse_percent("1.25%") == 125 and a.parse_percent("") == 0
    assert a.percent_text(50) == "0.50" and a.percent_text(10000) == "100.00"
    for bad in ("0.555", "-1", "101", "abc"):
        with pytest.raises(ValidationError):
            a.parse_percent(bad)


def test_kinds_round_trip_and_bad_lists_are_refused():
    kinds = a.parse_kinds(a.kinds_to_json(a.DEFAULT_KINDS))
    assert kinds == a.DEFAULT_KINDS
    assert a.parse_kinds([{"code": "broadband", "name": "宽带缴费", "providers": ["中国电信", " 中国电信 "]}])[0] \
        == a.ServiceKind("broadband", "宽带缴费", providers=("中国电信",))
    bad = [
        ({"code": "Phone"}, "code"), ({"code": "broadband"}, "name"),
        ({"code": "water", "commission_bp": 10001}, "commission_bp"),
        ({"code": "water", "commission_bp": 1.5}, "commission_bp"),
        ({"code": "water", "default_fee_fen": -1}, "default_fee_fen"),
        ({"code": "water", "account": "iban"}, "account"), ({"code": "water", "enabled": "yes"}, "enabled"),
        ({"code": "water", "providers": "国网"}, "providers"), ({"code": "water", "colour": "red"}, "colour"),
    ]
    for obj, field in bad:
        with pytest.raises(ValidationError) as e:
            a.parse_kinds([obj])
        assert e.value.field.endswith(field), (obj, e.value.field)
    with pytest.raises(ValidationError):
        a.parse_kinds([{"code": "water"}, {"code": "water"}])
    with pytest.raises(ValidationError):
        a.parse_kinds({"code": "water"})
