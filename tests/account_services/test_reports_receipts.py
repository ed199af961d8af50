"""Service payments on paper: the receipt as ESC/POS bytes (58 and 80 mm, GB18030, the account
masked), the X and Z reports (the drawer's cash stays right, each kind with its amount and fees),
and the daily report and its PDF."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy

from pos.devices.escpos_render import render_escpos
from pos.devices.render_common import RenderOptions
from pos.domain.cart import Tender
from pos.domain.carriers import load_rules
from pos.domain.receipt import text_lines
from pos.domain.shift_documents import build_report
from pos.services.account_services import payments as svc
from pos.services.account_services.receipts import payment_receipt_document, refund_receipt_document
from pos.services.reports.queries import daily_report
from pos.services.shifts import drawer

from .conftest import START, bill, topup


def zh_translate(qapp):
    from PySide6.QtCore import QCoreApplication

    from pos.i18n import Translations

    Translations(qapp).use("zh_CN")
    return QCoreApplication.translate


def printed(doc, paper: int) -> str:
    """The bytes a printer gets, through python-escpos's Dummy, decoded as the printer does."""
    p = Dummy()
    p._raw(render_escpos(doc, RenderOptions(paper_mm=paper)))
    return p.output.decode("gb18030", errors="replace")


@pytest.mark.parametrize("paper", [58, 80])
def test_receipt_bytes_in_chinese_with_the_account_masked(qapp, database, boss, clock, shift, paper):
    tr = zh_translate(qapp)
    p = svc.pay_service(database, boss, clock, topup(fee_fen=200), [Tender("cash", 10000)], "话费充值").payment
    out = printed(payment_receipt_document(database, p.number, tr), paper)
    for text in ("清水村服务站", "便民缴费小票", "B20261202-0001", "话费充值", "中国移动", "138****5678",
                 "充值/缴费金额", "50.00", "手续费", "2.00", "合计", "52.00", "找零", "48.00", "王小明"):
        assert text in out, text
    assert "13812345678" not in out and "\ufffd" not in out
    assert "\x1d!\x11" in out  # the total in double size, as on every receipt
    assert "\x1bp" in out  # cash: the drawer opens
    reprint = printed(payment_receipt_document(database, p.number, tr, reprint=True), paper)
    assert "重印" in reprint
    assert "\x1bp" not in reprint


def test_refund_receipt_names_the_original_reason_and_approver(qapp, database, boss, clock, shift):
    tr = zh_translate(qapp)
    p = svc.pay_service(database, boss, clock, bill(), [Tender("mobile", 12545, "WX42")], "电费代缴").payment
    svc.refund_service(database, boss, clock, p.number, "户号错了", boss)
    doc = refund_receipt_document(database, p.number, tr)
    text = "\n".join(line for b in doc.blocks for line in text_lines(b, 48))
    for part in ("便民缴费退款小票", "F20261202-0001", p.number, "****5678", "户号错了", "王小明", "-￥125.45", "缴费时间"):
        assert part in text, part
    assert "03012345678" not in text and not doc.has_drawer_kick()


def test_x_and_z_reports_keep_the_drawer_right(database, boss, clock, shift):
    svc.pay_service(database, boss, clock, topup(fee_fen=100), [Tender("cash", 5100)], "话费充值")
    svc.pay_service(database, boss, clock, topup(amount_fen=2000), [Tender("mobile", 2000, "WX1")], "话费充值")
    b = svc.pay_service(database, boss, clock, bill(), [Tender("cash", 12545)], "电费代缴").payment
    svc.refund_service(database, boss, clock, b.number, "交错了", boss)
    x = drawer.x_report(database, clock)
    assert x.expected_cash_fen == 20000 + 5100
    assert [(s.name, s.count, s.amount_fen, s.fee_fen) for s in x.services] == [
        ("电费代缴", 1, 12345, 200), ("话费充值", 2, 7000, 100)]
    text = "\n".join(line for blk in build_report(x).blocks for line in text_lines(blk, 48))
    assert "Services paid (top-ups, bills)" in text and "话费充值 ×2" in text and "Services (top-ups, bills) ×3" in text
    z = drawer.close_shift(database, boss, clock, {10000: 2, 5000: 1, 100: 1})
    assert z.closed and z.expected_cash_fen == 25100 and z.variance_fen == 0
    assert z.totals.purpose_method("service", "cash") == 17645 and z.totals.purpose_method("service_refund", "cash") == -12545


def test_daily_report_and_pdf_show_services(qapp, database, boss, clock, shift, tmp_path):
    from pos.reports.pdf_daily import daily_pdf
    from tests.reports.pdf_reading import pdf_text

    svc.pay_service(database, boss, clock, topup(fee_fen=100), [Tender("cash", 5100)], "Phone top-up")
    b = svc.pay_service(database, boss, clock, bill(), [Tender("cash", 12545)], "Electricity bill").payment
    svc.refund_service(database, boss, clock, b.number, "wrong account", boss)
    data = daily_report(database, START.astimezone().date(), clock, load_rules())
    assert [(r.kind, r.count, r.amount_fen, r.fee_fen, r.commission_fen, r.refund_count, r.refunded_fen)
            for r in data.services] == [("electricity", 1, 12345, 200, 0, 1, 12545), ("phone_topup", 1, 5000, 100, 0, 0, 0)]
    assert {r.purpose for r in data.cash.rows} >= {"service", "service_refund"}
    path = tmp_path / "daily.pdf"
    path.write_bytes(daily_pdf(data))
    text = pdf_text(path)
    assert "Services: top-ups and bills" in text and "Phone top-up" in text and "125.45" in text
