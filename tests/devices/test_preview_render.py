import pytest
from PIL import Image

from pos.devices.preview_render import render_preview
from pos.devices.render_common import RenderOptions, text_line_image
from pos.devices.test_page import build_test_page
from pos.domain.money import Money
from pos.domain.receipt import Document


def receipt() -> Document:
    return (
        Document().title("村站便民服务点").text("单号: R20261122-0007").rule()
        .columns("矿泉水 550ml x2", Money(400)).columns("一个非常非常长的商品名称需要换行显示的情况", Money(123456))
        .big("A-3-0127").columns("合计", Money(400), bold=True).qr("https://example.cn/r/1")
        .barcode("R20261122-0007").text("谢谢惠顾，欢迎再来！", align="center").cut()
    )


@pytest.mark.parametrize("paper,dots", [(58, 384), (80, 576)])
def test_preview_is_paper_width(paper, dots):
    img = render_preview(receipt(), RenderOptions(paper_mm=paper))
    assert img.width == dots
    assert img.height > 600


def test_nothing_is_drawn_past_the_right_edge():
    # the rightmost column of a full-width line must still hold ink of its last glyph
    img = text_line_image("合计" + " " * 22 + "￥4.00", 32)
    assert img.width == 384
    right = img.crop((372, 0, 384, img.height))
    assert right.getextrema()[0] < 128  # the "0" is there, inside the paper


def test_chinese_glyphs_are_real_not_tofu():
    a = text_line_image("村", 2).tobytes()
    b = text_line_image("站", 2).tobytes()
    assert a != b
    assert text_line_image("村", 2).getextrema()[0] < 64


def test_save_previews_for_a_look():
    for paper in (58, 80):
        opts = RenderOptions(paper_mm=paper)
        render_preview(receipt(), opts).save(f"/tmp/village-pos-receipt-{paper}.png")
        render_preview(build_test_page(opts, "preview"), opts).save(f"/tmp/village-pos-testpage-{paper}.png")
    assert Image.open("/tmp/village-pos-receipt-58.png").width == 384
