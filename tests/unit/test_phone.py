import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.errors import ValidationError
from pos.domain.phone import (
    is_mobile,
    last_four,
    mask_mobile,
    normalise_phone,
    parse_masked_phone,
    parse_mobile,
    parse_station_phone,
)

mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
)


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        " 138 1234 5678 ",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "008613812345678",
        "8613812345678",
        "１３８１２３４５６７８",  # full-width
        "(138)1234.5678",
    ],
)
def test_parse_mobile_normalises(raw):
    assert parse_mobile(raw) == "13812345678"
    assert is_mobile(raw)


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("", "is empty"),
        ("  -  ", "is empty"),
        ("138abcd5678", "digits only"),
        ("1381234567", "11 digits"),
        ("138123456789", "11 digits"),
        ("12812345678", "start with 13 to 19"),
        ("05718888666", "start with 13 to 19"),
    ],
)
def test_parse_mobile_refusals(raw, fragment):
    with pytest.raises(ValidationError) as exc:
        parse_mobile(raw)
    assert fragment in str(exc.value)
    assert exc.value.field == "phone"


def test_country_code_is_only_removed_before_a_mobile():
    assert normalise_phone("86 571 8888 6666") == "8657188886666"


def test_mask_and_last_four():
    assert mask_mobile("+86 138-1234-5678") == "138****5678"
    assert last_four("13812345678") == "5678"
    with pytest.raises(ValidationError):
        mask_mobile("12345")


@pytest.mark.parametrize(
    "raw, head, tail",
    [
        ("138****5678", "138", "5678"),
        ("138 **** 5678", "138", "5678"),
        ("+86 138****5678", "138", "5678"),
        ("138xxxx5678", "138", "5678"),
        ("138＊＊＊＊5678", "138", "5678"),
        ("****5678", "", "5678"),
        ("*******5678", "", "5678"),
        ("138***5678", "138", "5678"),  # star count not trusted
        ("1**********5678", "1", "5678"),
        ("13812345678", "1381234", "5678"),
    ],
)
def test_parse_masked_phone(raw, head, tail):
    m = parse_masked_phone(raw)
    assert (m.head, m.tail) == (head, tail)
    assert m.last_four == "5678"
    assert m.matches("13812345678")
    assert re.fullmatch(m.regex, "13812345678")
    assert len(m.like) == 11


def test_masked_pattern_rejects_other_numbers():
    m = parse_masked_phone("138****5678")
    assert not m.matches("13912345678")
    assert not m.matches("13812345679")
    assert not m.matches("12345678")
    assert m.like == "138____5678"
    assert m.display() == "138****5678"
    tail_only = parse_masked_phone("****5678")
    assert tail_only.matches("19900005678") and not tail_only.matches("19900005679")
    assert tail_only.like == "_______5678"


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("", "is empty"),
        ("138****567", "last four digits"),
        ("138****", "last four digits"),
        ("128****5678", "such as 138****5678"),
        ("238****5678", "such as 138****5678"),
        ("138**12**5678", "such as 138****5678"),
        ("138****5678abc", "such as 138****5678"),
        ("138123****45678", "such as 138****5678"),  # 11 visible digits leave nothing hidden
    ],
)
def test_parse_masked_phone_refusals(raw, fragment):
    with pytest.raises(ValidationError) as exc:
        parse_masked_phone(raw)
    assert fragment in str(exc.value)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0571-88886666", "0571-88886666"),
        ("(010) 6666 8888", "010-66668888"),
        ("021 5555 1234", "021-55551234"),
        ("0898-6123456", "0898-6123456"),
        ("400-800-1234", "4008001234"),
        ("8888 6666", "88886666"),
    ],
)
def test_station_phone(raw, expected):
    assert parse_station_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "phone", "0571-8888", "1234567890123"])
def test_station_phone_refusals(raw):
    with pytest.raises(ValidationError) as exc:
        parse_station_phone(raw)
    assert exc.value.field == "station_phone"


@given(mobiles)
def test_mask_round_trip(number):
    masked = mask_mobile(number)
    assert len(masked) == 11 and masked[3:7] == "****"
    pattern = parse_masked_phone(masked)
    assert pattern.matches(number)
    assert pattern.last_four == last_four(number)


@given(st.text(max_size=30))
def test_any_text_parses_or_is_refused(raw):
    for parse in (parse_mobile, parse_masked_phone, parse_station_phone):
        try:
            parse(raw)
        except ValidationError:
            pass
