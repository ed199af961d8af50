"""The daily station report as PDF: one day's parcels, purchases, sales and money, 30-day charts."""

from __future__ import annotations

from pos.reports import pdf_sections as sec
from pos.reports.pdf_document import build_pdf
from pos.reports.styles import Styles
from pos.services.reports.data import ReportData


def daily_pdf(data: ReportData) -> bytes:
    st = Styles()
    story = [*sec.header(st, data), sec.key_figures(st, data), *sec.charts(st, data), *sec.parcels(st, data),
             *sec.purchases(st, data), *sec.sales(st, data), *sec.services(st, data), *sec.money(st, data)]
    return build_pdf(data, story, st)
