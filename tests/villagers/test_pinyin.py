"""Pinyin initials: 张三 -> zs, surnames read as surnames, other readings kept as alternatives."""

import importlib.util
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
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
    assert name_initials("周长青") == "zcq"  # 长 here is chang (phrase 长青), first letter c
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


# the letters come from resources/pinyin_initials.txt, generated from pypinyin ----------------------
ROOT = Path(__file__).resolve().parents[2]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"


def test_the_table_is_what_pypinyin_gives():
    spec = importlib.util.spec_from_file_location("make_pinyin_table", ROOT / "scripts" / "make_pinyin_table.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.TABLE.read_text(encoding="utf-8") == script.build_table(), \
        "resources/pinyin_initials.txt is out of date: run scripts/make_pinyin_table.py"


def test_pypinyin_is_not_loaded_and_the_table_only_when_used():
    code = ("import sys\n"
            "import pos.domain.pinyin as p, pos.services.sales.products as products\n"
            "assert p._table.cache_info().currsize == 0\n"
            "assert p.search_key('张三') == 'zs' and products.initials('农夫山泉') == 'nfsq'\n"
            "assert 'pypinyin' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_given_names_keep_their_other_readings():
    key = search_key("王朝霞").split()
    assert key[0] == "wzx"  # 朝霞 zhāoxiá, a phrase
    assert "wcx" in key  # 朝 read cháo
    assert "lhj" in search_key("李红强").split()  # 强 jiàng


def test_phrases_are_read_within_the_given_name():
    assert name_initials("郑重洋") == "zcy"  # 重洋 chóngyáng, not 郑重 zhèngzhòng
    assert name_initials("李长发") == "lcf"


def test_many_polyphones_stay_within_the_key():
    name = "单重朝长行传乐重朝长行传"
    assert initials_variants(name)[0] == name_initials(name)
    assert len(" ".join(initials_variants(name))) <= KEY_LENGTH
    assert len(search_key(name)) <= KEY_LENGTH


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SURNAMES), st.text(alphabet=COMMON, min_size=1, max_size=2))
def test_pypinyins_own_reading_is_always_found(surname, given):
    """Whatever pypinyin with its whole phrase dictionary reads (what earlier versions stored)
    is still one of the keys."""
    from pypinyin import Style, lazy_pinyin

    name = surname + given
    theirs = "".join(s[:1] for s in lazy_pinyin(name, style=Style.FIRST_LETTER))
    assert theirs in search_key(name).split()
