"""The shelf label and the pickup list as printed text, in English and in Chinese."""

import datetime as dt
import json
from pathlib import Path

import pytest

from pos.domain.parcel_documents import (
    LabelData, ListGroup, ListLine, build_pickup_list, build_shelf_label, masked_name, surname,
)
from pos.domain.receipt import QR, Big, Document, text_lines
from pos.domain.textwidth import width

PENDING = Path(__file__).resolve().parents[2] / "resources" / "translations" / "pending" / "parcels_checkin.json"
AT = dt.datetime(2026, 11, 20, 3, 30, tzinfo=dt.timezone.utc)


def zh(text: str) -> str:
    return json.loads(PENDING.read_text(encoding="utf-8")).get(text, text)


def printed(doc: Document, cols: int) -> list[str]:
    return [line for b in doc.blocks for line in text_lines(b, cols)]


def label(**kw) -> Document:
    data = dict(pickup_code="A-3-0127", phone_display="138****5678", recipient_name="张桂芳",
                carrier_name="中通快递", checked_in_at=AT, waybill="73100118865046", station="清水村服务站")
    data.update(kw)
    return build_shelf_label(LabelData(**data), zh)


@pytest.mark.parametrize("cols", [32, 48])
def test_shelf_label(cols):
    doc = label()
    big = [b for b in doc.blocks if isinstance(b, Big)]
    assert big[0].text == "A-3-0127" and big[0].width >= 2
    assert [b.data for b in doc.blocks if isinstance(b, QR)] == ["A-3-0127"]
    lines = printed(doc, cols)
    text = "\n".join(lines)
    assert "138****5678" in text and "张" in text and "张桂芳" not in text
    assert "中通快递" in text and AT.astimezone().strftime("%Y-%m-%d") in text
    assert "运单尾号 5046" in text
    assert all(width(line) <= cols for line in lines)
    assert Document.from_json(doc.to_json()).to_data() == doc.to_data()


def test_label_in_english_without_translation():
    doc = build_shelf_label(LabelData("B-1-0002", "*******5678", "Li Wei", "ZTO Express", AT, "JT0019812345678"))
    assert "Waybill ending 5678" in "\n".join(printed(doc, 32))


def test_names():
    assert (surname("张桂芳"), surname("Li Wei"), surname("")) == ("张", "Li", "")
    assert (masked_name("张三"), masked_name("欧阳娜娜"), masked_name("Li Wei"), masked_name("")) == (
        "张*", "欧***", "Li*", "")


@pytest.mark.parametrize("cols", [32, 48])
def test_pickup_list(cols):
    groups = [
        ListGroup("张桂芳", "138****5678", "三组",
                  (ListLine("A-1-0001", "中通快递", AT), ListLine("A-2-0002", "圆通速递", AT))),
        ListGroup("", "*******1234", "", (ListLine("B-1-0003", "顺丰速运", AT),)),
    ]
    doc = build_pickup_list(groups, "清水村服务站", AT.date(), zh)
    lines = printed(doc, cols)
    text = "\n".join(lines)
    assert "待取快递" in text and "张** · 三组" in text and "A-2-0002 圆通速递" in text
    assert "（无姓名）" in text and "2 人，3 件" in text
    assert all(width(line) <= cols for line in lines)


def test_empty_pickup_list():
    text = "\n".join(printed(build_pickup_list([], "站", AT.date()), 32))
    assert "No parcels are waiting." in text and "0 people, 0 parcels" in text
