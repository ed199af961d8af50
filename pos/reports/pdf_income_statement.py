"""A partner's monthly income statement as PDF, from a domain ``Statement``.

The station prints it from its own records; the county server builds the very same document
from the synced copies (its own Statement for the station and month), so the two are compared
line by line. Same page, font and table rules as the other report PDFs (A4, the embedded CJK
font, green headers, a footer with the page number).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from reportlab.platypus import Table, TableStyle

from pos.domain.income import COUNTY_PAID, SALES_MARGIN, SOURCES, Statement
from pos.reports.fonts import font_for_pdf
from pos.reports.pdf_document import render
from pos.reports.income_words import Translate, line_item, money, month_text, source_name, title, words
from pos.reports.styles import LIGHT, WIDTH, Styles


def build_income_statement_pdf(statement: Statement, *, station_name: str, language: str = "zh_CN",
                               key_names: Mapping[str, str] | None = None,
                               made_at: dt.datetime | None = None) -> bytes:
    """The statement as PDF bytes. ``key_names`` names carriers and service kinds by their codes
    (the station's carrier rules, the service kinds' names); ``made_at`` is printed in the header
    (now, when not given). Safe to call on any thread."""
    t = words(language)
    with font_for_pdf():
        st = Styles()
        story = [*_header(st, t, statement, station_name, made_at or dt.datetime.now(dt.UTC)),
                 _key_figures(st, t, statement), *_by_source(st, t, statement),
                 *_lines(st, t, statement, key_names)]
        return _build(st, t, statement, station_name, story)


def _header(st: Styles, t: Translate, s: Statement, station_name: str, made_at: dt.datetime) -> list:
    station = station_name or t("income", "Village station")
    made = t("income", "Made {time}. Figures from the station's records, priced with the rates in force "
                       "on each day.").format(time=made_at.astimezone().strftime("%Y-%m-%d %H:%M"))
    return [st.p(f"{station} · {title(t)}", st.title), st.p(month_text(t, s), st.subtitle),
            st.p(made, st.small_center)]


def _key_figures(st: Styles, t: Translate, s: Statement) -> Table:
    kept = s.total_fen - s.county_owes_fen
    figures = [(money(s.total_fen), t("income", "Income in the month")),
               (money(s.county_owes_fen), t("income", "The county owes")),
               (money(kept), t("income", "Counter sales margin (kept at the till)"))]
    row = [[st.p(v, st.figure), st.p(label, st.figure_label)] for v, label in figures]
    table = Table([row], colWidths=[WIDTH / 3] * 3)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font), ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                               ("INNERGRID", (0, 0), (-1, -1), 3, "white"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return table


def _by_source(st: Styles, t: Translate, s: Statement) -> list:
    by = s.by_source()
    rows = [[source_name(t, src), t("income", "the county") if src in COUNTY_PAID else t("income", "the till"),
             money(by[src])] for src in SOURCES]
    rows.append([t("income", "Total"), "", money(s.total_fen)])
    header = [t("income", "Source"), t("income", "Who pays"), t("income", "Income")]
    return [st.p(t("income", "Income by source"), st.h2),
            st.table(header, rows, [WIDTH * 0.5, WIDTH * 0.2, WIDTH * 0.3], right_from=2, total_row=True)]


def _lines(st: Styles, t: Translate, s: Statement, key_names: Mapping[str, str] | None) -> list:
    out = [st.p(t("income", "Details"), st.h2)]
    if not s.lines:
        out.append(st.p(t("income", "Nothing earned is recorded in this month: no parcels, collected purchases, "
                          "service payments or counter sales with a cost price."), st.body))
        return out
    header = [t("income", "Source"), t("income", "Category, carrier or service"), t("income", "Number"),
              t("income", "Base amount"), t("income", "Income")]
    rows = [[source_name(t, ln.source), line_item(t, ln, key_names), f"{ln.count:,}",
             money(ln.base_fen) if ln.base_fen else "", money(ln.income_fen)] for ln in s.lines]
    rows.append([t("income", "Total"), "", "", "", money(s.total_fen)])
    widths = [0.26, 0.3, 0.1, 0.17, 0.17]
    out.append(st.table(header, rows, [WIDTH * w for w in widths], right_from=2, total_row=True, font_size=9))
    out.append(st.p(t("income", "Base amount: the goods kept for a purchase commission, the amounts paid for a "
                      "service, the sales total for a margin. A refund after the goods were collected is "
                      "taken back in the month of the refund; a closed month never changes."), st.note))
    if any(ln.source == SALES_MARGIN for ln in s.lines):
        out.append(st.p(t("income", "The counter sales margin is the sales total less the cost price of the "
                          "goods sold; only products with a cost price count."), st.note))
    return out


def _build(st: Styles, t: Translate, s: Statement, station_name: str, story: list) -> bytes:
    station = station_name or t("income", "Village station")
    month = f"{s.year:04d}-{s.month:02d}"
    return render(story, st, title=f"{station} {title(t)} {month}", author=station, subject=title(t),
                  footer_left=f"{station} · {title(t)} · {month}", page_text=t("income", "Page {page}"))


def write_income_statement_pdf(statement: Statement, path: Path | str, *, station_name: str,
                               language: str = "zh_CN", key_names: Mapping[str, str] | None = None) -> Path:
    """Render, then replace ``path`` in one step: a reader never sees half a PDF, and a failure
    leaves an older file of the same name untouched."""
    path = Path(path)
    pdf = build_income_statement_pdf(statement, station_name=station_name, language=language, key_names=key_names)
    fd, tmp = tempfile.mkstemp(prefix=".income-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
