"""Sample receipts for the golden files, and a translator backed by our pending Chinese."""

import datetime as dt
import json
from pathlib import Path

from pos.domain.receipt import text_lines
from pos.domain.receipts import ReceiptData, ReceiptLine, ReceiptTender, StationHeader

ROOT = Path(__file__).resolve().parents[2]
CST = dt.timezone(dt.timedelta(hours=8))
STATION = StationHeader("清水村电商服务站", "浙江省丽水市遂昌县清水村村委会旁", "0578-8123456")


def zh():
    table = json.loads((ROOT / "resources/translations/pending/sales.json").read_text(encoding="utf-8"))
    return lambda _ctx, text: table.get(text, text)


SALE = ReceiptData(
    STATION, "R20261122-0007", dt.datetime(2026, 11, 22, 6, 3, tzinfo=dt.timezone.utc), "李芳",
    lines=(
        ReceiptLine("农夫山泉饮用天然水 550ml", 2, 200, 360, 40),
        ReceiptLine("话费充值", 1, 5000, 5000),
        ReceiptLine("康师傅红烧牛肉面", 12, 450, 5400),
    ),
    total_fen=10560, discount_fen=200,
    tenders=(ReceiptTender("cash", 2560, tendered_fen=5000), ReceiptTender("mobile", 3000, "4200001234"),
             ReceiptTender("account", 5000)),
    change_fen=2440, customer="张三", balance_fen=12300,
)
REFUND = ReceiptData(
    STATION, "F20261122-0001", dt.datetime(2026, 11, 22, 7, 30, tzinfo=dt.timezone.utc), "王小明",
    kind="refund", lines=(ReceiptLine("康师傅红烧牛肉面", 2, 450, 882, 18),),
    total_fen=882, tenders=(ReceiptTender("account", 882),), customer="张三", balance_fen=11418,
    original_number="R20261122-0007", notes=("包装破损",), reprint=True,
)


def as_text(doc, cols):
    out = []
    for b in doc.blocks:
        lines = text_lines(b, cols)
        if lines:
            prefix = {"big": "BIG ", "title": "TITLE "}.get(b.kind, "")
            out.extend(prefix + line for line in lines)
        else:
            data = getattr(b, "data", "")
            out.append(f"[{b.kind}{' ' + data if data else ''}]")
    return "\n".join(out) + "\n"
