"""An A4 report document: the flowables of a report into PDF bytes, with a footer on each page."""

from __future__ import annotations

import io

from PySide6.QtCore import QCoreApplication
from reportlab.platypus import SimpleDocTemplate

from pos.reports import labels as lb
from pos.reports.styles import GREY, MARGIN, PAGE, Styles
from pos.services.reports.data import ReportData

t = QCoreApplication.translate


def build_pdf(data: ReportData, story: list, st: Styles) -> bytes:
    station = data.station_name or t("reports", "Village station")
    return render(story, st, title=f"{data.station_name} {lb.report_title(data)} {data.period.label}".strip(),
                  author=data.station_name, subject=lb.report_title(data),
                  footer_left=f"{station} · {lb.report_title(data)} · {data.period.label}",
                  page_text=t("reports", "Page {page}"))


def render(story: list, st: Styles, *, title: str, author: str, subject: str, footer_left: str,
           page_text: str) -> bytes:
    """Every report PDF's page: A4, the house margins, a grey footer with the page number."""

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(st.font, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, MARGIN / 2, footer_left)
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN / 2, page_text.format(page=doc.page))
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=title, author=author, subject=subject,
                            creator="Village Station POS",
                            initialFontName=st.font)  # else the page setup references Helvetica
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
