"""The monthly statement as PDF: the daily report's sections over a month, plus the courier
statement per carrier, the assisted-purchase totals for the partner's commission and a table of
the month day by day."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from reportlab.platypus import PageBreak

from pos.reports import labels as lb
from pos.reports import pdf_sections as sec
from pos.reports.pdf_document import build_pdf
from pos.reports.styles import WIDTH, Styles
from pos.services.reports.data import ReportData

t = QCoreApplication.translate


def day_by_day(st: Styles, data: ReportData) -> list:
    header = [t("reports", "Day"), t("reports", "Received"), t("reports", "Handed over"), t("reports", "Returned"),
              t("reports", "Sales"), t("reports", "Sales total"), t("reports", "Purchases placed")]
    rows = [[f"{p.day.strftime('%m-%d')} {lb.weekday(p.day)}", lb.count(p.received), lb.count(p.handed_over),
             lb.count(p.returned), lb.count(p.sales_count), lb.money(p.sales_fen), lb.count(p.purchases_placed)]
            for p in data.series]
    s = data.series
    rows.append([t("reports", "Total"), *(lb.count(sum(getattr(p, f) for p in s)) for f in
                                          ("received", "handed_over", "returned", "sales_count")),
                 lb.money(sum(p.sales_fen for p in s)), lb.count(sum(p.purchases_placed for p in s))])
    widths = [0.2, 0.12, 0.13, 0.11, 0.1, 0.18, 0.16]
    return [st.p(t("reports", "Day by day"), st.h2),
            st.table(header, rows, [WIDTH * w for w in widths], total_row=True, font_size=9)]


def monthly_pdf(data: ReportData) -> bytes:
    st = Styles()
    story = [*sec.header(st, data), sec.key_figures(st, data), *sec.parcels(st, data, courier_note=True),
             *sec.purchases(st, data, commission=True), *sec.sales(st, data), *sec.services(st, data), *sec.money(st, data),
             PageBreak(), *sec.charts(st, data), *day_by_day(st, data)]
    return build_pdf(data, story, st)
