"""Checking what the partner types: phones, names, consent, amounts, with clear messages."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.errors import ValidationError
from pos.domain.villager_fields import (
    BALANCE_MAX_FEN,
    PhoneValue,
    VillagerInput,
    clean_villager_name,
    parse_balance,
    parse_consent_flag,
    parse_consent_time,
    parse_villager_phone,
    phones_may_match,
)

NOW = dt.datetime(2026, 11, 20, 2, 30, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("raw, full, masked, tail", [
    ("13812345678", "13812345678", "138****5678", "5678"),
    ("+86 138-1234-5678", "13812345678", "138****5678", "5678"),
    ("１３８１２３４５６７８", "13812345678", "138****5678", "5678"),
    ("138****5678", "", "138****5678", "5678"),
    ("138xxxx5678", "", "138****5678", "5678"),
    ("****5678", "", "*******5678", "5678"),
    ("", "", "", ""),
    ("   ", "", "", ""),
])
def test_phones(raw, full, masked, tail):
    assert parse_villager_phone(raw) == PhoneValue(full, masked, tail)


@pytest.mark.parametrize("raw, words", [
    ("12345", "11 digits"), ("23812345678", "start with 13 to 19"), ("138abc45678", "digits only"),
    ("138****56", "last four digits"), ("12****5678", "masked mobile"),
])
def test_bad_phones_say_why(raw, words):
    with pytest.raises(ValidationError) as e:
        parse_villager_phone(raw)
    assert words in str(e.value) and e.value.field == "phone"


def test_masks_and_numbers_match():
    full = parse_villager_phone("13812345678")
    assert phones_may_match(full, parse_villager_phone("138****5678"))
    assert phones_may_match(parse_villager_phone("****5678"), parse_villager_phone("138****5678"))
    assert not phones_may_match(full, parse_villager_phone("139****5678"))
    assert not phones_may_match(full, parse_villager_phone("13812340000"))
    assert not phones_may_match(full, PhoneValue())


@pytest.mark.parametrize("raw, words", [("", "enter the villager's name"), ("  ", "enter the villager's name"),
                                        ("13812345678", "no letters"), ("张" * 51, "too long")])
def test_bad_names(raw, words):
    with pytest.raises(ValidationError) as e:
        clean_villager_name(raw)
    assert words in str(e.value)


def test_names_are_tidied():
    assert clean_villager_name("  张\t三 \x00") == "张 三"


@pytest.mark.parametrize("raw, value", [("yes", True), ("是", True), ("1", True), ("TRUE", True), ("no", False),
                                        ("否", False), ("0", False), ("false", False), ("", False)])
def test_consent_flags(raw, value):
    assert parse_consent_flag(raw) is value


def test_bad_consent_flag():
    with pytest.raises(ValidationError, match="not yes or no"):
        parse_consent_flag("maybe")


def test_consent_times():
    assert parse_consent_time("") is None
    assert parse_consent_time("2024-03-15T09:30:00+08:00") == dt.datetime(2024, 3, 15, 1, 30, tzinfo=dt.timezone.utc)
    day = parse_consent_time("2024-03-15")
    assert day.tzinfo is not None and day.astimezone().date() == dt.date(2024, 3, 15)
    with pytest.raises(ValidationError, match="not a date"):
        parse_consent_time("15/03/2024")


def test_balances():
    assert parse_balance("12.5") == 1250
    assert parse_balance("-3") == -300
    assert parse_balance("¥1,200.00") == 120000
    assert parse_balance("") == 0
    with pytest.raises(ValidationError, match="not an amount"):
        parse_balance("12.345")
    with pytest.raises(ValidationError, match="more than the register allows"):
        parse_balance("1000000.01")
    assert parse_balance(f"{BALANCE_MAX_FEN // 100}") == BALANCE_MAX_FEN


def test_input_collects_one_error_per_field():
    clean, errors = VillagerInput("", "123", household="户" * 101).check(NOW)
    assert clean is None
    assert [e.field for e in errors] == ["name", "phone", "household"]


def test_consent_in_the_future_is_refused():
    later = NOW + dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="in the future"):
        VillagerInput("张三", delivery_consent=True, delivery_consent_at=later).cleaned(NOW)
    assert VillagerInput("张三", delivery_consent=True).cleaned(NOW).delivery_consent_at == NOW
    assert VillagerInput("张三", delivery_consent=False, delivery_consent_at=NOW).cleaned(NOW).delivery_consent_at is None


@given(st.text(max_size=40))
def test_any_phone_text_is_accepted_or_refused_clearly(raw):
    try:
        p = parse_villager_phone(raw)
    except ValidationError as e:
        assert e.field == "phone" and str(e)
        return
    assert (p.full == "" or len(p.full) == 11) and len(p.tail) in (0, 4)


@given(st.text(max_size=80))
def test_any_name_text_is_accepted_or_refused_clearly(raw):
    try:
        name = clean_villager_name(raw)
    except ValidationError as e:
        assert e.field == "name"
        return
    assert 0 < len(name) <= 50 and "\x00" not in name and name == name.strip()


@given(st.text(max_size=20))
def test_any_amount_text_is_accepted_or_refused_clearly(raw):
    try:
        fen = parse_balance(raw)
    except ValidationError as e:
        assert e.field == "balance_yuan"
        return
    assert isinstance(fen, int) and abs(fen) <= BALANCE_MAX_FEN
