"""The shared receipt builder against reviewed golden files: text at 32 and 48 columns, ESC/POS
bytes, preview image sizes. UPDATE_GOLDEN=1 rewrites the files (review the diff!)."""

import json
import os
from pathlib import Path

import pytest

from pos.devices.escpos_render import render_escpos
from pos.devices.preview_render import render_preview
from pos.devices.render_common import RenderOptions
from pos.domain.receipt import Document
from pos.domain.receipts import ReceiptData, ReceiptOptions, StationHeader, build_receipt, columns_for_paper
from pos.domain.textwidth import width

from .receipt_samples import CST, REFUND, SALE, as_text, zh

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
CASES = {
    "sale_zh": (SALE, "zh"), "sale_en": (SALE, "en"), "refund_zh": (REFUND, "zh"),
}


def build(data, lang, cols, **kw):
    tr = zh() if lang == "zh" else (lambda _c, t: t)
    return build_receipt(data, ReceiptOptions(columns=cols, tz=CST, **kw), tr)


def check(name: str, content, mode="t"):
    path = GOLDEN / name
    if UPDATE:
        path.write_text(content, encoding="utf-8") if mode == "t" else path.write_bytes(content)
    expected = path.read_text(encoding="utf-8") if mode == "t" else path.read_bytes()
    assert content == expected, f"{name} differs from the reviewed golden file"


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("cols", [32, 48])
def test_text_matches_golden(case, cols):
    data, lang = CASES[case]
    doc = build(data, lang, cols, kick_drawer=True)
    text = as_text(doc, cols)
    check(f"{case}_{cols}.txt", text)
    for line in text.splitlines():
        if not line.startswith(("BIG ", "TITLE ", "[")):
            assert width(line) <= cols, line


@pytest.mark.parametrize("paper", [58, 80])
def test_escpos_bytes_match_golden(paper):
    opts = RenderOptions(paper_mm=paper)
    doc = build(SALE, "zh", opts.columns, kick_drawer=True)
    data = render_escpos(doc, opts)
    check(f"sale_zh_{paper}.bin", data, mode="b")
    assert "合计".encode("gb18030") in data
    assert b"\x1bp" in data  # the drawer pulse (ESC p) for a cash sale


def test_preview_sizes_match_golden(tmp_path):
    sizes = {}
    for paper in (58, 80):
        opts = RenderOptions(paper_mm=paper)
        for name, (data, lang) in sorted(CASES.items()):
            img = render_preview(build(data, lang, opts.columns), opts)
            sizes[f"{name}_{paper}"] = list(img.size)
            assert img.width == opts.dots
            if name == "sale_zh":
                img.save(tmp_path / f"{name}_{paper}.png")
    check("preview_sizes.json", json.dumps(sizes, indent=1, sort_keys=True) + "\n")


def test_drawer_only_for_cash_and_never_on_reprint():
    assert build(SALE, "en", 32, kick_drawer=True).has_drawer_kick()
    assert not build(SALE, "en", 32, kick_drawer=False).has_drawer_kick()
    assert not build(REFUND, "en", 32, kick_drawer=True).has_drawer_kick()  # reprint, and no cash
    from dataclasses import replace

    mobile_only = replace(SALE, tenders=SALE.tenders[1:2], change_fen=0)
    assert not build(mobile_only, "en", 32, kick_drawer=True).has_drawer_kick()


def test_qr_option_footer_and_round_trip():
    doc = build(SALE, "zh", 32, code="qr", footer="本站代收快递\n  营业时间 8:00-20:00 ")
    kinds = [b.kind for b in doc.blocks]
    assert "qr" in kinds and "barcode" not in kinds
    text = as_text(doc, 32)
    assert "本站代收快递" in text and "营业时间 8:00-20:00" in text and "谢谢惠顾" not in text
    assert Document.from_json(doc.to_json()).to_data() == doc.to_data()


def test_minimal_receipt_for_other_features():
    """What purchases and pickup will pass: no lines, extra rows, a custom title."""
    from pos.domain.receipts import ReceiptRow, ReceiptTender

    data = ReceiptData(StationHeader("清水村电商服务站"), "P20261122-0003", SALE.at, "李芳", kind="purchase",
                       total_fen=3000, tenders=(ReceiptTender("cash", 3000, tendered_fen=3000),),
                       rows=(ReceiptRow("平台订单号", "3219876543210"), ReceiptRow("定金", "¥30.00")))
    text = as_text(build(data, "zh", 32), 32)
    assert "代购单" in text and "平台订单号" in text and "3219876543210" in text
    assert "[barcode P202611220003]" in text
    assert columns_for_paper(80) == 48 and columns_for_paper(58) == 32
