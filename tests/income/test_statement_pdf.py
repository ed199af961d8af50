"""The income statement PDF, read back: the station's and the county's same builder."""

import datetime as dt
import io

from pypdf import PdfReader

from pos.domain.income import (ANY, PARCEL_FEE, PURCHASE_COMMISSION, Fact, Rate, parcel_facts,
                               service_facts, statement)
from pos.reports.pdf_income_statement import build_income_statement_pdf

D = dt.date
RATES = [Rate(PARCEL_FEE, ANY, D(2026, 1, 1), fen_each=50, event="checkin"),
         Rate(PURCHASE_COMMISSION, ANY, D(2026, 1, 1), bp=300)]


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_statement_in_chinese_names_its_sources_and_the_county_share():
    facts = parcel_facts("ZTO", D(2026, 6, 2), D(2026, 6, 3)) * 3
    facts += [Fact(PURCHASE_COMMISSION, "家电", D(2026, 6, 5), base_fen=100_000)]
    facts += service_facts("phone_topup", D(2026, 6, 6), 5000, 40)
    st = statement("st-1", 2026, 6, facts, RATES)
    pdf = build_income_statement_pdf(st, station_name="王家村服务站", key_names={"ZTO": "中通"})
    text = _text(pdf)
    assert pdf.startswith(b"%PDF")
    for words in ("王家村服务站", "收入结算单", "2026-06", "代购佣金", "包裹费用", "县中心应付", "中通", "家电",
                  "按入库", "第 1 页"):
        assert words in text, words
    assert "¥31.90" in text  # 150 + 3000 + 40 fen


def test_english_and_an_empty_month_say_so_plainly():
    st = statement("st-1", 2031, 1, [], RATES)
    text = _text(build_income_statement_pdf(st, station_name="Wang village", language="en"))
    assert "Income statement" in text and "2031-01" in text
    assert "Nothing earned is recorded in this month" in text
    assert "¥0.00" in text
