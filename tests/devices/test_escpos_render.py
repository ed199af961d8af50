import pytest
from escpos.printer import Dummy, File

from pos.devices.escpos_render import encode_text, raster, render_escpos, size_command
from pos.devices.render_common import RenderOptions
from pos.domain.money import Money
from pos.domain.receipt import Document
from pos.domain.textwidth import width

GS_BIG = b"\x1d!\x11"


def receipt() -> Document:
    return (
        Document()
        .title("村站便民服务点")
        .text("单号: R20261122-0007")
        .columns("矿泉水 550ml x2", Money(400))
        .text("￥4.00 ，（）！")
        .big("A-3-0127")
        .columns("合计", Money(400), bold=True)
        .qr("https://example.cn/r/R20261122-0007")
        .barcode("R20261122-0007")
        .text("谢谢惠顾，欢迎再来！", align="center")
        .cut()
        .drawer_kick()
    )


def through_dummy(data: bytes) -> bytes:
    p = Dummy()
    p._raw(data)
    return p.output


def text_lines_of(data: bytes, encoding="gb18030") -> list[str]:
    """Decoded printable lines between commands, good enough to look for text."""
    return data.decode(encoding, errors="replace").split("\n")


def test_chinese_is_gb18030_and_yuan_is_a3a4():
    out = through_dummy(render_escpos(receipt(), RenderOptions()))
    assert "村站便民服务点".encode("gb18030") in out
    assert "谢谢惠顾，欢迎再来！".encode("gb18030") in out
    assert b"\xa3\xa44.00" in out  # ￥ from Money's ¥
    assert "村站".encode() not in out


def test_full_width_punctuation_alone_is_never_a_question_mark():
    doc = Document().text("￥4.00 ，（）！").text("，。！？【】《》")
    out = render_escpos(doc, RenderOptions())
    assert b"?" not in out
    assert "￥4.00 ，（）！".encode("gb18030") in out
    assert "，。！？【】《》".encode("gb18030") in out


def test_python_escpos_own_encoder_would_have_lost_it():
    # the reason for encoding ourselves (cheat-sheet 1.4)
    p = Dummy()
    p.textln("￥4.00 ，（）")
    assert b"?" in p.output


@pytest.mark.parametrize("encoding,codec", [("gbk", "gbk"), ("big5", "cp950"), ("utf-8", "utf-8")])
def test_other_encodings(encoding, codec):
    out = render_escpos(Document().text("合計 ￥4.00"), RenderOptions(encoding=encoding))
    assert "合計 ￥4.00".encode(codec) in out


def test_big_text_uses_gs_bang_and_resets():
    out = render_escpos(Document().big("A-3-0127"), RenderOptions())
    i = out.index(GS_BIG)
    assert b"A-3-0127" in out[i:]
    assert out.index(b"\x1d!\x00", i) > out.index(b"A-3-0127")
    assert size_command(3, 2) == b"\x1d!\x21"


@pytest.mark.parametrize("paper,cols", [(58, 32), (80, 48)])
def test_columns_fill_the_paper_counting_wide_as_two(paper, cols):
    out = render_escpos(Document().columns("矿泉水 550ml x2", Money(400)), RenderOptions(paper_mm=paper))
    [line] = [t for t in text_lines_of(out) if "矿泉水" in t]
    line = line.split("\x1b@")[-1]
    assert width(line) == cols
    assert line.endswith("￥4.00")


def test_native_qr_and_code128_where_the_profile_has_them():
    out = render_escpos(receipt(), RenderOptions(profile="TM-T20II", paper_mm=80))
    assert b"\x1d(k" in out  # QR natively
    assert b"\x1dkI" in out and b"{BR20261122-0007" in out  # Code 128 set B
    assert b"\x1dV" in out  # cut
    assert b"\x1bp\x00" in out  # drawer kick on pin 2


def test_images_where_the_profile_has_no_qr_or_barcode():
    out = render_escpos(receipt(), RenderOptions(profile="POS-5890"))
    assert b"\x1d(k" not in out and b"\x1dkI" not in out
    assert out.count(b"\x1dv0") >= 2
    assert b"\x1dV" not in out  # POS-5890 has no cutter
    assert "村站便民服务点".encode("gb18030") in out


def test_drawer_pin_5_from_settings():
    out = render_escpos(Document().drawer_kick(), RenderOptions(drawer_pin=5))
    assert b"\x1bp\x01" in out


def test_image_mode_sends_no_text_bytes():
    out = render_escpos(receipt(), RenderOptions(image_mode=True, profile="TM-T20II", paper_mm=80))
    assert "村站".encode("gb18030") not in out
    assert b"\x1dv0" in out
    assert b"\x1dV" in out and b"\x1bp\x00" in out
    # raster width: 576 dots = 72 bytes per row
    i = out.index(b"\x1dv0")
    assert int.from_bytes(out[i + 4 : i + 6], "little") == 72


def test_raster_width_for_58mm():
    from PIL import Image

    data = raster(Image.new("L", (384, 10), 0))
    assert data[:4] == b"\x1dv0\x00"
    assert int.from_bytes(data[4:6], "little") == 48
    assert int.from_bytes(data[6:8], "little") == 10
    assert data[8:] == b"\xff" * 480


def test_bytes_reach_a_file_printer(tmp_path):
    dev = tmp_path / "lp0"
    p = File(devfile=str(dev))
    p._raw(render_escpos(receipt(), RenderOptions()))
    p.close()
    data = dev.read_bytes()
    assert "合计".encode("gb18030") in data and b"\xa3\xa44.00" in data


def test_encode_text_replaces_unencodable():
    assert encode_text("合计😀", "gbk") == "合计".encode("gbk") + b"?"
