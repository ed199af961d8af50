"""Pinyin initials: 张三 -> zs, surnames read as surnames, other readings kept as alternatives."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.pinyin import KEY_LENGTH, initials_variants, is_initials_query, name_initials, search_key


@pytest.mark.parametrize("name, initials", [
    ("张三", "zs"), ("王秀英", "wxy"), ("李德明", "ldm"), ("欧阳娜娜", "oynn"),
    ("单小红", "sxh"), ("曾国强", "zgq"), ("解春生", "xcs"), ("仇海", "qh"), ("查良", "zl"),
    ("尉迟恭", "ycg"), ("长孙无忌", "zswj"), ("Tom李", "tl"), ("阿卜杜·热合曼", "abdrhm"),
    ("张 三", "zs"), ("ＺＨＡＮＧ", "z"),
])
def test_initials(name, initials):
    assert name_initials(name) == initials


def test_polyphone_surnames_also_match_the_common_reading():
    assert initials_variants("单小红")[:2] == ["sxh", "dxh"]
    assert "cgq" in search_key("曾国强").split()
    assert "jcs" in search_key("解春生").split()


def test_given_names_read_by_phrase():
    assert name_initials("周长青") == "zcq"  # 长 here is chang (phrase dictionary), first letter c
    assert name_initials("重阳") == "cy"


def test_no_letters_no_key():
    assert search_key("") == "" and search_key("123") == "" and search_key("·") == ""


@pytest.mark.parametrize("text, expected", [("zs", True), ("ZS", True), (" zs ", True), ("张", False),
                                            ("5678", False), ("z s", False), ("", False)])
def test_initials_query(text, expected):
    assert is_initials_query(text) is expected


@given(st.text(max_size=60))
def test_search_key_fits_the_column_and_is_letters(name):
    key = search_key(name)
    assert len(key) <= KEY_LENGTH
    assert set(key) <= set(string.ascii_lowercase + " ")
    if key:
        assert key.split()[0] == name_initials(name)[:KEY_LENGTH] or len(name_initials(name)) > KEY_LENGTH


# GB2312 level 1: the 3755 most common characters, every one with a reading
COMMON = "".join(bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)
                 if (hi, lo) < (0xD7, 0xFA))


@given(st.text(alphabet=COMMON, min_size=1, max_size=6))
def test_every_common_han_character_has_a_letter(name):
    assert len(name_initials(name)) == len(name)
