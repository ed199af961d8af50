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


def test_the_production_cost_makes_a_guess_slow_and_fits_in_memory():
    from pos.domain.pins import PRODUCTION_COST, ScryptCost, current_cost, set_cost

    assert PRODUCTION_COST == ScryptCost(2**16, 8, 1)  # 0.37 to 0.6 s a guess measured (issue 14)
    assert 32 * 2**20 <= PRODUCTION_COST.memory <= 128 * 2**20
    previous = set_cost(PRODUCTION_COST)
    try:
        stored = hash_pin("123456")
        assert stored.startswith(f"scrypt${2**16}$8$1$") and verify_pin("123456", stored)
    finally:
        set_cost(previous)
    assert current_cost() == previous


def test_old_hashes_keep_working_and_ask_for_a_rehash():
    from pos.domain.pins import ScryptCost, current_cost, needs_rehash

    old = hash_pin("1234", cost=ScryptCost(2**14, 8, 1))  # what stations stored before issue 14
    assert verify_pin("1234", old) and not verify_pin("1243", old)
    assert needs_rehash(old)
    assert not needs_rehash(hash_pin("1234"))
    assert current_cost() != ScryptCost(2**14, 8, 1)


@pytest.mark.parametrize("stored", [f"scrypt${2**30}$8$1$AAAA$AAAA", "scrypt$16384$8$99$AAAA$AAAA"])
def test_a_tampered_cost_is_refused_not_run(stored):
    assert verify_pin("1234", stored) is False
