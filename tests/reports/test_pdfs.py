"""The PDFs: Chinese text extractable, the CJK font embedded, pages render (read back with pypdf
and pypdfium2: tests/reports/pdf_reading.py). Set POS_REPORT_SHOTS=DIR to keep the rendered pages
for a look."""

import os
import shutil
from pathlib import Path

import pytest

from pos.reports.render import render_pdf, write_pdf
from pos.reports.summary_receipt import print_reference, summary_document
from pos.services.reports import queries as reports
from pos.wiring import wire_station
from tests.reports import dataset, pdf_reading
from tests.reports.pdf_reading import pdf_text as pdftotext

RULES = wire_station().rules  # the carriers' names, as pos.app reads them


def render_pages(path: Path, out_dir: Path) -> list[Path]:
    pages = pdf_reading.render_pages(path, out_dir)
    shots = os.environ.get("POS_REPORT_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        for p in pages:
            shutil.copy(p, Path(shots) / p.name)
    return pages


def only_embedded_cjk(path: Path) -> None:
    fonts = pdf_reading.pdf_fonts(path)
    assert fonts, "no fonts in the PDF"
    for font in fonts:
        assert "WenQuanYiMicroHei" in font.name and font.embedded, font


@pytest.fixture
def daily(report_db):
    return reports.daily_report(report_db, dataset.DAY, dataset.clock, RULES)


def test_daily_pdf_in_chinese(daily, chinese, tmp_path):
    path = write_pdf(daily, tmp_path / "daily.pdf")
    text = pdftotext(path)
    for expected in ("清水村电商服务站", "站点日报", "2026-11-20（星期五）", "各快递公司包裹", "顺丰速运", "极兔速递",
                     "超期包裹", "WB0000000006", "代购", "按类别销售", "日用品", "现金对账", "赊账还款", "¥33.00",
                     "每日包裹数", "每日销售额（元）", "找零差错", "第1页"):
        assert expected in text.replace(" ", "") if " " not in expected else expected in text, expected
    assert "Daily station report" not in text
    only_embedded_cjk(path)
    pages = render_pages(path, tmp_path)
    assert len(pages) >= 2 and all(p.stat().st_size > 5000 for p in pages)


def test_monthly_pdf_in_chinese(report_db, chinese, tmp_path):
    data = reports.monthly_report(report_db, 2026, 11, dataset.clock, RULES)
    path = write_pdf(data, tmp_path / "monthly.pdf")
    text = pdftotext(path)
    for expected in ("月度结算单", "2026-11（2026-11-01 至 2026-11-30）", "快递公司与站点结算的数量", "邮政EMS",
                     "合伙人佣金汇总", "商品金额", "¥333.00", "每日明细", "11-20 星期五"):
        assert expected in text, expected
    only_embedded_cjk(path)
    assert render_pages(path, tmp_path)


@pytest.fixture
def english(qapp):
    from pos.i18n import Translations

    tr = Translations(qapp)
    tr.use("en")
    yield tr
    tr.use("zh_CN")


def test_an_english_station_gets_english_pdfs(daily, english, tmp_path):
    path = tmp_path / "en.pdf"
    path.write_bytes(render_pdf(daily))
    text = pdftotext(path)
    for expected in ("Daily station report", "Parcels by carrier", "SF Express", "Cash reconciliation", "Page 1"):
        assert expected in text, expected
    assert "清水村电商服务站" in text  # the station's own name stays as it was typed
    only_embedded_cjk(path)


def test_empty_station_still_makes_a_pdf(database, chinese, tmp_path, shanghai):
    data = reports.daily_report(database, dataset.DAY, dataset.clock, RULES)
    path = write_pdf(data, tmp_path / "empty.pdf")
    assert "站点日报" in pdftotext(path)
    assert render_pages(path, tmp_path)


def test_failed_write_keeps_the_old_file(daily, tmp_path, monkeypatch):
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    import pos.reports.render as render

    monkeypatch.setattr(render, "render_pdf", lambda data: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        write_pdf(daily, target)
    assert target.read_bytes() == b"old" and not list(tmp_path.glob(".report-*"))


def test_summary_receipt(daily, chinese):
    doc = summary_document(daily)
    lines = [(getattr(b, "text", None), getattr(b, "left", None), getattr(b, "right", None)) for b in doc.blocks]
    assert ("清水村电商服务站", None, None) in lines
    assert (None, "入库", "3") in lines and (None, "超期", "2") in lines
    assert (None, "  顺丰速运", "3/1/0") in lines
    assert (None, "销售净额", "¥79.00") in lines
    assert (None, "现金", "¥33.00") in lines
    assert (None, "班次 S1 差额", "-¥1.00") in lines
    assert doc.blocks[-1].kind == "cut"
    assert print_reference(daily) == "D2026-11-20"
    type(doc).from_json(doc.to_json())  # storable in the print queue
