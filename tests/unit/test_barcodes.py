import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.barcodes import (
    ean8_check_digit,
    ean13_check_digit,
    gtin_check_digit,
    has_valid_check_digit,
    is_valid_ean8,
    is_valid_ean13,
    is_valid_upca,
    parse_product_barcode,
    upca_check_digit,
    with_check_digit,
)
from pos.domain.errors import ValidationError

# Published examples: GS1's EAN-13 4006381333931, Wikipedia's UPC-A 036000291452 and
# EAN-8 73513537; 6901234567892 is the textbook China (690) example.
KNOWN = ["4006381333931", "036000291452", "73513537", "6901234567892", "9787115428028"]


@pytest.mark.parametrize("code", KNOWN)
def test_known_codes_have_valid_check_digits(code):
    assert has_valid_check_digit(code)
    assert with_check_digit(code[:-1]) == code


def test_check_digit_functions_by_symbology():
    assert ean13_check_digit("400638133393") == 1
    assert upca_check_digit("03600029145") == 2
    assert ean8_check_digit("7351353") == 7
    assert gtin_check_digit("690123456789") == 2
    with pytest.raises(ValueError):
        ean13_check_digit("12345")
    with pytest.raises(ValueError):
        gtin_check_digit("12a")
    with pytest.raises(ValueError):
        with_check_digit("1234")


def test_validators_check_the_length():
    assert is_valid_ean13("4006381333931") and not is_valid_ean13("036000291452")
    assert is_valid_upca("036000291452") and not is_valid_upca("73513537")
    assert is_valid_ean8("73513537") and not is_valid_ean8("4006381333931")
    assert not is_valid_ean13("4006381333932")
    assert not has_valid_check_digit("abc")


@pytest.mark.parametrize(
    "raw, symbology, category, china",
    [
        ("6901234567892", "EAN13", "retail", True),
        (" ６９０１２３４５６７８９２ ", "EAN13", "retail", True),  # full-width, typed with an IME on
        ("4006381333931", "EAN13", "retail", False),
        ("036000291452", "UPCA", "retail", False),
        ("73513537", "EAN8", "retail", False),
        ("9787115428028", "EAN13", "book", False),
        (with_check_digit("210000100150"), "EAN13", "in_store", False),
        (with_check_digit("2123456"), "EAN8", "in_store", False),
        (with_check_digit("990000000001"), "EAN13", "coupon", False),
    ],
)
def test_classify(raw, symbology, category, china):
    b = parse_product_barcode(raw)
    assert (b.symbology, b.category, b.china) == (symbology, category, china)
    assert len(b.gtin14) == 14


def test_upca_and_ean13_with_leading_zero_share_a_key():
    assert parse_product_barcode("036000291452").gtin14 == parse_product_barcode("0036000291452").gtin14


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("69012345678AB", "characters a product barcode does not use"),
        ("6901234-567892", "characters a product barcode does not use"),
        ("123456789", "has 9 digits"),
        ("6901234567893", "check digit"),
    ],
)
def test_refusals(raw, fragment):
    with pytest.raises(ValidationError) as exc:
        parse_product_barcode(raw)
    assert fragment in str(exc.value)
    assert exc.value.field == "barcode"


@given(st.sampled_from([7, 11, 12]).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)))
def test_computed_check_digit_always_validates(body):
    assert has_valid_check_digit(with_check_digit(body))


@given(
    st.text("0123456789", min_size=12, max_size=12),
    st.integers(0, 12),
    st.integers(1, 9),
)
def test_any_single_digit_error_is_caught(body, position, delta):
    code = with_check_digit(body)
    wrong = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert not has_valid_check_digit(wrong)


@given(st.text(max_size=20))
def test_any_text_parses_or_is_refused(raw):
    try:
        parse_product_barcode(raw)
    except ValidationError:
        pass
