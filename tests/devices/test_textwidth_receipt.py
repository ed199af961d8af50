from hypothesis import given
from hypothesis import strategies as st

from pos.domain.money import Money
from pos.domain.receipt import Document, text_lines, Columns
from pos.domain.textwidth import truncate, two_columns, width, wrap, printable


def test_wide_characters_count_two():
    assert width("abc") == 3
    assert width("村站") == 4
    assert width("￥4.00") == 6
    assert width("，（）") == 6


def test_truncate_never_splits_a_wide_char():
    assert truncate("村站便民", 5) == "村站"
    assert width(truncate("村站便民", 5)) == 4


def test_yuan_sign_goes_full_width_for_the_printer():
    assert printable("¥4.00\t合计\x07") == "￥4.00 合计"


def test_two_columns_fill_exactly_32_and_48():
    for cols in (32, 48):
        [line] = two_columns("矿泉水 550ml x2", "￥4.00", cols)
        assert width(line) == cols
        assert line.startswith("矿泉水") and line.endswith("￥4.00")


def test_two_columns_wraps_a_long_name_and_keeps_the_price_right():
    lines = two_columns("一个非常非常长的商品名称需要换行显示的情况", "￥1234.56", 32)
    assert len(lines) == 2
    assert all(width(line) <= 32 for line in lines)
    assert lines[-1].endswith("￥1234.56") and width(lines[-1]) == 32


@given(st.text(max_size=80), st.text(max_size=20), st.sampled_from([32, 48]))
def test_two_columns_never_overflows(left, right, cols):
    left, right = printable(left), printable(right)
    for line in two_columns(left, right, cols):
        assert width(line) <= cols


@given(st.text(max_size=120), st.integers(min_value=2, max_value=48))
def test_wrap_keeps_every_visible_character(text, cols):
    text = printable(text)
    lines = wrap(text, cols)
    assert all(width(line) <= cols for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_document_round_trips_through_json():
    doc = (
        Document().title("村站").text("单号", align="center").columns("合计", Money(400))
        .big("A-3-0127").rule().qr("https://x.cn").barcode("R1").feed(2).cut().drawer_kick(5)
    )
    again = Document.from_json(doc.to_json())
    assert again == doc
    assert again.blocks[2] == Columns("合计", "¥4.00")


def test_money_in_columns_prints_with_full_width_sign():
    doc = Document().columns("合计", Money(1230))
    [line] = text_lines(doc.blocks[0], 32)
    assert line.endswith("￥12.30")
