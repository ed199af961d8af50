"""The printer test page: everything a Chinese receipt needs, on one strip of paper."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pos.db.types import utcnow
from pos.domain.devices.render_options import RenderOptions
from pos.domain.money import Money
from pos.domain.receipt import Document


def build_test_page(options: RenderOptions, printer_spec: str) -> Document:
    stamp = utcnow().astimezone().strftime("%Y-%m-%d %H:%M")  # the partner reads local time
    doc = Document()
    doc.title(QCoreApplication.translate("devices", "Printer test page"))
    doc.text(stamp, align="center")
    doc.rule()
    doc.columns(QCoreApplication.translate("devices", "Printer"), printer_spec)
    doc.columns(QCoreApplication.translate("devices", "Paper"), f"{options.paper_mm} mm / {options.columns}")
    doc.columns(QCoreApplication.translate("devices", "Profile"), options.profile)
    doc.columns(QCoreApplication.translate("devices", "Encoding"), options.encoding.upper())
    doc.rule("=")
    # fixed Chinese sample text: the point of the page is to see these glyphs come out right
    doc.text("中文测试：村站便民服务点")
    doc.text("全角标点：，。！？（）【】《》“”")
    doc.text("￥12.30 ，（）！")
    doc.columns("矿泉水 550ml ×2", Money(400))
    doc.columns("一个很长很长很长的商品名称会换到下一行", Money(123456))
    doc.big("大字 A-3-0127", 2, 2)
    doc.rule()
    doc.text("0123456789" * 5)
    doc.qr("https://example.cn/village-pos/test")
    doc.barcode("TEST-0127")  # short enough for 2-dot bars on 58 mm
    doc.text(QCoreApplication.translate("devices", "If every line above is readable, Chinese printing works."), align="center")
    doc.feed(1)
    doc.cut()
    return doc
