import pytest
from hypothesis import given, settings
from hypothesis import strategies as s

from pos.domain.errors import ValidationError
from pos.domain.pins import hash_pin, validate_pin, verify_pin


def test_hash_is_salted_and_verifies():
    a, b = hash_pin("1234"), hash_pin("1234")
    assert a != b  # salted
    assert a.startswith("scrypt$")
    assert "1234" not in a
    assert verify_pin("1234", a) and verify_pin("1234", b)
    assert not verify_pin("1235", a)


@pytest.mark.parametrize("bad", ["", "123", "123456789", "12a4", " 1234", "１２３４", "12.4"])
def test_bad_pins_refused(bad):
    with pytest.raises(ValidationError):
        validate_pin(bad)


@pytest.mark.parametrize("stored", ["", "garbage", "scrypt$x$y$z$a$b", "md5$1$2$3$4$5"])
def test_verify_against_garbage_is_false(stored):
    assert verify_pin("1234", stored) is False


@settings(max_examples=50, deadline=None)
@given(s.text(max_size=12))
def test_any_text_is_valid_pin_or_refused(text):
    try:
        validate_pin(text)
    except ValidationError:
        return
    assert text.isascii() and text.isdigit() and 4 <= len(text) <= 8
