"""The printed X and Z reports and the cash slip, as text at 32 and 48 columns."""

import datetime as dt
import uuid

from pos.domain import cash
from pos.domain.receipt import Document, text_lines
from pos.domain.shift_documents import CashMove, ShiftReport, build_cash_slip, build_report, denomination_text
from pos.domain.textwidth import width

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 22, 0, 30, tzinfo=UTC)


def text(doc: Document, cols: int) -> list[str]:
    return [line for b in doc.blocks for line in text_lines(b, cols)]


def report(closed: bool) -> ShiftReport:
    totals = cash.summarise([
        cash.Movement("sale", "cash", 1250), cash.Movement("sale", "mobile", 3000),
        cash.Movement("sale_refund", "cash", -250), cash.Movement("purchase_deposit", "cash", 5000),
        cash.Movement("cash_out", "cash", -2000),
    ])
    return ShiftReport(
        shift_id=uuid.uuid4(), number="S20261122-01", opened_at=T0, opened_by="李芳", float_fen=20000,
        until=T0 + dt.timedelta(hours=9), totals=totals, expected_cash_fen=totals.expected_cash(20000),
        parcels_in=37, parcels_out=29, parcels_returned=2,
        cash_moves=(CashMove(T0 + dt.timedelta(hours=2), "cash_out", -2000, "付快递员运费", "李芳"),),
        closed=closed, closed_by="李芳" if closed else "",
        counted_cash_fen=23900 if closed else None, variance_fen=-100 if closed else None,
        variance_reason="找零少了一元" if closed else "", counts={10000: 2, 2000: 1, 1000: 1, 500: 1, 100: 4} if closed else {},
        approved_by="",
    )


def test_z_report_has_every_figure_and_fits_the_paper():
    for cols in (32, 48):
        lines = text(build_report(report(True), "清水村服务站", printed_by="李芳", printed_at=T0), cols)
        body = "\n".join(lines)
        assert all(width(line) <= cols for line in lines)
        for expected in ("Z report", "S20261122-01", "42.50", "30.00", "-¥2.50", "50.00", "37", "29",
                         "付快递员运费", "Expected in drawer", "239.00", "-¥1.00", "找零少了一元", "¥100 × 2"):
            assert expected in body.replace("\uffe5", "¥"), expected


def test_x_report_says_it_closes_nothing_and_has_no_count():
    doc = build_report(report(False), "清水村服务站")
    body = "\n".join(text(doc, 32))
    assert "X report" in body and "Counted" not in body and "Signature" not in body
    assert not doc.has_drawer_kick()
    assert Document.from_json(doc.to_json()).to_data() == doc.to_data()  # storable in the print queue


def test_translation_callable_is_used_for_labels():
    doc = build_report(report(True), tr=lambda s: "【" + s + "】")
    assert "【Cash drawer】" in "\n".join(text(doc, 48))


def test_cash_slip_opens_the_drawer():
    slip = build_cash_slip(CashMove(T0, "cash_in", 5000, "银行换零钱", "王小明"), "S20261122-01", "清水村服务站")
    assert slip.has_drawer_kick()
    body = "\n".join(text(slip, 32))
    assert "50.00" in body and "银行换零钱" in body


def test_denomination_names():
    assert [denomination_text(d) for d in cash.DENOMINATIONS] == ["¥100", "¥50", "¥20", "¥10", "¥5", "¥1", "¥0.5", "¥0.1"]
